package dev.jinit.supervisor.internal;

import java.util.List;
import java.util.Objects;

/**
 * The result of one event: the new state and what to do, in order. Immutable. This is an internal class.
 */
public record Transition(ServiceState state, List<Action> actions) {
    public Transition {
        Objects.requireNonNull(state, "state");
        actions = List.copyOf(actions);
    }
}
