package dev.jinit.cron.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinit.cron.CronExpression;
import dev.jinit.cron.Fire;
import dev.jinit.cron.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The fast walk ({@link FireWalk}: calendar skips between clock changes) gives exactly what the plain simulation
 * gives: Vixie's minute loop woken at every single minute, in every zone of the tz database, at random instants and
 * near their clock changes (30-minute, 2-hour and day-long ones included).
 */
class FireWalkSimulationPropertiesTest {
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().collect(Collectors.toList());

    record Start(ZoneId zone, Instant at) {
    }

    @Provide
    Arbitrary<Start> starts() {
        return Combinators.combine(Arbitraries.of(ZONES), Arbitraries.integers().between(1975, 2037),
                        Arbitraries.integers().between(0, 365 * 24 * 60), Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(-12 * 60, 3 * 60), Arbitraries.integers().between(0, 59))
                .as((zone, year, minuteOfYear, nearChange, around, second) -> {
                    ZoneRules rules = ZoneId.of(zone).getRules();
                    Instant at = Instant.parse(year + "-01-01T00:00:00Z").plusSeconds(minuteOfYear * 60L);
                    if (nearChange > 0) {
                        // The next change, or for a zone that has stopped changing its last one since 1975.
                        ZoneOffsetTransition t = rules.nextTransition(at);
                        if (t == null) {
                            t = rules.previousTransition(at);
                        }
                        if (t != null && t.getInstant().isAfter(Instant.parse("1975-01-01T00:00:00Z"))) {
                            at = t.getInstant().plusSeconds(around * 60L);
                        }
                    }
                    return new Start(ZoneId.of(zone), at.plusSeconds(second));
                });
    }

    @Provide
    Arbitrary<String> expressions() {
        return Arbitraries.oneOf(dev.jinit.cron.ExpressionArbitrariesAccess.night(),
                dev.jinit.cron.ExpressionArbitrariesAccess.any());
    }

    @Property
    void theWalkEqualsTheMinuteByMinuteSimulation(@ForAll("expressions") String text, @ForAll("starts") Start start) {
        ZoneRules rules = start.zone().getRules();
        Instant from = start.at().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.DAYS);
        Instant to = start.at().plus(1, ChronoUnit.DAYS);
        // The plain simulation wakes at whole UTC minutes: only where offsets and changes are whole minutes.
        Assume.that(wholeMinutes(rules, from, to));
        CronExpression e = CronExpression.parse(text);

        List<Fire> simulated = new ArrayList<>();
        MinuteLoop loop = MinuteLoop.startingAt(clock(rules, from));
        boolean changed = false;
        for (Instant u = from.plusSeconds(60); !u.isAfter(to); u = u.plusSeconds(60)) {
            MinuteLoop.Step step = loop.wake(clock(rules, u));
            loop = step.next();
            changed |= u.isAfter(start.at()) && step.kind() != MinuteLoop.Wakeup.ON_TIME;
            for (MinuteLoop.Check c : step.checks()) {
                if (u.isAfter(start.at()) && c.selects(e)) {
                    simulated.add(new Fire(u, CalendarWalk.toLocal(c.minute())));
                }
            }
        }
        List<Fire> walked = Schedule.of(e, start.zone()).fires(start.at()).takeWhile(f -> !f.at().isAfter(to))
                .collect(Collectors.toList());
        assertEquals(simulated, walked, text + " in " + start);
        Statistics.label("the clock changed in the window").collect(changed);
        Statistics.label("the clock changed in the window").coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    private static long clock(ZoneRules rules, Instant u) {
        return Math.floorDiv(u.getEpochSecond() + rules.getOffset(u).getTotalSeconds(), 60);
    }

    private static boolean wholeMinutes(ZoneRules rules, Instant from, Instant to) {
        if (rules.getOffset(from).getTotalSeconds() % 60 != 0) {
            return false;
        }
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && !t.getInstant().isAfter(to);
             t = rules.nextTransition(t.getInstant())) {
            if (t.getInstant().getEpochSecond() % 60 != 0 || t.getOffsetAfter().getTotalSeconds() % 60 != 0) {
                return false;
            }
        }
        return true;
    }
}
