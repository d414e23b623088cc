package dev.jinit.core;

import dev.jinit.core.internal.NativeMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The signalfd backend, in a JVM started the way bin/my_init starts one ({@code env --ignore-signal=HUP,INT,TERM
 * --block-signal=...}, so every thread blocks the signals): {@link SignalFdProbe} prints what its registry's listeners
 * get. This JVM (not started so) is the control: it gets the JDK backend.
 */
@Timeout(120)
class SignalRegistrySignalFdIT {
    private static final String BLOCKED = "HUP,INT,TERM,USR1,CHLD,WINCH,CONT,TSTP,TTIN,TTOU,ALRM,PWR";
    private static final Duration LINE = Duration.ofSeconds(20);

    @Test
    void thisPlainJvmGetsTheJdkBackend() {
        try (SignalRegistry r = new SignalRegistry(java.util.EnumSet.of(Signal.USR1, Signal.CHLD))) {
            assertEquals(SignalRegistry.Backend.JDK, r.backend());
        }
    }

    @Test
    void signalsArriveWithTheirSenderOnTheOwnerThread() throws Exception {
        try (Probe p = Probe.start()) {
            p.await("backend SIGNALFD"::equals, "the signalfd backend");
            p.await("ready"::equals, "ready");
            for (String sig : List.of("HUP", "TERM", "USR1")) {
                Process kill = new ProcessBuilder("kill", "-s", sig, Long.toString(p.pid())).start();
                long sender = kill.pid(); // kill(1) sends the signal itself: it is the sender
                assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -s " + sig);
                p.await(("event " + sig + " pid=" + sender + " uid=0 code=0 thread=jinit-init")::equals,
                        "SIG" + sig + " from kill (pid " + sender + ")");
            }
            // sigqueue-style: the sender writes pid and uid itself (SI_QUEUE), so they show that the fields are read
            // from the right offsets
            if (sigqueueinfo(p.pid(), Signal.TERM, 4321, 1234)) {
                p.await("event TERM pid=4321 uid=1234 code=-1 thread=jinit-init"::equals, "SIGTERM via rt_sigqueueinfo");
            }
            p.send("spawn");
            String spawned = p.await(l -> l.startsWith("spawned "), "the spawned child's pid");
            String child = spawned.substring("spawned ".length());
            // CLD_EXITED (1): a SIGCHLD's pid is the child's
            p.await(("event CHLD pid=" + child + " uid=0 code=1 thread=jinit-init")::equals, "SIGCHLD of child " + child);
        }
    }

