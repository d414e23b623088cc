package dev.jinit.supervisor.internal;

import dev.jinit.core.ExitStatus;
import java.util.Objects;

/**
 * What can happen to one supervised service: the inputs of {@link ServiceMachine#transition}. This is an internal
 * class.
 */
public sealed interface Event {

    /**
     * The spawn the machine asked for ({@link Action.SpawnRun} or {@link Action.SpawnFinish}) started as {@code pid}.
     * Must be reported before any other event.
     */
    record Spawned(long pid) implements Event {
        public Spawned {
            if (pid <= 0) {
                throw new IllegalArgumentException("pid must be > 0, but was " + pid);
            }
        }
    }

    /**
     * The spawn the machine asked for could not start. runsv's child then exits 111 ("If runsv cannot start ./run
     * for some reason, the exit code is 111 and the status is 0"), so this is handled as such an exit.
     *
     * @param finishPresent whether the service has a finish program now (runsv checks at every exit)
     */
    record SpawnFailed(String reason, boolean finishPresent) implements Event {
        public SpawnFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Process {@code pid} ended. Ignored unless it is the service's current process ({@code ./run} or
     * {@code ./finish}).
     *
     * @param finishPresent whether the service has a finish program now (runsv opens {@code ./finish} at every exit
     *                      of {@code ./run}); ignored for a log service
     */
    record Exited(long pid, ExitStatus status, boolean finishPresent) implements Event {
        public Exited {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * A byte arrived on {@code supervise/control}. Bytes that are no {@link dev.jinit.supervisor.runit.ControlCommand}
     * are ignored.
     *
     * @param overridden whether the control script {@link ServiceMachine#overrideFor} named ran and exited 0, so the
     *                   default signal is not sent; ignored when it named none
     */
    record Control(byte value, boolean overridden) implements Event {
        public static Control of(char c) {
            return new Control((byte) c, false);
        }
    }

    /** A timer set by {@link Action.ScheduleStart} fired. Ignored if the start is no longer due. */
    record RestartDue() implements Event {
    }

    /**
     * The supervisor is shutting down: {@code x} (runsv gets SIGTERM and does {@code x}), plus KILL after the stop
     * timeout. For a log service: stop once the pipe is drained (runsv closes the pipe, the logger sees EOF).
     *
     * @param overridden as for {@link Control}
     * @param killBy     KILL at this time at the latest, even when the stop timeout ends later: the supervisor's
     *                   own stop is bounded, and a chain of dependencies shares its time
     */
    record Shutdown(boolean overridden, java.util.Optional<java.time.Instant> killBy) implements Event {
        public Shutdown {
            Objects.requireNonNull(killBy, "killBy");
        }

        /** A shutdown bounded by the stop timeout alone. */
        public Shutdown(boolean overridden) {
            this(overridden, java.util.Optional.empty());
        }
    }

    /** A timer set by {@link Action.ScheduleStopTimeout} fired. */
    record StopTimeoutElapsed() implements Event {
    }
}
