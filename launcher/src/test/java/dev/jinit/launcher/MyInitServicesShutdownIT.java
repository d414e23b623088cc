package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How my_init as PID 1 ends services of the service directory: KILL_PROCESS_TIMEOUT bounds each one's stop (as
 * phusion's {@code sv -w KILL_PROCESS_TIMEOUT force-stop}), and a directory with an {@code essential} file that fails
 * permanently shuts everything down with exit code 1. Each script appends a line to {@code out/order}.
 */
class MyInitServicesShutdownIT {
    private static final Duration SLOW = Duration.ofSeconds(30); // a loaded 2-core machine starts JVMs slowly

    @TempDir
    Path root;

    private Path order() {
        return root.resolve("out/order");
    }

    private void script(String path, String body) throws IOException {
        DistProcess.script(root.resolve(path), body.replace("$ROOT", root.toString()));
    }

    private List<String> lines() {
        return DistProcess.read(order()).orElse("").lines().toList();
    }

    private void shutdownScripts() throws IOException {
        Files.createDirectories(root.resolve("out"));
        script("etc/my_init.pre_shutdown.d/pre", "echo pre-shutdown >> $ROOT/out/order");
        script("etc/my_init.post_shutdown.d/post", "echo post-shutdown >> $ROOT/out/order");
    }

    @Test
    void killProcessTimeoutBoundsTheStopOfADirectoryServiceThatIgnoresTerm() throws Exception {
        Files.createDirectories(root.resolve("out"));
        script("etc/my_init.pre_shutdown.d/pre", "echo pre-shutdown >> $ROOT/out/order");
        // the service's pid is gone by the post-shutdown scripts (before kill-all): only KILL can have ended it
        script("etc/my_init.post_shutdown.d/post", """
                if kill -0 "$(cat $ROOT/out/pid)" 2>/dev/null; then s=running; else s=gone; fi
                echo "post-shutdown stubborn $s $(date +%s%N)" >> $ROOT/out/order""");
        // ignores TERM (notes when it came, in ns); the short sleeps let the trap run at once
        script("etc/service/stubborn/run", """
                trap 'echo "TERM $(date +%s%N)" >> $ROOT/out/order' TERM
                echo $$ > $ROOT/out/pid
                echo started >> $ROOT/out/order
                while :; do sleep 0.1; done""");
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--root", root.toString(), "--no-syslog"),
                Map.of("KILL_PROCESS_TIMEOUT", "2", "KILL_ALL_PROCESSES_TIMEOUT", "1"))) {
            p.awaitErr(l -> l.contains("waiting for SIGTERM or SIGINT"), "my_init running");
            DistProcess.pollUntil("the service started", SLOW, () -> lines().contains("started"));
            long term = System.nanoTime();
            p.signal("TERM");
            assertEquals(0, p.awaitExit(SLOW), p.describe());
            Duration took = Duration.ofNanos(System.nanoTime() - term);
            List<String> got = lines();
            assertEquals(List.of("started", "pre-shutdown", "TERM", "post-shutdown stubborn gone"),
                    got.stream().map(l -> l.replaceAll(" [0-9]{12,}$", "")).toList(),
                    "TERM ignored, then KILLed before the post-shutdown scripts: " + p.describe());
            long termAt = Long.parseLong(got.get(2).split(" ")[1]);
            long postAt = Long.parseLong(got.get(3).split(" ")[3]);
            Duration stopping = Duration.ofNanos(postAt - termAt);
            assertTrue(stopping.compareTo(Duration.ofMillis(1_800)) >= 0 && stopping.compareTo(Duration.ofSeconds(5)) < 0,
                    "KILL about KILL_PROCESS_TIMEOUT = 2 s after TERM, so the post-shutdown scripts ran "
                            + stopping + " after it" + p.describe());
            // the supervisor's own default would have waited 7 s before the KILL
            assertTrue(took.compareTo(Duration.ofMillis(6_500)) < 0, "my_init exited " + took + " after TERM");
        }
    }

    @Test
    void anEssentialDirectoryServiceThatFailsPermanentlyShutsDownWithExitCode1() throws Exception {
        shutdownScripts();
        script("etc/service/crash/run", "echo crash >> $ROOT/out/order; exit 1");
        Files.writeString(root.resolve("etc/service/crash/essential"), "");
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--root", root.toString(), "--no-syslog"),
                Map.of("KILL_PROCESS_TIMEOUT", "2", "KILL_ALL_PROCESSES_TIMEOUT", "1"))) {
            assertEquals(1, p.awaitExit(SLOW), "an essential service failed" + p.describe());
            List<String> got = lines();
            assertEquals(List.of("crash", "crash", "crash", "crash", "crash", "pre-shutdown", "post-shutdown"), got,
                    "5 failures (the essential file's default limit), then the shutdown sequence: " + p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains("crash: an essential service failed permanently")),
                    p.describe());
        }
    }
}
