package dev.jinit.launcher;

import dev.jinit.core.ChildTable;
import dev.jinit.core.Descriptors;
import dev.jinit.core.Processes;
import dev.jinit.core.Signals;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gives a component's children the container environment instead of the JVM's: the supervisor's services then see
 * what the start-up scripts exported, as runit started by my_init does. The component spawns through a
 * {@link Context} whose spawner replaces each spec's inherited variables (those equal to the JVM's) by the current
 * container environment and keeps the ones the component set itself. It also tells the launcher when the component
 * asks the init to shut down, so that the launcher waits for that shutdown instead of starting its own.
 */
final class WithEnvironment implements Component {
    private final Component delegate;
    private final Supplier<Map<String, String>> environment;
    private final Map<String, String> jvmEnvironment;
    private final CompletableFuture<Integer> shutdownRequested;

    /**
     * @param shutdownRequested completed with the exit code when the component asks the init to shut down (an
     *                          essential service failed), before the init is asked
     */
    WithEnvironment(Component delegate, Supplier<Map<String, String>> environment, Map<String, String> jvmEnvironment,
                    CompletableFuture<Integer> shutdownRequested) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.environment = environment;
        this.jvmEnvironment = Map.copyOf(jvmEnvironment);
        this.shutdownRequested = shutdownRequested;
    }

    /**
     * The environment a spec runs with: {@code container}, plus every variable of {@code spec} that the JVM's
     * environment does not hold with the same value (set by the component itself, like a service's own).
     */
    static Map<String, String> apply(Map<String, String> spec, Map<String, String> jvm, Map<String, String> container) {
        Map<String, String> out = new HashMap<>(container);
        for (var e : spec.entrySet()) {
            if (!e.getValue().equals(jvm.get(e.getKey()))) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    Component delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void start(Context context) throws Exception {
        Spawner inner = context.spawner();
        Spawner spawner = spec -> inner.spawn(rebuild(spec, e -> apply(e, jvmEnvironment, environment.get())));
        delegate.start(new Scoped(context, spawner, shutdownRequested));
    }

    private static SpawnSpec rebuild(SpawnSpec s, Function<Map<String, String>, Map<String, String>> env) {
        return new SpawnSpec(s.command(), env.apply(s.environment()), s.directory(), s.stdin(), s.stdout(), s.stderr(),
                s.extraFds(), s.grouping());
    }

    @Override
    public void stop(Duration timeout) throws Exception {
        delegate.stop(timeout);
    }

    @Override
    public ComponentStatus status() {
        return delegate.status();
    }

    private record Scoped(Context context, Spawner spawner, CompletableFuture<Integer> shutdownRequested)
            implements Context {
        @Override
        public Processes processes() {
            return context.processes();
        }

        @Override
        public ChildTable children() {
            return context.children();
        }

        @Override
        public Signals signals() {
            return context.signals();
        }

        @Override
        public InstantSource clock() {
            return context.clock();
        }

        @Override
        public <T> Optional<T> component(Class<T> type) {
            return context.component(type);
        }

        @Override
        public Descriptors descriptors() {
            return context.descriptors();
        }

        @Override
        public java.nio.file.Path root() {
            return context.root();
        }

        @Override
        public java.nio.file.Path path(String defaultPath) {
            return context.path(defaultPath);
        }

        @Override
        public void requestShutdown(int exitCode) {
            shutdownRequested.complete(exitCode);
            context.requestShutdown(exitCode);
        }
    }
}