    @Test
    void aTermSentRightAfterTheJvmStartsStaysPendingUntilTheRegistryReadsIt() throws Exception {
        try (Probe p = Probe.start()) {
            // As soon as env has exec'ed java (long before the JVM has any handler), TERM: blocked, it stays pending.
            pollUntil("env to exec java", () -> Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/exe"))
                    .getFileName().toString().equals("java"));
            Process kill = new ProcessBuilder("kill", "-s", "TERM", Long.toString(p.pid())).start();
            long sender = kill.pid();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0);
            p.await("backend SIGNALFD"::equals, "the signalfd backend");
            p.await(("event TERM pid=" + sender + " uid=0 code=0 thread=jinit-init")::equals, "the early SIGTERM");
        }
    }

    /**
     * A signal sent with tgkill to one thread (not the owner) stays pending on that thread and never reaches a
     * listener: a signalfd reads the process's pending signals and its reader's own, no other thread's. This is what
     * makes setuser's switch-per-spawn window harmless for the handled signals: while its spawn thread has the user's
     * uid, a process of that user may tgkill that thread, but not signal the process (the kernel checks a
     * process-directed signal against the leader thread, still root).
     */
    @Test
    void aSignalSentToAnotherThreadOfTheJvmNeverReachesTheListeners() throws Exception {
        long tgkill = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 234;
            case "aarch64" -> 131;
            default -> -1;
        };
        Assumptions.assumeTrue(tgkill > 0, "tgkill's syscall number is known for x86_64 and aarch64 only");
        try (Probe p = Probe.start()) {
            p.await("backend SIGNALFD"::equals, "the signalfd backend");
            p.await("ready"::equals, "ready");
            p.send("idle-thread");
            long tid = Long.parseLong(p.await(l -> l.startsWith("idle "), "the idle thread's tid").substring(5));
            Natives natives = Natives.load();
            assertEquals(0, natives.libc().syscall(tgkill, p.pid(), tid, Signal.HUP.number(), 0), "tgkill HUP");
            // Then a process-directed USR1. Were the HUP readable, the owner would read it first (lower number).
            Process kill = new ProcessBuilder("kill", "-s", "USR1", Long.toString(p.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -s USR1");
            String next = p.await(l -> l.startsWith("event ") && !l.startsWith("event CHLD"), "the next event but SIGCHLD");
            assertTrue(next.startsWith("event USR1 "), "the USR1, not the HUP sent to thread " + tid + ": " + next);
            String status = Files.readString(Path.of("/proc/" + p.pid() + "/task/" + tid + "/status"));
            long pending = Long.parseUnsignedLong(status.lines().filter(l -> l.startsWith("SigPnd:")).findFirst()
                    .orElseThrow().substring(7).trim(), 16);
            assertEquals(1L << (Signal.HUP.number() - 1), pending, "the HUP stays pending on thread " + tid);
        }
    }

    @Test
    void childrenOfJinitsSpawnerStartWithNoBlockedOrIgnoredSignals() {
        try (Probe p = Probe.start()) {
            p.await("ready"::equals, "ready");
            p.send("spawn-status");
            p.await("SigBlk:\t0000000000000000"::equals, "the child's empty SigBlk");
            p.await("SigIgn:\t0000000000000000"::equals, "the child's empty SigIgn");
            p.await("status-done exit code 0"::equals, "the child's exit");
        }
    }

    @Test
    void closeStopsTheOwnerThreadAndClosesTheDescriptorsWithinItsBound() {
        try (Probe p = Probe.start()) {
            p.await("ready"::equals, "ready");
            p.send("close");
            String closed = p.await(l -> l.startsWith("closed "), "close's report");
            String[] f = closed.split(" ");
            assertTrue(Long.parseLong(f[1]) < 2_000_000, "close(2 s) returned within its bound: " + closed);
            assertEquals("owner-alive=false", f[2], closed);
            assertEquals("fds=0", f[3], "the signalfd and the eventfd are closed: " + closed);
        }
    }

    /**
     * A thread that unblocks TERM (which env also made ignored, so the JDK cannot handle it either): the others, still
     * blocked by every thread, are read from a signalfd, with their senders. Before the mixed backend they went to
     * the JDK backend too and never arrived: a blocked SIGCHLD meant no child's end was ever seen.
     */
    @Test
    void signalsEveryThreadBlocksStillArriveWhenAThreadUnblocksAnother() throws Exception {
        try (Probe p = Probe.start("unblock-thread")) {
            p.await("unblocked 0"::equals, "the probe thread unblocking SIGTERM");
            p.await("backend MIXED"::equals, "the mixed backend");
            p.await("ready"::equals, "the probe ready");
            Process kill = new ProcessBuilder("kill", "-s", "USR1", Long.toString(p.pid())).start();
            long killPid = kill.pid();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
            p.await(l -> l.startsWith("event USR1 pid=" + killPid + " "), "USR1 from the signalfd, with its sender");
            p.send("spawn");
            String spawned = p.await(l -> l.startsWith("spawned "), "a child");
            p.await(l -> l.startsWith("event CHLD pid=" + spawned.substring(8) + " "),
                    "the child's SIGCHLD from the signalfd");
        }
    }

    /** Both halves of the mixed backend deliver: USR1, unblocked by a thread, through the JDK; TERM from the signalfd. */
    @Test
    void inTheMixedBackendTheJdkHalfDeliversToo() throws Exception {
        try (Probe p = Probe.start("unblock-thread:USR1")) {
            p.await("unblocked 0"::equals, "the probe thread unblocking SIGUSR1");
            p.await("backend MIXED"::equals, "the mixed backend");
            p.await("ready"::equals, "the probe ready");
            Process usr1 = new ProcessBuilder("kill", "-s", "USR1", Long.toString(p.pid())).start();
            assertTrue(usr1.waitFor(10, TimeUnit.SECONDS));
            p.await(l -> l.startsWith("event USR1 unknown thread=jinit-init"), "USR1 through sun.misc.Signal (no sender)");
            Process term = new ProcessBuilder("kill", "-s", "TERM", Long.toString(p.pid())).start();
            long termPid = term.pid();
            assertTrue(term.waitFor(10, TimeUnit.SECONDS));
            p.await(l -> l.startsWith("event TERM pid=" + termPid + " ") && l.endsWith("thread=jinit-init"),
                    "TERM from the signalfd, with its sender, on the owner thread");
        }
    }

    /** rt_sigqueueinfo with SI_QUEUE and a chosen pid and uid; false (skipped) on an architecture without its number. */
    private static boolean sigqueueinfo(long pid, Signal sig, int fakePid, int fakeUid) {
        long nr = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 129;
            case "aarch64" -> 138;
            default -> -1;
        };
        if (nr < 0) {
            return false;
        }
        Natives natives = Natives.load();
        NativeMemory info = NativeMemory.allocate(128);
        info.putInt(0, sig.number()); // si_signo
        info.putInt(8, SignalEvent.Sender.SI_QUEUE); // si_code
        info.putInt(16, fakePid); // si_pid
        info.putInt(20, fakeUid); // si_uid
        long rc = natives.libc().syscall(nr, pid, sig.number(), info.address(), 0);
        java.lang.ref.Reference.reachabilityFence(info);
        assertEquals(0, rc, "rt_sigqueueinfo");
        return true;
    }

    interface Check {
        boolean ok() throws IOException;
    }

    /** For a state only /proc shows: checks every 0.2 ms, bounded in time and count. */
    private static void pollUntil(String what, Check check) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < 50_000 && System.nanoTime() < deadline; i++) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                // not there yet
            }
            LockSupport.parkNanos(200_000);
        }
        fail("timed out waiting for " + what);
    }

    /** A {@link SignalFdProbe} JVM with stdout read line by line. */
    private static final class Probe implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        private Probe(Process process) {
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    // killed: end of stream
                }
                lines.add("<eof>");
            }, "probe-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Probe start(String... args) {
            Assumptions.assumeTrue(envBlocks(), "env has no --block-signal (coreutils < 8.31)");
            List<String> cmd = new ArrayList<>(List.of("env", "--ignore-signal=HUP,INT,TERM", "--block-signal=" + BLOCKED,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                    "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), SignalFdProbe.class.getName()));
            cmd.addAll(List.of(args));
            try {
                return new Probe(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean envBlocks() {
            try {
                Process p = new ProcessBuilder("env", "--block-signal=USR1", "true")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        long pid() {
            return process.pid(); // env exec's java: same pid
        }

        void send(String command) {
            try {
                in.write(command + "\n");
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The first line, printed before or within {@link #LINE} from now, that matches (events come in any order). */
        String await(Predicate<String> matching, String what) {
            for (String l : seen) {
                if (matching.test(l)) {
                    return l;
                }
            }
            long deadline = System.nanoTime() + LINE.toNanos();
            for (int i = 0; i < 10_000; i++) { // each turn takes a line or ends at the deadline
                String l;
                try {
                    l = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                if (l == null || l.equals("<eof>")) {
                    if (l != null) {
                        lines.add(l);
                    }
                    fail("no " + what + " from the probe " + (l == null ? "within " + LINE : "before its end")
                            + "; it printed " + seen);
                }
                seen.add(l);
                if (matching.test(l)) {
                    return l;
                }
            }
            throw new AssertionError("no " + what + " in 10000 lines: " + seen);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                send("exit");
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                } catch (UncheckedIOException e) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
