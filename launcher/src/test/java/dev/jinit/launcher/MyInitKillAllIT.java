package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On exit my_init ends every process left (unless --no-kill-all-on-exit): as PID 1 everything in its namespace, and
 * otherwise only its own descendants, never a process outside its tree.
 */
@Timeout(60)
class MyInitKillAllIT {
    /** Starts two background sleeps that outlive the command, prints their pids, and exits 0. */
    private static final String LEAVE_TWO_SLEEPS = "sleep 1000 >/dev/null 2>&1 & echo $!; "
            + "sleep 1000 >/dev/null 2>&1 & echo $!; exit 0";

    private static List<Long> pids(List<String> lines) {
        List<Long> pids = new ArrayList<>();
        for (String l : lines) {
            pids.add(Long.parseLong(l.trim()));
        }
        return pids;
    }

    @Test
    void asPid1LeftoverProcessesGetTermBeforeTheNamespaceEnds(@TempDir Path tmp) throws IOException {
        // Background shells that note the TERM they get: the namespace's own end would KILL them, which no trap sees.
        // The command waits for a line on stdin (background shells read /dev/null instead), so that the test lets it
        // exit only once both have set their trap.
        Path got = tmp.resolve("got-term");
        String leftover = "( trap 'echo NAME >> \"$1\"; exit 0' TERM; echo NAME-up; "
                + "while :; do sleep 1000 >/dev/null 2>&1 & wait $!; done ) & ";
        String command = leftover.replace("NAME", "one") + leftover.replace("NAME", "two") + "read go; exit 0";
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", command, "sh", got.toString()))) {
            Set<String> up = Set.of(p.awaitOut(l -> l.endsWith("-up"), "a leftover up"),
                    p.awaitOut(l -> l.endsWith("-up"), "the other leftover up"));
            assertEquals(Set.of("one-up", "two-up"), up);
            p.process().getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            p.process().getOutputStream().flush();
            assertEquals(0, p.awaitExit(), p.describe());
            assertEquals(Set.of("one", "two"), Set.copyOf(Files.readAllLines(got)),
                    "every leftover got TERM from my_init" + p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains("kill-all - sent SIGTERM to all processes")),
                    p.describe());
        }
    }

    @Test
    void notAsPid1LeftoverDescendantsAreEndedAndReaped() {
        leftoversAreEndedAndReaped(List.of("sh", "-c", LEAVE_TWO_SLEEPS), "kill-all - sent SIGTERM to 2 processes");
    }

    /**
     * The command started before the rest of the init, and here by the JVM, not by the launcher script (which starts
     * one early only as PID 1): its orphans, which may come before the reaper starts, still come to my_init (a child
     * subreaper before the spawn) and are ended and reaped. Before that rule the script started it here, and the
     * orphans of the JVM's first ~0.3 s went to the machine's init.
     */
    @Test
    void notAsPid1TheCommandStartedAtOnceLeavesItsOrphansToMyInit() {
        leftoversAreEndedAndReaped(List.of("--no-syslog", "--skip-startup-files", "--skip-runit", "--", "sh", "-c",
                LEAVE_TWO_SLEEPS), "(started before the rest of the init)", "kill-all - sent SIGTERM to 2 processes");
    }

    /** my_init ARGS, not as PID 1, leaves two sleeps; they are gone when it has exited, and it logged each line. */
    private static void leftoversAreEndedAndReaped(List<String> args, String... logged) {
        List<Long> sleeps = List.of();
        try (DistProcess p = DistProcess.myInit(args)) {
            sleeps = pids(List.of(p.awaitOut(l -> true, "first pid"), p.awaitOut(l -> true, "second pid")));
            assertEquals(0, p.awaitExit(), p.describe());
            for (long pid : sleeps) {
                assertFalse(DistProcess.exists(pid, "sleep"), "sleep " + pid + " is gone, reaped by my_init" + p.describe());
            }
            for (String line : logged) {
                assertTrue(p.errLines().stream().anyMatch(l -> l.contains(line)), line + p.describe());
            }
        } finally {
            sleeps.forEach(pid -> DistProcess.killLeftover(pid, "sleep 1000"));
        }
    }

    @Test
    void notAsPid1WithNoKillAllOnExitLeftoverProcessesKeepRunning() {
        List<Long> sleeps = List.of();
        try (DistProcess p = DistProcess.myInit(List.of("--no-kill-all-on-exit", "sh", "-c", LEAVE_TWO_SLEEPS))) {
            sleeps = pids(List.of(p.awaitOut(l -> true, "first pid"), p.awaitOut(l -> true, "second pid")));
            assertEquals(0, p.awaitExit(), p.describe());
            for (long pid : sleeps) {
                // The fork is done when the shell prints $!; the exec of sleep may still be on its way.
                DistProcess.pollUntil("pid " + pid + " to run sleep 1000", Duration.ofSeconds(5),
                        () -> !DistProcess.running(pid) || DistProcess.cmdline(pid).equals("sleep 1000"));
                assertTrue(DistProcess.running(pid), "sleep " + pid + " still runs" + p.describe());
            }
            assertTrue(p.errLines().stream().noneMatch(l -> l.contains("kill-all")), p.describe());
        } finally {
            sleeps.forEach(pid -> DistProcess.killLeftover(pid, "sleep 1000"));
        }
    }

    @Test
    void notAsPid1KillAllNeverTouchesAProcessOutsideItsTree() throws Exception {
        Process outside = new ProcessBuilder("sleep", "60").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> sleeps = List.of();
        try (DistProcess p = DistProcess.myInit(List.of("sh", "-c", LEAVE_TWO_SLEEPS),
                Map.of("KILL_ALL_PROCESSES_TIMEOUT", "2"))) {
            sleeps = pids(List.of(p.awaitOut(l -> true, "first pid"), p.awaitOut(l -> true, "second pid")));
            assertEquals(0, p.awaitExit(), p.describe());
            for (long pid : sleeps) {
                assertFalse(DistProcess.running(pid), "my_init ended its own leftover " + pid + p.describe());
            }
            assertTrue(outside.isAlive(), "a process outside my_init's tree survives its kill-all" + p.describe());
            assertFalse(outside.waitFor(0, TimeUnit.MILLISECONDS));
        } finally {
            outside.destroyForcibly();
            outside.waitFor(10, TimeUnit.SECONDS);
            sleeps.forEach(pid -> DistProcess.killLeftover(pid, "sleep 1000"));
        }
    }
}
