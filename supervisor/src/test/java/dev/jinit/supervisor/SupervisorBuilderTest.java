package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.setuser.UserSpawner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the supervisor's builder refuses, by name, instead of silently ignoring it. */
class SupervisorBuilderTest {
    private static ServiceDefinition.Builder svc() {
        return ServiceDefinition.builder("web").command("true");
    }

    private static String rejection(ServiceDefinition d) {
        return assertThrows(IllegalArgumentException.class, () -> Supervisor.builder().service(d)).getMessage();
    }

    @Test
    void acceptsEveryReadiness() {
        for (Readiness r : java.util.List.of(Readiness.immediate(), Readiness.tcpPort(80), Readiness.notificationFd(3),
                Readiness.checkCommand("true"))) {
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                    () -> Supervisor.builder().service(svc().readiness(r).build()).build(), r.toString());
        }
    }

    @Test
    void rejectsADuplicateName() {
        Supervisor.Builder b = Supervisor.builder().service(svc().build());
        assertEquals("service 'web': a service of that name is already defined",
                assertThrows(IllegalArgumentException.class, () -> b.service(svc().build())).getMessage());
    }

    @Test
    void scanIntervalIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> Supervisor.builder().scanInterval(Duration.ofMillis(99)));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.builder().scanInterval(Duration.ofSeconds(6)));
        assertEquals(Path.of("/srv").toAbsolutePath(), Supervisor.ofDirectory(Path.of("/srv")).directory().orElseThrow());
    }

    @Test
    void rejectsADependencyThatIsNotDefinedAndACycle() {
        Supervisor.Builder unknown = Supervisor.builder().service(svc().dependsOn("db").build());
        assertEquals("service 'web': dependsOn names 'db', which is not a service defined in code",
                assertThrows(IllegalArgumentException.class, unknown::build).getMessage());
        Supervisor.Builder cycle = Supervisor.builder()
                .service(svc().dependsOn("db").build())
                .service(ServiceDefinition.builder("db").command("true").dependsOn("cache").build())
                .service(ServiceDefinition.builder("cache").command("true").dependsOn("web").build());
        assertEquals("dependsOn forms a cycle: web -> db -> cache -> web",
                assertThrows(IllegalArgumentException.class, cycle::build).getMessage());
    }

    @Test
    void directoryStopTimeoutMustBePositive() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(-30)}) {
            assertEquals("directoryStopTimeout must be greater than 0, but was " + bad,
                    assertThrows(IllegalArgumentException.class,
                            () -> Supervisor.builder().directoryStopTimeout(bad)).getMessage());
        }
        assertThrows(NullPointerException.class, () -> Supervisor.builder().directoryStopTimeout(null));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> Supervisor.builder().directoryStopTimeout(Duration.ofMillis(1)).build());
    }

    @Test
    void fullStopTimeoutLetsEveryServiceWaitOutItsStopTimeout() {
        // stop(t) KILLs directory services by 27/40 of t: the full timeout must leave them their whole stop timeout
        Duration def = Supervisor.ofDirectory(Path.of("/srv")).fullStopTimeout();
        assertEquals(Duration.ofSeconds(7).multipliedBy(40).dividedBy(27).plusSeconds(1), def, "the 7-s default");
        Duration thirty = Supervisor.builder().directory(Path.of("/srv")).directoryStopTimeout(Duration.ofSeconds(30))
                .build().fullStopTimeout();
        assertTrue(thirty.multipliedBy(27).dividedBy(40).compareTo(Duration.ofSeconds(30)) >= 0, thirty.toString());
        assertEquals(Duration.ofSeconds(1), Supervisor.builder().build().fullStopTimeout(), "nothing to stop");
        // a chain of three code services of 4 s each, level by level
        Supervisor chain = Supervisor.builder()
                .service(svc().dependsOn("db").stopTimeout(Duration.ofSeconds(4)).build())
                .service(ServiceDefinition.builder("db").command("true").dependsOn("cache")
                        .stopTimeout(Duration.ofSeconds(4)).build())
                .service(ServiceDefinition.builder("cache").command("true").stopTimeout(Duration.ofSeconds(4)).build())
                .build();
        assertEquals(Duration.ofSeconds(12).multipliedBy(40).dividedBy(27).plusSeconds(1), chain.fullStopTimeout());
    }

    @Test
    void userSpawnsIsSetprivUnlessAskedAndNeverNull() {
        assertEquals(UserSpawner.Mode.SETPRIV, Supervisor.builder().build().userSpawns(), "setpriv by default");
        for (UserSpawner.Mode m : UserSpawner.Mode.values()) {
            assertEquals(m, Supervisor.builder().userSpawns(m).build().userSpawns());
        }
        NullPointerException e = assertThrows(NullPointerException.class, () -> Supervisor.builder().userSpawns(null));
        assertTrue(e.getMessage().contains("userSpawns"), e.getMessage());
    }
}
