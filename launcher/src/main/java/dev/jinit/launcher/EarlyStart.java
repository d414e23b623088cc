package dev.jinit.launcher;

import dev.jinit.core.Child;
import dev.jinit.core.ChildTable;
import dev.jinit.core.NativeException;
import dev.jinit.core.Natives;
import dev.jinit.core.Signal;
import dev.jinit.core.SpawnException;
import dev.jinit.core.ThreadSignals;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The main command, started before the init's components. Either {@code bin/my_init} started it itself, before it
 * exec'ed the JVM, when nothing of my_init's sequence had to come first (no start-up files, no syslog, no services:
 * see "Early start" in {@code bin/jinit-java}), and its pid arrives as {@code -Djinit.main.pid=PID}; or the JVM started
 * it as soon as libc and syslog's socket were bound, when syslog was all that had to come first ({@link
 * #possibleFromTheJvm}, {@link #spawn}).
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

    /**
     * Whether the JVM may start the command itself before the init ({@link #spawn}): my_init's sequence puts nothing
     * but syslog before it (no start-up file to run, no service directory: cron, the status socket and the reaper
     * need not come first), and a TERM or INT sent from now on waits, blocked, for the init (bin/my_init starts the
     * JVM so) and none has come yet. Otherwise the usual order: a TERM already pending is read by the init first,
     * which then never starts the command (as before); in a JVM not started by bin/my_init the JVM's own handler
     * would take a TERM before the init's.
     */
    static boolean possibleFromTheJvm(MyInitOptions options, LauncherPaths paths) {
        try {
            ThreadSignals now = ThreadSignals.current();
            if (!now.blocked().contains(Signal.TERM) || !now.blocked().contains(Signal.INT)
                    || now.pending().contains(Signal.TERM) || now.pending().contains(Signal.INT)) {
                return false;
            }
            boolean scripts = !options.skipStartupFiles() && !Scripts.executables(paths.get(LauncherPath.STARTUP_DIR),
                    paths.get(LauncherPath.RC_LOCAL)).isEmpty();
            return !scripts && (options.skipRunit() || isEmptyOrAbsent(paths.get(LauncherPath.SERVICE_DIR)));
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return false; // the usual order reads them again and reports
        }
    }

    private static boolean isEmptyOrAbsent(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    /**
     * Starts {@code command} now, from the JVM, before the init's components (when {@link #possibleFromTheJvm}; with
     * syslog's socket bound before, the command's first messages wait in the kernel's queue): the launch is then the
     * JVM's start, the binding and the spawn, not the whole init's start (docs/benchmarks.md). A child subreaper
     * first when not PID 1, as the reaper makes itself at its start: the command's orphans must come to us, not to
     * the machine's init. The init then takes the pid on ({@link #start}). Empty, for the usual order, when a stop
     * was requested or the spawn fails, which the usual order meets again and reports, with the shutdown sequence
     * after it. (No lambdas or streams on this way: the package-time class-data archive may not hold them.)
     */
    static Optional<Long> spawn(MainCommand command, Natives natives, Map<String, String> env) {
        try {
            if (natives.processes().pid() != 1) {
                natives.processes().setChildSubreaper(true);
            }
            // A table of its own, which nothing reaps: the init's takes the pid on
            Optional<Child> c = command.spawnBeforeInit(natives.spawner(new ChildTable(natives.processes())), env);
            return c.isEmpty() ? Optional.empty() : Optional.of(c.get().pid());
        } catch (SpawnException | NativeException e) {
            return Optional.empty();
        }
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
