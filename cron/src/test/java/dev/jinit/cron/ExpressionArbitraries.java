package dev.jinit.cron;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Valid expression texts, from the whole grammar: lists, ranges, steps, names in any case, wraps, keywords. */
final class ExpressionArbitraries {

    private ExpressionArbitraries() {
    }

    /** Any valid five-field expression or time keyword (not {@code @reboot}). */
    static Arbitrary<String> expressions() {
        Arbitrary<String> fields = Combinators.combine(field(CronField.MINUTE), field(CronField.HOUR),
                        field(CronField.DAY_OF_MONTH), field(CronField.MONTH), field(CronField.DAY_OF_WEEK))
                .as((a, b, c, d, e) -> a + " " + b + " " + c + " " + d + " " + e);
        Arbitrary<String> keywords = Arbitraries.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
                "@midnight", "@hourly");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, fields),
                net.jqwik.api.Tuple.of(1, keywords));
    }

    /**
     * Expressions that fire often and around the hours clocks change (00:00-03:59 and 23:00), so that DST nights
     * are hit: fixed-time and wildcard ones alike.
     */
    static Arbitrary<String> nightExpressions() {
        Arbitrary<String> minute = Arbitraries.oneOf(
                Arbitraries.of("0", "30", "15,45", "0,30", "*/15", "*", "*/20", "5-59/10", "59", "0-59/20", "*/7,3"),
                field(CronField.MINUTE));
        Arbitrary<String> hour = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("0", "1", "2", "3", "23", "0-3", "1,2", "2-3", "1-2/1",
                        "0,23", "0-23")),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("*", "*/2", "*,2")),
                net.jqwik.api.Tuple.of(1, field(CronField.HOUR)));
        Arbitrary<String> dom = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just("*")),
                net.jqwik.api.Tuple.of(1, field(CronField.DAY_OF_MONTH)));
        Arbitrary<String> dow = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just("*")),
                net.jqwik.api.Tuple.of(1, field(CronField.DAY_OF_WEEK)));
        return Combinators.combine(minute, hour, dom, dow).as((m, h, d, w) -> m + " " + h + " " + d + " * " + w);
    }

    static Arbitrary<String> field(CronField f) {
        return Arbitraries.oneOf(star(f), value(f), range(f)).list().ofMinSize(1).ofMaxSize(3)
                .map(items -> String.join(",", items));
    }

    private static Arbitrary<String> star(CronField f) {
        return Arbitraries.oneOf(Arbitraries.just("*"), step(f).map(s -> "*" + s));
    }

    private static Arbitrary<String> step(CronField f) {
        return Arbitraries.integers().between(1, f.max() - f.min() + 3).map(s -> "/" + s);
    }

    private static Arbitrary<String> value(CronField f) {
        return Combinators.combine(Arbitraries.integers().between(f.min(), f.max()), style())
                .as((v, style) -> text(f, v, style));
    }

    private static Arbitrary<String> range(CronField f) {
        Arbitrary<Integer> v = Arbitraries.integers().between(f.min(), f.max());
        Arbitrary<String> optionalStep = Arbitraries.oneOf(Arbitraries.just(""), step(f));
        Arbitrary<String> ordinary = Combinators.combine(v, v, style(), style(), optionalStep)
                .as((a, b, s1, s2, step) -> text(f, Math.min(a, b), s1) + "-" + text(f, Math.max(a, b), s2) + step);
        if (f != CronField.DAY_OF_WEEK) {
            return ordinary;
        }
        // A day-of-week range may end in 0 or sun, meaning 7: mon-sun, 5-0.
        Arbitrary<String> wrapping = Combinators.combine(Arbitraries.integers().between(1, 7), style(), style(),
                optionalStep).as((a, s1, s2, step) -> text(f, a, s1) + "-" + text(f, 0, s2) + step);
        return Arbitraries.oneOf(ordinary, wrapping);
    }

    private static Arbitrary<Integer> style() {
        return Arbitraries.integers().between(0, 3);
    }

    /** A value as a number (possibly with leading zeros) or, in month and day of week, a name in some case. */
    private static String text(CronField f, int v, int style) {
        List<String> names = f.names();
        if (names.isEmpty() || style == 0 || (f == CronField.DAY_OF_WEEK && v == 7)) {
            return style == 3 ? "0" + v : Integer.toString(v);
        }
        String name = names.get(v - f.min());
        return switch (style) {
            case 1 -> name;
            case 2 -> name.toUpperCase(Locale.ROOT);
            default -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
        };
    }
}
