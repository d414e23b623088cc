package dev.jinit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ServicesApp}, which only calls {@code Init.run()}, as a child JVM of this test JVM (PID 1 of its PID
 * namespace, so every process the app leaves behind would show here), with {@code -Djinit.root} on a scratch root:
 * the daemon from its {@code ServiceSource} and a service directory under the root are supervised, their syslog lines
 * arrive as the app's SLF4J events, the {@code @reboot} jobs (from its {@code CronJobSource}, and one added to the
 * running daemon) run, and TERM ends it all with 143.
 */
class ServicesAppIT {
    private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final long TIMEOUT_SECONDS = 60;
    /** Put after the app's last line (compared by identity). */
    private static final String END = new String("end of output");

    @TempDir
    Path root;

    @Test
    void initRunUnderAScratchRootSupervisesRunsTheJobsForwardsSyslogAndEndsCleanOnTerm() throws Exception {
        Assumptions.assumeTrue(ProcessHandle.current().pid() == 1,
                "needs PID 1 of a PID namespace, to see every process the app leaves (tools/pid1/bin/java, as root)");
        Path lib = TARGET.resolve("app-lib");
        Assumptions.assumeTrue(Files.isDirectory(lib), "no " + lib + " (made by mvn package)");
        // The scratch root: dev/ for syslog's socket, and one runit service directory that Init.run() must find.
        Files.createDirectories(root.resolve("dev"));
        Path echoer = Files.createDirectories(root.resolve("etc/service/echoer"));
        Files.writeString(echoer.resolve("run"), "#!/bin/sh\nlogger -u " + root.resolve("dev/log")
                + " -t echoer 'from the service directory'\nexec sleep 1000\n");
        Files.setPosixFilePermissions(echoer.resolve("run"), PosixFilePermissions.fromString("rwxr-xr-x"));

        Set<Long> before = processes();
        Process p = new ProcessBuilder(JAVA, "-Djinit.root=" + root,
                "-XX:+PerfDisableSharedMem", "-cp", TARGET.resolve("classes") + File.pathSeparator + lib + "/*",
                "dev.jinit.examples.ServicesApp").redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    seen.add(l);
                    lines.add(l);
                }
            } catch (IOException e) {
                // the app ended
            } finally {
                lines.add(END);
            }
        }, "services-app-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Map<String, Predicate<String>> wanted = new LinkedHashMap<>();
            wanted.put("the daemon's syslog line as an SLF4J event", l -> l.contains("syslog.ticker") && l.contains("tick "));
            wanted.put("the service directory's syslog line as an SLF4J event",
                    l -> l.contains("syslog.echoer") && l.contains("from the service directory"));
            wanted.put("the @reboot job of the CronJobSource", l -> l.contains("cron job 'hello' ran at start"));
            wanted.put("the @reboot job added to the running daemon",
                    l -> l.contains("cron job 'greeting', added to the running daemon, ran"));
            awaitAll(lines, seen, wanted);
            // sv's view: runit's supervise/stat of the daemon, in the state directory under the root
            assertEquals("run\n", Files.readString(root.resolve("run/jinit/service/ticker/supervise/stat")));
            assertEquals("run\n", Files.readString(echoer.resolve("supervise/stat")));

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the app ended after TERM: " + seen);
            assertEquals(143, p.exitValue(), String.join("\n", seen));
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            Set<Long> left = processes();
            left.removeAll(before);
            assertEquals(Set.of(), left, "processes the app left behind (re-parented to this PID 1): "
                    + describe(left) + "\n" + String.join("\n", seen));
        } finally {
            p.destroyForcibly();
        }
    }

    /** Takes lines until every predicate has matched one, within the timeout. */
    private static void awaitAll(BlockingQueue<String> lines, List<String> seen, Map<String, Predicate<String>> wanted)
            throws InterruptedException {
        Map<String, Predicate<String>> missing = new LinkedHashMap<>(wanted);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (int i = 0; i < 100_000 && !missing.isEmpty(); i++) { // bounded; each round takes a line or times out
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null || l == END) { // timed out, or the app ended
                break;
            }
            missing.values().removeIf(m -> m.test(l));
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("within " + TIMEOUT_SECONDS + " s, no line with " + missing.keySet() + "; got:\n"
                    + String.join("\n", seen));
        }
    }

    /** Every pid in this PID namespace, this JVM's own included. */
    private static Set<Long> processes() throws IOException {
        Set<Long> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            s.map(x -> x.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> out.add(Long.parseLong(n)));
        }
        return out;
    }

    private static String describe(Set<Long> pids) {
        List<String> out = new ArrayList<>();
        for (long pid : pids) {
            try {
                out.add(pid + ": " + Files.readString(Path.of("/proc/" + pid + "/stat")).trim());
            } catch (IOException e) {
                out.add(pid + ": gone");
            }
        }
        return out.toString();
    }
}
