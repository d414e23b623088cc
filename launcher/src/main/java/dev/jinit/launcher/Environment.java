package dev.jinit.launcher;

import java.util.Map;
import java.util.Objects;

/**
 * The environment the launcher gives what it starts (start-up scripts, services, the main command): the container
 * environment, replaced after each start-up script. Thread-safe.
 */
final class Environment {
    private volatile Map<String, String> current;

    Environment(Map<String, String> initial) {
        this.current = Map.copyOf(initial);
    }

    Map<String, String> get() {
        return current;
    }

    void set(Map<String, String> env) {
        this.current = Map.copyOf(Objects.requireNonNull(env, "env"));
    }
}
