package dev.jinit.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinit.supervisor.ServiceDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StopOrderTest {

    private static ServiceDefinition svc(String name, String... deps) {
        return ServiceDefinition.builder(name).command("true").dependsOn(deps).build();
    }

    @Test
    void servicesNothingDependsOnStopFirstAndEachOtherAfterItsDependents() {
        // web -> app -> {db, cache}; cache also used by worker; lone has no relation
        Map<String, Integer> levels = StopOrder.levels(List.of(svc("db"), svc("cache"), svc("app", "db", "cache"),
                svc("web", "app"), svc("worker", "cache"), svc("lone")));
        assertEquals(Map.of("web", 0, "worker", 0, "lone", 0, "app", 1, "db", 2, "cache", 2), levels);
    }

    @Test
    void noDefinitionsNoLevels() {
        assertEquals(Map.of(), StopOrder.levels(List.of()));
    }
}
