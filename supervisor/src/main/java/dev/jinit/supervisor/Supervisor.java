package dev.jinit.supervisor;

import dev.jinit.setuser.SetUser;
import dev.jinit.setuser.UserSpawner;
import dev.jinit.core.Signal;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import dev.jinit.supervisor.internal.ControlPoller;
import dev.jinit.supervisor.internal.DirectoryWatcher;
import dev.jinit.supervisor.internal.ServiceDirectory;
import dev.jinit.supervisor.internal.StopOrder;
import dev.jinit.supervisor.internal.Unit;
import dev.jinit.supervisor.internal.UserSpawns;
import dev.jinit.supervisor.runit.ControlCommand;
import dev.jinit.supervisor.runit.RunState;
import dev.jinit.supervisor.runit.Want;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises every service directory in a directory as runit's {@code runsvdir -P DIR} with one {@code runsv} per
 * service does, byte-compatible with runit 2.1.2's {@code supervise/} protocol, so Debian's {@code sv} drives it.
 *
 * <pre>{@code
 * try (Init init = Init.builder().component(Supervisor.ofDirectory(Path.of("/etc/service"))).start()) {
 *     init.awaitTermination();
 * }
 * }</pre>
 *
 * Services defined in code, with readiness, dependencies, events, status and control:
 *
 * <pre>{@code
 * Supervisor sup = Supervisor.builder()
 *         .service(ServiceDefinition.builder("db").command("postgres", "-D", "/var/lib/pg").user("postgres")
 *                 .readiness(Readiness.tcpPort(5432)).essential(3, Duration.ofMinutes(1)).build())
 *         .service(ServiceDefinition.builder("app").command("/app/bin/run").dependsOn("db").build())
 *         .build();
 * sup.subscribe(e -> LOG.info("{}: {}", e.service(), e.event()));
 * try (Init init = Init.builder().component(sup).start()) {
 *     ServiceStatus db = sup.status("db").orElseThrow(); // state, pid, since, restarts, ready, want
 *     sup.restart("app").get(5, TimeUnit.SECONDS);       // also up, down, once, signal, control
 *     init.awaitTermination();
 * }
 * }</pre>
 *
 * <p>In an app that calls {@code Init.run()}, services in code come from a {@link ServiceSource} on the class path, or
 * are {@linkplain #add added} to the running supervisor ({@code init.component(Supervisor.class)}).
 *
 * <p>Threads: one loop thread ({@code jinit-supervisor}) owns every service's state and runs all its actions and
 * timers; one thread ({@code jinit-supervisor-control}) sleeps in {@code poll(2)} over every control FIFO and
 * readiness pipe, and over an inotify descriptor that says when the directory changed. Process ends come from the
 * init thread's reaping ({@code Child.onExit()}). Idle, nothing of the supervisor wakes up: the directory is read when inotify says it changed (every {@linkplain Builder#scanInterval
 * scan interval} where inotify is not available). Thread-safe.
 */
