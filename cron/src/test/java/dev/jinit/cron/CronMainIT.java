package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CronMain} as its own JVM, like {@code jinit cron --root DIR}: reads the crontab under the root, runs its
 * {@code @reboot} job at start, logs the job's output, and exits 0 on TERM. Root only (the crontab must be root's).
 */
class CronMainIT {
    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void runsTheCrontabsUnderItsRootAndStopsOnTerm(@TempDir Path root) throws Exception {
        Assumptions.assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "needs root: a system crontab must belong to root");
        Files.createDirectories(root.resolve("etc"));
        Path crontab = root.resolve("etc/crontab");
        Files.writeString(crontab, "@reboot root echo up from $LOGNAME\n");
        Files.setPosixFilePermissions(crontab, PosixFilePermissions.fromString("rw-r--r--"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CronMain.class.getName(), "--root", root.toString())
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        }, "cron-main-output");
        reader.setDaemon(true);
        reader.start();
        List<String> seen = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (seen.stream().noneMatch(l -> l.contains("dev.jinit.cron.output") && l.endsWith("up from root"))) {
                String l = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertNotNull(l, "no job output within " + TIMEOUT_SECONDS + " s: " + seen);
                seen.add(l);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "still running after TERM");
            assertEquals(0, p.exitValue(), seen.toString());
        } finally {
            p.destroyForcibly();
            p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
