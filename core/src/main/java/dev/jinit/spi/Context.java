package dev.jinit.spi;

import dev.jinit.core.ChildTable;
import dev.jinit.core.Processes;
import dev.jinit.core.Signals;
import dev.jinit.core.Spawner;
import java.time.InstantSource;
import java.util.Optional;

/** What {@link dev.jinit.Init} hands to each component: the shared OS services, the clock, the other components. */
public interface Context {
    Processes processes();

    /** The one spawner; every child it starts ends through {@link #children()}. */
    Spawner spawner();

    ChildTable children();

    /** Subscribe to signals; listeners run on the single init thread. */
    Signals signals();

    InstantSource clock();

    /** Another component of this init, by type. */
    <T> Optional<T> component(Class<T> type);

    /**
     * FIFOs, flock, pipes and poll for components that serve file-based protocols (the supervisor's
     * {@code supervise/} directories). The default, for contexts that have none, throws.
     *
     * @throws UnsupportedOperationException when this context has no native descriptors
     */
    default dev.jinit.core.Descriptors descriptors() {
        throw new UnsupportedOperationException("this context has no native descriptors");
    }

    /**
     * Asks the init to stop every component and end with {@code exitCode} (see {@code Init.shutdown(int)}). Returns at
     * once. The default, for contexts without an init, throws.
     *
     * @throws UnsupportedOperationException when this context cannot shut down
     */
    default void requestShutdown(int exitCode) {
        throw new UnsupportedOperationException("this context cannot shut down");
    }
}
