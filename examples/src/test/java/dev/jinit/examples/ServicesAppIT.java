package dev.jinit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ServicesApp} as PID 1 of a PID namespace: its daemon's syslog lines arrive as the app's own SLF4J events,
 * its cron job in code runs, {@code sv status} sees the daemon, and TERM stops it all with 143.
 */
class ServicesAppIT {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private static boolean canUnshare() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "true").start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static Path dist() {
        String d = System.getenv("JINIT_DIST");
        Path p = d != null && !d.isEmpty() ? Path.of(d) : Path.of("..", "launcher", "target", "jinit").toAbsolutePath();
        Assumptions.assumeTrue(Files.isDirectory(p.resolve("lib")), "no built launcher dist at " + p + " (mvn package)");
        return p;
    }

    @Test
    void daemonSyslogLinesArriveThroughSlf4jTheCronJobRunsAndTermStopsAll() throws Exception {
        Assumptions.assumeTrue(canUnshare(), "needs root and unshare --pid (CI runs as root)");
        String cp = Path.of(System.getProperty("user.dir"), "target", "classes") + ":" + dist().resolve("lib") + "/*";
        Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "--kill-child", JAVA,
                "-Djnr.ffi.asm.enabled=false", "-XX:+PerfDisableSharedMem", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", cp, "dev.jinit.examples.ServicesApp", dir.toString()).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    seen.add(l);
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "services-app-output");
        reader.setDaemon(true);
        reader.start();
        try {
            await(lines, seen, l -> l.contains("cron job 'hello' ran at start"), "the @reboot Java job");
            await(lines, seen, l -> l.contains("syslog.ticker") && l.contains("tick "), "a ticker line through SLF4J");
            Process sv = new ProcessBuilder(dist().resolve("bin/sv").toString(), "status",
                    dir.resolve("service/ticker").toString()).redirectErrorStream(true).start();
            String status = new String(sv.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(sv.waitFor(30, TimeUnit.SECONDS));
            assertTrue(status.startsWith("run: " + dir.resolve("service/ticker") + ": (pid "), status);

            long app = Long.parseLong(Files.readString(Path.of("/proc/" + p.pid() + "/task/" + p.pid() + "/children"))
                    .trim().split("\\s+")[0]);
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(app)).start().waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the app ended after TERM: " + seen);
            assertEquals(143, p.exitValue(), String.join("\n", seen));
        } finally {
            p.destroyForcibly();
        }
    }

    private static void await(BlockingQueue<String> lines, List<String> seen, Predicate<String> match, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < 100_000; i++) { // bounded; each round takes one line or waits out the deadline
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null) {
                break;
            }
            if (match.test(l)) {
                return;
            }
        }
        throw new AssertionError("no line with " + what + " within 30 s; got:\n" + String.join("\n", seen));
    }
}
