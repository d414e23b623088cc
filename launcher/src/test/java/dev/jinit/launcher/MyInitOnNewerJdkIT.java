package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dist on the newest JDK this machine has beyond the one it was built with (JDK 22 or later; see {@link NewerJdk}):
 * my_init as PID 1 starts without a word from the JVM, passes on exit codes and signals (read from a signalfd), and
 * JINIT_CDS_DUMP makes a JDK 25 AOT cache that later starts use, silently when the JVM rejects it.
 */
@Timeout(120)
class MyInitOnNewerJdkIT {
    private static final Duration SLOW = Duration.ofSeconds(90); // a training run and the cache's assembly

    private static NewerJdk newer(int min) {
        var jdk = NewerJdk.atLeast(min);
        Assumptions.assumeTrue(jdk.isPresent(), NewerJdk.none(min));
        return jdk.get();
    }

    /** Lines a JVM prints about itself: its own warnings (JNI, sun.misc.Unsafe) and unified logging's. */
    private static boolean fromTheJvm(String line) {
        return line.contains("WARNING") || line.contains("[warning") || line.contains("[error");
    }

    @Test
    void quietMyInitPassesOnTheExitCodeAndTheJvmSaysNothing() {
        NewerJdk jdk = newer(22);
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--quiet", "sh", "-c", "exit 7"),
                Map.of("JAVA_HOME", jdk.home().toString()))) {
            assertEquals(7, p.awaitExit(), p.describe());
            assertEquals(List.of(), p.errLines(), "with --quiet, nothing on stderr on JDK " + jdk.feature());
        }
    }

    @Test
    void termReachesTheCommandThroughTheSignalfd() {
        NewerJdk jdk = newer(22);
        Assumptions.assumeTrue(MyInitTermRaceIT.envBlocksSignals(), "env has no --block-signal (coreutils < 8.31)");
        String command = "trap 'echo TERM; exit 6' TERM; echo ready; "
                + "while :; do sleep 1000 >/dev/null 2>&1 & p=$!; wait $p; kill $p 2>/dev/null; done";
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", command),
                Map.of("JAVA_HOME", jdk.home().toString(),
                        "JINIT_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"))) {
            p.awaitOutLine("ready");
            p.awaitErr(l -> l.contains("signals - backend signalfd for "), "the init choosing the signalfd backend");
            p.awaitCommandRunning();
            p.signal("TERM");
            p.awaitOutLine("TERM");
            assertEquals(6, p.awaitExit(), "the command's trap exits 6 on TERM" + p.describe());
            assertEquals(List.of(), p.errLines().stream().filter(MyInitOnNewerJdkIT::fromTheJvm).toList(), p.describe());
        }
    }

    /**
     * In a copy of the dist (the build's own lib/ is left alone): JINIT_CDS_DUMP on JDK 25 writes lib/jinit.aot and its
     * key, saying no more than two lines; a start as PID 1 then opens that cache; and a start whose options the cache
     * does not fit (compact object headers switched) is as quiet as one without a cache.
     */
    @Test
    void cdsDumpOnJdk25WritesAnAotCacheThatLaterStartsUse(@TempDir Path tmp) throws Exception {
        NewerJdk jdk = newer(25);
        DistProcess.assumePidNamespaces();
        Path dist = tmp.resolve("dist");
        assertEquals(0, DistProcess.run(List.of("cp", "-a", DistProcess.dist().toString(), dist.toString()),
                Duration.ofSeconds(30)), "copy the dist");
        dist = dist.toRealPath();
        for (String f : List.of("jinit.jsa", "jinit.jsa.key", "jinit.aot", "jinit.aot.key")) {
            Files.deleteIfExists(dist.resolve("lib").resolve(f));
        }
        Path java = jdk.java();

        Run dump = run(tmp, false, List.of(dist + "/bin/my_init", "--quiet", "--no-kill-all-on-exit", "--root",
                root(tmp), "--", "true"), Map.of("JAVA_HOME", jdk.home().toString(), "JINIT_CDS_DUMP", "1"));
        assertEquals(0, dump.code, dump.toString());
        Path aot = dist.resolve("lib/jinit.aot");
        assertTrue(Files.size(aot) > 0, "the cache: " + aot);
        assertEquals(List.of(dist.toString(), java.toString(), java.toRealPath().toString()),
                Files.readAllLines(dist.resolve("lib/jinit.aot.key")), "its key");
        assertTrue(Files.notExists(dist.resolve("lib/jinit.jsa")), "no JDK 17 archive beside it");
        String wrote = "my_init: wrote " + aot;
        for (String line : dump.err) {
            assertTrue(line.equals(wrote) || line.matches(" ?AOTConfiguration recorded: .*"),
                    "only the recording's line and the wrapper's; got: " + line + dump);
        }
        assertTrue(dump.err.contains(wrote), dump.toString());

        Run used = run(tmp, true, List.of(dist + "/bin/my_init", "--quiet", "--root", root(tmp), "--", "sh", "-c",
                "exit 3"), Map.of("JAVA_HOME", jdk.home().toString(), "JINIT_JAVA_OPTS", "-Xlog:aot=info:stderr"));
        assertEquals(3, used.code, used.toString());
        assertTrue(used.err.stream().anyMatch(l -> l.contains("Opened AOT cache " + aot)), used.toString());
        assertTrue(used.err.stream().anyMatch(l -> l.contains("Using AOT-linked classes: true")), used.toString());

        // The cache holds objects in the header layout it was made with: the other one makes the JVM reject it.
        String otherHeaders = JinitJavaOptionsIT.JDK25.contains("-XX:+UseCompactObjectHeaders")
                ? "-XX:-UseCompactObjectHeaders" : "-XX:+UseCompactObjectHeaders";
        Run rejected = run(tmp, true, List.of(dist + "/bin/my_init", "--quiet", "--root", root(tmp), "--", "sh", "-c",
                "exit 4"), Map.of("JAVA_HOME", jdk.home().toString(), "JINIT_JAVA_OPTS", otherHeaders));
        assertEquals(4, rejected.code, rejected.toString());
        assertEquals(List.of(), rejected.err, "a cache the JVM rejects, silently" + rejected);
        Run told = run(tmp, true, List.of(dist + "/bin/my_init", "--quiet", "--root", root(tmp), "--", "true"),
                Map.of("JAVA_HOME", jdk.home().toString(), "JINIT_JAVA_OPTS", otherHeaders + " -Xlog:aot=info:stderr"));
        assertTrue(told.err.stream().anyMatch(l -> l.contains("Unable to use AOT cache")),
                "the JVM did reject it (shown when asked)" + told);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private record Run(int code, List<String> out, List<String> err) {
        @Override
        public String toString() {
            return "\n  exit " + code + "\n  stdout: " + out + "\n  stderr: " + err;
        }
    }

    private static String root(Path tmp) throws IOException {
        return Files.createTempDirectory(tmp, "root-").toString();
    }

    /** Runs a command to its end (bounded), as PID 1 of a new PID namespace if asked, without a JINIT_JAVA_OPTS of its own. */
    private static Run run(Path tmp, boolean asPid1, List<String> command, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asPid1) {
            cmd.addAll(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
        }
        cmd.addAll(command);
        Path out = Files.createTempFile(tmp, "out-", ".txt");
        Path err = Files.createTempFile(tmp, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().remove("JINIT_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(SLOW.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(cmd + " did not end within " + SLOW + "; stderr: " + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readAllLines(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
