package dev.jinit.reaper;

import dev.jinit.core.ChildTable;
import dev.jinit.core.Processes;
import dev.jinit.core.Signals;
import dev.jinit.core.Spawner;
import dev.jinit.spi.Context;
import java.time.InstantSource;
import java.util.Optional;

/** A {@link Context} over fakes for unit tests: signals arrive only through {@code signals}, nothing can be spawned. */
record FakeContext(Processes processes, ChildTable children, Signals signals) implements Context {
    FakeContext(Processes processes) {
        this(processes, new ChildTable(processes));
    }

    /** No signal ever arrives. */
    FakeContext(Processes processes, ChildTable children) {
        this(processes, children, (signal, listener) -> () -> { });
    }

    @Override
    public Spawner spawner() {
        return spec -> {
            throw new UnsupportedOperationException("no spawning in unit tests");
        };
    }

    @Override
    public InstantSource clock() {
        return InstantSource.system();
    }

    @Override
    public <T> Optional<T> component(Class<T> type) {
        return Optional.empty();
    }
}
