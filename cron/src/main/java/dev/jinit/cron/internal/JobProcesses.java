package dev.jinit.cron.internal;

import dev.jinit.core.Child;
import dev.jinit.core.Credentials;
import dev.jinit.core.Descriptors;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Natives;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnException;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.core.SyslogClient;
import dev.jinit.cron.CronConfig;
import dev.jinit.cron.CronDaemon;
import dev.jinit.cron.CronJob;
import dev.jinit.cron.JobFinished;
import dev.jinit.cron.JobInfo;
import dev.jinit.setuser.Identity;
import dev.jinit.setuser.SetUser;
import dev.jinit.setuser.UserSpawner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of a {@link CronDaemon}'s command jobs: each run spawned as {@code $SHELL -c COMMAND} as the job's
 * user (through the spawner, setpriv, or the daemon's one {@link UserSpawner}), its output read into syslog by the
 * {@link OutputPump}, its stdin file deleted, and its end handed to a callback once the job has exited and its output
 * pipe has reached its end. This is an internal class. Thread-safe.
 */
public final class JobProcesses {
    // The daemon's logger: these are its job lines, and logging settings made for it keep applying to them.
    private static final Logger LOG = LoggerFactory.getLogger(CronDaemon.class);
    private static final Logger OUTPUT = LoggerFactory.getLogger("dev.jinit.cron.output");

    private final CronConfig config;
    private final InstantSource clock;
    private final Spawner spawner;
    private final Supplier<Descriptors> descriptorSource;
    private final Supplier<Credentials> credentials;
    private final Supplier<SetUser> setUserSource;
    private final UserSpawner.Mode userSpawns;
    private final Path tempDir;
    private final PrintStream stdout;
    private final BooleanSupplier stopping;
    private final Consumer<JobFinished> finished;
    private final Object lock = new Object();
    /** The stdin files (a line's % text) of jobs that have not ended: what stop deletes of jobs it left running. */
    private final Set<Path> inputs = ConcurrentHashMap.newKeySet();
    private final ExecutorService eventPool;
    private SetUser setUser; // guarded by lock
    private UserSpawner userSpawner; // guarded by lock: made at the first job of another user when not SETPRIV
    private Descriptors descriptors; // bound with the pump in output(), under the lock; used after it
    private SyslogClient syslog; // made with the pump at the first command job: see output()
    private OutputPump pump;

    /**
     * Makes the pool job ends are reported on; the rest (descriptors, the pump, the syslog client, SetUser, the
     * UserSpawner) is made at first use.
     *
     * @param descriptorSource pipes and poll for the jobs' output, asked at the first command job; when it gives
     *                         null or throws {@link UnsupportedOperationException}, the native ones are used
     * @param credentials      the passwd lookup, asked at each spawn
     * @param setUser          spawn-as-user, asked at the first job of another user
     * @param stopping         whether the daemon is stopping: from then on no job of another user starts through the
     *                         {@link UserSpawner}
     * @param finished         each run's end (or failure to start); called on a thread of this object's, or on the
     *                         caller's of {@link #run} when the job could not start
     */
    public JobProcesses(CronConfig config, InstantSource clock, Spawner spawner, Supplier<Descriptors> descriptorSource,
                        Supplier<Credentials> credentials, Supplier<SetUser> setUser, UserSpawner.Mode userSpawns,
                        Path tempDir, PrintStream stdout, BooleanSupplier stopping, Consumer<JobFinished> finished) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.spawner = Objects.requireNonNull(spawner, "spawner");
        this.descriptorSource = Objects.requireNonNull(descriptorSource, "descriptorSource");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.setUserSource = Objects.requireNonNull(setUser, "setUser");
        this.userSpawns = Objects.requireNonNull(userSpawns, "userSpawns");
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
        this.finished = Objects.requireNonNull(finished, "finished");
        AtomicInteger n = new AtomicInteger();
        // Job ends are reported on their own thread: listeners then never hold up the reaper or the output.
        this.eventPool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jinit-cron-events-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The syslog client the output goes to, once the first command job has made it. */
    public Optional<SyslogClient> syslog() {
        synchronized (lock) {
            return Optional.ofNullable(syslog);
        }
    }

    /**
     * Starts one run of the command job {@code id}; its end, or its failure to start, goes to the callback with
     * {@code started}.
     */
    public void run(String id, CronJob job, Instant started) {
        Path input = null;
        int[] pipe = null;
        try {
            Redirect stdin = Redirect.discard();
            if (!job.input().isEmpty()) {
                input = Files.createTempFile(tempDir, "jinit-cron-in-", "");
                inputs.add(input);
                Files.writeString(input, job.input(), StandardCharsets.UTF_8);
                stdin = Redirect.file(input);
            }
            OutputPump outputPump = output();
            pipe = descriptors.pipe();
            Start start = start(job, stdin, Redirect.fd(pipe[1]));
            LOG.info("cron - ({}) CMD ({}) [{}]", job.user(), job.command(), id);
            Child child;
            try {
                child = start.who().isEmpty() ? spawner.spawn(start.spec()) : userSpawner().spawn(start.spec(),
                        start.who().get());
            } finally {
                // The child has its copy; ours must go, or the pipe never reaches its end.
                descriptors.close(pipe[1]);
            }
            int readEnd = pipe[0];
            pipe = null;
            String tag = id.equals(job.source().toString()) ? "CRON" : id;
            CompletableFuture<List<String>> output = outputPump.add(readEnd, tag, child.pid(), config.outputLines());
            Path in = input;
            // onExit completes on the init's thread: only the status is taken there, the rest runs on ours.
            child.onExit().handle((status, error) -> status != null ? status : (ExitStatus) new ExitStatus.Exited(1))
                    .thenCombineAsync(output, (status, lines) -> {
                        delete(in);
                        if (status.shellCode() != 0) {
                            LOG.warn("cron - ({}) {} [{}] ended: {}", job.user(), job.command(), id, status);
                        }
                        finished.accept(new JobFinished(id, JobInfo.Kind.COMMAND, started, clock.instant(), status,
                                Optional.empty(), lines));
                        return null;
                    }, eventPool);
        } catch (IOException | RuntimeException x) {
            delete(input);
            if (pipe != null) {
                descriptors.close(pipe[0]);
            }
            int code = x instanceof SpawnException s ? s.shellCode() : 1;
            LOG.error("cron - ({}) {} [{}] could not start: {}", job.user(), job.command(), id, x.toString());
            finished.accept(new JobFinished(id, JobInfo.Kind.COMMAND, started, clock.instant(),
                    new ExitStatus.Exited(code), Optional.of(x), List.of()));
        }
    }

    /**
     * Closes the user spawner, reads the output left until the end of {@code timeout}, waits as long for the ends
     * being reported, then deletes the stdin files of the jobs still running and closes the syslog client. For the
     * daemon's stop, once no job starts any more.
     */
    public void close(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        UserSpawner us;
        synchronized (lock) { // stopping: no job starts any more
            us = userSpawner;
            userSpawner = null;
        }
        if (us != null) {
            us.close(); // bounded: UserSpawner#close
        }
        OutputPump p;
        SyslogClient client;
        synchronized (lock) { // no job starts any more, so none makes them now
            p = pump;
            client = syslog;
        }
        if (p != null) {
            p.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        eventPool.shutdown();
        if (!eventPool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            eventPool.shutdownNow();
        }
        // A job still running now never reaches its own clean-up (the event pool is gone): its stdin file goes here.
        // Removing it does not disturb the job: an open file stays readable.
        for (Path input : List.copyOf(inputs)) {
            delete(input);
        }
        if (client != null) {
            client.close();
        }
    }

    /**
     * The output pump and the syslog client it sends to (and the descriptors both use), made at the first command
     * job instead of at the start: binding them (through jnr-unixsocket and jnr-ffi, as it was then) took ~30 ms of
     * my_init's start on a 2-core VM for a cron that had nothing to run yet. Nothing outside sees the difference:
     * the client connects to the syslog socket only to send, and status() and stop() report 0 lines until then.
     */
    private OutputPump output() {
        synchronized (lock) {
            if (pump != null) {
                return pump;
            }
            if (descriptors == null) {
                try {
                    descriptors = descriptorSource.get();
                } catch (UnsupportedOperationException e) {
                    LOG.debug("cron - the context has no descriptors; using the native ones");
                }
            }
            if (descriptors == null) {
                descriptors = Natives.load().descriptors();
            }
            boolean toStdout = config.stdout();
            SyslogClient client = SyslogClient.builder().socket(config.syslogSocket()).clock(clock)
                    // with --stdout the line is on stdout already; otherwise SLF4J keeps it
                    .fallback(toStdout ? line -> { } : line -> OUTPUT.info("{}", line))
                    .build();
            PrintStream out = stdout;
            syslog = client;
            pump = new OutputPump(descriptors, SyslogClient.DEFAULT_MAX_LINE_BYTES, (tag, pid, line) -> {
                client.send(SyslogClient.FACILITY_CRON, SyslogClient.SEVERITY_INFO, tag, pid, line);
                if (toStdout) {
                    out.println(SyslogClient.tagOf(tag) + "[" + pid + "]: " + line);
                }
            });
            return pump;
        }
    }

    /**
     * What to spawn: the spec, and the user to spawn it as through the daemon's {@link UserSpawner} (empty: through
     * the spawner as it is, already switched by setpriv when the job is another user's and the mode is SETPRIV).
     */
    private record Start(SpawnSpec spec, Optional<Identity> who) {
    }

    /** The daemon's one {@link UserSpawner}, made at its first use; closed by {@link #close}. */
    private UserSpawner userSpawner() {
        synchronized (lock) {
            if (stopping.getAsBoolean()) {
                throw new IllegalStateException("cron - stopping: no more jobs of other users start");
            }
            if (userSpawner == null) {
                userSpawner = setUser().spawner(spawner, userSpawns);
            }
            return userSpawner;
        }
    }

    private SetUser setUser() {
        synchronized (lock) {
            if (setUser == null) {
                setUser = setUserSource.get();
            }
            return setUser;
        }
    }

    /** {@code $SHELL -c COMMAND} as the job's user, in its HOME, with its environment over the container's. */
    private Start start(CronJob job, Redirect stdin, Redirect out) {
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
        Credentials creds = credentials.get();
        Credentials.User user = creds.userByName(job.user())
                .orElseThrow(() -> new IllegalStateException("no passwd entry for user " + job.user()));
        if (user.uid() == creds.uids().effective()) {
            return new Start(plain, Optional.empty());
        }
        SetUser su = setUser();
        Identity who = su.resolve(job.user());
        if (userSpawns != UserSpawner.Mode.SETPRIV) {
            // The UserSpawner puts the identity's HOME, USER, LOGNAME and UID over the spec's: HOME is the job's
            // (the crontab may set it), USER and LOGNAME are the user's in both; UID is set, as bin/setuser does.
            Path jobHome = Path.of(home);
            Identity as = jobHome.isAbsolute() ? new Identity(who.name(), who.uid(), who.gid(), who.groups(), jobHome)
                    : who;
            return new Start(plain, Optional.of(as));
        }
        SpawnSpec as = su.asUser(plain, who);
        // setuser puts the passwd HOME and a UID variable in; the crontab's environment wins, as in cron.
        Map<String, String> fixed = new LinkedHashMap<>(as.environment());
        if (!env.containsKey("UID")) {
            fixed.remove("UID");
        }
        fixed.putAll(job.environment());
        return new Start(new SpawnSpec(as.command(), fixed, as.directory(), as.stdin(), as.stdout(), as.stderr(),
                as.extraFds(), as.grouping()), Optional.empty());
    }

    private void delete(Path p) {
        if (p != null) {
            inputs.remove(p);
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("cron - cannot delete {}: {}", p, e.toString());
            }
        }
    }
}
