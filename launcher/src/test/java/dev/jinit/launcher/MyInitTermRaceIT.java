package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TERM sent to my_init (PID 1) at any moment after its JVM blocks or handles TERM is never lost: the command gets
 * it, or the command is never started and my_init exits 143.
 *
 * <p>The boundary: bin/my_init execs the JVM with TERM blocked (env --block-signal, bit 15-1 of SigBlk in
 * /proc/PID/status) where env supports it, so from the JVM's first instruction a TERM stays pending instead of being
 * dropped by the kernel, as it drops a signal to a PID 1 without a handler. With a plain exec (JINIT_BLOCK_SIGNALS=0,
 * or an env without --block-signal) the boundary is the JVM's first TERM handler (SigCgt). From there, each run sends
 * TERM after a random delay (the delay is the test's input, not a synchronisation), so that over the runs TERM lands
 * in every phase: the rest of the JVM's start, option parsing, the init's start, spawning, and the command setting
 * its trap and running.
 */
class MyInitTermRaceIT {
    private static final long TERM_BIT = 1L << (15 - 1);
    private static final Map<String, String> PLAIN_EXEC = Map.of("JINIT_BLOCK_SIGNALS", "0");

    /**
     * The command: says it started, traps TERM to exit 42, says the trap is set, and waits. A run ends with 42 (the
     * command got TERM), or 143 (TERM killed it before its trap was set, or it never started).
     */
    private static final List<String> COMMAND = List.of("sh", "-c", "echo started; trap 'exit 42' TERM; echo trapped; "
            + "while :; do sleep 1000 >/dev/null 2>&1 & wait $!; done");

    /**
     * The case the blocked start is for: TERM the moment the wrapper has exec'ed java, some 120 ms before a JVM has
     * a TERM handler on this machine. It stays pending; the init reads it as it starts, does not start the command,
     * runs its shutdown sequence (the post-shutdown script) and exits 143. Every time.
     */
    @Test
    @Timeout(300)
    void termTheMomentJavaIsExecedIsNeverLost() throws IOException {
        DistProcess.assumePidNamespaces();
        Assumptions.assumeTrue(envBlocksSignals(), "env has no --block-signal (coreutils < 8.31): my_init execs java plainly");
        int runs = Integer.getInteger("jinit.test.termExecRuns", 20);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int run = 0; run < runs; run++) {
            Path root = Files.createTempDirectory("jinit-root-");
            Path post = root.resolve("etc/my_init.post_shutdown.d/post");
            Files.createDirectories(post.getParent());
            Files.writeString(post, "#!/bin/sh\necho post-shutdown ran\n");
            Files.setPosixFilePermissions(post, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> args = new ArrayList<>(List.of("--root", root.toString()));
            args.addAll(COMMAND);
            try (DistProcess p = DistProcess.myInitAsPid1(args)) {
                long jvm = p.myInitPid();
                DistProcess.pollUntil("the wrapper to exec java", Duration.ofSeconds(15),
                        () -> DistProcess.status(jvm, "Name").orElse("").equals("java"));
                long blocked = DistProcess.status(jvm, "SigBlk").map(h -> Long.parseUnsignedLong(h, 16)).orElse(0L);
                assertEquals(TERM_BIT, blocked & TERM_BIT, "java started with TERM blocked, run " + run + p.describe());
                assertTrue(ProcessHandle.of(jvm).map(ProcessHandle::destroy).orElse(false),
                        "sent TERM to " + jvm + " in run " + run + p.describe());
                int code = p.awaitExit(Duration.ofSeconds(30));
                List<String> out = p.outLines();
                outcomes.merge(code + " " + out, 1, Integer::sum);
                assertEquals(143, code, "TERM before the command started: my_init exits 143, run " + run + p.describe());
                assertEquals(List.of("post-shutdown ran"), out,
                        "the command never started, the shutdown sequence ran, run " + run + p.describe());
                assertTrue(p.errLines().stream().anyMatch(l -> l.contains("got SIGTERM before the command started")),
                        p.describe());
            } finally {
                if (Files.exists(root)) try (var walk = Files.walk(root)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        System.out.println("MyInitTermRaceIT: TERM the moment java is exec'ed, " + runs + " runs: " + outcomes);
    }

    @Test
    @Timeout(240)
    void termAtARandomMomentAfterTheJvmBlocksTermIsNeverLost() {
        termAtARandomMoment(Map.of());
    }

    /**
     * The sun.misc.Signal path (JINIT_BLOCK_SIGNALS=0; an app's JVM started without the wrappers). Its boundary is
     * HotSpot's first TERM handler (SigCgt with more than one thread), never SigBlk: the java launcher's thread blocks
     * every signal for a moment while it creates the JVM's main thread (glibc's pthread_create), some 100-250 ms
     * before HotSpot has any TERM handler, and a TERM sent then is dropped by the kernel. Taking that moment for the
     * boundary was this test's own defect: it sent TERMs into the window the README documents and reported them as
     * lost (a kernel trace of signal_generate showed each such TERM "ignored", sent before the JVM's first
     * rt_sigaction of TERM).
     */
    @Test
    @Timeout(240)
    void withAPlainExecTermAtARandomMomentAfterTheJvmHasATermHandlerIsNeverLost() {
        termAtARandomMoment(PLAIN_EXEC);
    }

    private static void termAtARandomMoment(Map<String, String> env) {
        DistProcess.assumePidNamespaces();
        boolean blockedPath = !"0".equals(env.get("JINIT_BLOCK_SIGNALS")) && envBlocksSignals();
        long seed = Long.getLong("jinit.test.seed", System.nanoTime());
        int runs = Integer.getInteger("jinit.test.termRuns", 12);
        Duration startUp = calibrate(env, blockedPath);
        // Delays from 0 to past the command's trap: at least 0-400 ms, more on a machine where start-up is slower.
        long maxDelayMicros = Math.max(400_000, startUp.toNanos() / 1000 * 5 / 4);
        System.out.println("MyInitTermRaceIT " + env + ": seed " + seed + " (repeat with -Djinit.test.seed=" + seed + "), " + runs
                + " runs, TERM handler to trapped command " + startUp.toMillis() + " ms, delays 0-"
                + maxDelayMicros / 1000 + " ms");
        Random random = new Random(seed);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int run = 0; run < runs; run++) {
            long delayMicros = (long) (random.nextDouble() * maxDelayMicros);
            String at = "run " + run + " (seed " + seed + ", TERM " + delayMicros + " us after the JVM's TERM handler)";
            try (DistProcess p = DistProcess.myInitAsPid1(COMMAND, env)) {
                long jvm = awaitTermBlockedOrHandled(p, blockedPath);
                LockSupport.parkNanos(delayMicros * 1000); // the test input
                assertTrue(ProcessHandle.of(jvm).map(ProcessHandle::destroy).orElse(false),
                        "sent TERM to " + jvm + " in " + at + p.describe());
                int code = p.awaitExit(Duration.ofSeconds(10));
                List<String> out = p.outLines();
                boolean started = out.contains("started");
                boolean trapped = out.contains("trapped");
                boolean jvmInitFailed = !blockedPath && !started && code == 1
                        && p.errLines().stream().anyMatch(l -> l.contains("InternalError: Bad level"));
                outcomes.merge(code + (trapped ? " trapped" : started ? " started" : jvmInitFailed
                        ? " never started (the JVM's own start failed: Bad level)" : " never started"), 1, Integer::sum);
                if (jvmInitFailed) {
                    // HotSpot 17's own start-up race on this path, before any jinit code runs: its TERM handler
                    // (java.lang.Terminator) shuts the VM down while System.initPhase2 is still to come, which then
                    // fails ("Error occurred during initialization of VM ... InternalError: Bad level: 2") and the
                    // JVM exits 1. The TERM was not lost (the container stops, nothing was started), only its 143.
                    // The default path never sees it: TERM stays blocked until jinit reads it.
                    continue;
                }
                if (trapped) {
                    assertEquals(42, code, "the command had its TERM trap, so it must have got TERM, in " + at
                            + p.describe());
                } else if (!started) {
                    assertEquals(143, code, "the command never started: my_init must exit 143, in " + at + p.describe());
                } else {
                    assertTrue(code == 42 || code == 143, "exit 42 or 143 in " + at + ", was " + code + p.describe());
                }
            }
        }
        System.out.println("MyInitTermRaceIT " + env + ": outcomes (exit code, how far the command got): " + outcomes);
    }

    /** How long, on this machine, from the JVM's TERM boundary to the command's trap being set. */
    private static Duration calibrate(Map<String, String> env, boolean blockedPath) {
        try (DistProcess p = DistProcess.myInitAsPid1(COMMAND, env)) {
            awaitTermBlockedOrHandled(p, blockedPath);
            long handler = System.nanoTime();
            p.awaitOutLine("trapped");
            Duration took = Duration.ofNanos(System.nanoTime() - handler);
            p.signal("TERM");
            assertEquals(42, p.awaitExit(), "TERM to a running command" + p.describe());
            return took;
        }
    }

    /**
     * Waits until my_init's pid is the JVM (no longer the wrapper script) and, on the blocked path, blocks TERM, or on
     * the plain path has a TERM handler; returns the pid.
     */
    private static long awaitTermBlockedOrHandled(DistProcess p, boolean blockedPath) {
        long jvm = p.myInitPid();
        DistProcess.pollUntil("my_init's JVM to " + (blockedPath ? "block" : "handle") + " TERM", Duration.ofSeconds(15),
                () -> blockedPath ? blocksTerm(jvm) : handlesTerm(jvm));
        return jvm;
    }

    /** Name java and TERM blocked: env --block-signal blocked it before exec'ing java, for good. */
    private static boolean blocksTerm(long pid) {
        return DistProcess.status(pid, "Name").orElse("").equals("java") && mask(pid, "SigBlk");
    }

    /**
     * Name java and TERM caught by a JVM that has started threads. A caught TERM alone is not enough: exec sets the
     * new name before it resets the old program's handlers, so for a moment /proc can show "java" with the wrapper
     * shell's TERM trap still caught, before HotSpot has any handler (the shell has one thread; the java launcher
     * starts the JVM's main thread before HotSpot installs its handlers). SigBlk says nothing on this path: the
     * launcher blocks every signal while it creates that thread. A TERM sent before HotSpot's handler is dropped by
     * the kernel, as the README says of the JVM's first milliseconds.
     */
    private static boolean handlesTerm(long pid) {
        if (!DistProcess.status(pid, "Name").orElse("").equals("java")) {
            return false;
        }
        int threads = DistProcess.status(pid, "Threads").map(Integer::parseInt).orElse(0);
        return threads > 1 && mask(pid, "SigCgt");
    }

    private static boolean mask(long pid, String field) {
        return DistProcess.status(pid, field).map(h -> (Long.parseUnsignedLong(h, 16) & TERM_BIT) != 0).orElse(false);
    }

    /** Whether this machine's env can start a program with signals blocked (coreutils 8.31 or later). */
    static boolean envBlocksSignals() {
        return DistProcess.run(List.of("env", "--ignore-signal=TERM", "--block-signal=TERM", "true"),
                Duration.ofSeconds(10)) == 0;
    }
}
