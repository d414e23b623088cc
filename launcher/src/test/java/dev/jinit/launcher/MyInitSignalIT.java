package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Signals sent to my_init (PID 1 of a nested namespace) reach its command: each forwardable one, to the process group
 * with -g, through --rewrite; and a command that ignores TERM is killed after KILL_PROCESS_TIMEOUT.
 */
@Timeout(60)
class MyInitSignalIT {
    /** Every signal my_init forwards, INT and TERM (which also start the stop) last. */
    private static final List<String> FORWARDED = List.of("HUP", "USR1", "WINCH", "CONT", "TSTP", "TTIN", "TTOU",
            "ALRM", "PWR", "INT", "TERM");

    /**
     * A shell that traps each signal in {@code traps} (NAME or NAME=ACTION; the default action echoes NAME), prints
     * "ready", and waits. dash's {@code wait} returns when a trapped signal arrives; the loop then kills that sleep and
     * waits again.
     */
    private static String trappingShell(List<String> traps) {
        StringBuilder s = new StringBuilder();
        for (String t : traps) {
            int eq = t.indexOf('=');
            String name = eq < 0 ? t : t.substring(0, eq);
            String action = eq < 0 ? "echo " + name : t.substring(eq + 1);
            s.append("trap '").append(action).append("' ").append(name).append("; ");
        }
        return s + "echo ready; while :; do sleep 1000 >/dev/null 2>&1 & p=$!; wait $p; kill $p 2>/dev/null; done";
    }

    @Test
    void everyForwardableSignalReachesTheCommand() {
        List<String> traps = new ArrayList<>(FORWARDED);
        traps.set(traps.indexOf("TERM"), "TERM=echo TERM; exit 6");
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", trappingShell(traps)))) {
            p.awaitOutLine("ready");
            p.awaitCommandRunning();
            for (String signal : FORWARDED) {
                p.signal(signal);
                p.awaitOutLine(signal); // event-driven: the trap's echo, read with a deadline
            }
            assertEquals(6, p.awaitExit(), "the command's trap exits 6 on TERM" + p.describe());
        }
    }

    @Test
    void signalsKeepBeingForwardedAfterIntStartedTheStop() {
        // INT starts the stop (KILL after KILL_PROCESS_TIMEOUT), but the command may still get other signals.
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", trappingShell(List.of("INT", "HUP",
                "USR1=echo USR1; exit 9"))))) {
            p.awaitOutLine("ready");
            p.awaitCommandRunning();
            p.signal("INT");
            p.awaitOutLine("INT");
            p.signal("HUP");
            p.awaitOutLine("HUP");
            p.signal("USR1");
            p.awaitOutLine("USR1");
            assertEquals(9, p.awaitExit(), p.describe());
        }
    }

    @Test
    void withGroupForwardingTheWholeProcessGroupGetsTheSignals() {
        // A background subshell of the command stays in its process group; only -g reaches it.
        String grandchild = "( trap 'echo G-USR1' USR1; trap 'echo G-HUP' HUP; trap 'exit 0' TERM; echo g-ready; "
                + "while :; do sleep 1000 >/dev/null 2>&1 & p=$!; wait $p; kill $p 2>/dev/null; done ) & ";
        String child = grandchild + trappingShell(List.of("USR1", "HUP", "TERM=echo TERM; exit 6"));
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("-g", "sh", "-c", child))) {
            Set<String> ready = new HashSet<>();
            for (int i = 0; i < 2; i++) { // child and grandchild, in either order
                ready.add(p.awaitOut(l -> l.equals("ready") || l.equals("g-ready"), "ready or g-ready"));
            }
            assertEquals(Set.of("ready", "g-ready"), ready);
            p.awaitCommandRunning();
            for (String signal : List.of("USR1", "HUP")) {
                p.signal(signal);
                Set<String> got = new HashSet<>();
                for (int i = 0; i < 2; i++) { // the two echoes come in either order
                    got.add(p.awaitOut(l -> l.equals(signal) || l.equals("G-" + signal), signal + " or G-" + signal));
                }
                assertEquals(Set.of(signal, "G-" + signal), got, "child and grandchild both got " + signal);
            }
            p.signal("TERM");
            assertEquals(6, p.awaitExit(), p.describe());
        }
    }

    @Test
    void rewriteChangesTheForwardedSignal() {
        String child = trappingShell(List.of("TERM=echo TERM; exit 1", "USR1=echo USR1; exit 7"));
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--rewrite", "TERM:USR1", "sh", "-c", child))) {
            p.awaitOutLine("ready");
            p.awaitCommandRunning();
            p.signal("TERM");
            assertEquals(7, p.awaitExit(), "TERM arrived as USR1" + p.describe());
            assertEquals(List.of("ready", "USR1"), p.outLines());
        }
    }

    @Test
    void rewriteToZeroDropsTheSignal() {
        String child = trappingShell(List.of("HUP", "USR1=echo USR1; exit 7"));
        // At debug level the forwarder logs each signal it drops: the event that HUP was handled (and not sent).
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--rewrite=HUP:0", "sh", "-c", child),
                Map.of("JINIT_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"))) {
            p.awaitOutLine("ready");
            p.awaitCommandRunning();
            p.signal("HUP");
            p.awaitErr(l -> l.contains("SIGHUP dropped by the rewrite rules"), "the forwarder dropping SIGHUP");
            p.signal("USR1");
            assertEquals(7, p.awaitExit(), p.describe());
            assertEquals(List.of("ready", "USR1"), p.outLines(), "the command never saw HUP");
        }
    }

    @Test
    void aCommandThatIgnoresTermIsKilledAfterKillProcessTimeout() {
        // trap '' is inherited through exec: the sleep that replaces the shell ignores TERM too.
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", "trap '' TERM; echo ready; exec sleep 1000"),
                Map.of("KILL_PROCESS_TIMEOUT", "1"))) {
            p.awaitOutLine("ready");
            p.awaitCommandRunning();
            long sent = System.nanoTime();
            p.signal("TERM");
            int code = p.awaitExit(Duration.ofSeconds(10));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            assertEquals(137, code, "killed by KILL" + p.describe());
            assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0, "not before KILL_PROCESS_TIMEOUT: " + took);
            assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "soon after KILL_PROCESS_TIMEOUT: " + took);
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains("sending SIGKILL")), p.describe());
        }
    }

    @Test
    void aCommandThatEndsOnTermIsNotKilled() {
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", "trap 'exit 0' TERM; echo ready; "
                + "while :; do sleep 1000 >/dev/null 2>&1 & wait $!; done"), Map.of("KILL_PROCESS_TIMEOUT", "1"))) {
            p.awaitOutLine("ready");
            p.awaitCommandRunning();
            p.signal("TERM");
            assertEquals(0, p.awaitExit(Duration.ofSeconds(10)), p.describe());
            assertTrue(p.errLines().stream().noneMatch(l -> l.contains("SIGKILL")), p.describe());
        }
    }
}
