package dev.jinit;

import dev.jinit.core.ChildTable;
import dev.jinit.core.Natives;
import dev.jinit.core.Processes;
import dev.jinit.core.Signal;
import dev.jinit.core.SignalRegistry;
import dev.jinit.core.Signals;
import dev.jinit.core.Spawner;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentProvider;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the running JVM the duties of an init: orphans are reaped, TERM/INT/HUP lead to an orderly shutdown, and the
 * components on the class path (reaper, supervisor, syslog, cron) run until then.
 *
 * <pre>{@code
 * public static void main(String[] args) throws Exception {
 *     try (Init init = Init.run()) {
 *         // your app; Process.waitFor() stays exact, orphans are reaped
 *         init.awaitTermination();
 *     }
 * }
 * }</pre>
 *
 * <p>Signal handlers are installed before {@link #run()} or {@link Builder#start()} returns: no TERM is lost from then
 * on. On TERM, INT or HUP the components stop in reverse start order (bounded by the shutdown timeout), then the
 * after-shutdown action runs; by default it calls {@code Runtime.exit(128 + signal)}, which runs the JVM's shutdown
 * hooks as the JVM's own TERM handling would have. Thread-safe; {@link #close()} is idempotent and time-bounded.
 */
public final class Init implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Init.class);

    private final SignalRegistry signals;
    private final Processes processes;
    private final ChildTable children;
    private final Spawner spawner;
    private final InstantSource clock;
    private final List<Component> started = new ArrayList<>();
    private final List<Component> components;
    private final Duration shutdownTimeout;
    private final IntConsumer afterShutdown;
    private final CompletableFuture<Integer> terminated = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    private final Thread shutdownHook;
    private final ContextImpl context = new ContextImpl();
    private final Natives natives;
    private final Path root;

    private Init(Builder b, Natives natives) {
        this.natives = natives;
        this.processes = natives.processes();
        this.children = new ChildTable(processes);
        this.spawner = natives.spawner(children);
        this.clock = b.clock;
        this.root = b.root;
        this.shutdownTimeout = b.shutdownTimeout;
        this.afterShutdown = b.afterShutdown;
        Set<Signal> handled = EnumSet.of(Signal.CHLD);
        handled.addAll(b.shutdownOn);
        handled.addAll(b.extraSignals);
        this.signals = new SignalRegistry(handled, natives);
        signals.subscribe(Signal.CHLD, s -> children.reapOwned());
        for (Signal s : b.shutdownOn) {
            signals.subscribe(s, this::onShutdownSignal);
        }
        this.components = new ArrayList<>(b.components);
        if (b.discover) {
            List<ComponentProvider> providers = new ArrayList<>();
            ServiceLoader.load(ComponentProvider.class).forEach(providers::add);
            providers.sort(Comparator.comparingInt(ComponentProvider::order));
            if (!root.equals(Path.of("/"))) {
                LOG.info("init - default paths under {}", root);
            }
            for (ComponentProvider p : providers) {
                try {
                    p.createDefault(context).ifPresent(components::add);
                } catch (RuntimeException e) {
                    // Nothing has started yet but the signal handlers: give them back, then say which module failed.
                    signals.close(shutdownTimeout);
                    throw new IllegalStateException("init - " + p.getClass().getName() + " cannot offer its component: "
                            + e.getMessage(), e);
                }
            }
        }
        this.shutdownHook = new Thread(() -> close(), "jinit-shutdown-hook");
    }

    /**
     * Starts an init with every component found on the class path ({@code META-INF/services/}{@link
     * ComponentProvider}), each with its defaults:
     * <ul>
     * <li>the reaper ({@code jinit-reaper}) always, and the signal handling of this class;</li>
     * <li>syslog ({@code jinit-syslog}) on {@code /dev/log}, into SLF4J (logger {@code syslog.<tag>}), when that path
     *     is free (absent or a stale socket); off with {@code -Djinit.syslog=false};</li>
     * <li>cron ({@code jinit-cron}) when a crontab file exists ({@code /etc/crontab}, {@code /etc/cron.d/*},
     *     {@code /var/spool/cron/crontabs/*}) or a {@code dev.jinit.cron.CronJobSource} on the class path offers
     *     jobs in code; always with {@code -Djinit.cron=true}, never with {@code false}. Its jobs' output goes to
     *     {@code /dev/log};</li>
     * <li>the supervisor ({@code jinit-supervisor}) when {@code /etc/service} exists (supervised as
     *     {@code runsvdir} would) or a {@code dev.jinit.supervisor.ServiceSource} on the class path offers services
     *     in code (their {@code supervise/} state in {@code /run/jinit/service/NAME}); always with
     *     {@code -Djinit.supervisor=true}, never with {@code false}.</li>
     * </ul>
     * The running components take more in code: {@code init.component(Supervisor.class)} services through
     * {@code add}, {@code init.component(CronDaemon.class)} jobs through {@code addJavaJob} (an {@code @reboot} job
     * added after the start runs at once).
     * {@code -Djinit.root=DIR} resolves every one of these default paths under {@code DIR}, as {@code my_init --root
     * DIR} does: {@code DIR/etc/service}, {@code DIR/dev/log}, {@code DIR/etc/crontab}, {@code DIR/run/jinit/service}
     * and so on, for a test or a second init on one machine ({@link Context#path(String)} is where components
     * resolve them). {@code DIR} must be an existing directory; unset, the root is {@code /}.
     *
     * @return the running init; close it to stop the components
     * @throws IllegalArgumentException when {@code jinit.root} is not a directory
     * @throws IllegalStateException    when libc cannot be bound, a module cannot offer its component (two services
     *                                  of one name, say), or a component fails to start
     */
    public static Init run() {
        Builder b = builder().discoverComponents(true);
        String root = System.getProperty("jinit.root", "");
        if (!root.isEmpty()) {
            try {
                b.root(Path.of(root));
            } catch (IllegalArgumentException e) { // InvalidPathException too
                throw new IllegalArgumentException("-Djinit.root=" + root + ": " + e.getMessage()
                        + "; give an existing directory, or leave jinit.root unset for /", e);
            }
        }
        return b.start();
    }

    /** Composes an init explicitly. Nothing is discovered unless asked. */
    public static Builder builder() {
        return new Builder();
    }

    private void startComponents() {
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the JVM is already shutting down; jinit will not start", e);
        }
        for (Component c : components) {
            try {
                c.start(context);
                started.add(c);
                LOG.debug("init - started {}", c.name());
            } catch (Exception e) {
                close();
                throw new IllegalStateException("init - component " + c.name() + " failed to start: " + e.getMessage(), e);
            }
        }
    }

    private void onShutdownSignal(Signal s) {
        if (terminated.isDone()) {
            return;
        }
        LOG.info("init - got SIG{}, shutting down", s);
        // Not on the init thread: stopping components waits for children, whose ends the init thread delivers.
        stopOnNewThread(128 + s.number());
    }

    /**
     * Stops everything on a new thread "jinit-shutdown", then completes {@link #terminated()} and runs the
     * after-shutdown action. The thread is not a daemon, although the init thread that starts it is: a {@code main}
     * that returns once {@link #awaitTermination()} does must not let the JVM end (with 0) before the action's
     * {@code Runtime.exit(code)} has run.
     */
    private void stopOnNewThread(int exitCode) {
        Thread t = new Thread(() -> {
            close();
            terminated.complete(exitCode);
            afterShutdown.accept(exitCode);
        }, "jinit-shutdown");
        t.setDaemon(false);
        t.start();
    }

    /**
     * Stops the components as a shutdown signal would, completes {@link #terminated()} with {@code exitCode} and runs
     * the after-shutdown action with it (by default {@code Runtime.exit(exitCode)}). For a component that decides the
     * whole init must end, such as the supervisor when an essential service has failed permanently. Returns at once:
     * the stopping happens on a new thread. Only the first request counts; none after a shutdown signal.
     *
     * @param exitCode 0–255
     */
    public void shutdown(int exitCode) {
        if (exitCode < 0 || exitCode > 255) {
            throw new IllegalArgumentException("exitCode must be 0-255, but was " + exitCode);
        }
        if (terminated.isDone() || closing.get() || !shutdownRequested.compareAndSet(false, true)) {
            return;
        }
        LOG.info("init - shutdown requested with exit code {}", exitCode);
        stopOnNewThread(exitCode);
    }

    /** The process services shared by every component. */
    public Context context() {
        return context;
    }

    public Signals signals() {
        return signals;
    }

    public Spawner spawner() {
        return spawner;
    }

    public Processes processes() {
        return processes;
    }

    public ChildTable children() {
        return children;
    }

    /** A running component of this init, by type (for example the reaper, to read its counters). */
    public <T> Optional<T> component(Class<T> type) {
        return context.component(type);
    }

    /**
     * Every component's {@link Component#status()}, in start order. A component whose status throws is reported
     * unhealthy with the error as its one line, so one broken component cannot hide the others.
     */
    public List<ComponentStatus> status() {
        List<ComponentStatus> out = new ArrayList<>(components.size());
        for (Component c : components) {
            try {
                out.add(c.status());
            } catch (RuntimeException e) {
                out.add(new ComponentStatus(c.name(), false,
                        List.of("status failed: " + e)));
            }
        }
        return out;
    }

    /** Completes with 128 + signal once a shutdown signal has stopped the components. */
    public CompletableFuture<Integer> terminated() {
        return terminated.copy();
    }

    /** Blocks until a shutdown signal has stopped the components; returns 128 + that signal. */
    public int awaitTermination() throws InterruptedException {
        try {
            return terminated.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stops the components in reverse start order, each within the shutdown timeout, then restores the signal
     * handlers. Idempotent; returns within about (components + 1) × the shutdown timeout.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            Component c = started.get(i);
            try {
                c.stop(shutdownTimeout);
                LOG.debug("init - stopped {}", c.name());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("init - interrupted while stopping {}; stopping the rest without waiting", c.name());
            } catch (Exception e) {
                LOG.error("init - component {} failed to stop cleanly", c.name(), e);
            }
        }
        signals.close(shutdownTimeout);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook itself, or it has run
        }
    }

    /** Builds an {@link Init}. Every setter validates its argument. */
    public static final class Builder {
        private final List<Component> components = new ArrayList<>();
        private final Set<Signal> shutdownOn = EnumSet.of(Signal.TERM, Signal.INT, Signal.HUP);
        private final Set<Signal> extraSignals = EnumSet.noneOf(Signal.class);
        private boolean discover;
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private InstantSource clock = InstantSource.system();
        private Path root = Path.of("/");
        private IntConsumer afterShutdown = code -> Runtime.getRuntime().exit(code);
        private Natives natives; // null: Natives.load() in start()

        private Builder() {
        }

        /**
         * The libc binding to use, for a caller that made it already (my_init binds it on another thread while it
         * reads its configuration: binding libc takes tens of ms of a start); default {@link Natives#load()} in
         * {@link #start()}.
         */
        public Builder natives(Natives natives) {
            this.natives = Objects.requireNonNull(natives, "natives");
            return this;
        }

        /** Adds a component; components start in the order added, after discovered ones if those come first. */
        public Builder component(Component c) {
            components.add(Objects.requireNonNull(c, "component"));
            return this;
        }

        /** Whether to add the default component of every module on the class path (default false here, true in run()). */
        public Builder discoverComponents(boolean discover) {
            this.discover = discover;
            return this;
        }

        /** The signals that stop the init (default TERM, INT, HUP); an empty set leaves them to the caller. */
        public Builder shutdownOn(Set<Signal> signals) {
            shutdownOn.clear();
            shutdownOn.addAll(signals);
            return this;
        }

        /** More signals to handle, so that components can subscribe to them (signal forwarding, say). */
        public Builder handle(Set<Signal> signals) {
            extraSignals.addAll(signals);
            return this;
        }

        /** How long each component may take to stop (default 10 s). */
        public Builder shutdownTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("shutdownTimeout must be positive, but was " + timeout);
            }
            this.shutdownTimeout = timeout;
            return this;
        }

        /** What runs after a shutdown signal has stopped everything; default {@code Runtime.exit(128 + signal)}. */
        public Builder afterShutdown(IntConsumer action) {
            this.afterShutdown = Objects.requireNonNull(action, "afterShutdown");
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The directory under which discovered components find their default paths ({@link Context#path(String)}):
         * default {@code /}; {@link Init#run()} takes it from {@code -Djinit.root}. Components added with
         * {@link #component} keep the paths they were built with.
         *
         * @param dir an existing directory; a relative one is taken from the working directory
         * @throws IllegalArgumentException when {@code dir} is not a directory
         */
        public Builder root(Path dir) {
            Path abs = Objects.requireNonNull(dir, "root").toAbsolutePath().normalize();
            if (!Files.isDirectory(abs)) {
                throw new IllegalArgumentException("root must be an existing directory, but " + abs
                        + (Files.exists(abs) ? " is not a directory" : " does not exist"));
            }
            this.root = abs;
            return this;
        }

        /**
         * Installs the signal handlers, then starts the components.
         *
         * @throws IllegalStateException when libc cannot be bound or a component fails to start
         */
        public Init start() {
            Init init = new Init(this, natives != null ? natives : Natives.load());
            init.startComponents();
            return init;
        }
    }

    private final class ContextImpl implements Context {
        @Override
        public Processes processes() {
            return processes;
        }

        @Override
        public Spawner spawner() {
            return spawner;
        }

        @Override
        public ChildTable children() {
            return children;
        }

        @Override
        public Signals signals() {
            return signals;
        }

        @Override
        public void requestShutdown(int exitCode) {
            shutdown(exitCode);
        }

        @Override
        public dev.jinit.core.Descriptors descriptors() {
            return natives.descriptors();
        }

        @Override
        public InstantSource clock() {
            return clock;
        }

        @Override
        public Path root() {
            return root;
        }

        @Override
        public <T> Optional<T> component(Class<T> type) {
            for (Component c : components) {
                if (type.isInstance(c)) {
                    return Optional.of(type.cast(c));
                }
            }
            return Optional.empty();
        }
    }
}
