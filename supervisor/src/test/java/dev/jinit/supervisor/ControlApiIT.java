package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Signal;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.supervisor.runit.RunState;
import dev.jinit.supervisor.runit.Want;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Status, control and events from Java, for services from code and from a directory alike; bounded shutdown. */
class ControlApiIT {

    @Test
    void statusAndControlFromJavaForCodeAndDirectoryServices() throws Exception {
        try (SvRig rig = new SvRig()) {
            SvRig.script(rig.service("fromdir").resolve("run"), "exec sleep 100000");
            rig.start(Supervisor.builder().directory(rig.services).scanInterval(Duration.ofMillis(200))
                    .stateDirectory(rig.root.resolve("state"))
                    .service(ServiceDefinition.builder("fromcode").command("sh", "-c", "trap 'echo usr1 >> "
                            + rig.results.resolve("usr1") + "' USR1; while :; do sleep 1 & wait $!; done").build())
                    .service(ServiceDefinition.builder("crashy").command("sh", "-c", "exit 4")
                            .essential(2, Duration.ofMinutes(1)).startDown(true).build()));
            Supervisor sup = rig.supervisor();
            rig.awaitAllReady(List.of("fromdir", "fromcode")); // Ready follows Started: the status says so after it
            for (String n : List.of("fromdir", "fromcode")) {
                ServiceStatus st = sup.status(n).orElseThrow();
                assertEquals(RunState.RUN, st.state(), st.toString());
                assertTrue(st.pid() > 0 && st.ready() && st.normallyUp() && st.want() == Want.UP, st.toString());
                assertEquals(0, st.restarts());
            }

            // down and up from Java: the events and the status follow
            long pid = sup.status("fromdir").orElseThrow().pid();
            sup.down("fromdir").get(5, TimeUnit.SECONDS);
            Supervisor.Event exited = rig.await("fromdir", e -> e instanceof ServiceEvent.Exited);
            assertEquals(ExitStatus.signaled(Signal.TERM.number(), false),
                    ((ServiceEvent.Exited) exited.event()).status());
            ServiceStatus down = sup.status("fromdir").orElseThrow();
            assertEquals(RunState.DOWN, down.state());
            assertEquals(Want.DOWN, down.want());
            assertTrue(down.line(Instant.now()).matches("fromdir: down \\d+s, normally up"), down.line(Instant.now()));
            sup.up("fromdir").get(5, TimeUnit.SECONDS);
            long again = rig.awaitStarted("fromdir");
            assertTrue(again != pid);
            assertEquals(1, sup.status("fromdir").orElseThrow().restarts());

            // a signal with an sv command goes through it; the service's trap sees it
            sup.signal("fromcode", Signal.USR1).get(5, TimeUnit.SECONDS);
            SvRig.awaitLine(rig.results.resolve("usr1"), "usr1"::equals);

            // restart: stop signal, then a new instance
            long before = sup.status("fromcode").orElseThrow().pid();
            sup.restart("fromcode").get(5, TimeUnit.SECONDS);
            long after = rig.awaitStarted("fromcode");
            assertTrue(after != before);
            // Ready follows Started in the same loop task: the status says "ready" only once it has been published
            rig.await("fromcode", e -> e instanceof ServiceEvent.Ready r && r.pid() == after);

            // an essential service that is down makes the component unhealthy
            ComponentStatus status = sup.status();
            assertFalse(status.healthy(), status.toString());
            assertEquals(List.of("crashy", "fromcode", "fromdir"),
                    status.lines().stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
            assertTrue(status.lines().get(0).matches("crashy: down \\d+s, essential"), status.lines().toString());
            assertTrue(status.lines().get(1).matches("fromcode: run \\(pid " + after + "\\) \\d+s, restarts 1, ready"),
                    status.lines().toString());

            // once: it runs once, fails, and is not restarted
            sup.once("crashy").get(5, TimeUnit.SECONDS);
            rig.await("crashy", e -> e instanceof ServiceEvent.Exited);
            assertEquals(RunState.DOWN, sup.status("crashy").orElseThrow().state());

            ExecutionException unknown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> sup.up("nosuch").get(5, TimeUnit.SECONDS));
            assertInstanceOf(java.util.NoSuchElementException.class, unknown.getCause());
            assertTrue(sup.status("nosuch").isEmpty());
        }
    }

    @Test
    void aChainOfServicesThatIgnoreTheirStopSignalStopsWithinTheSupervisorsTimeout(
            @org.junit.jupiter.api.io.TempDir Path state) throws Exception {
        // each ignores TERM and would take its 7 s stop timeout: 21 s in a row, where the init gives 3 s; each says
        // it is ready once TERM is ignored, so the stop cannot come before
        java.util.function.Function<String, ServiceDefinition.Builder> stubborn = n -> ServiceDefinition.builder(n)
                .command("sh", "-c", "trap '' TERM; echo >&3; exec 3>&-; exec sleep 100000")
                .readiness(Readiness.notificationFd(3));
        Supervisor sup = Supervisor.builder().stateDirectory(state)
                .service(stubborn.apply("c").build())
                .service(stubborn.apply("b").dependsOn("c").build())
                .service(stubborn.apply("a").dependsOn("b").build())
                .build();
        java.util.concurrent.BlockingQueue<Supervisor.Event> events = new java.util.concurrent.LinkedBlockingQueue<>();
        sup.subscribe(events::add);
        Init init = Init.builder().shutdownOn(Set.of()).shutdownTimeout(Duration.ofSeconds(3)).component(sup).start();
        List<Long> pids = new ArrayList<>();
        try {
            while (pids.size() < 3) {
                Supervisor.Event e = events.poll(15, TimeUnit.SECONDS);
                if (e == null) {
                    throw new AssertionError("not all ready: " + pids);
                }
                if (e.event() instanceof ServiceEvent.Ready r) {
                    pids.add(r.pid());
                }
            }
        } finally {
            long t0 = System.nanoTime();
            init.close();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // the supervisor's share is 3 s; the rest of the init adds little
            assertTrue(ms < 4500, "stopping took " + ms + " ms");
        }
        List<String> exitOrder = new ArrayList<>();
        for (Supervisor.Event e : events) {
            if (e.event() instanceof ServiceEvent.Exited x) {
                assertEquals(ExitStatus.signaled(Signal.KILL.number(), false), x.status(), e.toString());
                exitOrder.add(e.service());
            }
        }
        assertEquals(List.of("a", "b", "c"), exitOrder, "reverse dependency order, each KILLed in its share");
        for (long p : pids) {
            assertFalse(SvRig.alive(p), "pid " + p + " still alive");
        }
    }
}