public final class Supervisor implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** The init's exit code when an essential service has failed permanently. */
    public static final int ESSENTIAL_FAILED = 1;

    /** What happened to which service ({@code NAME}, or {@code NAME/log} for its log service). */
    public record Event(String service, ServiceEvent event) {
    }

    /** A subscriber to service events; called on the supervisor's loop thread, so it must not block. */
    @FunctionalInterface
    public interface Listener {
        void onEvent(Event event);
    }

    private final Optional<Path> directory;
    private final Path stateDirectory;
    private final List<ServiceDefinition> definitions;
    private final Duration scanInterval;
    private final Duration directoryStopTimeout;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Object, ServiceDirectory> services = new HashMap<>(); // by (dev, inode): loop thread only
    private final Set<String> unavailable = new HashSet<>(); // names already reported as not supervisable
    private final Map<Object, Long> endedAt = new HashMap<>(); // nanoTime when supervision ended (x): loop thread
    private volatile ScheduledExecutorService loop;
    private volatile ControlPoller poller;
    private volatile Unit.Env env;
    private volatile Context context;
    private final Lazy<SetUser> setUser = new Lazy<>(SetUser::ofDefaults);
    private final UserSpawner.Mode userSpawns;
    private volatile UserSpawns users;
    private final Set<String> essential;
    // services defined in code, by name: written on the loop thread (start, add), read by status() from any thread
    private final Map<String, ServiceDirectory> code = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> firstStart = new java.util.concurrent.ConcurrentHashMap<>(); // first Ready
    // every supervised service by name, for status and control from any thread; written on the loop thread
    private final Map<String, ServiceDirectory> byName = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> startedCode = new HashSet<>(); // loop thread
    private volatile boolean stopping;
    private Optional<DirectoryWatcher> watcher = Optional.empty();
    private final java.util.concurrent.atomic.AtomicBoolean scanPending = new java.util.concurrent.atomic.AtomicBoolean();
    /** A burst of changes (a tree being copied in) is read once, this long after its first change. */
    private static final Duration WATCH_DEBOUNCE = Duration.ofMillis(50);
    private volatile Instant startedAt = Instant.EPOCH;

    private Supervisor(Builder b) {
        this.directory = b.directory;
        this.stateDirectory = b.stateDirectory;
        // written on the loop thread only (add), read from any thread
        this.definitions = new CopyOnWriteArrayList<>(b.definitions.values());
        this.essential = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (ServiceDefinition d : definitions) {
            if (d.essential()) {
                essential.add(d.name().value());
            }
        }
        this.scanInterval = b.scanInterval;
        this.directoryStopTimeout = b.directoryStopTimeout;
        this.userSpawns = b.userSpawns;
    }

    /** Supervises every service directory in {@code directory}, re-read every 2 s. */
    public static Supervisor ofDirectory(Path directory) {
        return builder().directory(directory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "supervisor";
    }

    /** The scanned directory, if any. */
    public Optional<Path> directory() {
        return directory;
    }

    /** How services with a {@code user} are spawned ({@link Builder#userSpawns}). */
    public UserSpawner.Mode userSpawns() {
        return userSpawns;
    }

    /** Where the services defined in code keep their {@code NAME/supervise/}. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** The services defined in code, in the order given (those {@linkplain #add added} last). */
    public List<ServiceDefinition> definitions() {
        return List.copyOf(definitions);
    }

    /**
     * Supervises one more service defined in code, on a running supervisor: the one {@code Init.run()} started, say
     * ({@code init.component(Supervisor.class)}; {@code -Djinit.supervisor=true} makes it start one even with no
     * service directory and no {@link ServiceSource}). The service is then supervised exactly as one given to
     * {@link Builder#service}: it starts once the services it {@code dependsOn} have been ready once, its
     * {@code supervise/} is in the {@linkplain Builder#stateDirectory state directory}, and it stops with the others,
     * before the services it depends on.
     *
     * @return completes once the service is supervised (its start is under way); fails with
     *         {@link IllegalArgumentException} when its name is taken (saying by a service in code or by which service
     *         directory) or it depends on a service not defined in code, {@link IllegalStateException} when the
     *         supervisor is not running, and with the cause when it cannot be started
     */
    public CompletableFuture<Void> add(ServiceDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        CompletableFuture<Void> f = new CompletableFuture<>();
        String n = definition.name().value();
        ScheduledExecutorService l = loop;
        if (l == null || stopping) {
            f.completeExceptionally(new IllegalStateException("supervisor - not running; cannot add service '" + n
                    + "' (before the start, give it to Supervisor.builder().service)"));
            return f;
        }
        try {
            l.execute(() -> {
                try {
                    addOnLoop(definition);
                    f.complete(null);
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("supervisor - stopped; cannot add service '" + n + "'", e));
        }
        return f;
    }

    /** {@link #add}'s work. Loop thread. */
    private void addOnLoop(ServiceDefinition d) {
        String n = d.name().value();
        if (stopping) {
            throw new IllegalStateException("supervisor - stopping; cannot add service '" + n + "'");
        }
        if (code.containsKey(n)) {
            throw new IllegalArgumentException("service '" + n + "': a service of that name is already defined in code");
        }
        ServiceDirectory taken = byName.get(n);
        if (taken != null) {
            throw new IllegalArgumentException("service '" + n + "': the service directory " + taken.directory()
                    + " has that name already");
        }
        for (ServiceName dep : d.dependencies()) {
            if (!code.containsKey(dep.value())) {
                throw new IllegalArgumentException("service '" + n + "': dependsOn names '" + dep.value()
                        + "', which is not a service defined in code");
            }
        }
        define(d, Path.of("").toAbsolutePath());
        definitions.add(d);
        if (d.essential()) {
            essential.add(n);
        }
        try {
            startWhenReady(d);
        } catch (RuntimeException e) { // not started: as if never added
            code.remove(n);
            firstStart.remove(n);
            definitions.remove(d);
            essential.remove(n);
            throw e;
        }
    }

    /** Subscribes to the events of every service; returns a handle that unsubscribes. */
    public AutoCloseable subscribe(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    @Override
    public void start(Context context) {
        if (loop != null) {
            throw new IllegalStateException("the supervisor is already started");
        }
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jinit-supervisor");
            t.setDaemon(true);
            return t;
        }) {
            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                // A failed task must not vanish into its future: say so; the loop goes on with the next one.
                if (t == null && r instanceof java.util.concurrent.Future<?> f && f.isDone() && !f.isCancelled()) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        LOG.error("supervisor - a supervision task failed; continuing", e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        ex.setRemoveOnCancelPolicy(true);
        loop = ex;
        this.context = context;
        startedAt = context.clock().instant();
        poller = new ControlPoller(context.descriptors());
        users = new UserSpawns(context.spawner(), setUser::get, userSpawns);
        env = new Unit.Env(context.spawner(), context.processes(), context.descriptors(), context.clock(), ex, poller,
                users);
        CompletableFuture<Void> codeStarted = new CompletableFuture<>();
        ex.execute(() -> {
            try {
                startDefinitions();
                codeStarted.complete(null);
            } catch (RuntimeException e) {
                codeStarted.completeExceptionally(e);
            }
        });
        try {
            codeStarted.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ex.shutdownNow();
            poller.close();
            users.close();
            loop = null;
            throw new IllegalStateException("supervisor - cannot start the services defined in code: "
                    + (e instanceof ExecutionException ee ? ee.getCause().getMessage() : e.toString()), e);
        }
        if (directory.isPresent()) {
            LOG.info("supervisor - supervising the services in {}", directory.get());
            watcher = DirectoryWatcher.start(directory.get(), context.descriptors(), poller,
                    () -> requestScan(WATCH_DEBOUNCE),
                    () -> ex.scheduleWithFixedDelay(this::scan, 0, scanInterval.toMillis(), TimeUnit.MILLISECONDS));
            if (watcher.isEmpty()) {
                LOG.warn("supervisor - cannot watch {} with inotify; reading it every {} instead", directory.get(),
                        scanInterval);
                ex.scheduleWithFixedDelay(this::scan, 0, scanInterval.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                requestScan(Duration.ZERO);
            }
        }
    }

    /**
     * Services from code: each gets {@code STATE/NAME/supervise/}, so sv drives them as the others. A service starts
     * once every service it depends on has been ready once (its first {@link ServiceEvent.Ready}). Loop thread.
     */
    private void startDefinitions() {
        Path cwd = Path.of("").toAbsolutePath();
        for (ServiceDefinition d : definitions) {
            define(d, cwd);
        }
        for (ServiceDefinition d : definitions) {
            startWhenReady(d);
        }
    }

    /** Makes {@code STATE/NAME/} and the service's supervision, not started yet. Loop thread. */
    private void define(ServiceDefinition d, Path cwd) {
        Path state = stateDirectory.resolve(d.name().value());
        try {
            Files.createDirectories(d.log().isPresent() ? state.resolve("log") : state);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot make " + state, e);
        }
        code.put(d.name().value(), ServiceDirectory.of(d, state, cwd, env, this::publish));
        firstStart.put(d.name().value(), new CompletableFuture<>());
    }

    /** Starts a defined service now, or once each of its dependencies has been ready once. Loop thread. */
    private void startWhenReady(ServiceDefinition d) {
        String n = d.name().value();
        if (d.dependencies().isEmpty()) {
            startCode(n, true);
            return;
        }
        LOG.info("supervisor - {}: starts after {}", n, d.dependencies());
        CompletableFuture.allOf(d.dependencies().stream().map(x -> firstStart.get(x.value()))
                        .toArray(CompletableFuture[]::new))
                .thenRun(() -> loop.execute(() -> {
                    if (!stopping) {
                        startCode(n, false);
                    }
                }));
    }

    private void startCode(String n, boolean fatal) {
        ServiceDirectory sd = code.get(n);
        boolean ok;
        byName.put(n, sd); // before the start, so status() knows it when its Started event arrives
        try {
            ok = sd.start();
        } catch (RuntimeException e) {
            byName.remove(n, sd);
            if (fatal) {
                throw e;
            }
            LOG.error("supervisor - {}: cannot start it: {}", n, e.getMessage());
            return;
        }
        if (!ok) {
            byName.remove(n, sd);
            String why = n + ": " + sd.directory() + "/supervise/lock is held by another supervisor";
            if (fatal) {
                throw new IllegalStateException(why);
            }
            LOG.error("supervisor - {}", why);
            return;
        }
        startedCode.add(n);
        Object key = "code:" + n;
        services.put(key, sd);
        sd.done().thenRun(() -> loop.execute(() -> {
            services.remove(key, sd);
            byName.remove(n, sd);
        }));
    }

    /** A scan after {@code delay}, unless one is pending already. Any thread. */
    private void requestScan(Duration delay) {
        ScheduledExecutorService l = loop;
        if (l != null && !stopping && scanPending.compareAndSet(false, true)) {
            try {
                l.schedule(() -> {
                    scanPending.set(false);
                    scan();
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scanPending.set(false); // stopping
            }
        }
    }

    /**
     * runsvdir's scan: start new service directories, stop the ones that disappeared. Runs when the directory
     * changes (inotify), and again after the scan interval while something waits for a retry (a lock held elsewhere,
     * a supervision that ended and may restart, an unreadable directory). Loop thread.
     */
    private void scan() {
        if (stopping) {
            return;
        }
        try {
            scanOnce();
        } finally {
            if (watcher.isPresent() && (!unavailable.isEmpty() || !endedAt.isEmpty())) {
                requestScan(scanInterval);
            }
        }
    }

    private void scanOnce() {
        try {
            Map<Object, Path> seen = new HashMap<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory.orElseThrow())) {
                for (Path p : entries) {
                    String n = p.getFileName().toString();
                    if (n.startsWith(".") || !Files.isDirectory(p)) {
                        continue;
                    }
                    Object key = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                    seen.put(key == null ? p.toRealPath() : key, p);
                }
            } catch (IOException e) {
                if (unavailable.add("")) {
                    LOG.warn("supervisor - cannot read {}: {}; trying again", directory, e.toString());
                }
                return;
            }
            unavailable.remove("");
            for (var e : List.copyOf(services.entrySet())) {
                if (!(e.getKey() instanceof String) && !seen.containsKey(e.getKey())) {
                    LOG.info("supervisor - {}: gone from {}; stopping it", e.getValue().name(), directory);
                    e.getValue().exit();
                }
            }
            long now = System.nanoTime();
            endedAt.values().removeIf(t -> now - t >= scanInterval.toNanos());
            endedAt.keySet().retainAll(seen.keySet());
            for (var e : seen.entrySet()) {
                // As runsvdir restarts a runsv that exited (after sv exit), but not before a whole scan interval
                // has passed, so that sv -w exit sees the supervisor gone.
                if (!services.containsKey(e.getKey()) && !endedAt.containsKey(e.getKey())) {
                    startService(e.getKey(), e.getValue());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("supervisor - scan of {} failed; trying again", directory, e);
        }
    }

    private void startService(Object key, Path path) {
        String n = path.getFileName().toString();
        ServiceDirectory sd;
        boolean started;
        boolean named = false;
        try {
            sd = ServiceDirectory.ofDirectory(n, path, directoryStopTimeout, env, this::publish);
            // before the start, so status() knows it when its Started event arrives; a code service keeps its name
            named = byName.putIfAbsent(n, sd) == null;
            started = sd.start();
        } catch (RuntimeException e) {
            if (named) {
                byName.remove(n);
            }
            if (unavailable.add(n)) {
                LOG.warn("supervisor - {}: cannot supervise it: {}", n, e.getMessage());
            }
            return;
        }
        if (!started) {
            if (named) {
                byName.remove(n, sd);
            }
            if (unavailable.add(n)) {
                LOG.warn("supervisor - {}: its supervise/lock (or log/supervise/lock) is held by another supervisor;"
                        + " not supervising it while that lasts", n);
            }
            return;
        }
        unavailable.remove(n);
        services.put(key, sd);
        sd.done().thenRun(() -> loop.execute(() -> {
            byName.remove(n, sd);
            if (services.remove(key, sd)) {
                endedAt.put(key, System.nanoTime());
                requestScan(scanInterval);
            }
        }));
    }

    /**
     * Whether {@code service} (never a {@code NAME/log}) is essential: defined so in code, or a directory with an
     * {@code essential} file. Any thread.
     */
    private boolean isEssential(String service) {
        if (essential.contains(service)) {
            return true;
        }
        ServiceDirectory sd = byName.get(service);
        return sd != null && sd.essential();
    }

    private void publish(String service, ServiceEvent event) {
        if (event instanceof ServiceEvent.FailedPermanently) { // a failed start is logged by its unit, once per reason
            LOG.warn("supervisor - {}: {}", service, event);
        } else {
            LOG.debug("supervisor - {}: {}", service, event);
        }
        if (event instanceof ServiceEvent.Ready) {
            CompletableFuture<Void> f = firstStart.get(service);
            if (f != null) {
                f.complete(null);
            }
        }
        if (event instanceof ServiceEvent.FailedPermanently && isEssential(service)) {
            LOG.error("supervisor - {}: an essential service failed permanently; shutting the init down with exit "
                    + "code {}", service, ESSENTIAL_FAILED);
            try {
                context.requestShutdown(ESSENTIAL_FAILED);
            } catch (UnsupportedOperationException ex) {
                LOG.error("supervisor - this init cannot be shut down from here: {}", ex.getMessage());
            }
        }
        Event e = new Event(service, event);
        for (Listener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.error("supervisor - an event listener failed; continuing", ex);
            }
        }
    }

    /**
     * Stops every service, bounded by {@code timeout} in all. Those of the directory stop at once, in parallel, as
     * runsvdir's SIGHUP does; those from code each after every service that depends on it has ended, so independent
     * services stop in parallel, level by level of the dependency graph. Each gets {@code x}: its stop signal, then
     * KILL after its stop timeout, then its log service drains the pipe and exits. So that a chain of dependencies
     * cannot outlast {@code timeout} (three services of 7 s each would take 21 s where the init gives 10), the time is
     * shared: with L levels, level i (0 = services nothing depends on) is KILLed by {@code (i+1)/L} of the time at the
     * latest, its log services included. Services still running after {@code timeout} are left, with a warning.
     */
    @Override
    public void stop(Duration timeout) throws InterruptedException {
        ScheduledExecutorService l = loop;
        if (l == null || stopping) {
            return;
        }
        long startNanos = System.nanoTime();
        CompletableFuture<List<CompletableFuture<Void>>> all = new CompletableFuture<>();
        l.execute(() -> {
            stopping = true;
            Instant now = context.clock().instant();
            // keep a margin for the reaps after the last KILL, so the wait below ends before the init's deadline
            Duration budget = timeout.minus(timeout.dividedBy(10));
            Map<String, Integer> level = StopOrder.levels(definitions);
            int levels = 1 + level.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            java.util.function.IntFunction<Optional<Instant>> killBy =
                    i -> Optional.of(now.plus(budget.multipliedBy(i + 1).dividedBy(levels)));
            List<CompletableFuture<Void>> dones = new ArrayList<>();
            for (var e : services.entrySet()) {
                if (!(e.getKey() instanceof String)) { // a service directory of DIR: stopped at once, as runsvdir
                    dones.add(e.getValue().done());
                    e.getValue().exit(killBy.apply(levels - 1));
                }
            }
            // Services from code: each after every service that depends on it has ended (reverse start order).
            Map<String, CompletableFuture<Void>> ended = new HashMap<>();
            for (var e : code.entrySet()) {
                ended.put(e.getKey(), startedCode.contains(e.getKey()) ? e.getValue().done()
                        : CompletableFuture.completedFuture(null));
            }
            for (ServiceDefinition d : definitions) {
                String n = d.name().value();
                List<CompletableFuture<Void>> dependents = new ArrayList<>();
                for (ServiceDefinition other : definitions) {
                    if (other.dependencies().contains(d.name())) {
                        dependents.add(ended.get(other.name().value()));
                    }
                }
                if (startedCode.contains(n)) {
                    Optional<Instant> by = killBy.apply(level.get(n));
                    CompletableFuture.allOf(dependents.toArray(CompletableFuture[]::new))
                            .thenRun(() -> loop.execute(() -> code.get(n).exit(by)));
                }
                dones.add(ended.get(n));
            }
            all.complete(dones);
        });
        try {
            List<CompletableFuture<Void>> dones = all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long left = timeout.toNanos() - (System.nanoTime() - startNanos);
            CompletableFuture.allOf(dones.toArray(CompletableFuture[]::new)).get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("supervisor - services still running after {}; leaving them: {}", timeout,
                    byName.keySet().stream().sorted().toList());
        } catch (ExecutionException e) {
            LOG.error("supervisor - stopping failed", e.getCause());
        } finally {
            l.shutdownNow();
            l.awaitTermination(1, TimeUnit.SECONDS);
            watcher.ifPresent(DirectoryWatcher::close);
            poller.close();
            users.close(); // after the last spawn: the loop has ended; bounded (UserSpawner#close)
        }
        LOG.info("supervisor - stopped");
    }

    /**
     * The shortest timeout for {@link #stop(Duration)} with which every service still gets its whole stop timeout
     * before KILL (the {@linkplain Builder#directoryStopTimeout directory's}, or a code service's own), given how
     * {@code stop} shares its time: directory services are KILLed by 27/40 of it at the latest (9/10 kept for the
     * log services, three quarters of that for the service), a chain of L levels of code services level by level
     * by L × 27/40; plus 1 s for the reaps after the last KILL. An init should give the supervisor at least this.
     */
    public Duration fullStopTimeout() {
        Duration longest = directory.isPresent() ? directoryStopTimeout : Duration.ZERO;
        Map<String, Integer> level = StopOrder.levels(definitions);
        int levels = 1 + level.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (ServiceDefinition d : definitions) {
            Duration chain = d.stopTimeout().multipliedBy(levels);
            if (chain.compareTo(longest) > 0) {
                longest = chain;
            }
        }
        return longest.multipliedBy(40).dividedBy(27).plusSeconds(1);
    }

    /**
     * The status of one service ({@code NAME}, or {@code NAME/log} for its log service), now. Does not block: it
     * reads what the loop thread last wrote.
     *
     * @return empty when no such service is supervised
     */
    public Optional<ServiceStatus> status(String service) {
        Objects.requireNonNull(service, "service");
        boolean isLog = service.endsWith("/log");
        String name = isLog ? service.substring(0, service.length() - 4) : service;
        ServiceDirectory sd = byName.get(name);
        if (sd == null) {
            if (!isLog && code.containsKey(name) && !stopping) { // defined in code, waiting for its dependencies
                return Optional.of(new ServiceStatus(name, RunState.DOWN, 0, startedAt, Want.UP, false, 0, false,
                        true, isEssential(name), false));
            }
            return Optional.empty();
        }
        Optional<Unit> unit = isLog ? sd.log() : Optional.of(sd.main());
        return unit.flatMap(u -> u.state().map(st -> new ServiceStatus(service, st.state(), st.pid(), st.stamp(),
                st.want(), st.paused(), u.restarts(), u.ready(), u.normallyUp(),
                !isLog && sd.essential(), u.failedPermanently())));
    }

    /** Every supervised service (and log service), by name. */
    public List<ServiceStatus> services() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(byName.keySet());
        if (!stopping) {
            names.addAll(code.keySet());
        }
        List<ServiceStatus> out = new ArrayList<>();
        for (String n : names) {
            status(n).ifPresent(out::add);
            status(n + "/log").ifPresent(out::add);
        }
        return out;
    }

    /**
     * One line per service ({@link ServiceStatus#line}), sorted by name; unhealthy when an essential service is not
     * running.
     */
    @Override
    public ComponentStatus status() {
        Instant now = context == null ? Instant.now() : context.clock().instant();
        List<String> lines = new ArrayList<>();
        boolean healthy = true;
        for (ServiceStatus st : services()) {
            lines.add(st.line(now));
            if (st.essential() && !st.running()) {
                healthy = false;
            }
        }
        return new ComponentStatus(name(), healthy, lines);
    }

    /** {@code sv up}: want up, start it if down. */
    public CompletableFuture<Void> up(String service) {
        return control(service, ControlCommand.UP);
    }

    /** {@code sv down}: want down, stop it (its stop signal, then CONT). */
    public CompletableFuture<Void> down(String service) {
        return control(service, ControlCommand.DOWN);
    }

    /** {@code sv once}: start it if down, do not restart it. */
    public CompletableFuture<Void> once(String service) {
        return control(service, ControlCommand.ONCE);
    }

    /** {@code sv restart}: its stop signal, CONT, and up (so it starts again once it has ended). */
    public CompletableFuture<Void> restart(String service) {
        return control(service, ControlCommand.TERM, ControlCommand.CONT, ControlCommand.UP);
    }

    /**
     * Sends {@code signal} to the service's process. Signals with an {@code sv} command (HUP, ALRM, INT, QUIT, USR1,
     * USR2, TERM, KILL, STOP, CONT) go through it, so {@code control/<c>} scripts and runsv's bookkeeping apply (TERM
     * is the {@code t} command, which sends the configured stop signal); any other is sent to the pid as it is.
     */
    public CompletableFuture<Void> signal(String service, Signal signal) {
        Objects.requireNonNull(signal, "signal");
        for (ControlCommand c : ControlCommand.values()) {
            if (c.signal().equals(Optional.of(signal))) {
                return control(service, c);
            }
        }
        return onLoop(service, (sd, unit) -> unit.state().ifPresent(st -> {
            if (st.pid() != 0) {
                context.processes().signal(st.pid(), signal);
            }
        }));
    }

    /**
     * Applies runit control commands, in order, as if written to {@code supervise/control}.
     *
     * @return completes once applied; fails with {@link java.util.NoSuchElementException} when no such service is
     *         supervised, or {@link IllegalStateException} when the supervisor is not running
     */
    public CompletableFuture<Void> control(String service, ControlCommand... commands) {
        List<ControlCommand> cs = List.of(commands);
        return onLoop(service, (sd, unit) -> cs.forEach(c -> sd.control(unit, c.code())));
    }

    private CompletableFuture<Void> onLoop(String service, java.util.function.BiConsumer<ServiceDirectory, Unit> what) {
        Objects.requireNonNull(service, "service");
        CompletableFuture<Void> f = new CompletableFuture<>();
        ScheduledExecutorService l = loop;
        if (l == null || stopping) {
            f.completeExceptionally(new IllegalStateException("supervisor - not running; cannot control " + service));
            return f;
        }
        boolean isLog = service.endsWith("/log");
        String name = isLog ? service.substring(0, service.length() - 4) : service;
        try {
            l.execute(() -> {
                ServiceDirectory sd = byName.get(name);
                Optional<Unit> unit = sd == null ? Optional.empty() : isLog ? sd.log() : Optional.of(sd.main());
                if (unit.isEmpty()) {
                    f.completeExceptionally(new java.util.NoSuchElementException("supervisor - no service '"
                            + service + "' is supervised; known: " + byName.keySet().stream().sorted().toList()));
                    return;
                }
                try {
                    what.accept(sd, unit.get());
                    f.complete(null);
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("supervisor - stopped; cannot control " + service, e));
        }
        return f;
    }

    /** A value made on first use (setuser binds libc and is only needed for services with a user). */
    private static final class Lazy<T> {
        private final java.util.function.Supplier<T> make;
        private T value;

        Lazy(java.util.function.Supplier<T> make) {
            this.make = make;
        }

        synchronized T get() {
            if (value == null) {
                value = make.get();
            }
            return value;
        }
    }

    /** Builds a {@link Supervisor}. */
    public static final class Builder {
        private Optional<Path> directory = Optional.empty();
        private Path stateDirectory = Path.of("/run/jinit/service");
        private final Map<ServiceName, ServiceDefinition> definitions = new java.util.LinkedHashMap<>();
        private Duration scanInterval = Duration.ofSeconds(2);
        private Duration directoryStopTimeout = Duration.ofSeconds(ServiceDefinition.DEFAULT_STOP_TIMEOUT_SECONDS);
        private UserSpawner.Mode userSpawns = UserSpawner.Mode.SETPRIV;

        private Builder() {
        }

        /**
         * How the processes of services with a {@code user} are started. The default, {@link UserSpawner.Mode#SETPRIV},
         * has util-linux setpriv exec the command (~5 ms more per start) and never runs a JVM thread as the user;
         * {@link UserSpawner.Mode#SWITCH_PER_SPAWN} and {@link UserSpawner.Mode#PER_THREAD} spawn with no exec in
         * between (~0.1 ms more), but the users' processes can then signal the spawning JVM thread (during each
         * {@code posix_spawn}, or all the time per thread), and a SIGSEGV/SIGBUS/SIGILL/SIGFPE sent so aborts the JVM,
         * so choose them only for users you trust.
         *
         * <p>Those two use one {@link UserSpawner} of this supervisor, made at the first such start through the
         * init's spawner (the init reaps the children as any other) and closed at its stop. Without root (or
         * per-thread credentials) setpriv is used whatever this says. {@code -D}{@value
         * dev.jinit.setuser.UserSpawnsProperty#NAME} sets it for the supervisor {@code Init.run()} and {@code my_init}
         * make.
         */
        public Builder userSpawns(UserSpawner.Mode mode) {
            this.userSpawns = Objects.requireNonNull(mode, "userSpawns mode");
            return this;
        }

        /** The directory of service directories to scan (runsvdir's DIR); default none. */
        public Builder directory(Path dir) {
            this.directory = Optional.of(Objects.requireNonNull(dir, "directory").toAbsolutePath());
            return this;
        }

        /**
         * Where services defined in code get their {@code NAME/supervise/} (and {@code NAME/log/supervise/}), so that
         * {@code sv STATE/NAME} drives them; default {@code /run/jinit/service}. Created when missing.
         */
        public Builder stateDirectory(Path dir) {
            this.stateDirectory = Objects.requireNonNull(dir, "stateDirectory").toAbsolutePath();
            return this;
        }

        /**
         * A service defined in code. Its name must be unique among the services defined in code. A {@code user} is
         * resolved at every start and switched to through setuser ({@code setpriv} unless {@link #userSpawns} says
         * otherwise; the supervisor must be root). A
         * service starts after the services it {@code dependsOn} are {@linkplain Readiness ready}, and stops before
         * them. An essential
         * service that fails permanently shuts the init down with {@link #ESSENTIAL_FAILED}.
         *
         * @throws IllegalArgumentException naming the field when the definition uses what is not supported yet, or
         *                                  when the name is taken
         */
        public Builder service(ServiceDefinition d) {
            String owner = "service '" + d.name().value() + "'";
            if (definitions.putIfAbsent(d.name(), d) != null) {
                throw new IllegalArgumentException(owner + ": a service of that name is already defined");
            }
            return this;
        }

        /**
         * How long after a retry is due the directory is read again (a service whose lock another supervisor holds,
         * one that ended with {@code sv exit}), and how often it is read where inotify is not available: 100 ms–5 s,
         * default 2 s. Changes are otherwise seen at once, through inotify.
         */
        public Builder scanInterval(Duration d) {
            if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofSeconds(5)) > 0) {
                throw new IllegalArgumentException("scanInterval must be 100 ms-5 s, but was " + d);
            }
            this.scanInterval = d;
            return this;
        }

        /**
         * At shutdown, how long each service of the {@linkplain #directory directory} (and its log service) may take
         * after its stop signal before KILL, as {@code sv -w SECONDS force-stop} (my_init passes its
         * {@code KILL_PROCESS_TIMEOUT}): greater than 0; default {@value ServiceDefinition#DEFAULT_STOP_TIMEOUT_SECONDS}
         * s. {@link Supervisor#stop(Duration)} KILLs earlier when its own timeout is shorter than
         * {@link Supervisor#fullStopTimeout()}.
         */
        public Builder directoryStopTimeout(Duration d) {
            Objects.requireNonNull(d, "directoryStopTimeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("directoryStopTimeout must be greater than 0, but was " + d);
            }
            this.directoryStopTimeout = d;
            return this;
        }

        /**
         * @throws IllegalArgumentException when a service depends on one not defined in code, or the dependencies
         *                                  form a cycle
         */
        public Supervisor build() {
            for (ServiceDefinition d : definitions.values()) {
                for (ServiceName dep : d.dependencies()) {
                    if (!definitions.containsKey(dep)) {
                        throw new IllegalArgumentException("service '" + d.name().value() + "': dependsOn names '"
                                + dep.value() + "', which is not a service defined in code");
                    }
                }
            }
            Set<ServiceName> done = new HashSet<>();
            for (ServiceName n : definitions.keySet()) {
                checkCycle(n, new java.util.LinkedHashSet<>(), done);
            }
            return new Supervisor(this);
        }

        private void checkCycle(ServiceName n, java.util.LinkedHashSet<ServiceName> path, Set<ServiceName> done) {
            if (done.contains(n)) {
                return;
            }
            if (!path.add(n)) {
                List<String> cycle = new ArrayList<>();
                path.forEach(x -> cycle.add(x.value()));
                cycle.add(n.value());
                throw new IllegalArgumentException("dependsOn forms a cycle: " + String.join(" -> ", cycle));
            }
            for (ServiceName dep : definitions.get(n).dependencies()) {
                checkCycle(dep, path, done);
            }
            path.remove(n);
            done.add(n);
        }
    }
}
