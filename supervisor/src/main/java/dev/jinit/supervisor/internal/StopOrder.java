package dev.jinit.supervisor.internal;

import dev.jinit.supervisor.ServiceDefinition;
import dev.jinit.supervisor.ServiceName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stop levels of services defined in code: a service stops after every service that depends on it, so level 0
 * holds the services nothing depends on (stopped first, in parallel), and a service's level is one more than the
 * highest level of its dependents. The shutdown shares its time among the levels. Pure. This is an internal class.
 */
public final class StopOrder {
    private StopOrder() {
    }

    /**
     * Each service's stop level, by name.
     *
     * @param definitions without cycles, every dependency among them (as {@code Supervisor.Builder#build} checks)
     */
    public static Map<String, Integer> levels(List<ServiceDefinition> definitions) {
        Map<ServiceName, List<ServiceName>> dependents = new HashMap<>();
        for (ServiceDefinition d : definitions) {
            dependents.putIfAbsent(d.name(), new java.util.ArrayList<>());
            for (ServiceName dep : d.dependencies()) {
                dependents.computeIfAbsent(dep, k -> new java.util.ArrayList<>()).add(d.name());
            }
        }
        Map<ServiceName, Integer> level = new HashMap<>();
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (ServiceDefinition d : definitions) {
            out.put(d.name().value(), level(d.name(), dependents, level, 0));
        }
        return out;
    }

    private static int level(ServiceName n, Map<ServiceName, List<ServiceName>> dependents,
                             Map<ServiceName, Integer> memo, int depth) {
        Integer known = memo.get(n);
        if (known != null) {
            return known;
        }
        if (depth > dependents.size()) {
            throw new IllegalArgumentException("dependencies form a cycle through '" + n.value() + "'");
        }
        int l = 0;
        for (ServiceName d : dependents.getOrDefault(n, List.of())) {
            l = Math.max(l, 1 + level(d, dependents, memo, depth + 1));
        }
        memo.put(n, l);
        return l;
    }
}
