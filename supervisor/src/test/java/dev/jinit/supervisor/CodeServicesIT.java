package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Natives;
import dev.jinit.core.Signal;
import dev.jinit.supervisor.runit.Sv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Services defined in code are supervised exactly as service directories: supervise/, sv, finish, log pipe. */
class CodeServicesIT {

    static String sv(String... args) throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int rc = new Sv(Natives.load().descriptors(), InstantSource.system(), Map.of(), ps, ps).run(List.of(args));
        return rc + " " + bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCodeServiceRunsWithItsEnvironmentStopSignalFinishAndLogAndSvDrivesIt() throws Exception {
        try (SvRig rig = new SvRig()) {
            Path r = rig.results;
            Path state = rig.root.resolve("state");
            ServiceDefinition hello = ServiceDefinition.builder("hello")
                    .command("sh", "-c", "echo \"hello $GREETING $$\"; exec sleep 100000")
                    .env("GREETING", "from-code")
                    .finish(Program.command("sh", "-c", "echo \"$0 $1\" >> " + r.resolve("hello.finish")))
                    .stopSignal(Signal.INT)
                    .workingDirectory(r)
                    .log(LogService.of("sh", "-c", "exec cat >> " + r.resolve("hello.log")))
                    .build();
            ServiceDefinition later = ServiceDefinition.builder("later")
                    .command("sleep", "100000").startDown(true).build();
            rig.start(Supervisor.builder().stateDirectory(state).service(hello).service(later));
            long pid = rig.awaitStarted("hello");
            SvRig.awaitLine(r.resolve("hello.log"), ("hello from-code " + pid)::equals);

            String status = sv("status", state.resolve("hello").toString());
            assertTrue(status.matches("(?s)0 run: " + state.resolve("hello") + ": \\(pid " + pid
                    + "\\) \\d+s; run: log: \\(pid \\d+\\) \\d+s\n"), status);
            assertTrue(sv("status", state.resolve("later").toString()).startsWith("0 down: "));

            String down = sv("-w", "10", "down", state.resolve("hello").toString());
            assertTrue(down.startsWith("0 ok: down: "), down);
            // the stop signal is INT, and the finish program got runsv's two arguments ($0 $1 of sh -c)
            SvRig.awaitLine(r.resolve("hello.finish"), "-1 2"::equals);

            String up = sv("-w", "10", "up", state.resolve("hello").toString());
            assertTrue(up.startsWith("0 ok: run: "), up);
            long again = rig.awaitStarted("hello");
            List<String> log = SvRig.awaitLine(r.resolve("hello.log"), ("hello from-code " + again)::equals);
            assertTrue(log.contains("hello from-code " + pid), "the pipe outlived the restart: " + log);
            assertTrue(Files.isDirectory(state.resolve("hello/log/supervise")));
        }
    }

    @Test
    void anEssentialServiceThatFailsPermanentlyShutsTheInitDownWithANonZeroCode(
            @org.junit.jupiter.api.io.TempDir Path state) throws Exception {
        java.util.concurrent.CompletableFuture<Integer> exitCode = new java.util.concurrent.CompletableFuture<>();
        ServiceDefinition crash = ServiceDefinition.builder("crash").command("sh", "-c", "exit 3")
                .essential(2, Duration.ofMinutes(1)).build();
        Supervisor supervisor = Supervisor.builder().stateDirectory(state).service(crash).build();
        java.util.concurrent.BlockingQueue<Supervisor.Event> events = new java.util.concurrent.LinkedBlockingQueue<>();
        supervisor.subscribe(events::add);
        try (dev.jinit.Init init = dev.jinit.Init.builder().shutdownOn(java.util.Set.of()).component(supervisor)
                .afterShutdown(exitCode::complete).start()) {
            assertEquals(Supervisor.ESSENTIAL_FAILED, exitCode.get(15, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(Supervisor.ESSENTIAL_FAILED, init.terminated().get(5, java.util.concurrent.TimeUnit.SECONDS));
        }
        List<Supervisor.Event> seen = new java.util.ArrayList<>(events);
        assertEquals(2, seen.stream().filter(e -> e.event() instanceof ServiceEvent.Exited).count(), seen.toString());
        assertTrue(seen.stream().anyMatch(e -> e.event() instanceof ServiceEvent.FailedPermanently), seen.toString());
    }

    @Test
    void dependenciesStartFirstAndStopLast() throws Exception {
        try (SvRig rig = new SvRig()) {
            Path order = rig.results.resolve("order");
            java.util.function.Function<String, ServiceDefinition.Builder> svc = n -> ServiceDefinition.builder(n)
                    .command("sleep", "100000")
                    .finish(Program.command("sh", "-c", "echo \"stopped " + n + "\" >> " + order));
            rig.start(Supervisor.builder().stateDirectory(rig.root.resolve("state"))
                    .service(svc.apply("web").dependsOn("app").build())
                    .service(svc.apply("app").dependsOn("db", "cache").build())
                    .service(svc.apply("db").build())
                    .service(svc.apply("cache").build()));
            List<String> started = new java.util.ArrayList<>();
            while (started.size() < 4) {
                Supervisor.Event e = rig.await(null, ev -> ev instanceof ServiceEvent.Started);
                started.add(e.service());
            }
            assertEquals(java.util.Set.of("db", "cache"), java.util.Set.copyOf(started.subList(0, 2)), started.toString());
            assertEquals(List.of("app", "web"), started.subList(2, 4));
            rig.close(); // the init stops the supervisor: reverse order, each after its dependents have ended
            List<String> stopped = Files.readAllLines(order);
            assertEquals(4, stopped.size(), stopped.toString());
            assertEquals(List.of("stopped web", "stopped app"), stopped.subList(0, 2));
            assertEquals(java.util.Set.of("stopped db", "stopped cache"), java.util.Set.copyOf(stopped.subList(2, 4)));
        }
    }

    @Test
    void aServiceWithAUserRunsAsThatUserAndAnUnknownUserIsAFailedStartLoggedOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.readString(Path.of("/proc/self/status")).lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*")),
                "switching users needs root");
        try (SvRig rig = new SvRig()) {
            Path out = rig.results.resolve("ids");
            // nobody must reach the results directory: the temporary root is 0700
            java.nio.file.Files.setPosixFilePermissions(rig.root,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            java.nio.file.Files.setPosixFilePermissions(rig.results,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            rig.start(Supervisor.builder().stateDirectory(rig.root.resolve("state"))
                    .service(ServiceDefinition.builder("as-nobody").user("nobody")
                            .command("sh", "-c", "echo \"$(id -u) $(id -g) $USER\" >> " + out + "; exec sleep 100000")
                            .build())
                    .service(ServiceDefinition.builder("as-ghost").user("no-such-user-here")
                            .command("sleep", "100000").build()));
            rig.awaitStarted("as-nobody");
            SvRig.awaitLine(out, "65534 65534 nobody"::equals);
            Supervisor.Event failed = rig.await("as-ghost", e -> e instanceof ServiceEvent.StartFailed);
            assertTrue(failed.event().toString().contains("no-such-user-here"), failed.toString());
        }
    }
}
