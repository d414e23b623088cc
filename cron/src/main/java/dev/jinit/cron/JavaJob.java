package dev.jinit.cron;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A cron job in Java code, as a {@link CronJobSource} offers it; the same four things
 * {@link CronDaemon#addJavaJob(String, String, OverlapPolicy, Callable)} takes. Immutable; the constructor checks
 * every value, so a job is always valid.
 *
 * @param id      the job's name in logs and {@code jinit status}; not empty, unique among jobs in code
 * @param when    a cron expression or keyword ({@code "*}{@code /15 * * * *"}, {@code "@hourly"}, {@code "@reboot"}),
 *                read in the daemon's zone
 * @param overlap whether a run due while the previous one is still going starts anyway
 * @param task    the code; it runs on the daemon's pool of Java job threads, and a thrown exception is logged and
 *                counts as exit status 1
 */
public record JavaJob(String id, String when, OverlapPolicy overlap, Callable<?> task) {
    /**
     * @throws IllegalArgumentException when {@code id} is empty
     * @throws CronSyntaxException      naming the field and the reason when {@code when} is not an expression
     */
    public JavaJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(task, "task");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("job id must not be empty");
        }
        CronSpec.parse(when); // fail here, where the job is made, not at start
    }

    /** A job that runs {@code task}. */
    public static JavaJob of(String id, String when, OverlapPolicy overlap, Runnable task) {
        Objects.requireNonNull(task, "task");
        return new JavaJob(id, when, overlap, () -> {
            task.run();
            return null;
        });
    }
}
