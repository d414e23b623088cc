package dev.jinit.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.ExitStatus;
import dev.jinit.supervisor.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.From;
import net.jqwik.api.constraints.Size;

/**
 * "A crash-looping service never restarts more than once per second by default", for any run lengths, with or
 * without a finish program, with or without {@code sv up}/{@code once}/{@code term}/{@code kill} thrown in at any
 * moment; and under a backoff, never later than its cap.
 */
class CrashLoopPropertiesTest {

    /** One run: how long ./run lasts, whether ./finish exists and how long it lasts, and a command sent meanwhile. */
    record Run(long runMicros, boolean finish, long finishMicros, Optional<Character> command, long commandMicros) {
    }

    @Provide
    Arbitrary<Run> runs() {
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 3_000_000)
                .edgeCases(c -> c.add(0L).add(999_999L).add(1_000_000L));
        Arbitrary<Optional<Character>> commands = Arbitraries.of('u', 'o', 't', 'k', 'c', 'h').optional(0.4);
        return Combinators.combine(micros, Arbitraries.of(true, false), micros, commands, micros).as(Run::new);
    }

    @Property
    void neverStartsRunTwiceWithinOneSecondByDefault(@ForAll @Size(max = 30) List<@From("runs") Run> runs) {
        List<Instant> starts = simulate(MachineConfig.runit(), runs);
        for (int i = 1; i < starts.size(); i++) {
            Duration gap = Duration.between(starts.get(i - 1), starts.get(i));
            assertFalse(gap.compareTo(RestartPolicy.MIN_RUN) < 0, "starts " + starts.get(i - 1) + " and "
                    + starts.get(i) + " are only " + gap + " apart");
        }
    }

    @Property
    void underBackoffRestartsNeverWaitLongerThanTheCapNorComeWithinOneSecond(
            @ForAll @Size(max = 30) List<@From("runs") Run> runs) {
        RestartPolicy policy = RestartPolicy.builder().exponentialBackoff(Duration.ofMillis(300),
                Duration.ofSeconds(5)).build();
        MachineConfig config = new MachineConfig(false, dev.jinit.core.Signal.TERM, Duration.ofSeconds(7), policy);
        List<Instant> starts = simulate(config, runs);
        for (int i = 1; i < starts.size(); i++) {
            Duration gap = Duration.between(starts.get(i - 1), starts.get(i));
            assertFalse(gap.compareTo(RestartPolicy.MIN_RUN) < 0, gap.toString());
        }
        assertTrue(maxWait <= Duration.ofSeconds(5).toNanos(), "waited " + Duration.ofNanos(maxWait));
    }

    private long maxWait;

    /**
     * Drives one machine through {@code runs}: each ./run is reported spawned, lives its time (meanwhile perhaps
     * gets a command), exits 1; ./finish runs if present; timers fire exactly when scheduled. Returns when ./run
     * was started.
     */
    private List<Instant> simulate(MachineConfig config, List<Run> runs) {
        maxWait = 0;
        Driver d = Driver.begin(config, false, Describe.T0);
        List<Instant> starts = new ArrayList<>();
        long nextPid = 100;
        for (Run r : runs) {
            // Bring the service to a spawn of ./run: by a due timer, or at once.
            while (d.state.spawning() != Spawning.RUN) {
                Optional<Instant> due = d.state.startAt();
                if (due.isEmpty()) {
                    d.control('u'); // it was left down (o, or a finished once): ask for it
                    continue;
                }
                d.at(due.get()).feed(new Event.RestartDue());
            }
            starts.add(d.clock.instant());
            long pid = nextPid++;
            d.spawned(pid);
            Instant end = d.clock.instant().plusNanos(r.runMicros() * 1000);
            if (r.command().isPresent() && r.commandMicros() < r.runMicros()) {
                d.at(d.clock.instant().plusNanos(r.commandMicros() * 1000)).control(r.command().get());
                if (d.state.spawning() == Spawning.RUN) { // u/o on a down (killed) service never spawns at once
                    throw new AssertionError("spawned while the killed process was not reaped: " + d.describe());
                }
            }
            d.at(end).exited(pid, ExitStatus.exited(1), r.finish());
            if (d.state.spawning() == Spawning.FINISH) {
                long fpid = nextPid++;
                d.spawned(fpid).at(d.clock.instant().plusNanos(r.finishMicros() * 1000))
                        .exited(fpid, ExitStatus.exited(0), true);
            }
            Instant down = d.clock.instant();
            for (Action a : d.last) {
                if (a instanceof Action.ScheduleStart s && d.state.want() == dev.jinit.supervisor.runit.Want.UP) {
                    maxWait = Math.max(maxWait, Duration.between(down, s.at()).toNanos());
                }
            }
        }
        return starts;
    }
}
