package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** my_init as PID 1 stays an ordinary JVM for its tools, and starts its command with a clean slate. */
@Timeout(60)
class MyInitAsPid1IT {

    @Test
    void jcmdThreadPrintWorksAgainstMyInitAsPid1(@TempDir Path tmp) throws Exception {
        Path jcmd = DistProcess.javaHome().resolve("bin/jcmd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(jcmd), "needs a JDK with jcmd: " + jcmd);
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", "echo ready; exec sleep 1000"))) {
            p.awaitOutLine("ready");
            p.awaitCommandRunning();
            long pid = p.myInitPid();
            assertEquals("1", DistProcess.status(pid, "NSpid").map(s -> s.split("\\s+")[1]).orElse("?"),
                    "my_init is PID 1 of its namespace");
            Path out = tmp.resolve("jcmd.out");
            Process j = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                assertTrue(j.waitFor(30, TimeUnit.SECONDS), "jcmd did not end within 30 s");
                String dump = Files.readString(out);
                assertEquals(0, j.exitValue(), dump);
                assertTrue(dump.contains("\"jinit-init\""), "the signal owner thread is in the dump:\n" + dump);
            } finally {
                j.destroyForcibly();
            }
            p.signal("TERM");
            assertEquals(143, p.awaitExit(), "still forwards TERM after the attach" + p.describe());
        }
    }

    @Test
    void theJvmsOwnOutputGoesToStderrAndStdoutStaysTheCommands() throws IOException {
        // A thread dump on SIGQUIT (QUIT is the JVM's, not forwarded) and, without huge pages, a unified-logging
        // warning: HotSpot writes both to stdout unless told otherwise, which would corrupt the command's output.
        boolean noHugePages = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .anyMatch(l -> l.matches("HugePages_Total:\\s+0"));
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--quiet", "sh", "-c", "echo ready; exec sleep 1000"),
                java.util.Map.of("JINIT_JAVA_OPTS", "-XX:+UseLargePages"))) {
            p.awaitOutLine("ready");
            // The command may run before my_init's own threads (started at once); the dump should show them.
            long jvm = p.myInitPid();
            DistProcess.pollUntil("my_init's jinit-init thread", DistProcess.LINE_TIMEOUT, () -> hasThread(jvm, "jinit-init"));
            p.signal("QUIT");
            p.awaitErr(l -> l.startsWith("Full thread dump "), "the thread dump on stderr");
            p.awaitErr(l -> l.startsWith("\"jinit-init\""), "the signal owner thread in the dump");
            p.signal("TERM");
            assertEquals(143, p.awaitExit(), p.describe());
            assertEquals(List.of("ready"), p.outLines(), "stdout is the command's alone");
            if (noHugePages) {
                assertTrue(p.errLines().stream().anyMatch(l -> l.contains("[warning]") && l.contains("UseLargePages")),
                        p.describe());
            }
        }
    }

    /** Whether process {@code pid} has a thread named {@code name} (its comm). */
    private static boolean hasThread(long pid, String name) {
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.anyMatch(t -> DistProcess.read(t.resolve("comm")).map(String::strip).orElse("").equals(name));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /**
     * A container with a read-only root and no writable /tmp: jffi would extract its native stub to $TMPDIR, then to
     * the working directory, and with neither writable my_init could not bind libc. The dist carries the stub
     * (lib/jni, named by the wrappers), so it starts anyway. The working directory is /proc, where not even root
     * may create a file.
     */
    @Test
    void startsWithNoWritableTemporaryOrWorkingDirectory(@TempDir Path root) throws Exception {
        DistProcess.assumePidNamespaces();
        Path err = root.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
                DistProcess.bin("my_init").toString(), "--quiet", "--root", root.toString(), "--", "sh", "-c", "exit 7")
                .directory(Path.of("/proc").toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        pb.environment().put("TMPDIR", "/nonexistent");
        pb.environment().put("JINIT_JAVA_OPTS", "-Djava.io.tmpdir=/nonexistent");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(50, TimeUnit.SECONDS), "my_init did not end");
            assertEquals(7, p.exitValue(), "the command's exit code; stderr: " + Files.readString(err));
            // --quiet: not a line, SLF4J's own "provider specified via slf4j.provider" report included
            assertEquals("", Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * A parent that leaves my_init's JVM some of its signals blocked (here CHLD and USR1, and HUP, INT and TERM blocked
     * and ignored), but not all it handles, and no wrapper block (JINIT_BLOCK_SIGNALS=0): the blocked ones are read
     * from a signalfd, the rest through the JDK. Before the mixed backend the JDK backend took them all, a blocked
     * SIGCHLD never arrived, and my_init waited for its ended command for ever.
     */
    @Test
    void underAParentThatBlockedSomeOfItsSignalsTheCommandsEndAndATermStillArrive() {
        List<String> env = List.of("env", "--ignore-signal=HUP,INT,TERM", "--block-signal=HUP,INT,TERM,USR1,CHLD");
        org.junit.jupiter.api.Assumptions.assumeTrue(MyInitTermRaceIT.envBlocksSignals(),
                "env has no --block-signal (coreutils < 8.31)");
        Map<String, String> plain = Map.of("JINIT_BLOCK_SIGNALS", "0");
        try (DistProcess p = DistProcess.myInitAsPid1Through(env, List.of("--", "sh", "-c", "exit 7"), plain)) {
            assertEquals(7, p.awaitExit(), "the command's end seen (SIGCHLD from the signalfd)" + p.describe());
        }
        try (DistProcess p = DistProcess.myInitAsPid1Through(env, List.of("--", "sh", "-c",
                "trap 'exit 42' TERM; echo trapped; while :; do sleep 1000 >/dev/null 2>&1 & wait $!; done"), plain)) {
            p.awaitOutLine("trapped");
            p.signal("TERM");
            assertEquals(42, p.awaitExit(), "TERM (blocked and ignored, from the signalfd) forwarded" + p.describe());
        }
    }

    @Test
    void theCommandStartsWithNoBlockedOrIgnoredSignalsAndOnlyStdio() {
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--quiet", "sh", "-c",
                "while IFS= read -r l; do case \"$l\" in SigBlk:*|SigIgn:*) echo \"$l\";; esac; done < /proc/$$/status; ls /proc/$$/fd"))) {
            assertEquals(0, p.awaitExit(), p.describe());
            assertEquals(List.of("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000", "0", "1", "2"),
                    p.outLines(), p.describe());
        }
    }

    @Test
    void notAsPid1TheCommandAlsoStartsClean() {
        try (DistProcess p = DistProcess.myInit(List.of("--quiet", "sh", "-c",
                "while IFS= read -r l; do case \"$l\" in SigBlk:*|SigIgn:*) echo \"$l\";; esac; done < /proc/$$/status; ls /proc/$$/fd"))) {
            assertEquals(0, p.awaitExit(), p.describe());
            assertEquals(List.of("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000", "0", "1", "2"),
                    p.outLines(), p.describe());
        }
    }
}
