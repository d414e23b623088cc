package dev.jinit.supervisor.internal;

import dev.jinit.core.Signal;
import dev.jinit.supervisor.RestartPolicy;
import dev.jinit.supervisor.ServiceDefinition;
import java.time.Duration;
import java.util.Objects;

/**
 * What the state machine of one supervised service needs to know of its definition. Immutable. This is an internal
 * class.
 *
 * @param log           whether this is a log service (runsv's {@code islog}: no finish, no control scripts, ignores
 *                      {@code x}, stops when its pipe is drained)
 * @param stopSignal    sent by {@code d}, {@code t}, {@code x} and at shutdown (runsv: always TERM)
 * @param stopTimeout   at shutdown, how long after the stop signal KILL follows
 * @param restartPolicy when to restart
 */
public record MachineConfig(boolean log, Signal stopSignal, Duration stopTimeout, RestartPolicy restartPolicy) {

    public MachineConfig {
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
    }

    /** A service as runsv supervises a directory's {@code ./run}, with the default stop timeout. */
    public static MachineConfig runit() {
        return runit(Duration.ofSeconds(ServiceDefinition.DEFAULT_STOP_TIMEOUT_SECONDS), java.util.Optional.empty());
    }

    /**
     * A service as runsv supervises a directory's {@code ./run}: KILL {@code stopTimeout} after the stop signal at
     * shutdown; with a failure limit (an {@code essential} file) it can fail permanently, else it restarts forever.
     */
    public static MachineConfig runit(Duration stopTimeout, java.util.Optional<RestartPolicy.FailureLimit> limit) {
        RestartPolicy policy = limit.map(RestartPolicy.runit()::withFailureLimit).orElse(RestartPolicy.runit());
        return new MachineConfig(false, Signal.TERM, stopTimeout, policy);
    }

    /** A log service as runsv supervises {@code log/run}, with the default stop timeout. */
    public static MachineConfig runitLog() {
        return runitLog(Duration.ofSeconds(ServiceDefinition.DEFAULT_STOP_TIMEOUT_SECONDS));
    }

    /** A log service as runsv supervises {@code log/run}: KILL {@code stopTimeout} after TERM at shutdown. */
    public static MachineConfig runitLog(Duration stopTimeout) {
        return new MachineConfig(true, Signal.TERM, stopTimeout, RestartPolicy.runit());
    }

    /** The main service of {@code d}. */
    public static MachineConfig of(ServiceDefinition d) {
        return new MachineConfig(false, d.stopSignal(), d.stopTimeout(), d.restartPolicy());
    }

    /** The log service of {@code d}: runit's restart rule, TERM, and the service's stop timeout. */
    public static MachineConfig logOf(ServiceDefinition d) {
        return new MachineConfig(true, Signal.TERM, d.stopTimeout(), RestartPolicy.runit());
    }
}
