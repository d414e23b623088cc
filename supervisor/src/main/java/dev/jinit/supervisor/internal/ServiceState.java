package dev.jinit.supervisor.internal;

import dev.jinit.supervisor.runit.RunState;
import dev.jinit.supervisor.runit.SuperviseStatus;
import dev.jinit.supervisor.runit.Want;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the supervisor knows about one service between two events. The first six components are runsv's
 * {@code struct svdir} and make up {@link #status()}; the rest are jinit's (timers instead of runsv's
 * {@code sleep(1)}, the restart policy's memory, the shutdown deadline). Immutable. This is an internal class.
 *
 * @param state         down, run or finish
 * @param want          up, down or exit
 * @param pid           the running process ({@code ./run} or {@code ./finish}), 0 for none; after {@code k} the state
 *                      is down while the killed pid is still here until it is reaped, as in runsv
 * @param paused        runsv's {@code C_PAUSE}
 * @param termSent      runsv's {@code C_TERM}: the stop signal was sent and the process not reaped yet
 * @param stamp         runsv's {@code start} as written to the status file (see {@link
 *                      dev.jinit.supervisor.runit.Tai64n#runsvStamp})
 * @param lastStart     when {@code ./run} last started, unrounded: the restart rule measures runs with it
 * @param spawning      a spawn asked for and not yet reported
 * @param lastRunFailed whether the last {@code ./run} ended on its own while wanted up
 * @param history       the restart policy's memory
 * @param floorUntil    no start before this (runsv's 1-second rule)
 * @param startAt       a start is due at this time (a restart, or a start asked for inside the 1-second window)
 * @param stopDeadline  at shutdown: KILL whatever still runs at this time, and start no {@code ./finish} after it
 * @param done          supervision is over; every event is ignored
 */
public record ServiceState(RunState state, Want want, long pid, boolean paused, boolean termSent, Instant stamp,
                           Instant lastStart, Spawning spawning, boolean lastRunFailed, RestartHistory history,
                           Instant floorUntil, Optional<Instant> startAt, Optional<Instant> stopDeadline,
                           boolean done) {

    public ServiceState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(want, "want");
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(lastStart, "lastStart");
        Objects.requireNonNull(spawning, "spawning");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(floorUntil, "floorUntil");
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(stopDeadline, "stopDeadline");
    }

    /** What runsv would have in {@code supervise/status}, {@code stat} and {@code pid} now. */
    public SuperviseStatus status() {
        return new SuperviseStatus(stamp, pid, paused, want, termSent, state);
    }
}
