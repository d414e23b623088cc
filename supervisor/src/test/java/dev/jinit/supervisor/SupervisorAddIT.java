package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Services added to a running supervisor are supervised, ordered and stopped as those given to the builder. */
class SupervisorAddIT {
    private static Throwable failure(CompletableFuture<Void> f) throws Exception {
        return assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void anAddedServiceStartsAfterItsDependencyAndStopsBeforeIt() throws Exception {
        try (SvRig rig = new SvRig()) {
            Path order = rig.results.resolve("order");
            java.util.function.Function<String, ServiceDefinition.Builder> svc = n -> ServiceDefinition.builder(n)
                    .command("sleep", "100000")
                    .finish(Program.command("sh", "-c", "echo \"stopped " + n + "\" >> " + order));
            Path state = rig.root.resolve("state");
            rig.start(Supervisor.builder().stateDirectory(state).service(svc.apply("db").build()));
            rig.awaitStarted("db");
            Supervisor sup = rig.supervisor();

            sup.add(svc.apply("app").dependsOn("db").build()).get(10, TimeUnit.SECONDS);
            long app = rig.awaitStarted("app");
            assertEquals(app, sup.status("app").orElseThrow().pid());
            assertTrue(Files.isDirectory(state.resolve("app/supervise")));
            assertEquals(List.of("db", "app"), sup.definitions().stream().map(d -> d.name().value()).toList());

            rig.close(); // the added service depends on db: it stops first
            assertEquals(List.of("stopped app", "stopped db"), Files.readAllLines(order));
        }
    }

    @Test
    void aTakenNameOrAnUnknownDependencyIsRefusedSayingWhy() throws Exception {
        try (SvRig rig = new SvRig()) {
            SvRig.script(rig.service("fromdir").resolve("run"), "exec sleep 100000");
            rig.start(Supervisor.builder().directory(rig.services).stateDirectory(rig.root.resolve("state"))
                    .service(ServiceDefinition.builder("db").command("sleep", "100000").build()));
            rig.awaitAllStarted(List.of("db", "fromdir"));
            Supervisor sup = rig.supervisor();
            ServiceDefinition.Builder sleeper = ServiceDefinition.builder("db").command("sleep", "1");
            assertEquals("service 'db': a service of that name is already defined in code",
                    failure(sup.add(sleeper.build())).getMessage());
            assertEquals("service 'fromdir': the service directory " + rig.services.resolve("fromdir")
                    + " has that name already",
                    failure(sup.add(ServiceDefinition.builder("fromdir").command("sleep", "1").build())).getMessage());
            assertEquals("service 'web': dependsOn names 'cache', which is not a service defined in code",
                    failure(sup.add(ServiceDefinition.builder("web").command("sleep", "1").dependsOn("cache").build()))
                            .getMessage());
            rig.close();
            Throwable stopped = failure(sup.add(ServiceDefinition.builder("late").command("sleep", "1").build()));
            assertTrue(stopped instanceof IllegalStateException, stopped.toString());
        }
    }
}
