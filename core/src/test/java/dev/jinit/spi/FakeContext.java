package dev.jinit.spi;

import dev.jinit.core.ChildTable;
import dev.jinit.core.FakeProcesses;
import dev.jinit.core.Processes;
import dev.jinit.core.Signals;
import dev.jinit.core.Spawner;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Context} for unit tests of component providers: a root, fake processes, no signals, no spawning. Only
 * what a provider reads before anything starts works.
 */
public final class FakeContext implements Context {
    private final Path root;
    private final Processes processes = new FakeProcesses(1);
    private final ChildTable children = new ChildTable(processes);

    /** @param root an absolute directory, as {@code Init.Builder.root} would give */
    public FakeContext(Path root) {
        this.root = Objects.requireNonNull(root, "root");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("root must be absolute, but was " + root);
        }
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Processes processes() {
        return processes;
    }

    @Override
    public Spawner spawner() {
        return spec -> {
            throw new UnsupportedOperationException("no spawning in unit tests");
        };
    }

    @Override
    public ChildTable children() {
        return children;
    }

    @Override
    public Signals signals() {
        return (signal, listener) -> () -> { };
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
