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
}
