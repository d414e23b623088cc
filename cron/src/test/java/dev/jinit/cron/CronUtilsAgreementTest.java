package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Our next-fire times beside cron-utils' (its UNIX definition) where both define the same semantics: numeric lists,
 * ranges and steps no longer than their field, in zones without clock changes. They differ, by design, in:
 * <ul>
 *   <li>the day rule: Vixie ANDs day of month and day of week when either field's text starts with {@code *}
 *       (<code>*&#47;2</code>, {@code *,15}); cron-utils ORs them unless one is exactly {@code *};</li>
 *   <li>what is accepted: <code>*&#47;60</code> (minute 0 in Vixie) and a day-of-week range ending in 0
 *       ({@code 5-0}, Friday to Sunday) are errors in cron-utils;</li>
 *   <li>clock changes: a fixed-time job in a DST gap runs right after it in Vixie ({@code 30 2 * * *} at 03:00 EDT
 *       in New York on 2024-03-10); cron-utils skips that day.</li>
 * </ul>
 */
class CronUtilsAgreementTest {
    private static final CronParser CRON_UTILS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private static List<Instant> ours(String expr, ZoneId zone, Instant from, int n) {
        return Schedule.parse(expr, zone).fires(from).limit(n).map(Fire::at).toList();
    }

    private static List<Instant> theirs(String expr, ZoneId zone, Instant from, int n) {
        ExecutionTime et = ExecutionTime.forCron(CRON_UTILS.parse(expr));
        List<Instant> out = new ArrayList<>();
        ZonedDateTime t = from.atZone(zone);
        for (int i = 0; i < n; i++) {
            Optional<ZonedDateTime> next = et.nextExecution(t);
            if (next.isEmpty()) {
                break;
            }
            t = next.get();
            out.add(t.toInstant());
        }
        return out;
    }

    @Provide
    Arbitrary<String> commonExpressions() {
        return Combinators.combine(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6))
                .as((m, h, dom, mon, dow) -> m + " " + h + " " + dom + " " + mon + " " + dow)
                .filter(CronUtilsAgreementTest::sameDayRule);
    }

    /** Both OR the day fields when neither text starts with {@code *}, both AND them when one is exactly {@code *}. */
    private static boolean sameDayRule(String expr) {
        String[] f = expr.split(" ");
        return f[2].equals("*") || f[4].equals("*") || (!f[2].startsWith("*") && !f[4].startsWith("*"));
    }

    private static Arbitrary<String> field(int min, int max) {
        Arbitrary<Integer> v = Arbitraries.integers().between(min, max);
        Arbitrary<Integer> step = Arbitraries.integers().between(1, max - min);
        Arbitrary<String> item = Arbitraries.oneOf(
                Arbitraries.just("*"),
                step.map(s -> "*/" + s),
                v.map(String::valueOf),
                Combinators.combine(v, v).as((a, b) -> Math.min(a, b) + "-" + Math.max(a, b)),
                Combinators.combine(v, v, step).as((a, b, s) -> Math.min(a, b) + "-" + Math.max(a, b) + "/" + s));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just("*")),
                net.jqwik.api.Tuple.of(4, item.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(",", l))));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2040-01-01T00:00:00Z").getEpochSecond()).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<ZoneId> zonesWithoutChanges() {
        return Arbitraries.of(ZoneId.of("UTC"), ZoneId.of("+05:30"), ZoneId.of("Asia/Tokyo"));
    }

    @Property(tries = 500)
    void theNextFiveFireTimesAgree(@ForAll("commonExpressions") String expr, @ForAll("instants") Instant from,
                                   @ForAll("zonesWithoutChanges") ZoneId zone) {
        assertEquals(theirs(expr, zone, from, 5), ours(expr, zone, from, 5), expr + " from " + from + " in " + zone);
    }

    @Test
    void theyAgreeOnTheDocumentedExamples() {
        Instant from = Instant.parse("2024-03-09T12:00:00Z");
        ZoneId utc = ZoneId.of("UTC");
        for (String e : List.of("0 0 1-31 * 1", "0 0 13 * 5", "0 0 * * 7", "1-30/5 * * * *", "0 0 * JAN-mar *",
                "0 0 29 2 *", "0 0 30 2 *", "0 12 * * SUN,sat", "0 0 1,15 * 3", "*/15 */2 1 * *")) {
            assertEquals(theirs(e, utc, from, 3), ours(e, utc, from, 3), e);
        }
        ZoneId ny = ZoneId.of("America/New_York");
        assertEquals(theirs("0 0 * * mon-sun", ny, from, 5), ours("0 0 * * mon-sun", ny, from, 5),
                "midnight is no DST gap in New York");
    }

    @Test
    void theyDifferWhereVixieDiffers() {
        Instant from = Instant.parse("2024-03-09T12:00:00Z");
        ZoneId utc = ZoneId.of("UTC");
        // Vixie: Sundays with odd dates (AND, "*/2" starts with '*'); cron-utils: odd dates or Sundays.
        assertEquals(List.of(Instant.parse("2024-03-17T00:00:00Z"), Instant.parse("2024-03-31T00:00:00Z")),
                ours("0 0 */2 * sun", utc, from, 2));
        assertEquals(List.of(Instant.parse("2024-03-10T00:00:00Z"), Instant.parse("2024-03-11T00:00:00Z")),
                theirs("0 0 */2 * sun", utc, from, 2));
        assertNotEquals(theirs("0 0 *,15 * 1", utc, from, 3), ours("0 0 *,15 * 1", utc, from, 3));
        // Accepted by Vixie only.
        assertEquals(Instant.parse("2024-03-09T13:00:00Z"), ours("*/60 * * * *", utc, from, 1).get(0));
        assertThrows(IllegalArgumentException.class, () -> CRON_UTILS.parse("*/60 * * * *"));
        assertEquals(Instant.parse("2024-03-10T00:00:00Z"), ours("0 0 * * 5-0", utc, from, 1).get(0));
        assertThrows(IllegalArgumentException.class, () -> CRON_UTILS.parse("0 0 * * 5-0"));
        // The spring-forward gap: Vixie runs the 02:30 job at 03:00 EDT; cron-utils skips the day.
        ZoneId ny = ZoneId.of("America/New_York");
        assertEquals(Instant.parse("2024-03-10T07:00:00Z"), ours("30 2 * * *", ny, from, 1).get(0));
        assertEquals(Instant.parse("2024-03-11T06:30:00Z"), theirs("30 2 * * *", ny, from, 1).get(0));
    }
}
