package dev.jinit.cron;

import dev.jinit.core.Credentials;
import dev.jinit.core.Descriptors;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Natives;
import dev.jinit.core.Spawner;
import dev.jinit.core.SyslogClient;
import dev.jinit.cron.internal.CalendarWalk;
import dev.jinit.cron.internal.CronFiles;
import dev.jinit.cron.internal.JobProcesses;
import dev.jinit.cron.internal.MinuteLoop;
import dev.jinit.cron.internal.OutputPump;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.setuser.SetUser;
import dev.jinit.setuser.UserSpawner;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 * {@code @reboot} jobs run once per {@link #start}; one added in code after the start runs once, when it is added.
 *
 * <p>Output: Debian mails a job's merged stdout and stderr, and without an MTA it is lost. jinit sends it to syslog
 * line by line while the job runs: both go into one pipe per job (so their order is kept), all pipes are read by
 * one thread ({@link OutputPump}), and each line becomes an RFC 3164 datagram {@code <78>Mmm dd hh:mm:ss
 * CRON[PID]: line} (facility cron, severity info; the tag is the job's id for command jobs added in code) on
 * {@link CronConfig#syslogSocket()} through core's non-blocking {@link SyslogClient}. When no syslog daemon listens
 * or its queue is full, the line goes to SLF4J's {@code dev.jinit.cron.output} at INFO instead, so cron never waits
 * on syslog and loses nothing. With {@link CronConfig#stdout()} every line is also printed as
 * {@code TAG[PID]: line}. Exit statuses other than 0 are logged at WARN.
 *
 * <p>Usable as an {@link Component} of an {@link dev.jinit.Init}, or standalone with {@link #start(Spawner)}.
 * Thread-safe.
 */
public final class CronDaemon implements Component, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CronDaemon.class);

    private final CronConfig config;
    private final CronFiles files;
    private final List<CronListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Map<String, Entry> codeJobs = new LinkedHashMap<>();
    private final Map<Path, Loaded> loaded = new LinkedHashMap<>();
    private final Map<ZoneId, MinuteLoop> loops = new HashMap<>();
    private final Map<String, Integer> running = new HashMap<>();
    private final Map<String, ExitStatus> lastExit = new HashMap<>();
    private final PrintStream stdout;
    private final Path tempDir;
    private final java.util.function.Function<InstantSource, CronScheduler> schedulerFactory;
    private volatile InstantSource clock;
    private Credentials credentials;
    private final SetUser setUser; // null: SetUser.ofDefaults(), made at the first job of another user
    private final UserSpawner.Mode userSpawns;
    private CrontabParser parser;
    private CronScheduler scheduler;
    private volatile Thread thread;
    private ExecutorService javaPool;
    private JobProcesses processes; // made at the start
    private final Descriptors descriptors; // null: the context's (descriptorSource), else the native ones
    private Supplier<Descriptors> descriptorSource = () -> null; // the context's, asked at the first command job
    private volatile boolean stopping;
    private Instant startedAt;
    private boolean started;
    private boolean rebootDone; // the start's @reboot jobs are chosen: from now on one added in code runs at once

    private CronDaemon(Builder b) {
        this.config = b.config;
        this.files = b.files;
        this.clock = b.clock;
        this.credentials = b.credentials;
        this.setUser = b.setUser;
        this.userSpawns = b.userSpawns;
        this.schedulerFactory = b.scheduler;
        this.tempDir = b.tempDir;
        this.descriptors = b.descriptors;
        this.stdout = b.stdout;
        this.listeners.addAll(b.listeners);
    }

    /** A daemon with {@code config}; everything else default. */
    public CronDaemon(CronConfig config) {
        this(builder().config(config));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How jobs of other users are spawned ({@link Builder#userSpawns}). */
    public UserSpawner.Mode userSpawns() {
        return userSpawns;
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
     * @param when    an expression or keyword ({@code @reboot} runs once: at start, or at once when the daemon has
     *                started already)
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
     * ({@code %} and the environment defaults as in a file). An {@code @reboot} line runs at once (the daemon has
     * started).
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
        boolean runNow;
        synchronized (lock) {
            if (codeJobs.containsKey(e.id)) {
                throw new IllegalArgumentException("a job with id '" + e.id + "' exists already");
            }
            codeJobs.put(e.id, e);
            // After the start's @reboot jobs were chosen, this one would never run otherwise.
            runNow = rebootDone && !stopping && e.schedule.isReboot();
        }
        if (runNow) {
            LOG.info("cron - {}: @reboot job added after the start; running it now", e.id);
            launch(e);
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

    /**
     * One line per job in {@link #jobs()} order, {@code SOURCE:LINE USER 'EXPR' next INSTANT running|idle, last exit
     * N} (for jobs added in code the id stands for {@code SOURCE:LINE}; {@code next never} for {@code @reboot} and
     * expressions that cannot fire; {@code never run} before the first end), then one line of output counters.
     * Unhealthy when the scheduling thread has died while cron should be running.
     */
    @Override
    public ComponentStatus status() {
        List<String> lines = new ArrayList<>();
        Map<String, ExitStatus> exits;
        boolean shouldRun;
        JobProcesses p;
        synchronized (lock) {
            exits = new HashMap<>(lastExit);
            shouldRun = started && !stopping;
            p = processes;
        }
        for (JobInfo j : jobs()) {
            ExitStatus last = exits.get(j.id());
            lines.add(j.id() + " " + j.user().orElse("-") + " '" + j.schedule().spec() + "' next "
                    + j.next().map(Instant::toString).orElse("never") + " "
                    + (j.running() > 0 ? "running" : "idle") + ", "
                    + (last == null ? "never run" : "last exit " + last.shellCode()));
        }
        SyslogClient client = p == null ? null : p.syslog().orElse(null);
        if (client != null) {
            lines.add("output: " + client.sent() + " lines sent to " + client.socket() + ", " + client.fallbacks()
                    + " to the fallback");
        } else if (shouldRun) {
            lines.add("output: 0 lines sent to " + config.syslogSocket() + ", 0 to the fallback");
        }
        Thread t = thread;
        boolean healthy = !shouldRun || t == null || t.isAlive(); // null: start() is still going
        return new ComponentStatus(name(), healthy, lines);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start(Context context) {
        if (clock == null) {
            clock = context.clock();
        }
        synchronized (lock) {
            if (descriptors == null) {
                descriptorSource = context::descriptors; // bound at the first command job, not here
            }
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
            Objects.requireNonNull(spawner, "spawner");
            if (clock == null) {
                clock = InstantSource.system();
            }
            // Read first: the minute the daemon starts in is not run (as in Vixie), so a slow start must not make
            // it skip the next one.
            startedAt = clock.instant();
            parser = CrontabParser.builder().defaultZone(config.zone())
                    .userHomes(user -> credentials().userByName(user).map(u -> u.home().isEmpty() ? "/" : u.home()))
                    .build();
            scheduler = schedulerFactory.apply(clock);
            AtomicInteger n = new AtomicInteger();
            javaPool = new ThreadPoolExecutor(config.javaJobThreads(), config.javaJobThreads(), 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(1000), threads("jinit-cron-job-", n));
            ((ThreadPoolExecutor) javaPool).allowCoreThreadTimeOut(true);
            SetUser given = setUser;
            Descriptors pipes = descriptors;
            processes = new JobProcesses(config, clock, spawner, pipes != null ? () -> pipes : descriptorSource,
                    this::credentials, given != null ? () -> given : SetUser::ofDefaults, userSpawns, tempDir, stdout,
                    () -> stopping, this::finished);
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
            rebootDone = true;
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

    /**
     * The libc binding for users and groups, made at its first use (a user crontab, a crontab line with a user, a
     * job's spawn), not at the start: a daemon with nothing to run, or whose first job is minutes away, then adds
     * nothing to the init's start-up.
     */
    private Credentials credentials() {
        synchronized (lock) {
            if (credentials == null) {
                credentials = Natives.load().credentials();
            }
            return credentials;
        }
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
        processes.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        SyslogClient client = processes.syslog().orElse(null);
        if (client != null) {
            LOG.info("cron - stopped ({} output lines sent to {}, {} to the fallback)", client.sent(),
                    client.socket(), client.fallbacks());
        } else {
            LOG.info("cron - stopped (0 output lines sent to {}, 0 to the fallback)", config.syslogSocket());
        }
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
            Optional<Credentials.User> user = credentials().userByName(owner);
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
        JobProcesses p;
        synchronized (lock) {
            if (stopping) {
                return;
            }
            p = processes;
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
            p.run(e.id, e.job, started);
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

    private void finished(JobFinished f) {
        synchronized (lock) {
            lastExit.put(f.id(), f.status());
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
        private UserSpawner.Mode userSpawns = UserSpawner.Mode.SETPRIV;
        private java.util.function.Function<InstantSource, CronScheduler> scheduler = ClockScheduler::new;
        private Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
        private Descriptors descriptors;
        private PrintStream stdout = System.out;
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

        /**
         * How jobs of other users are started. The default, {@link UserSpawner.Mode#SETPRIV}, has util-linux setpriv
         * exec the shell (~5 ms more per job) and never runs a JVM thread as the user;
         * {@link UserSpawner.Mode#SWITCH_PER_SPAWN} and {@link UserSpawner.Mode#PER_THREAD} spawn with no exec in
         * between (~0.1 ms more), but the crontab users' processes can then signal the spawning JVM thread (during
         * each {@code posix_spawn}, or all the time per thread), and a SIGSEGV/SIGBUS/SIGILL/SIGFPE sent so aborts the
         * JVM, so choose them only for users you trust.
         *
         * <p>Those two use one {@link UserSpawner} of this daemon, made at the first such job through the daemon's
         * spawner and closed by {@link CronDaemon#stop}; the job's environment then also has {@code UID}, as
         * {@code bin/setuser} sets it. Without root (or per-thread credentials) setpriv is used whatever this says.
         * {@code -D}{@value dev.jinit.setuser.UserSpawnsProperty#NAME} sets it for the daemon {@code Init.run()},
         * {@code my_init} and {@code jinit cron} make.
         */
        public Builder userSpawns(UserSpawner.Mode mode) {
            this.userSpawns = Objects.requireNonNull(mode, "userSpawns mode");
            return this;
        }

        /** Pipes and poll for the jobs' output (default: the init's, else the native ones, at start). */
        public Builder descriptors(Descriptors descriptors) {
            this.descriptors = Objects.requireNonNull(descriptors, "descriptors");
            return this;
        }

        /** Where {@link CronConfig#stdout()} prints (default {@code System.out}). */
        public Builder stdout(PrintStream stdout) {
            this.stdout = Objects.requireNonNull(stdout, "stdout");
            return this;
        }

        /** Where the jobs' stdin files go (default {@code java.io.tmpdir}); must be a directory. */
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
