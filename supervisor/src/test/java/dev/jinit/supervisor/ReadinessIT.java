package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinit.core.Natives;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Readiness end to end, with real processes: a check command, a TCP port, an s6 notification fd (in code and in a
 * service directory), and a dependent that starts only once its dependency is ready. Each service is held not ready
 * until the test releases it, so the order of events proves the gate.
 */
class ReadinessIT {

    /** Every event seen so far, in order, collected until {@code p} matches one of {@code service} (null: any). */
    private static List<Supervisor.Event> until(SvRig rig, List<Supervisor.Event> seen, String service,
                                                Predicate<ServiceEvent> p) throws InterruptedException {
        long deadline = System.nanoTime() + SvRig.TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Supervisor.Event e = left > 0 ? rig.events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                fail("no matching event of " + service + " within " + SvRig.TIMEOUT + "; saw " + seen);
            }
            seen.add(e);
            if ((service == null || e.service().equals(service)) && p.test(e.event())) {
                return seen;
            }
        }
    }

    private static boolean any(List<Supervisor.Event> seen, String service, Class<?> type) {
        return seen.stream().anyMatch(e -> e.service().equals(service) && type.isInstance(e.event()));
    }

    @Test
    void aCheckCommandMakesItReadyAndOnlyThenItsDependentStarts() throws Exception {
        try (SvRig rig = new SvRig()) {
            Path go = rig.results.resolve("go");
            Supervisor.Builder b = Supervisor.builder().stateDirectory(rig.root.resolve("state"))
                    .service(ServiceDefinition.builder("db").command("sleep", "100000")
                            .readiness(new Readiness.CheckCommand(List.of("test", "-e", go.toString()),
                                    Duration.ofMillis(50), Duration.ofSeconds(2)))
                            .build())
                    .service(ServiceDefinition.builder("app").command("sleep", "100000").dependsOn("db").build());
            rig.start(b);
            Supervisor supervisor = rig.supervisor();
            List<Supervisor.Event> seen = until(rig, new ArrayList<>(), "db", e -> e instanceof ServiceEvent.Started);
            ServiceStatus db = supervisor.status("db").orElseThrow();
            assertTrue(db.running(), db.toString());
            assertFalse(db.ready(), "not ready before the check passes: " + db);
            ServiceStatus app = supervisor.status("app").orElseThrow();
            assertFalse(app.running(), "the dependent waits: " + app);

            Files.createFile(go); // from now on the check exits 0
            until(rig, seen, "app", e -> e instanceof ServiceEvent.Started);
            int ready = indexOf(seen, "db", ServiceEvent.Ready.class);
            int appStarted = indexOf(seen, "app", ServiceEvent.Started.class);
            assertTrue(ready >= 0 && ready < appStarted, "db ready before app started: " + seen);
            assertTrue(supervisor.status("db").orElseThrow().ready());
            assertTrue(supervisor.status("db").orElseThrow().line(java.time.Instant.now())
                    .matches("db: run \\(pid \\d+\\) \\d+s, restarts 0, ready"), supervisor.status().lines().toString());
        }
    }

    @Test
    void aCheckThatHangsIsKilledAfterItsTimeoutAndTriedAgain() throws Exception {
        try (SvRig rig = new SvRig()) {
            Path go = rig.results.resolve("go");
            Path tries = rig.results.resolve("tries");
            // each try is logged, then hangs until its timeout KILLs it, until the go file exists
            rig.start(Supervisor.builder().stateDirectory(rig.root.resolve("state"))
                    .service(ServiceDefinition.builder("slow").command("sleep", "100000")
                            .readiness(new Readiness.CheckCommand(List.of("sh", "-c", "echo try >> " + tries
                                    + "; test -e " + go + " || exec sleep 100000"),
                                    Duration.ofMillis(20), Duration.ofMillis(300)))
                            .build()));
            List<Supervisor.Event> seen = until(rig, new ArrayList<>(), "slow", e -> e instanceof ServiceEvent.Started);
            SvRig.awaitLine(tries, 1, "try"::equals); // a second try: the first hanging one was killed
            assertFalse(rig.supervisor().status("slow").orElseThrow().ready());
            Files.createFile(go);
            until(rig, seen, "slow", e -> e instanceof ServiceEvent.Ready);
        }
    }

    private static int indexOf(List<Supervisor.Event> seen, String service, Class<?> type) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).service().equals(service) && type.isInstance(seen.get(i).event())) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aTcpPortMakesItReadyOnceSomethingListensOnIt() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // a free port, listened on again below, when the test says so
        }
        try (SvRig rig = new SvRig()) {
            rig.start(Supervisor.builder().stateDirectory(rig.root.resolve("state"))
                    .service(ServiceDefinition.builder("web").command("sleep", "100000")
                            .readiness(new Readiness.TcpPort("127.0.0.1", port, Duration.ofMillis(50),
                                    Duration.ofSeconds(1)))
                            .build())
                    .service(ServiceDefinition.builder("proxy").command("sleep", "100000").dependsOn("web").build()));
            List<Supervisor.Event> seen = until(rig, new ArrayList<>(), "web", e -> e instanceof ServiceEvent.Started);
            assertFalse(rig.supervisor().status("web").orElseThrow().ready());
            try (ServerSocket listener = new ServerSocket()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                until(rig, seen, "proxy", e -> e instanceof ServiceEvent.Started);
                assertTrue(indexOf(seen, "web", ServiceEvent.Ready.class) >= 0, seen.toString());
                assertTrue(rig.supervisor().status("web").orElseThrow().ready());
            }
        }
    }

    @Test
    void aNotificationFdMakesItReadyWhenTheServiceWritesANewlineAndAgainAfterARestart() throws Exception {
        try (SvRig rig = new SvRig()) {
            Path fifo = rig.results.resolve("release");
            Natives.load().descriptors().mkfifo(fifo, 0600);
            // waits for the test, then tells the supervisor on fd 5 (and closes it, as s6 advises)
            rig.start(Supervisor.builder().stateDirectory(rig.root.resolve("state"))
                    .service(ServiceDefinition.builder("notifier")
                            .command("sh", "-c", "read x < " + fifo + "; echo >&5; exec 5>&-; exec sleep 100000")
                            .readiness(Readiness.notificationFd(5)).build()));
            List<Supervisor.Event> seen = until(rig, new ArrayList<>(), "notifier",
                    e -> e instanceof ServiceEvent.Started);
            long pid = ((ServiceEvent.Started) seen.get(seen.size() - 1).event()).pid();
            assertFalse(rig.supervisor().status("notifier").orElseThrow().ready());
            release(fifo);
            until(rig, seen, "notifier", e -> e instanceof ServiceEvent.Ready r && r.pid() == pid);
            assertTrue(rig.supervisor().status("notifier").orElseThrow().ready());

            // a new instance is not ready until it says so again
            rig.supervisor().restart("notifier").get(5, TimeUnit.SECONDS);
            until(rig, seen, "notifier", e -> e instanceof ServiceEvent.Started s && s.pid() != pid);
            ServiceStatus again = rig.supervisor().status("notifier").orElseThrow();
            assertFalse(again.ready(), again.toString());
            assertEquals(1, again.restarts());
            release(fifo);
            until(rig, seen, "notifier", e -> e instanceof ServiceEvent.Ready r && r.pid() == again.pid());
        }
    }

    @Test
    void aServiceDirectoryWithANotificationFdFileIsReadyWhenItSaysSo() throws Exception {
        try (SvRig rig = new SvRig()) {
            Path fifo = rig.results.resolve("release");
            Natives.load().descriptors().mkfifo(fifo, 0600);
            Path dir = rig.service("s6style");
            SvRig.script(dir.resolve("run"), "read x < " + fifo, "echo >&4", "exec sleep 100000");
            Files.writeString(dir.resolve("notification-fd"), "4\n");
            rig.start(Duration.ofMillis(200));
            List<Supervisor.Event> seen = until(rig, new ArrayList<>(), "s6style",
                    e -> e instanceof ServiceEvent.Started);
            assertFalse(any(seen, "s6style", ServiceEvent.Ready.class));
            assertTrue(rig.supervisor().status().lines().stream()
                    .anyMatch(l -> l.matches("s6style: run \\(pid \\d+\\) \\d+s, restarts 0, not ready")),
                    rig.supervisor().status().lines().toString());
            release(fifo);
            until(rig, seen, "s6style", e -> e instanceof ServiceEvent.Ready);
        }
    }

    /** Writes a line to the FIFO; the open blocks until the service opens it for reading, so it is bounded here. */
    static void release(Path fifo) throws Exception {
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(fifo, "go\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(SvRig.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
