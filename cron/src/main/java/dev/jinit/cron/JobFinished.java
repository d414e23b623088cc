package dev.jinit.cron;

import dev.jinit.core.ExitStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a job has ended.
 *
 * @param id      the job's id ({@link JobInfo#id()})
 * @param kind    command or Java
 * @param started when the run was started, on the daemon's clock
 * @param ended   when its end was seen, on the daemon's clock
 * @param status  a command's exit status (126/127 when it could not be spawned); a Java job's is exit code 0, or 1
 *                when it threw
 * @param failure what went wrong outside the command: the Java job's exception, or why the spawn failed
 * @param output  the first lines of a command's merged stdout and stderr (all lines are logged); empty for Java jobs
 */
public record JobFinished(String id, JobInfo.Kind kind, Instant started, Instant ended, ExitStatus status,
                          Optional<Throwable> failure, List<String> output) {
    public JobFinished {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(failure, "failure");
        output = List.copyOf(output);
    }

    /** Whether the run ended with exit code 0. */
    public boolean succeeded() {
        return status.shellCode() == 0 && failure.isEmpty();
    }
}
