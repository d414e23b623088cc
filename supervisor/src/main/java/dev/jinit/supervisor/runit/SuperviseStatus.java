package dev.jinit.supervisor.runit;

import java.time.Instant;
import java.util.Objects;

/**
 * What runsv records about one service in {@code supervise/status}, {@code stat} and {@code pid}.
 *
 * <p>{@link StatusFile} turns it into the 20 bytes {@code sv} reads, {@link StatFile} into the {@code stat} text and
 * {@link PidFile} into the {@code pid} text.
 *
 * @param stamp    when {@code ./run} last started, or when the service last went down (runsv's {@code start})
 * @param pid      the pid of {@code ./run} in {@link RunState#RUN}, of {@code ./finish} in {@link RunState#FINISH},
 *                 0 when nothing runs; 0 to 2^32−1 (the status file has four bytes for it)
 * @param paused   a {@code p} command was the last of {@code p}/{@code c} since the last start
 * @param want     what the supervisor wants
 * @param termSent the supervisor sent its stop signal and the process has not been reaped yet ("got TERM")
 * @param state    down, run or finish
 */
public record SuperviseStatus(Instant stamp, long pid, boolean paused, Want want, boolean termSent, RunState state) {

    /** The largest pid the four pid bytes hold. */
    public static final long MAX_PID = 0xFFFF_FFFFL;

    public SuperviseStatus {
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(want, "want");
        Objects.requireNonNull(state, "state");
        if (pid < 0 || pid > MAX_PID) {
            throw new IllegalArgumentException("pid must be 0-" + MAX_PID + ", but was " + pid);
        }
    }
}
