package dev.jinit.cron;

import java.nio.file.Path;

/**
 * Events of a {@link CronDaemon}. Every method has an empty default. Listeners run on the daemon's threads: keep them
 * short; an exception thrown by one is logged and ignored.
 */
public interface CronListener {
    /** A crontab file was read (again): {@code jobs} good lines, {@code crontab.problems()} bad ones. */
    default void fileLoaded(Path file, Crontab crontab) {
    }

    /** A crontab file was refused (owner, mode, no such user); {@code reason} is what was logged. */
    default void fileRefused(Path file, String reason) {
    }

    /** A crontab file went away; its jobs are gone. */
    default void fileRemoved(Path file) {
    }

    /** A run was started (or, for {@code skipped}, not started because the previous run is still going). */
    default void jobStarted(String id, boolean skipped) {
    }

    /** A run ended. */
    default void jobFinished(JobFinished finished) {
    }
}
