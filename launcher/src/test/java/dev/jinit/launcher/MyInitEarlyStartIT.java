package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/my_init's early start (bin/jinit-java, "Early start"): when nothing of my_init's sequence has to run before the
 * command (--no-syslog, no start-up files, no services, no container environment to import), the wrapper script starts
 * the command itself before it execs the JVM, and the JVM takes it on. The command must get what a JVM-spawned one
 * gets (nothing blocked or ignored, fds 0-2, stdin), its exit code must come back, a signal sent while the JVM starts
 * must reach it, orphans from before the JVM must be reaped, and any other configuration must leave the start to the
 * JVM, in my_init's order.
 */
@Timeout(120)
class MyInitEarlyStartIT {
    private static final Duration SLOW = Duration.ofSeconds(30);
    private static final String EARLY = "(started by the launcher script before the JVM)";
    private static final long TERM_BIT = 1L << (15 - 1);
    private static final long GLIBC_INTERNAL = (1L << (32 - 1)) | (1L << (33 - 1));

    @TempDir
    Path root;

    @BeforeEach
    void envBlocksSignals() {
        DistProcess.assumePidNamespaces();
        Assumptions.assumeTrue(MyInitTermRaceIT.envBlocksSignals(),
                "env has no --block-signal/--default-signal (coreutils < 8.31): no early start");
    }

