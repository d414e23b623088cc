package dev.jinit.supervisor.runit;

/**
 * The text of {@code supervise/pid}: the decimal pid and a newline, or nothing at all (an empty file, not
 * {@code "0\n"}) when no process runs. Stateless and thread-safe.
 */
public final class PidFile {
    private PidFile() {
    }

    /** The whole file for {@code pid}; empty for 0. */
    public static String text(long pid) {
        if (pid < 0) {
            throw new IllegalArgumentException("pid must be >= 0, but was " + pid);
        }
        return pid == 0 ? "" : pid + "\n";
    }
}
