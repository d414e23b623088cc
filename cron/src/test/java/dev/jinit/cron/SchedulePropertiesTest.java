package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The laws of {@link Schedule}. In a zone without clock changes: next(t) is after t, matches, and no minute between
 * them matches. In zones with DST: the runs are exactly what Vixie's rules say, computed here independently from
 * java.time: a wildcard job runs at every instant whose wall-clock minute matches; a fixed-time job runs once per
 * matching wall-clock minute, at its first occurrence, or at the end of the gap when the clock skipped it.
 */
class SchedulePropertiesTest {
    private static final long FROM_1900 = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
    private static final long TO_2400 = Instant.parse("2400-01-01T00:00:00Z").getEpochSecond();
    private static final List<String> DST_ZONES = List.of("America/New_York", "Europe/Berlin", "Europe/London",
            "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "Antarctica/Troll", "Asia/Tehran",
            "Australia/Sydney", "America/Havana");

    @Provide
    Arbitrary<String> expressions() {
        return ExpressionArbitraries.expressions();
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(FROM_1900, TO_2400),
                        Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 999_999_999))))
                .as(Instant::ofEpochSecond);
    }

    // ---- no clock changes --------------------------------------------------------------------------------------

    @Property
    void inUtcNextIsAfterTheInstantAndMatches(@ForAll("expressions") String text, @ForAll("instants") Instant t) {
        CronExpression e = CronExpression.parse(text);
        Optional<Instant> next = Schedule.of(e, ZoneOffset.UTC).next(t);
        assertEquals(e.canFire(), next.isPresent(), text);
        if (next.isEmpty()) {
            return;
        }
        Instant n = next.get();
        assertTrue(n.isAfter(t), n + " after " + t);
        assertEquals(0, n.getEpochSecond() % 60);
        assertEquals(0, n.getNano());
        assertTrue(e.matches(LocalDateTime.ofInstant(n, ZoneOffset.UTC)), text + " at " + n);
    }

    @Property
    void inUtcNoMinuteBetweenAnInstantAndItsNextMatches(@ForAll("expressions") String text,
                                                         @ForAll("instants") Instant t) {
        CronExpression e = CronExpression.parse(text);
        Optional<Instant> next = Schedule.of(e, ZoneOffset.UTC).next(t);
        if (next.isEmpty()) {
            return;
        }
        LocalDateTime cursor = LocalDateTime.ofInstant(t, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime end = LocalDateTime.ofInstant(next.get(), ZoneOffset.UTC);
        while (cursor.isBefore(end)) {
            // Whole days at once (a day with a matching minute is a matching day), minutes at the edges.
            if (cursor.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) && !cursor.plusDays(1).isAfter(end)) {
                assertFalse(e.matchesDay(cursor.toLocalDate()), text + " matches on " + cursor.toLocalDate());
                cursor = cursor.plusDays(1);
            } else {
                assertFalse(e.matches(cursor), text + " matches at " + cursor + ", before " + end);
                cursor = cursor.plusMinutes(1);
            }
        }
    }

    @Property(tries = 300)
    void inUtcTheRunsAreStrictlyIncreasingAndEachIsTheNextOfThePrevious(@ForAll("expressions") String text,
                                                                        @ForAll("instants") Instant t) {
        Schedule s = Schedule.parse(text, ZoneOffset.UTC);
        List<Instant> runs = s.fires(t).limit(6).map(Fire::at).collect(Collectors.toList());
        Instant previous = t;
        for (Instant run : runs) {
            assertEquals(Optional.of(run), s.next(previous));
            previous = run;
        }
    }

    // ---- clock changes -----------------------------------------------------------------------------------------

    /**
     * A zone with DST, one of its changes (a gap or an overlap, half and half), an instant up to 20 hours before
     * to 3 hours after it, and an expression whose hour field is about the hours the change touches.
     */
    @Provide
    Arbitrary<DstCase> dstCases() {
        Arbitrary<ZonedStart> starts = Combinators.combine(Arbitraries.of(DST_ZONES),
                        Arbitraries.integers().between(2000, 2037), Arbitraries.of(true, false),
                        Arbitraries.integers().between(-20 * 60, 3 * 60), Arbitraries.integers().between(0, 59))
                .as((zone, year, gap, minutes, seconds) -> {
                    ZoneRules rules = ZoneId.of(zone).getRules();
                    Instant yearEnd = Instant.parse((year + 1) + "-01-01T00:00:00Z");
                    ZoneOffsetTransition change = rules.nextTransition(Instant.parse(year + "-01-01T00:00:00Z"));
                    while (change != null && change.isGap() != gap && change.getInstant().isBefore(yearEnd)) {
                        change = rules.nextTransition(change.getInstant());
                    }
                    if (change == null || !change.getInstant().isBefore(yearEnd)) {
                        // No such change that year (Tehran from 2023): an ordinary day.
                        return new ZonedStart(ZoneId.of(zone), Instant.parse(year + "-06-15T00:00:00Z"), 2, 3);
                    }
                    int touched = gap ? change.getDateTimeBefore().getHour() : change.getDateTimeAfter().getHour();
                    return new ZonedStart(ZoneId.of(zone), change.getInstant().plusSeconds(minutes * 60L + seconds),
                            touched, (touched + 1) % 24);
                });
        // Built once: only the hour field depends on the change.
        Arbitrary<String> fixedMinute = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("0", "30", "45", "15,45", "0,30", "5-59/10", "59",
                        "0-59/20", "0-59")),
                net.jqwik.api.Tuple.of(1, ExpressionArbitraries.field(CronField.MINUTE).filter(m -> !m.startsWith("*"))));
        Arbitrary<String> starMinute = Arbitraries.of("*", "*/15", "*/20", "*/7,3", "*,30");
        Arbitrary<String> anyMinuteAndHour = Combinators.combine(ExpressionArbitraries.field(CronField.MINUTE),
                ExpressionArbitraries.field(CronField.HOUR)).as((m, hh) -> m + " " + hh);
        Arbitrary<String> days = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just("* * *")),
                net.jqwik.api.Tuple.of(1, Combinators.combine(ExpressionArbitraries.field(CronField.DAY_OF_MONTH),
                                ExpressionArbitraries.field(CronField.MONTH),
                                ExpressionArbitraries.field(CronField.DAY_OF_WEEK))
                        .as((a, b, c) -> a + " " + b + " " + c)));
        Arbitrary<String> anyExpression = ExpressionArbitraries.expressions();
        return starts.flatMap(start -> {
            String h = Integer.toString(start.hour());
            String next = Integer.toString(start.nextHour());
            // Half fixed-time jobs (neither text starts with '*'), half wildcard jobs.
            Arbitrary<String> fixedHour = Arbitraries.of(h, h + "," + next, next, h + "-" + h,
                    start.hour() < 23 ? h + "-" + next : h + ",0");
            Arbitrary<String> fixed = Combinators.combine(fixedMinute, fixedHour).as((m, hh) -> m + " " + hh);
            Arbitrary<String> wildcard = Arbitraries.oneOf(
                    Combinators.combine(fixedMinute, Arbitraries.of("*", "*/1", "*," + h)).as((m, hh) -> m + " " + hh),
                    Combinators.combine(starMinute, fixedHour).as((m, hh) -> m + " " + hh));
            Arbitrary<String> minuteAndHour = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(9, Arbitraries.oneOf(fixed, wildcard)),
                    net.jqwik.api.Tuple.of(1, anyMinuteAndHour));
            Arbitrary<String> text = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(5, Combinators.combine(minuteAndHour, days).as((mh, d) -> mh + " " + d)),
                    net.jqwik.api.Tuple.of(1, anyExpression));
            return text.map(t -> new DstCase(t, start));
        });
    }

    /**
     * @param hour     the local hour a change skips (gap) or repeats (overlap)
     * @param nextHour the hour after it
     */
    record ZonedStart(ZoneId zone, Instant start, int hour, int nextHour) {
    }

    record DstCase(String expression, ZonedStart start) {
    }

    // Edge cases off: they would crowd out the mix of gaps, overlaps and job kinds the generator aims for.
    @Property(edgeCases = EdgeCasesMode.NONE)
    void acrossClockChangesTheRunsAreExactlyVixiesRules(@ForAll("dstCases") DstCase c) {
        CronExpression e = CronExpression.parse(c.expression());
        ZonedStart start = c.start();
        Instant to = start.start().plus(30, ChronoUnit.HOURS);
        List<Fire> actual = Schedule.of(e, start.zone()).fires(start.start())
                .takeWhile(f -> !f.at().isAfter(to)).collect(Collectors.toList());
        assertEquals(reference(e, start.zone(), start.start(), to), actual, c.toString());

        // Make sure the tries reach what the rules are about, not only ordinary days.
        boolean caughtUp = actual.stream().anyMatch(f -> !LocalDateTime.ofInstant(f.at(), start.zone()).equals(f.due()));
        boolean secondPass = actual.stream().map(Fire::due).distinct().count() < actual.size();
        Statistics.label("fixed-time run caught up after a gap").collect(caughtUp);
        Statistics.label("wildcard run in both passes of a repeated hour").collect(secondPass);
        Statistics.label("fixed-time run caught up after a gap").coverage(k -> k.check(true).percentage(p -> p >= 5));
        Statistics.label("wildcard run in both passes of a repeated hour").coverage(k -> k.check(true).percentage(p -> p >= 5));
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void acrossClockChangesRunsAreInOrderAfterTheInstantAndDueAtMatchingMinutes(@ForAll("dstCases") DstCase c) {
        CronExpression e = CronExpression.parse(c.expression());
        ZonedStart start = c.start();
        Instant previous = start.start();
        Instant until = start.start().plus(400, ChronoUnit.DAYS);
        for (Fire f : Schedule.of(e, start.zone()).fires(start.start()).takeWhile(f -> f.at().isBefore(until))
                .limit(50).collect(Collectors.toList())) {
            assertTrue(f.at().isAfter(start.start()));
            assertFalse(f.at().isBefore(previous), f + " before " + previous);
            assertTrue(e.matches(f.due()), f.toString());
            if (e.isWildcard()) {
                assertEquals(LocalDateTime.ofInstant(f.at(), start.zone()), f.due(), "a wildcard job is never late");
            } else {
                assertFalse(LocalDateTime.ofInstant(f.at(), start.zone()).isBefore(f.due()), "never early: " + f);
            }
            previous = f.at();
        }
    }

    /** Vixie's rules stated on java.time, for shifts of at most 3 hours. */
    static List<Fire> reference(CronExpression e, ZoneId zone, Instant from, Instant to) {
        List<Fire> out = new ArrayList<>();
        if (e.isWildcard()) {
            for (Instant u = from.truncatedTo(ChronoUnit.MINUTES); !u.isAfter(to); u = u.plusSeconds(60)) {
                LocalDateTime local = LocalDateTime.ofInstant(u, zone);
                if (u.isAfter(from) && e.matches(local)) {
                    out.add(new Fire(u, local));
                }
            }
            return out;
        }
        ZoneRules rules = zone.getRules();
        LocalDateTime last = LocalDateTime.ofInstant(to, zone).plusHours(4);
        for (LocalDateTime l = LocalDateTime.ofInstant(from, zone).minusHours(4).truncatedTo(ChronoUnit.MINUTES);
             !l.isAfter(last); l = l.plusMinutes(1)) {
            if (!e.matches(l)) {
                continue;
            }
            ZoneOffsetTransition gap = rules.getTransition(l);
            // ofLocal keeps the earlier offset in an overlap: the first pass.
            Instant at = gap != null && gap.isGap() ? gap.getInstant() : ZonedDateTime.ofLocal(l, zone, null).toInstant();
            if (at.isAfter(from) && !at.isAfter(to)) {
                out.add(new Fire(at, l));
            }
        }
        out.sort(Comparator.comparing(Fire::at).thenComparing(Fire::due));
        return out;
    }
}
