package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A program of the built distribution ({@code $JINIT_DIST/bin/...}) running as a real subprocess of the test JVM,
 * optionally as PID 1 of a nested PID namespace ({@code unshare --pid --fork --mount-proc}), with its stdout and
 * stderr read line by line on their own threads so that tests can wait for a line with a deadline.
 *
 * <p>{@link #close()} ends what the test started, by pid: the subprocess, and the my_init inside the namespace.
 */
final class DistProcess implements AutoCloseable {
    static final Duration LINE_TIMEOUT = Duration.ofSeconds(15);
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    private static volatile Boolean namespacesWork;

    private final List<String> command;
    private final Process process;
    private final boolean inNamespace;
    private final Lines out;
    private final Lines err;
    private volatile long myInitPid; // as seen from this JVM; 0 until known

    private DistProcess(List<String> command, Process process, boolean inNamespace) {
        this.command = command;
        this.process = process;
        this.inNamespace = inNamespace;
        this.out = new Lines("stdout", process.getInputStream());
        this.err = new Lines("stderr", process.getErrorStream());
        if (!inNamespace) {
            myInitPid = process.pid();
        }
    }

    // ---- the distribution and the machine ------------------------------------------------------------------------

    /** {@code $JINIT_DIST}, set by failsafe; {@code target/jinit} when a test runs from an IDE. */
    static Path dist() {
        String d = System.getenv("JINIT_DIST");
        Path p = d != null && !d.isEmpty() ? Path.of(d) : Path.of("target", "jinit").toAbsolutePath();
        assertTrue(Files.isExecutable(p.resolve("bin/my_init")),
                "no built distribution at " + p + ": run mvn package (the launcher's package phase builds it)");
        return p;
    }

    static Path bin(String name) {
        return dist().resolve("bin").resolve(name);
    }

    /** The JDK the tests run on: {@code $JINIT_REAL_JAVA}'s, else this JVM's. */
    static Path javaHome() {
        String real = System.getenv("JINIT_REAL_JAVA");
        if (real != null && !real.isEmpty()) {
            return Path.of(real).toAbsolutePath().getParent().getParent();
        }
        return Path.of(System.getProperty("java.home"));
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Skips the calling test unless this process may make nested PID namespaces (root and a working unshare). */
    static void assumePidNamespaces() {
        Boolean ok = namespacesWork;
        if (ok == null) {
            ok = isRoot() && run(List.of("unshare", "--pid", "--fork", "--mount-proc", "true"), Duration.ofSeconds(10)) == 0;
            namespacesWork = ok;
        }
        Assumptions.assumeTrue(ok, "needs root and unshare --pid --fork --mount-proc to run my_init as PID 1");
    }

    /** Runs a helper command to its end; its exit code, or -1 when it cannot start. */
    static int run(List<String> command, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return -1;
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(command + " did not end within " + timeout);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            p.destroyForcibly();
        }
    }

    // ---- starting ------------------------------------------------------------------------------------------------

    /** {@code bin/my_init ARGS} as PID 1 of a new PID namespace. */
    static DistProcess myInitAsPid1(List<String> args) {
        return myInitAsPid1(args, Map.of());
    }

    static DistProcess myInitAsPid1(List<String> args, Map<String, String> env) {
        assumePidNamespaces();
        List<String> cmd = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
        cmd.add(bin("my_init").toString());
        cmd.addAll(scratchRoot());
        cmd.addAll(args);
        return start(cmd, env, true);
    }

    /**
     * {@code bin/my_init ARGS} as PID 1 of a new PID namespace, exec'ed through {@code launcher} (e.g. {@code env
     * --block-signal=...}: a parent that leaves my_init some signals blocked).
     */
    static DistProcess myInitAsPid1Through(List<String> launcher, List<String> args, Map<String, String> env) {
        assumePidNamespaces();
        List<String> cmd = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
        cmd.addAll(launcher);
        cmd.add(bin("my_init").toString());
        cmd.addAll(scratchRoot());
        cmd.addAll(args);
        return start(cmd, env, true);
    }

    /** {@code bin/my_init ARGS} as a plain child of this JVM: not PID 1, a child subreaper. */
    static DistProcess myInit(List<String> args) {
        return myInit(args, Map.of());
    }

    static DistProcess myInit(List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin("my_init").toString());
        cmd.addAll(scratchRoot());
        cmd.addAll(args);
        return start(cmd, env, false);
    }

    /**
     * {@code --root DIR} with a new empty directory: my_init's full sequence then finds no scripts, services or
     * crontabs, and its syslog and status sockets go there, never to this machine's /dev/log, /etc/cron.d or /run.
     * A test that passes its own {@code --root} later wins (the last one counts).
     */
    static List<String> scratchRoot() {
        try {
            Path root = Files.createTempDirectory("jinit-root-");
            root.toFile().deleteOnExit();
            return List.of("--root", root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bin/NAME ARGS} as PID 1 of a new PID namespace. */
    static DistProcess programAsPid1(String name, List<String> args) {
        assumePidNamespaces();
        List<String> cmd = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
        cmd.add(bin(name).toString());
        cmd.addAll(args);
        return start(cmd, Map.of(), true);
    }

    /** {@code bin/NAME ARGS} as a plain child of this JVM. */
    static DistProcess program(String name, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin(name).toString());
        cmd.addAll(args);
        return start(cmd, Map.of(), false);
    }

    private static DistProcess start(List<String> cmd, Map<String, String> env, boolean inNamespace) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", javaHome().toString());
        pb.environment().remove("KILL_PROCESS_TIMEOUT");
        pb.environment().remove("KILL_ALL_PROCESSES_TIMEOUT");
        pb.environment().putAll(env);
        // This JVM is PID 1 of its namespace too, and shares /tmp: the HotSpot of a my_init that is PID 1 would find
        // /tmp/hsperfdata_root/1 locked by it and warn on stderr, a line that is neither my_init's nor the command's.
        pb.environment().put("JINIT_JAVA_OPTS", ("-XX:+PerfDisableSharedMem " + env.getOrDefault("JINIT_JAVA_OPTS", "")).trim());
        try {
            return new DistProcess(cmd, pb.start(), inNamespace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    // ---- observing -----------------------------------------------------------------------------------------------

    Process process() {
        return process;
    }

    /** Waits for a stdout line that matches; fails after {@link #LINE_TIMEOUT} or at end of stream. */
    String awaitOut(Predicate<String> matching, String what) {
        return out.await(matching, what, LINE_TIMEOUT);
    }

    String awaitOutLine(String exactly) {
        return awaitOut(exactly::equals, "'" + exactly + "'");
    }

    String awaitErr(Predicate<String> matching, String what) {
        return err.await(matching, what, LINE_TIMEOUT);
    }

    /** Waits until my_init has started the command: it logs this after it can forward signals to it. */
    void awaitCommandRunning() {
        awaitErr(l -> l.contains("[INFO] running "), "my_init's 'running COMMAND as pid N' log line");
    }

    /** Waits for the process to end; fails (with its output) unless it ends within {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(command + " still running after " + timeout + describe() + stuckState());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    int awaitExit() {
        return awaitExit(EXIT_TIMEOUT);
    }

    /** Every stdout line, once the stream has ended (waits for that, bounded). */
    List<String> outLines() {
        return out.all(LINE_TIMEOUT);
    }

    /** Every stderr line, once the stream has ended (waits for that, bounded). */
    List<String> errLines() {
        return err.all(LINE_TIMEOUT);
    }

    String describe() {
        return "\n  command: " + command + "\n  stdout: " + out.snapshot() + "\n  stderr: " + err.snapshot();
    }

    /**
     * For a my_init that did not end: each of its threads' name, state and signal masks, and its thread dump, so that
     * a failure says where it stood.
     */
    private String stuckState() {
        long pid = myInitPid;
        if (pid == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n  threads of " + pid + " (Name State SigPnd ShdPnd SigBlk SigIgn SigCgt):");
        String[] tasks = new java.io.File("/proc/" + pid + "/task").list();
        for (String t : tasks == null ? new String[0] : tasks) {
            b.append("\n    ").append(t).append(' ');
            read(Path.of("/proc/" + pid + "/task/" + t + "/status")).orElse("").lines()
                    .filter(l -> l.matches("(Name|State|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt):.*"))
                    .forEach(l -> b.append(l.substring(l.indexOf(':') + 1).strip()).append(' '));
        }
        try {
            Path dump = Files.createTempFile("jinit-stuck-", ".txt");
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start();
            if (!jcmd.waitFor(20, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
            b.append("\n  jcmd Thread.print:\n").append(Files.readString(dump));
            Files.deleteIfExists(dump);
        } catch (IOException e) {
            b.append("\n  no thread dump: ").append(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return b.toString();
    }

    /** The pid of the my_init JVM as this JVM sees it: the subprocess, or unshare's only child. */
    long myInitPid() {
        long p = myInitPid;
        if (p != 0) {
            return p;
        }
        pollUntil("unshare to fork my_init", Duration.ofSeconds(10), () -> childOf(process.pid()).isPresent());
        p = childOf(process.pid()).getAsLong();
        myInitPid = p;
        return p;
    }

    /** The first child of {@code pid}, from {@code /proc/PID/task/PID/children}. */
    static OptionalLong childOf(long pid) {
        String children = read(Path.of("/proc/" + pid + "/task/" + pid + "/children")).orElse("").trim();
        if (children.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(children.split("\\s+")[0]));
    }

    /** Sends signal {@code name} (TERM, PWR ...) to my_init with the kill command. */
    void signal(String name) {
        long pid = myInitPid();
        int code = run(List.of("kill", "-s", name, Long.toString(pid)), Duration.ofSeconds(10));
        assertEquals(0, code, "kill -s " + name + " " + pid + describe());
    }

    /** Writes an executable {@code #!/bin/sh} script with {@code body} at {@code file}, making its directories. */
    static void script(Path file, String body) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // ---- /proc ---------------------------------------------------------------------------------------------------

    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // ESRCH: the process went away while we read
        }
    }

    /** A field of /proc/PID/status ("SigCgt", "Name" ...), if the process exists. */
    static Optional<String> status(long pid, String field) {
        return read(Path.of("/proc/" + pid + "/status")).flatMap(s -> s.lines()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).trim())
                .findFirst());
    }

    /** Whether the process runs (exists and is no zombie). */
    static boolean running(long pid) {
        Optional<String> stat = read(Path.of("/proc/" + pid + "/stat"));
        if (stat.isEmpty()) {
            return false;
        }
        String s = stat.get();
        int close = s.lastIndexOf(')');
        return close > 0 && close + 2 < s.length() && s.charAt(close + 2) != 'Z';
    }

    /**
     * Whether the pid is a process named {@code comm}: running, stopped, or a zombie nobody reaped. (After the process
     * has gone, another one may get its pid: it has another name.)
     */
    static boolean exists(long pid, String comm) {
        return read(Path.of("/proc/" + pid + "/stat")).map(s -> s.startsWith(pid + " (" + comm + ") ")).orElse(false);
    }

    static String cmdline(long pid) {
        return read(Path.of("/proc/" + pid + "/cmdline")).orElse("").replace('\0', ' ').trim();
    }

    /**
     * Waits for a condition only /proc can show (no event announces it): checks it every 0.2 ms, bounded in time and
     * in the number of checks.
     */
    static void pollUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long maxChecks = timeout.toMillis() * 5 + 10;
        for (long i = 0; i < maxChecks; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                break;
            }
            LockSupport.parkNanos(200_000);
        }
        fail("timed out after " + timeout + " waiting for " + what);
    }

    /** Kills a process a test started (directly or through its child), by pid, if it is still that command. */
    static void killLeftover(long pid, String expectedCommand) {
        if (pid > 1 && running(pid) && cmdline(pid).startsWith(expectedCommand)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    // ---- cleanup -------------------------------------------------------------------------------------------------

    /** Ends the subprocess and, for a namespace, the my_init in it (which takes the namespace down with it). */
    @Override
    public void close() {
        try {
            endProcesses();
        } finally {
            deleteScratchRoots();
        }
    }

    /** Removes the roots {@link #scratchRoot()} made for this command (my_init has ended: nothing writes there). */
    private void deleteScratchRoots() {
        if (process.isAlive()) {
            return; // still running after all: leave its files
        }
        for (int i = 0; i + 1 < command.size(); i++) {
            Path dir = Path.of(command.get(i + 1));
            if (command.get(i).equals("--root") && dir.getFileName() != null
                    && dir.getFileName().toString().startsWith("jinit-root-")) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    // a temporary directory: the next boot's tmp cleaning takes it
                }
            }
        }
    }

    private void endProcesses() {
        if (process.isAlive()) {
            // my_init first (while unshare, its parent, still holds its pid): the namespace ends with it. Then unshare,
            // whose --kill-child would also KILL my_init.
            long inner = inNamespace ? childOf(process.pid()).orElse(0) : 0;
            if (inner > 1) {
                ProcessHandle.of(inner).ifPresent(ProcessHandle::destroyForcibly);
            }
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One stream read line by line on a daemon thread. */
    private static final class Lines {
        private static final String EOF = new String("<end of stream>"); // identity marks the end

        private final String name;
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>(); // guarded by itself
        private final Thread reader;

        Lines(String name, InputStream in) {
            this.name = name;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (seen) {
                            seen.add(line);
                        }
                        queue.add(line);
                    }
                } catch (IOException e) {
                    // the process was killed and its pipe closed under us: that is the end of the stream too
                } finally {
                    queue.add(EOF);
                }
            }, "test-" + name + "-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String await(Predicate<String> matching, String what, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < 100_000; i++) { // and each turn takes a line or ends at the deadline
                long left = deadline - System.nanoTime();
                String line;
                try {
                    line = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                if (line == null) {
                    fail("no " + what + " on " + name + " within " + timeout + "; it had: " + snapshot());
                }
                if (line == EOF) {
                    queue.add(EOF); // keep the end visible to later waits
                    fail("no " + what + " on " + name + " before its end; it had: " + snapshot());
                }
                if (matching.test(line)) {
                    return line;
                }
            }
            throw new AssertionError("no " + what + " on " + name + " in 100000 lines");
        }

        List<String> all(Duration timeout) {
            try {
                reader.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (reader.isAlive()) {
                fail(name + " did not end within " + timeout + " (a process still holds it open); it had: " + snapshot());
            }
            return snapshot();
        }

        List<String> snapshot() {
            synchronized (seen) {
                return List.copyOf(seen);
            }
        }
    }
}
