package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jinit.core.Child;
import dev.jinit.core.ChildTable;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.FakeCredentials;
import dev.jinit.core.FakeExec;
import dev.jinit.core.FakeProcesses;
import dev.jinit.core.Natives;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.cron.internal.CronFiles;
import dev.jinit.setuser.SetUser;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A daemon with no processes, no real files and no real time: a fake clock, a scheduler the test releases minute by
 * minute, an in-memory file system, a spawner that records specs and whose children end when the test says.
 */
final class DaemonRig implements AutoCloseable {
    /** The bound of every wait here. */
    static final long TIMEOUT_SECONDS = 10;

    final FakeClock clock;
    final ManualScheduler scheduler = new ManualScheduler();
    final MemoryFiles files = new MemoryFiles();
    final FakeProcesses processes = new FakeProcesses(1);
    final ChildTable table = new ChildTable(processes);
    final FakeSpawner spawner = new FakeSpawner();
    final FakeCredentials credentials = new FakeCredentials()
            .addUser("root", 0, 0, "/root")
            .addUser("nobody", 65534, 65534, "/nonexistent")
            .addUser("alice", 1000, 1000, "/home/alice");
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final CronDaemon daemon;
    Instant asleepUntil;

    DaemonRig(Instant start) {
        this(start, b -> { });
    }

    DaemonRig(Instant start, Consumer<CronConfig.Builder> config) {
        this(start, config, b -> { });
    }

    /** @param daemon more settings of the daemon, after the rig's own */
    DaemonRig(Instant start, Consumer<CronConfig.Builder> config, Consumer<CronDaemon.Builder> daemon) {
        clock = new FakeClock(start);
        CronConfig.Builder cb = CronConfig.builder().zone(ZoneId.of("UTC")).inheritEnvironment(false)
                .syslogSocket(Path.of("/nonexistent/jinit-cron-test/log"));
        config.accept(cb);
        CronDaemon.Builder db = CronDaemon.builder().config(cb.build()).clock(clock).scheduler(c -> scheduler).files(files)
                .credentials(credentials)
                .setUser(SetUser.builder().credentials(credentials).processes(processes).exec(new FakeExec()).build())
                .listener(new CronListener() {
                    @Override
                    public void fileLoaded(Path file, Crontab crontab) {
                        events.add(new Loaded(file, crontab));
                    }

                    @Override
                    public void fileRefused(Path file, String reason) {
                        events.add(new Refused(file, reason));
                    }

                    @Override
                    public void fileRemoved(Path file) {
                        events.add(new Removed(file));
                    }

                    @Override
                    public void jobStarted(String id, boolean skipped) {
                        events.add(new Started(id, skipped));
                    }

                    @Override
                    public void jobFinished(JobFinished finished) {
                        events.add(finished);
                    }
                });
        daemon.accept(db);
        this.daemon = db.build();
    }

    record Loaded(Path file, Crontab crontab) { }

    record Refused(Path file, String reason) { }

    record Removed(Path file) { }

    record Started(String id, boolean skipped) { }

    /** Starts the daemon and waits until its thread sleeps. */
    DaemonRig start() throws InterruptedException {
        daemon.start(spawner);
        asleepUntil = scheduler.awaitAsleep();
        return this;
    }

    /** Sets the clock to {@code t}, lets the daemon wake up, waits until it sleeps again; returns its new deadline. */
    Instant tick(String t) throws InterruptedException {
        clock.set(Instant.parse(t));
        scheduler.release();
        asleepUntil = scheduler.awaitAsleep();
        return asleepUntil;
    }

    /** The events of the given type so far (drains the queue of all events). */
    <T> List<T> drain(Class<T> type) {
        List<Object> all = new ArrayList<>();
        events.drainTo(all);
        List<T> out = new ArrayList<>();
        for (Object o : all) {
            if (type.isInstance(o)) {
                out.add(type.cast(o));
            }
        }
        return out;
    }

