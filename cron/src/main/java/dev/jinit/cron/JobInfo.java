package dev.jinit.cron;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job the daemon knows, for status listings.
 *
 * @param id          {@code file:line} for a crontab job, the name given for a job added in code
 * @param kind        a command run through {@code $SHELL -c}, or Java code
 * @param schedule    its expression (or {@code @reboot}) and zone
 * @param user        who it runs as (the JVM's own user for Java jobs: empty)
 * @param description the command, or the Java job's name
 * @param next        its next run strictly after now; empty for {@code @reboot} and never-firing expressions
 * @param running     how many of its runs are going now
 */
public record JobInfo(String id, Kind kind, Schedule schedule, Optional<String> user, String description,
                      Optional<Instant> next, int running) {
    /** What a job runs. */
    public enum Kind { COMMAND, JAVA }

    public JobInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(next, "next");
    }
}