    private List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of("--root", root.toString()));
        a.addAll(Arrays.asList(more));
        return a;
    }

    private void script(String path, String body) throws IOException {
        DistProcess.script(root.resolve(path), body);
    }

    @Test
    void theCommandStartsBeforeTheJvmWithNothingBlockedOrIgnoredAndOnlyFdsZeroToTwo() {
        // Shell builtins only for the masks (dash blocks signals around a vfork); ls lists its own fds (3: the listing)
        String probe = "while IFS= read -r l; do case \"$l\" in SigBlk:*|SigIgn:*) echo \"$l\";; esac; done"
                + " < /proc/$$/status; exec ls /proc/self/fd";
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--", "sh", "-c", probe))) {
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            List<String> out = p.outLines();
            assertEquals(4 + 2, out.size(), p.describe());
            assertEquals("SigBlk:\t0000000000000000", out.get(0), p.describe());
            // glibc's own signals 32 and 33 keep what the parent gave (no program can set them through libc; a JVM's
            // ProcessBuilder, this test's, starts children with them ignored): glibc resets them itself when it uses them
            long ignored = Long.parseUnsignedLong(out.get(1).substring("SigIgn:\t".length()), 16);
            assertEquals(0, ignored & ~GLIBC_INTERNAL, "nothing else ignored: " + out.get(1) + p.describe());
            assertEquals(List.of("0", "1", "2", "3"), out.subList(2, 6), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), p.describe());
        }
    }

    @Test
    void stdinReachesTheCommandAndItsExitCodeComesBack() throws IOException {
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--quiet", "--", "sh", "-c",
                "read line; echo \"got $line\"; exit 7"))) {
            OutputStream in = p.process().getOutputStream();
            in.write("hello\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertEquals(7, p.awaitExit(SLOW), p.describe());
            assertEquals(List.of("got hello"), p.outLines(), p.describe());
        }
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--quiet", "--", "jinit-no-such-command"))) {
            assertEquals(127, p.awaitExit(SLOW), p.describe());
        }
    }

    /**
     * TERM while the JVM starts: it waits, blocked, and the JVM forwards it to the command once up. PID 1 is already
     * java with TERM blocked when it is sent (polled from /proc), so the only path taken is the one under test.
     */
    @Test
    void aTermSentWhileTheJvmStartsReachesTheCommand() {
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--", "sh", "-c",
                "trap 'echo got TERM; exit 42' TERM; echo ready; while :; do sleep 1 & wait $!; done"))) {
            p.awaitOutLine("ready");
            long pid1 = p.myInitPid();
            DistProcess.pollUntil("my_init's shell to exec java with TERM blocked", Duration.ofSeconds(15),
                    () -> DistProcess.status(pid1, "Name").orElse("").equals("java")
                            && (DistProcess.status(pid1, "SigBlk").map(h -> Long.parseUnsignedLong(h, 16)).orElse(0L)
                            & TERM_BIT) != 0);
            assertTrue(ProcessHandle.of(pid1).map(ProcessHandle::destroy).orElse(false), p.describe());
            assertEquals(42, p.awaitExit(SLOW), p.describe());
            assertTrue(p.outLines().contains("got TERM"), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), p.describe());
        }
    }

    /** An orphan that ended before the JVM was up, a zombie of PID 1 meanwhile, is reaped once it is. */
    @Test
    void anOrphanFromBeforeTheJvmIsReaped() throws IOException {
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--", "sh", "-c",
                "(true &); echo orphaned; exec cat"))) {
            p.awaitOutLine("orphaned");
            p.awaitErr(l -> l.contains(EARLY), "the JVM taking the command on");
            long pid1 = p.myInitPid();
            DistProcess.pollUntil("the orphan reaped: the command (cat) is PID 1's only child", SLOW,
                    () -> children(pid1).size() == 1 && DistProcess.running(children(pid1).get(0)));
            p.process().getOutputStream().close(); // cat ends, and my_init with it
            assertEquals(0, p.awaitExit(SLOW), p.describe());
        }
    }

    private static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                String c = DistProcess.read(t.resolve("children")).orElse("").trim();
                for (String s : c.isEmpty() ? new String[0] : c.split("\\s+")) {
                    out.add(Long.parseLong(s));
                }
            }
        } catch (IOException e) {
            return List.of(); // ended meanwhile
        }
        return out;
    }

    @Test
    void binJinitRunStartsEarlyToo() {
        List<String> a = new ArrayList<>(List.of("run"));
        a.addAll(args("--no-syslog", "--", "sh", "-c", "exit 3"));
        try (DistProcess p = DistProcess.programAsPid1("jinit", a)) {
            assertEquals(3, p.awaitExit(SLOW), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), p.describe());
        }
    }

    /** The wrapper reads the options as my_init does: a command without "--" too; an option it does not know (or a
     * command word that env would take for a variable) leaves the start to the JVM. */
    @Test
    void theWrapperReadsTheOptionsAsMyInitDoes() {
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--quiet", "sh", "-c", "exit 4"))) {
            assertEquals(4, p.awaitExit(SLOW), p.describe());
        }
        try (DistProcess p = DistProcess.myInitAsPid1(args("--root=" + root, "--no-syslog", "sh", "-c", "exit 5"))) {
            assertEquals(5, p.awaitExit(SLOW), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), "--root=DIR, no --" + p.describe());
        }
        for (List<String> late : List.of(List.of("--no-syslog", "--rewrite", "HUP:0", "--", "true"),
                List.of("--no-syslog", "-g", "--", "true"), List.of("--no-syslog", "--", "A=b", "true"))) {
            try (DistProcess p = DistProcess.myInitAsPid1(args(late.toArray(String[]::new)))) {
                int code = p.awaitExit(SLOW);
                assertFalse(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), late + p.describe());
                assertEquals(late.contains("A=b") ? 127 : 0, code, late + p.describe());
            }
        }
    }

    /** What must come before the command keeps the start in the JVM, in my_init's order. */
    @Test
    void aStartUpScriptSyslogOrTheContainerEnvironmentLeaveTheStartToTheJvm() throws IOException {
        Path order = root.resolve("order");
        script("etc/my_init.d/10_first", "echo startup >> " + order);
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--", "sh", "-c", "echo main >> " + order))) {
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            assertEquals(List.of("startup", "main"), Files.readAllLines(order));
            assertFalse(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), p.describe());
        }
        Files.delete(root.resolve("etc/my_init.d/10_first"));

        try (DistProcess p = DistProcess.myInitAsPid1(args("--", "true"))) { // syslog starts first
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            assertFalse(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), p.describe());
        }
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--", "true"),
                Map.of("JINIT_EARLY_START", "0"))) {
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            assertFalse(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), p.describe());
        }
        // A signal mask from the parent (a container runtime that blocks one) never reaches the command: dash clears
        // its own mask at start, and a shell that keeps one leaves the start to the JVM, which spawns with none
        try (DistProcess p = DistProcess.myInitAsPid1Through(List.of("env", "--block-signal=WINCH"),
                args("--no-syslog", "--", "sh", "-c", "while IFS= read -r l; do case \"$l\" in SigBlk:*) echo \"$l\";;"
                        + " esac; done < /proc/$$/status"), Map.of())) {
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            assertEquals(List.of("SigBlk:\t0000000000000000"), p.outLines(), p.describe());
        }
        script("etc/service/svc/run", "exec sleep 1000");
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--", "true"))) { // services start first
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            assertFalse(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), p.describe());
        }
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--skip-runit", "--", "true"))) {
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), "--skip-runit: none" + p.describe());
        }

        // A variable in the container environment (the JVM imports it, then exports every variable there)
        Files.createDirectories(root.resolve("etc/container_environment"));
        Files.writeString(root.resolve("etc/container_environment/FROM_FILE"), "v\n");
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--skip-runit", "--", "sh", "-c",
                "echo \"$FROM_FILE\""))) {
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            assertEquals(List.of("v"), p.outLines(), "imported by the JVM" + p.describe());
            assertFalse(p.errLines().stream().anyMatch(l -> l.contains(EARLY)), p.describe());
        }
    }

    /** A usage error with a stray -Djinit.main.pid ends nothing that is not the JVM's child (here: PID 1 itself). */
    @Test
    void aUsageErrorNeverEndsAProcessThatIsNotAChild() {
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--version"),
                Map.of("JINIT_EARLY_START", "0", "JINIT_JAVA_OPTS", "-Djinit.main.pid=1"))) {
            assertEquals(2, p.awaitExit(SLOW), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains("did not end pid 1")), p.describe());
        }
    }

    /** A pid that is no child of the JVM (a stray -Djinit.main.pid) fails the start with a message, exit 1. */
    @Test
    void aPidThatIsNotAChildOfTheJvmFailsTheStart() {
        try (DistProcess p = DistProcess.myInitAsPid1(args("--no-syslog", "--", "true"),
                Map.of("JINIT_EARLY_START", "0", "JINIT_JAVA_OPTS", "-Djinit.main.pid=99999"))) {
            assertEquals(1, p.awaitExit(SLOW), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains("99999 is not a child of this process")),
                    p.describe());
        }
    }
}
