package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
