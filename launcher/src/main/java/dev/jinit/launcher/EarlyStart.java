package dev.jinit.launcher;

import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * The main command, started before the init's components. Either {@code bin/my_init} started it itself, before it
 * exec'ed the JVM, when nothing of my_init's sequence had to come first (no start-up files, no syslog, no services:
 * see "Early start" in {@code bin/jinit-java}), and its pid arrives as {@code -Djinit.main.pid=PID}; or the JVM started
 * it as soon as libc and syslog's socket were bound, when syslog was all that had to come first ({@link Sequence}).
 * As a component placed first, it takes the child on in the {@link dev.jinit.core.ChildTable} before the reaper starts
 * (so the reaper never takes its status) and before the forwarder subscribes (so a signal that arrived meanwhile is
 * forwarded, not dropped); it is stopped last, where it ends the command if it still runs (a start that failed after
 * the adoption).
 *
 * @param pid     the command's pid, a child of this process
 * @param command the main command it becomes
 * @param how     how it was started, for the log line
 */
record EarlyStart(long pid, MainCommand command, String how) implements Component {
    /** {@link #how} of a command the launcher script started. */
    static final String BY_THE_SCRIPT = "started by the launcher script before the JVM";

    /** The system property the wrapper passes the pid in. */
    static final String PROPERTY = "jinit.main.pid";

    /**
     * The pid the wrapper passed, if any.
     *
     * @throws UsageException when the property is not a positive number
     */
    static Optional<Long> pidFromSystemProperties() throws UsageException {
        String v = System.getProperty(PROPERTY, "");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(v.trim());
            if (pid > 0) {
                return Optional.of(pid);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("-D" + PROPERTY + " must be the pid of the command bin/my_init started, but was '" + v
                + "'");
    }

    /**
     * Ends the command when my_init will not run after all (a usage error the wrapper did not foresee): KILL, as an
     * init that exits would leave it to the kernel. Only a child of this JVM: a stray property never ends anything else.
     */
    static void abandon(long pid, String program, PrintStream err) {
        long self = ProcessHandle.current().pid();
        boolean killed = ProcessHandle.of(pid)
                .filter(h -> h.parent().map(p -> p.pid() == self).orElse(false))
                .map(ProcessHandle::destroyForcibly).orElse(false);
        err.println(program + ": " + (killed ? "ended" : "did not end") + " pid " + pid + ", named as the command "
                + "started before the JVM" + (killed ? "" : " (not a child of this JVM, or gone)"));
    }

    @Override
    public String name() {
        return "main-early";
    }

    @Override
    public void start(Context context) {
        command.adopt(context.children(), pid, how);
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        command.stop(timeout); // normally stopped first as the main command (then a no-op here); else now
    }
}
