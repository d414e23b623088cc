package dev.jinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.ExitStatus;
import dev.jinit.core.Signal;
import dev.jinit.core.SpawnSpec;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InitIT {
    private static Component recording(String name, List<String> log) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start(Context context) {
                log.add("start " + name);
            }

            @Override
            public void stop(Duration timeout) {
                log.add("stop " + name);
            }
        };
    }

    @Test
    void termStopsComponentsInReverseOrderThenRunsTheAfterShutdownActionWith143() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Init init = Init.builder().component(recording("a", log)).component(recording("b", log))
                .afterShutdown(exit::complete).start();
        assertEquals(List.of("start a", "start b"), log);
        init.processes().signal(init.processes().pid(), Signal.TERM);
        assertEquals(143, exit.get(10, TimeUnit.SECONDS));
        assertEquals(143, init.terminated().get(1, TimeUnit.SECONDS));
        assertEquals(List.of("start a", "start b", "stop b", "stop a"), log);
        init.close(); // idempotent
        assertEquals(4, log.size());
    }

    /**
     * A main that returns once the init has terminated (as {@code jinit syslog}'s does) must still exit 143 after a
     * TERM: the JVM must not end, with 0, between the end of main and the after-shutdown action's exit, so that
     * action runs on a thread that is not a daemon (which alone makes the outcome certain; the exit code is racy).
     */
    @Test
    void aMainThatReturnsAfterTerminationStillExitsWithTheShutdownCode() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), MainReturnsProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine(), "the probe's first line");
            Process kill = new ProcessBuilder("kill", "-s", "TERM", Long.toString(p.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -s TERM");
            assertEquals("daemon=false", out.readLine(), "the after-shutdown action runs on a thread that keeps the"
                    + " JVM alive after main has returned");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the probe ended after TERM");
            assertEquals(143, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aComponentCanShutTheInitDownWithAnExitCodeAndOnlyTheFirstRequestCounts() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        CompletableFuture<Context> context = new CompletableFuture<>();
        Component asking = new Component() {
            @Override
            public String name() {
                return "asking";
            }

            @Override
            public void start(Context c) {
                context.complete(c);
            }

            @Override
            public void stop(Duration timeout) {
                log.add("stop asking");
            }
        };
        Init init = Init.builder().shutdownOn(Set.of()).component(recording("a", log)).component(asking)
                .afterShutdown(exit::complete).start();
        context.get(1, TimeUnit.SECONDS).requestShutdown(1);
        init.shutdown(7); // too late: the first request decides
        assertEquals(1, exit.get(10, TimeUnit.SECONDS));
        assertEquals(1, init.terminated().get(1, TimeUnit.SECONDS));
        assertEquals(List.of("start a", "stop asking", "stop a"), log);
        init.close();
    }

    @Test
    void spawnedChildrenEndThroughTheSharedTable() throws Exception {
        try (Init init = Init.builder().shutdownOn(Set.of()).start()) {
            ExitStatus s = init.spawner().spawn(SpawnSpec.builder("sh", "-c", "exit 9").build()).onExit().get(10, TimeUnit.SECONDS);
            assertEquals(ExitStatus.exited(9), s);
            assertEquals(0, init.children().size());
        }
    }

    @Test
    void aComponentThatFailsToStartStopsTheOnesBeforeIt() {
        List<String> log = new CopyOnWriteArrayList<>();
        Component bad = new Component() {
            @Override
            public String name() {
                return "bad";
            }

            @Override
            public void start(Context context) {
                throw new IllegalArgumentException("no such directory");
            }

            @Override
            public void stop(Duration timeout) {
                log.add("stop bad");
            }
        };
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Init.builder().component(recording("a", log)).component(bad).start());
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("no such directory"), e.getMessage());
        assertEquals(List.of("start a", "stop a"), log);
    }
}
