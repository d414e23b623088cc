package dev.jinit.supervisor.internal;

import dev.jinit.core.Signal;
import dev.jinit.supervisor.ServiceEvent;
import dev.jinit.supervisor.runit.SuperviseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the machine asks its driver to do, in order. The driver executes them one by one on the thread that owns the
 * service, and reports {@link Event.Spawned} or {@link Event.SpawnFailed} for a spawn before anything else. This is
 * an internal class.
 */
public sealed interface Action {

    /**
     * Write {@code supervise/status}, {@code stat} and {@code pid} (each as {@code *.new} + rename). A driver may skip
     * all but the last WriteStatus of one transition: the ones before are runsv's momentary intermediate states.
     */
    record WriteStatus(SuperviseStatus status) implements Action {
        public WriteStatus {
            Objects.requireNonNull(status, "status");
        }
    }

    /** Start {@code ./run} (the service's program); report its pid with {@link Event.Spawned}. */
    record SpawnRun() implements Action {
    }

    /**
     * Start {@code ./finish EXITCODE SIGNAL}; report its pid with {@link Event.Spawned}.
     *
     * @param exitCode {@code ./run}'s exit code, or {@code -1} when a signal killed it
     * @param signal   the low byte of the wait status: 0 after an exit, else the signal number (+128 with a core)
     */
    record SpawnFinish(String exitCode, String signal) implements Action {
        /** The two arguments, in order. */
        public List<String> args() {
            return List.of(exitCode, signal);
        }
    }

    /** {@code kill(pid, signal)}: to the process only, not its group, as runsv. */
    record Kill(long pid, Signal signal) implements Action {
    }

    /**
     * Run {@code control/<command>} if it exists and is executable, synchronously, with the pid (or {@code ""} for 0)
     * as its argument and stdout to the log pipe; its exit status is ignored. (Scripts whose status matters are run
     * by the driver before the event, see {@link ServiceMachine#overrideFor}.)
     */
    record RunControlScript(char command, long pid) implements Action {
    }

    /** Report {@link Event.RestartDue} at {@code at}; replaces any start timer set before. */
    record ScheduleStart(Instant at) implements Action {
    }

    /** Drop the start timer, if any. */
    record CancelStart() implements Action {
    }

    /** Report {@link Event.StopTimeoutElapsed} at {@code at}. */
    record ScheduleStopTimeout(Instant at) implements Action {
    }

    /** Log service only: close the supervisor's ends of the log pipe, so the logger reads EOF once it is drained. */
    record ReleaseLogPipe() implements Action {
    }

    /** Tell subscribers. */
    record Publish(ServiceEvent event) implements Action {
    }

    /**
     * Supervision of this service is over (runsv would exit): for a service, now stop its log service; for a log
     * service, close {@code supervise/ok} so {@code sv} sees "runsv not running". No more events are accepted.
     */
    record Done() implements Action {
    }
}
