package dev.jinit.cron;

import java.util.Objects;

/**
 * A crontab line that was skipped, and why. The rest of the file still runs.
 *
 * @param where  the line
 * @param reason what is wrong with it, for people (e.g. {@code bad minute '60': 60 is out of range 0-59})
 */
public record CrontabProblem(SourceLine where, String reason) {
    public CrontabProblem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code file:line: reason}, the form {@code jinit cron check} prints and the daemon logs. */
    @Override
    public String toString() {
        return where + ": " + reason;
    }
}
