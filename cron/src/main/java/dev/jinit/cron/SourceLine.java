package dev.jinit.cron;

import java.util.Objects;

/**
 * Where a job or a problem comes from: a crontab file and a line in it.
 *
 * @param file the crontab's name as given to the parser (normally its path)
 * @param line 1-based
 */
public record SourceLine(String file, int line) {
    public SourceLine {
        Objects.requireNonNull(file, "file");
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, but was " + line);
        }
    }

    /** {@code file:line}. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
