package dev.jinit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An app calling {@code Init.run()}, started the two ways users start Java, as PID 1 of a new PID namespace: orphans
 * all reaped, ProcessBuilder exit codes all exact, whichever way the reaper finds the JDK's children.
 */
class OrphanDemoIT {
    private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private static boolean canUnshare() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true").start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static List<String> runAsPid1(List<String> javaCommand) throws Exception {
        Assumptions.assumeTrue(canUnshare(), "needs root and unshare --pid (CI runs as root)");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"));
        cmd.addAll(javaCommand);
        Path out = Files.createTempFile("orphan-demo", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("demo did not finish in 120 s: " + Files.readString(out));
            }
            List<String> lines = Files.readAllLines(out);
            assertEquals(0, p.exitValue(), String.join("\n", lines));
            return lines;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void plainJavaCpWithNoJvmFlagReapsEveryOrphanAndKeepsExitCodesExact() throws Exception {
        String cp = TARGET.resolve("classes") + File.pathSeparator + TARGET.resolve("lib") + File.separator + "*";
        List<String> out = runAsPid1(List.of(JAVA, "-cp", cp, "dev.jinit.examples.OrphanDemo", "1000"));
        assertTrue(out.contains("pid 1; reaper finds JDK children by 'unsafe'"), String.join("\n", out));
        assertTrue(out.contains("ProcessBuilder exit codes exact: 100 of 100"), String.join("\n", out));
        assertTrue(out.contains("orphans reaped: 1000 of 1000; children left: none"), String.join("\n", out));
    }

    @Test
    void javaDashJarUsesTheManifestsAddOpensLine() throws Exception {
        Path jar;
        try (var s = Files.list(TARGET)) {
            jar = s.filter(p -> p.getFileName().toString().matches("jinit-examples-.*\\.jar")).findFirst().orElseThrow();
        }
        List<String> out = runAsPid1(List.of(JAVA, "-jar", jar.toString(), "1000"));
        assertTrue(out.contains("pid 1; reaper finds JDK children by 'lookup'"), String.join("\n", out));
        assertTrue(out.contains("ProcessBuilder exit codes exact: 100 of 100"), String.join("\n", out));
        assertTrue(out.contains("orphans reaped: 1000 of 1000; children left: none"), String.join("\n", out));
    }
}
