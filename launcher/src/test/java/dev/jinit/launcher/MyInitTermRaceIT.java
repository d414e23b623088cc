package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TERM sent to my_init (PID 1) at any moment after its JVM has a TERM handler is never lost: the command gets it,
 * or the command is never started and my_init exits 143.
 *
 * <p>The boundary is the JVM's first TERM handler (bit 15-1 of SigCgt in /proc/PID/status): before HotSpot installs
 * its handlers the kernel drops a TERM sent to a PID 1 that has none, which no Java code can change. From there, each
 * run sends TERM after a random delay (the delay is the test's input, not a synchronisation), so that over the runs
 * TERM lands in every phase: the rest of the JVM's start, option parsing, the init's start (first the JVM's own TERM
 * handler, then jinit's), spawning, and the command setting its trap and running.
 */
class MyInitTermRaceIT {
    private static final long TERM_BIT = 1L << (15 - 1);

    /**
     * The command: says it started, traps TERM to exit 42, says the trap is set, and waits. A run ends with 42 (the
     * command got TERM), or 143 (TERM killed it before its trap was set, or it never started).
     */
    private static final List<String> COMMAND = List.of("sh", "-c", "echo started; trap 'exit 42' TERM; echo trapped; "
            + "while :; do sleep 1000 >/dev/null 2>&1 & wait $!; done");

    @Test
    @Timeout(240)
    void termAtARandomMomentAfterTheJvmHasATermHandlerIsNeverLost() {
        DistProcess.assumePidNamespaces();
        long seed = Long.getLong("jinit.test.seed", System.nanoTime());
        int runs = Integer.getInteger("jinit.test.termRuns", 24);
        Duration startUp = calibrate();
        // Delays from 0 to past the command's trap: at least 0-400 ms, more on a machine where start-up is slower.
        long maxDelayMicros = Math.max(400_000, startUp.toNanos() / 1000 * 5 / 4);
        System.out.println("MyInitTermRaceIT: seed " + seed + " (repeat with -Djinit.test.seed=" + seed + "), " + runs
                + " runs, TERM handler to trapped command " + startUp.toMillis() + " ms, delays 0-"
                + maxDelayMicros / 1000 + " ms");
        Random random = new Random(seed);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int run = 0; run < runs; run++) {
            long delayMicros = (long) (random.nextDouble() * maxDelayMicros);
            String at = "run " + run + " (seed " + seed + ", TERM " + delayMicros + " us after the JVM's TERM handler)";
            try (DistProcess p = DistProcess.myInitAsPid1(COMMAND)) {
                long jvm = awaitTermHandler(p);
                LockSupport.parkNanos(delayMicros * 1000); // the test input
                assertTrue(ProcessHandle.of(jvm).map(ProcessHandle::destroy).orElse(false),
                        "sent TERM to " + jvm + " in " + at + p.describe());
                int code = p.awaitExit(Duration.ofSeconds(10));
                List<String> out = p.outLines();
                boolean started = out.contains("started");
                boolean trapped = out.contains("trapped");
                outcomes.merge(code + (trapped ? " trapped" : started ? " started" : " never started"), 1, Integer::sum);
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
        System.out.println("MyInitTermRaceIT: outcomes (exit code, how far the command got): " + outcomes);
    }

    /** How long, on this machine, from the JVM's TERM handler to the command's trap being set. */
    private static Duration calibrate() {
        try (DistProcess p = DistProcess.myInitAsPid1(COMMAND)) {
            awaitTermHandler(p);
            long handler = System.nanoTime();
            p.awaitOutLine("trapped");
            Duration took = Duration.ofNanos(System.nanoTime() - handler);
            p.signal("TERM");
            assertEquals(42, p.awaitExit(), "TERM to a running command" + p.describe());
            return took;
        }
    }

    /** Waits until my_init's pid is the JVM (no longer the wrapper script) and has a TERM handler; returns the pid. */
    private static long awaitTermHandler(DistProcess p) {
        long jvm = p.myInitPid();
        DistProcess.pollUntil("my_init's JVM to install a TERM handler", Duration.ofSeconds(15), () -> hasTermHandler(jvm));
        return jvm;
    }

    private static boolean hasTermHandler(long pid) {
        if (!DistProcess.status(pid, "Name").orElse("").equals("java")) {
            return false;
        }
        return DistProcess.status(pid, "SigCgt").map(h -> (Long.parseUnsignedLong(h, 16) & TERM_BIT) != 0).orElse(false);
    }
}