    /** Waits for the next JobFinished event (others are dropped). */
    JobFinished awaitFinished() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            Object o = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(o, "no job finished within " + TIMEOUT_SECONDS + " s");
            if (o instanceof JobFinished f) {
                return f;
            }
        }
    }

    @Override
    public void close() {
        try {
            daemon.stop(java.time.Duration.ofMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A settable clock. */
    static final class FakeClock implements InstantSource {
        private final AtomicReference<Instant> now;

        FakeClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant t) {
            now.set(t);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** The daemon's thread blocks in sleepUntil until the test releases it; the test sees each sleep and its deadline. */
    static final class ManualScheduler implements CronScheduler {
        private final BlockingQueue<Instant> asleep = new LinkedBlockingQueue<>();
        private final Semaphore permits = new Semaphore(0);

        @Override
        public void sleepUntil(Instant deadline) throws InterruptedException {
            asleep.put(deadline);
            permits.acquire();
        }

        @Override
        public void wake() {
            permits.release();
        }

        void release() {
            permits.release();
        }

        Instant awaitAsleep() throws InterruptedException {
            Instant d = asleep.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(d, "the daemon did not go back to sleep within " + TIMEOUT_SECONDS + " s");
            return d;
        }
    }

    /** Records every spec; each child runs until {@link #end}. */
    final class FakeSpawner implements Spawner {
        private final AtomicLong pids = new AtomicLong(100);
        final List<SpawnSpec> specs = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<Long, SpawnSpec> byPid = new ConcurrentHashMap<>();

        /** What the next children write on their stdout (into the daemon's pipe) when spawned. */
        volatile String output = "";

        @Override
        public Child spawn(SpawnSpec spec) {
            specs.add(spec);
            if (!output.isEmpty() && spec.stdout() instanceof Redirect.Fd fd) {
                byte[] bytes = output.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(bytes.length, Natives.load().descriptors().write(fd.fd(), bytes, bytes.length));
            }
            Child c = table.register(() -> {
                long pid = pids.incrementAndGet();
                processes.addChild(pid);
                return pid;
            }, spec.grouping() != SpawnSpec.Grouping.INHERIT);
            byPid.put(c.pid(), spec);
            return c;
        }

        /** The commands spawned so far ({@code $SHELL -c} stripped), in order. */
        List<String> commands() {
            List<String> out = new ArrayList<>();
            for (SpawnSpec s : specs) {
                out.add(s.command().get(s.command().size() - 1));
            }
            return out;
        }

        /** Ends every running child with exit code {@code code}. */
        void endAll(int code) {
            for (Long pid : new TreeMap<>(byPid).keySet()) {
                end(pid, code);
            }
        }

        void end(long pid, int code) {
            byPid.remove(pid);
            processes.end(pid, new ExitStatus.Exited(code));
            table.reapOwned();
        }
    }

    /** An in-memory file system: path → stat and text; every put gets a new mtime. */
    static final class MemoryFiles implements CronFiles {
        private final Map<Path, Stat> stats = new ConcurrentHashMap<>();
        private final Map<Path, String> texts = new ConcurrentHashMap<>();
        private final AtomicLong mtime = new AtomicLong(1_000_000_000L);

        void put(String path, int uid, int mode, String text) {
            Path p = Path.of(path);
            stats.put(p, new Stat(uid, 0100000 | mode, mtime.addAndGet(1_000_000_000L), text.length()));
            texts.put(p, text);
        }

        void remove(String path) {
            stats.remove(Path.of(path));
            texts.remove(Path.of(path));
        }

        @Override
        public Optional<Stat> stat(Path file) {
            return Optional.ofNullable(stats.get(file));
        }

        @Override
        public List<String> list(Path dir) {
            List<String> names = new ArrayList<>();
            for (Path p : stats.keySet()) {
                if (dir.equals(p.getParent())) {
                    names.add(p.getFileName().toString());
                }
            }
            names.sort(null);
            return names;
        }

        @Override
        public String read(Path file) {
            return texts.get(file);
        }
    }
}
