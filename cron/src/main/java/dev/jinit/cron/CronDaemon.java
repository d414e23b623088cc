package dev.jinit.cron;

import dev.jinit.core.Child;
import dev.jinit.core.Credentials;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Natives;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnException;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.cron.internal.CalendarWalk;
import dev.jinit.cron.internal.CronFiles;
import dev.jinit.cron.internal.MinuteLoop;
import dev.jinit.setuser.Identity;
import dev.jinit.setuser.SetUser;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's cron daemon in the JVM: reads {@code /etc/crontab}, {@code /etc/cron.d/*} and
 * {@code /var/spool/cron/crontabs/*}, re-reads changed files at every minute, and runs due jobs as their crontab's
 * user through core's {@link Spawner} ({@code $SHELL -c COMMAND}, the crontab's environment over the container's,
 * the {@code %} text on stdin, in {@code HOME}), plus jobs added in code: commands, or Java code on a bounded pool.
 *
 * <p>One thread, {@code jinit-cron}, sleeps until the next minute boundary of the injected clock (through a
 * {@link CronScheduler}: at most one wake-up a minute while idle), then feeds the wall-clock minute of each zone in
 * use into {@link MinuteLoop}, Vixie's main loop, so late wake-ups and clock changes follow Vixie's rules.
 * {@code @reboot} jobs run once per {@link #start}.
 *
 * <p>Output: Debian mails a job's merged stdout and stderr; jinit logs it through SLF4J, one event per line, on the
 * logger {@code dev.jinit.cron.output} at INFO, once the job has ended (it is collected in a temporary file, as
 * Debian collects it). Exit statuses other than 0 are logged at WARN.
 *
 * <p>Usable as an {@link Component} of an {@link dev.jinit.Init}, or standalone with {@link #start(Spawner)}.
 * Thread-safe.
 */
public final class CronDaemon implements Component, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CronDaemon.class);
    private static final Logger OUTPUT = LoggerFactory.getLogger("dev.jinit.cron.output");

    private final CronConfig config;
    private final CronFiles files;
    private final List<CronListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Map<String, Entry> codeJobs = new LinkedHashMap<>();
    private final Map<Path, Loaded> loaded = new LinkedHashMap<>();
    private final Map<ZoneId, MinuteLoop> loops = new HashMap<>();
    private final Map<String, Integer> running = new HashMap<>();
    private final Path tempDir;
    private final java.util.function.Function<InstantSource, CronScheduler> schedulerFactory;
    private volatile InstantSource clock;
    private Credentials credentials;
    private SetUser setUser;
    private CrontabParser parser;
    private CronScheduler scheduler;
    private Spawner spawner;
    private volatile Thread thread;
    private ExecutorService javaPool;
    private ExecutorService outputPool;
    private volatile boolean stopping;
    private Instant startedAt;
    private boolean started;

    private CronDaemon(Builder b) {
        this.config = b.config;
        this.files = b.files;
        this.clock = b.clock;
        this.credentials = b.credentials;
        this.setUser = b.setUser;
        this.schedulerFactory = b.scheduler;
        this.tempDir = b.tempDir;
        this.listeners.addAll(b.listeners);
    }

    /** A daemon with {@code config}; everything else default. */
    public CronDaemon(CronConfig config) {
        this(builder().config(config));
    }

    public static Builder builder() {
        return new Builder();
    }

    public CronConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "cron";
    }

    /** Adds a listener (before or after start). */
    public void addListener(CronListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ---------------------------------------------------------------- jobs in code

    /**
     * Schedules Java code with a cron expression in the config's zone; it runs on the daemon's pool of
     * {@link CronConfig#javaJobThreads()} threads.
     *
     * @param id      unique among jobs added in code
     * @param when    an expression or keyword ({@code @reboot} runs at start, or never if already started)
     * @param overlap whether a run due while the previous one is going starts anyway
     * @throws CronSyntaxException      when {@code when} is not a valid expression
     * @throws IllegalArgumentException when {@code id} is taken or empty
     */
    public void addJavaJob(String id, String when, OverlapPolicy overlap, Callable<?> task) {
        Objects.requireNonNull(task, "task");
        Schedule schedule = Schedule.parse(when, config.zone());
        addCodeJob(new Entry(id, JobInfo.Kind.JAVA, schedule, Optional.empty(), id, overlap, null, task));
    }

    /** {@link #addJavaJob(String, String, OverlapPolicy, Callable)} for a {@link Runnable}. */
    public void addJavaJob(String id, String when, OverlapPolicy overlap, Runnable task) {
        Objects.requireNonNull(task, "task");
        addJavaJob(id, when, overlap, () -> {
            task.run();
            return null;
        });
    }

    /**
     * Schedules a command as a crontab line would: {@code line} is a system crontab line, {@code EXPR USER COMMAND}
     * ({@code %} and the environment defaults as in a file).
     *
     * @throws IllegalArgumentException when the line is bad (the reason as for a file), or {@code id} is taken
     * @throws IllegalStateException    before {@link #start} (the passwd lookup is needed)
     */
    public void addCommandJob(String id, String line, OverlapPolicy overlap) {
        CrontabParser p;
        synchronized (lock) {
            if (parser == null) {
                throw new IllegalStateException("cron - add command jobs after start(): the passwd lookup is needed");
            }
            p = parser;
        }
        Crontab tab = p.parseSystem(id, line);
        if (!tab.problems().isEmpty() || tab.jobs().size() != 1) {
            throw new IllegalArgumentException(tab.problems().isEmpty() ? id + ": expected one job line, got '"
                    + line + "'" : tab.problems().get(0).toString());
        }
        CronJob job = tab.jobs().get(0);
        addCodeJob(new Entry(id, JobInfo.Kind.COMMAND, job.schedule(), Optional.of(job.user()), job.command(),
                overlap, job, null));
    }

    /** Removes a job added in code; false when there is none of that id. */
    public boolean removeJob(String id) {
        synchronized (lock) {
            return codeJobs.remove(id) != null;
        }
    }

    private void addCodeJob(Entry e) {
        if (e.id.isEmpty()) {
            throw new IllegalArgumentException("job id must not be empty");
        }
        synchronized (lock) {
            if (codeJobs.containsKey(e.id)) {
                throw new IllegalArgumentException("a job with id '" + e.id + "' exists already");
            }
            codeJobs.put(e.id, e);
        }
    }

    /** Every job, files' first (in path and line order), then those added in code, each with its next run. */
    public List<JobInfo> jobs() {
        Instant now = clock == null ? Instant.now() : clock.instant();
        List<JobInfo> out = new ArrayList<>();
        synchronized (lock) {
            for (Entry e : entries()) {
                Optional<Instant> next = e.schedule.isReboot() ? Optional.empty() : e.schedule.next(now);
                out.add(new JobInfo(e.id, e.kind, e.schedule, e.user, e.description, next,
                        running.getOrDefault(e.id, 0)));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start(Context context) {
        if (clock == null) {
            clock = context.clock();
        }
        start(context.spawner());
    }

    /**
     * Starts standalone: loads the crontabs, runs the {@code @reboot} jobs, starts the {@code jinit-cron} thread.
     * The spawner's children must be reaped by someone ({@link dev.jinit.Init} does).
     *
     * @throws IllegalStateException when started twice
     */
    public void start(Spawner spawner) {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("cron - already started");
            }
            started = true;
            this.spawner = Objects.requireNonNull(spawner, "spawner");
            if (clock == null) {
                clock = InstantSource.system();
            }
            // Read first: the minute the daemon starts in is not run (as in Vixie), so a slow start must not make
            // it skip the next one.
            startedAt = clock.instant();
            if (credentials == null) {
                credentials = Natives.load().credentials();
            }
            Credentials creds = credentials;
            parser = CrontabParser.builder().defaultZone(config.zone())
                    .userHomes(user -> creds.userByName(user).map(u -> u.home().isEmpty() ? "/" : u.home()))
                    .build();
            scheduler = schedulerFactory.apply(clock);
            AtomicInteger n = new AtomicInteger();
            javaPool = new ThreadPoolExecutor(config.javaJobThreads(), config.javaJobThreads(), 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(1000), threads("jinit-cron-job-", n));
            ((ThreadPoolExecutor) javaPool).allowCoreThreadTimeOut(true);
            outputPool = Executors.newFixedThreadPool(2, threads("jinit-cron-output-", new AtomicInteger()));
        }
        Instant now = startedAt;
        reload();
        List<Entry> reboot = new ArrayList<>();
        synchronized (lock) {
            for (ZoneId z : zonesInUse()) {
                loops.put(z, MinuteLoop.startingAt(minuteOf(now, z)));
            }
            for (Entry e : entries()) {
                if (e.schedule.isReboot()) {
                    reboot.add(e);
                }
            }
        }
        LOG.info("cron - started: {} jobs from {}, {}, {}", jobs().size(), config.crontabPath(),
                config.cronDirPath(), config.spoolPath());
        for (Entry e : reboot) {
            launch(e);
        }
        thread = new Thread(this::loop, "jinit-cron");
        thread.setDaemon(true);
        thread.start();
    }

    private static ThreadFactory threads(String prefix, AtomicInteger n) {
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void loop() {
        Instant last = startedAt;
        while (!stopping) {
            try {
                // The boundary after the last minute handled, so a slow start or a slow minute never skips one;
                // but never later than the boundary after now, in case the clock went back.
                Instant now = clock.instant();
                Instant next = minBoundaryAfter(last).isBefore(minBoundaryAfter(now)) ? minBoundaryAfter(last)
                        : minBoundaryAfter(now);
                scheduler.sleepUntil(next);
                if (stopping) {
                    break;
                }
                last = clock.instant();
                wakeUp(last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("cron - the minute's work failed; trying again next minute", e);
            }
        }
        LOG.debug("cron - scheduling stopped");
    }

    /**
     * One wake-up at {@code now}: re-reads changed crontabs, then starts the jobs {@link MinuteLoop} says are due.
     * The daemon's thread calls this; it is package-private for tests.
     */
    void wakeUp(Instant now) {
        reload();
        List<Entry> due = new ArrayList<>();
        synchronized (lock) {
            Set<ZoneId> zones = zonesInUse();
            loops.keySet().retainAll(zones);
            List<Entry> all = entries();
            for (ZoneId z : zones) {
                long minute = minuteOf(now, z);
                MinuteLoop loop = loops.get(z);
                if (loop == null) {
                    // a zone that appeared with a reload: its first minute is not run, as at a start
                    loops.put(z, MinuteLoop.startingAt(minute));
                    continue;
                }
                MinuteLoop.Step step = loop.wake(minute);
                loops.put(z, step.next());
                if (step.kind() != MinuteLoop.Wakeup.ON_TIME && step.kind() != MinuteLoop.Wakeup.SAME_MINUTE) {
                    LOG.info("cron - {} wake-up in {} ({} minutes checked)", step.kind(), z, step.checks().size());
                }
                for (MinuteLoop.Check c : step.checks()) {
                    for (Entry e : all) {
                        if (e.schedule.zone().equals(z) && e.schedule.spec() instanceof CronExpression x
                                && c.selects(x)) {
                            due.add(e);
                        }
                    }
                }
            }
        }
        for (Entry e : due) {
            launch(e);
        }
    }

    /**
     * Stops scheduling, then waits up to {@code timeout} for running jobs; those still running are logged and left
     * to the init. Idempotent.
     */
    @Override
    public void stop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread t;
        synchronized (lock) {
            if (stopping || !started) {
                stopping = true;
                return;
            }
            stopping = true;
            t = thread;
        }
        scheduler.wake();
        if (t != null) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        synchronized (lock) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("cron - stopped with jobs still running: {}", running.keySet());
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        javaPool.shutdown();
        outputPool.shutdown();
        if (!outputPool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            outputPool.shutdownNow();
        }
        LOG.info("cron - stopped");
    }

    /** {@link #stop} with 10 s. */
    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- files

    private void reload() {
        Map<Path, Boolean> candidates = new LinkedHashMap<>(); // path → system format
        candidates.put(config.crontabPath(), true);
        try {
            for (String name : files.list(config.cronDirPath())) {
                if (CrontabFileRules.acceptsCronDName(name)) {
                    candidates.put(config.cronDirPath().resolve(name), true);
                }
            }
        } catch (IOException e) {
            LOG.warn("cron - cannot list {}: {}", config.cronDirPath(), e.toString());
        }
        try {
            for (String name : files.list(config.spoolPath())) {
                if (!name.startsWith(".")) {
                    candidates.put(config.spoolPath().resolve(name), false);
                }
            }
        } catch (IOException e) {
            LOG.warn("cron - cannot list {}: {}", config.spoolPath(), e.toString());
        }
        List<Runnable> events = new ArrayList<>();
        Map<Path, Loaded> next = new LinkedHashMap<>();
        Map<Path, Loaded> before;
        synchronized (lock) {
            before = new LinkedHashMap<>(loaded);
        }
        for (var c : candidates.entrySet()) {
            Path path = c.getKey();
            Optional<CronFiles.Stat> stat;
            try {
                stat = files.stat(path);
            } catch (IOException e) {
                LOG.warn("cron - cannot stat {}: {}", path, e.toString());
                stat = Optional.empty();
            }
            if (stat.isEmpty()) {
                continue;
            }
            Loaded prev = before.get(path);
            if (prev != null && prev.stat.equals(stat.get())) {
                next.put(path, prev);
                continue;
            }
            next.put(path, load(path, c.getValue(), stat.get(), events));
        }
        for (Path gone : before.keySet()) {
            if (!next.containsKey(gone)) {
                LOG.info("cron - {} is gone; its jobs are removed", gone);
                events.add(() -> listeners.forEach(l -> safely(() -> l.fileRemoved(gone))));
            }
        }
        synchronized (lock) {
            loaded.clear();
            loaded.putAll(next);
        }
        events.forEach(Runnable::run);
    }

    private Loaded load(Path path, boolean system, CronFiles.Stat stat, List<Runnable> events) {
        Optional<String> refusal;
        String owner = null;
        if (system) {
            refusal = CrontabFileRules.refuseSystemTable(stat.uid(), stat.mode());
        } else {
            owner = path.getFileName().toString();
            Optional<Credentials.User> user = credentials.userByName(owner);
            refusal = user.isEmpty() ? Optional.of("ORPHAN (no passwd entry for user " + owner + ")")
                    : CrontabFileRules.refuseUserTable(stat.uid(), stat.mode(), user.get().uid());
        }
        if (refusal.isPresent()) {
            String reason = refusal.get();
            LOG.warn("cron - {}: {}: file ignored", path, reason);
            events.add(() -> listeners.forEach(l -> safely(() -> l.fileRefused(path, reason))));
            return new Loaded(stat, List.of());
        }
        String text;
        try {
            text = files.read(path);
        } catch (IOException e) {
            String reason = "cannot read: " + e;
            LOG.warn("cron - {}: {}: file ignored", path, reason);
            events.add(() -> listeners.forEach(l -> safely(() -> l.fileRefused(path, reason))));
            return new Loaded(stat, List.of());
        }
        Crontab tab = system ? parser.parseSystem(path.toString(), text)
                : parser.parseUser(path.toString(), owner, text);
        for (CrontabProblem p : tab.problems()) {
            LOG.warn("cron - {} (line skipped)", p);
        }
        LOG.info("cron - loaded {}: {} jobs, {} bad lines", path, tab.jobs().size(), tab.problems().size());
        events.add(() -> listeners.forEach(l -> safely(() -> l.fileLoaded(path, tab))));
        List<Entry> entries = new ArrayList<>();
        for (CronJob j : tab.jobs()) {
            entries.add(new Entry(j.source().toString(), JobInfo.Kind.COMMAND, j.schedule(), Optional.of(j.user()),
                    j.command(), config.overlap(), j, null));
        }
        return new Loaded(stat, entries);
    }

    // ---------------------------------------------------------------- running

    private void launch(Entry e) {
        boolean skip = false;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            int now = running.getOrDefault(e.id, 0);
            if (now > 0 && e.overlap == OverlapPolicy.SKIP) {
                skip = true;
            } else {
                running.put(e.id, now + 1);
            }
        }
        if (skip) {
            LOG.warn("cron - {}: previous run still going; this run is skipped (overlap policy SKIP)", e.id);
            listeners.forEach(l -> safely(() -> l.jobStarted(e.id, true)));
            return;
        }
        Instant started = clock.instant();
        listeners.forEach(l -> safely(() -> l.jobStarted(e.id, false)));
        if (e.kind == JobInfo.Kind.JAVA) {
            try {
                javaPool.execute(() -> runJava(e, started));
            } catch (java.util.concurrent.RejectedExecutionException x) {
                LOG.warn("cron - {}: Java job not run: the job queue is full or closed", e.id);
                finished(new JobFinished(e.id, e.kind, started, clock.instant(), new ExitStatus.Exited(1),
                        Optional.of(x), List.of()));
            }
        } else {
            runCommand(e, started);
        }
    }

    private void runJava(Entry e, Instant started) {
        Throwable failure = null;
        try {
            e.task.call();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            failure = x;
        } catch (Exception | Error x) {
            failure = x;
            LOG.warn("cron - Java job {} failed", e.id, x);
        }
        finished(new JobFinished(e.id, e.kind, started, clock.instant(), new ExitStatus.Exited(failure == null ? 0 : 1),
                Optional.ofNullable(failure), List.of()));
    }

    private void runCommand(Entry e, Instant started) {
        CronJob job = e.job;
        Path input = null;
        Path output = null;
        try {
            output = Files.createTempFile(tempDir, "jinit-cron-out-", "");
            Redirect stdin = Redirect.discard();
            if (!job.input().isEmpty()) {
                input = Files.createTempFile(tempDir, "jinit-cron-in-", "");
                Files.writeString(input, job.input(), StandardCharsets.UTF_8);
                stdin = Redirect.file(input);
            }
            SpawnSpec spec = spec(job, stdin, Redirect.append(output));
            LOG.info("cron - ({}) CMD ({}) [{}]", job.user(), job.command(), e.id);
            Child child = spawner.spawn(spec);
            Path in = input;
            Path out = output;
            child.onExit().whenCompleteAsync((status, error) -> {
                delete(in);
                List<String> lines = drain(e.id, job.user(), out);
                ExitStatus st = status != null ? status : new ExitStatus.Exited(1);
                if (st.shellCode() != 0) {
                    LOG.warn("cron - ({}) {} [{}] ended: {}", job.user(), job.command(), e.id, st);
                }
                finished(new JobFinished(e.id, e.kind, started, clock.instant(), st, Optional.ofNullable(error),
                        lines));
            }, outputPool);
        } catch (IOException | RuntimeException x) {
            delete(input);
            delete(output);
            int code = x instanceof SpawnException s ? s.shellCode() : 1;
            LOG.error("cron - ({}) {} [{}] could not start: {}", job.user(), job.command(), e.id, x.toString());
            finished(new JobFinished(e.id, e.kind, started, clock.instant(), new ExitStatus.Exited(code),
                    Optional.of(x), List.of()));
        }
    }

    /** {@code $SHELL -c COMMAND} as the job's user, in its HOME, with its environment over the container's. */
    private SpawnSpec spec(CronJob job, Redirect stdin, Redirect out) {
        Map<String, String> env = new LinkedHashMap<>();
        if (config.inheritEnvironment()) {
            env.putAll(System.getenv());
        }
        env.putAll(job.environment());
        String home = job.environment().getOrDefault("HOME", "/");
        Path dir = Path.of(home);
        if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
            // Debian's child fails on chdir and runs nothing; nobody's HOME is /nonexistent, so we run in / instead.
            LOG.debug("cron - HOME {} of {} is not a directory; the job runs in /", home, job.user());
            dir = Path.of("/");
        }
        SpawnSpec plain = SpawnSpec.builder(job.shell(), "-c", job.command()).environment(env).directory(dir)
                .stdin(stdin).stdout(out).stderr(out).grouping(SpawnSpec.Grouping.NEW_PROCESS_GROUP).build();
        Credentials.User user = credentials.userByName(job.user())
                .orElseThrow(() -> new IllegalStateException("no passwd entry for user " + job.user()));
        if (user.uid() == credentials.uids().effective()) {
            return plain;
        }
        SetUser su;
        synchronized (lock) {
            if (setUser == null) {
                setUser = SetUser.ofDefaults();
            }
            su = setUser;
        }
        Identity who = su.resolve(job.user());
        SpawnSpec as = su.asUser(plain, who);
        // setuser puts the passwd HOME and a UID variable in; the crontab's environment wins, as in cron.
        Map<String, String> fixed = new LinkedHashMap<>(as.environment());
        if (!env.containsKey("UID")) {
            fixed.remove("UID");
        }
        fixed.putAll(job.environment());
        return new SpawnSpec(as.command(), fixed, as.directory(), as.stdin(), as.stdout(), as.stderr(),
                as.extraFds(), as.grouping());
    }

    private List<String> drain(String id, String user, Path out) {
        List<String> lines = new ArrayList<>();
        if (out == null) {
            return lines;
        }
        try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                OUTPUT.info("({}) [{}] {}", user, id, line);
                if (lines.size() < config.outputLines()) {
                    lines.add(line);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("cron - [{}] cannot read the job's output: {}", id, e.toString());
        } finally {
            delete(out);
        }
        return lines;
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("cron - cannot delete {}: {}", p, e.toString());
            }
        }
    }

    private void finished(JobFinished f) {
        synchronized (lock) {
            int n = running.getOrDefault(f.id(), 0) - 1;
            if (n <= 0) {
                running.remove(f.id());
            } else {
                running.put(f.id(), n);
            }
            lock.notifyAll();
        }
        listeners.forEach(l -> safely(() -> l.jobFinished(f)));
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("cron - a listener failed", e);
        }
    }

    // ---------------------------------------------------------------- helpers (call with the lock held)

    private List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        loaded.values().forEach(l -> all.addAll(l.entries));
        all.addAll(codeJobs.values());
        return all;
    }

    private Set<ZoneId> zonesInUse() {
        Set<ZoneId> zones = new LinkedHashSet<>();
        zones.add(config.zone());
        for (Entry e : entries()) {
            zones.add(e.schedule.zone());
        }
        return zones;
    }

    private static Instant minBoundaryAfter(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 60) * 60 + 60);
    }

    private static long minuteOf(Instant now, ZoneId zone) {
        return CalendarWalk.toMinute(LocalDateTime.ofInstant(now, zone).truncatedTo(ChronoUnit.MINUTES));
    }

    private record Loaded(CronFiles.Stat stat, List<Entry> entries) {
    }

    private record Entry(String id, JobInfo.Kind kind, Schedule schedule, Optional<String> user, String description,
                         OverlapPolicy overlap, CronJob job, Callable<?> task) {
        Entry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(overlap, "overlap");
        }
    }

    /** Builds a {@link CronDaemon}. */
    public static final class Builder {
        private CronConfig config = CronConfig.ofDefaults();
        private CronFiles files = CronFiles.system();
        private volatile InstantSource clock;
        private Credentials credentials;
        private SetUser setUser;
        private java.util.function.Function<InstantSource, CronScheduler> scheduler = ClockScheduler::new;
        private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
        private final List<CronListener> listeners = new ArrayList<>();

        private Builder() {
        }

        public Builder config(CronConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The clock (default: the init's, else the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How the daemon's thread waits (default {@link ClockScheduler} on the daemon's clock). */
        public Builder scheduler(java.util.function.Function<InstantSource, CronScheduler> factory) {
            this.scheduler = Objects.requireNonNull(factory, "scheduler");
            return this;
        }

        /** The passwd lookup (default: libc's, loaded at start). */
        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Spawn-as-user (default {@link SetUser#ofDefaults()}, made at the first job of another user). */
        public Builder setUser(SetUser setUser) {
            this.setUser = Objects.requireNonNull(setUser, "setUser");
            return this;
        }

        /** Where the jobs' stdin and output files go (default {@code java.io.tmpdir}); must be a directory. */
        public Builder tempDir(Path dir) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("tempDir must be a directory, but was " + dir);
            }
            this.tempDir = dir.toAbsolutePath();
            return this;
        }

        public Builder listener(CronListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Internal, for tests: what is read of the file system. */
        public Builder files(CronFiles files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        public CronDaemon build() {
            return new CronDaemon(this);
        }
    }
}
