package dev.jinit.supervisor.internal;

import dev.jinit.core.Child;
import dev.jinit.core.Descriptors;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.NativeException;
import dev.jinit.core.Processes;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.supervisor.Readiness;
import dev.jinit.supervisor.ServiceEvent;
import dev.jinit.supervisor.runit.PidFile;
import dev.jinit.supervisor.runit.StatFile;
import dev.jinit.supervisor.runit.StatusFile;
import dev.jinit.supervisor.runit.SuperviseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one runsv does for one directory (a service, or its {@code log/}): {@code supervise/} with its lock, FIFOs and
 * status files, and the {@link ServiceMachine}'s actions executed with real processes. Every method runs on the
 * supervisor's loop thread; process ends and control bytes are posted to it. This is an internal class.
 */
public final class Unit {
    private static final Logger LOG = LoggerFactory.getLogger(Unit.class);
    private static final Duration TIMER_MARGIN = Duration.ofMillis(2);

    /** The OS services a unit uses. */
    public record Env(Spawner spawner, Processes processes, Descriptors fds, InstantSource clock,
                      ScheduledExecutorService loop, ControlPoller poller, UserSpawns users) {
    }

    /** The descriptors the unit's processes get as stdin and stdout (-1: inherit). */
    public interface Stdio {
        int stdin();

        int stdout();
    }

    private final String name;
    private final Path dir;
    private final Launch launch;
    private final ServiceMachine machine;
    private final Env env;
    private final Stdio stdio;
    private final BiConsumer<Unit, ServiceEvent> publish;
    private final Runnable onDone;
    private final Runnable onReleaseLogPipe;
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private volatile ServiceState state; // written on the loop thread, read by status() from any thread
    private volatile boolean ready;
    private volatile boolean failedPermanently;
    private volatile int runs; // starts of ./run
    private ReadinessWatch watch;
    private long watchedPid;
    private boolean busy; // a control script that decides an event is running
    private String lastFailure;
    private int lockFd = -1;
    private int controlFd = -1;
    private int okFd = -1;
    private Path supervise;

    /**
     * @param dir    where {@code supervise/} is (and {@code control/} scripts are looked up)
     * @param launch how the processes start
     */
    public Unit(String name, Path dir, Launch launch, MachineConfig config, Env env, Stdio stdio,
                BiConsumer<Unit, ServiceEvent> publish, Runnable onReleaseLogPipe, Runnable onDone) {
        this.name = name;
        this.dir = dir;
        this.launch = launch;
        this.machine = new ServiceMachine(config);
        this.env = env;
        this.stdio = stdio;
        this.publish = publish;
        this.onReleaseLogPipe = onReleaseLogPipe;
        this.onDone = onDone;
    }

    public String name() {
        return name;
    }

    public Path directory() {
        return dir;
    }

    public Optional<ServiceState> state() {
        return Optional.ofNullable(state);
    }

    public boolean isLog() {
        return machine.config().log();
    }

    /** Whether the running instance is ready ({@link dev.jinit.supervisor.Readiness}); false when none runs. */
    public boolean ready() {
        return ready;
    }

    /** Starts of {@code ./run} after the first. */
    public int restarts() {
        return Math.max(0, runs - 1);
    }

    /** Whether it failed permanently (its restart policy's failure limit) and has not been started since. */
    public boolean failedPermanently() {
        return failedPermanently;
    }

    /** Whether it starts when supervision begins (no {@code down} file, not defined start-down). */
    public boolean normallyUp() {
        return !launch.startDown();
    }

    /**
     * runsv's start-up up to the FIFOs: {@code supervise/} (following a symlink), the lock, the control FIFO.
     *
     * @return false when another supervisor holds the lock
     * @throws UncheckedIOException or {@link NativeException} when the directory cannot be prepared
     */
    public boolean prepare() {
        Path sv = dir.resolve("supervise");
        try {
            if (Files.isSymbolicLink(sv)) {
                Path target = dir.resolve(Files.readSymbolicLink(sv));
                Files.createDirectories(target);
            } else if (!Files.isDirectory(sv)) {
                Files.createDirectory(sv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + sv, e);
        }
        supervise = sv;
        lockFd = env.fds().open(sv.resolve("lock"), Descriptors.WRITE | Descriptors.APPEND | Descriptors.CREATE, 0600);
        if (!env.fds().tryLockExclusive(lockFd)) {
            env.fds().close(lockFd);
            lockFd = -1;
            return false;
        }
        env.fds().mkfifo(sv.resolve("control"), 0600);
        // O_RDWR: a reader (so sv's non-blocking write-open succeeds) and a writer (so reads never see EOF), as
        // runsv's two opens of it.
        controlFd = env.fds().open(sv.resolve("control"), Descriptors.READ_WRITE | Descriptors.NONBLOCK, 0);
        return true;
    }

    /** Opens {@code supervise/ok} (sv's liveness probe) and starts listening to the control FIFO. */
    public void openOk() {
        env.fds().mkfifo(supervise.resolve("ok"), 0600);
        okFd = env.fds().open(supervise.resolve("ok"), Descriptors.READ | Descriptors.NONBLOCK, 0);
        env.poller().add(controlFd, bytes -> env.loop().execute(() -> {
            for (byte b : bytes) {
                feed(new Event.Control(b, false));
            }
        }));
    }

    /** Supervision begins: status written, {@code ./run} started unless {@code down} exists. */
    public void begin() {
        apply(machine.begin(launch.startDown(), env.clock().instant()));
    }

    /** Feeds an event; control commands and shutdown first run their override script, as runsv's custom(). */
    public void feed(Event event) {
        if (busy) {
            pending.add(event);
            return;
        }
        if (state == null || state.done()) {
            return;
        }
        Optional<Character> override = machine.overrideFor(state, event);
        if (override.isPresent()) {
            Path script = dir.resolve("control").resolve(String.valueOf(override.get()));
            if (Files.isRegularFile(script) && Files.isExecutable(script)) {
                Optional<Child> child = spawnQuietly(List.of(script.toString()), "control/" + override.get());
                if (child.isPresent()) {
                    busy = true;
                    child.get().onExit().whenComplete((status, err) -> env.loop().execute(() -> {
                        busy = false;
                        boolean ok = status instanceof ExitStatus.Exited ex && ex.code() == 0;
                        transition(withOverride(event, ok));
                        drain();
                    }));
                    return;
                }
            }
        }
        transition(event);
    }

    private void drain() {
        while (!busy && !pending.isEmpty()) {
            feed(pending.poll());
        }
    }

    private static Event withOverride(Event e, boolean overridden) {
        if (e instanceof Event.Control c) {
            return new Event.Control(c.value(), overridden);
        }
        if (e instanceof Event.Shutdown sd) {
            return new Event.Shutdown(overridden, sd.killBy());
        }
        return e;
    }

    private void transition(Event event) {
        if (state == null || state.done()) {
            return;
        }
        LOG.debug("supervisor - {}: {} in {} {} pid {}", name, event, state.state(), state.want(), state.pid());
        apply(machine.transition(state, event, env.clock().instant()));
    }

    private void apply(Transition t) {
        state = t.state();
        List<Action> actions = t.actions();
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof Action.WriteStatus && supersededStatus(actions, i)) {
                continue;
            }
            execute(actions.get(i));
        }
    }

    /**
     * Whether a later action of the same transition writes the status anyway: another WriteStatus, or a spawn (its
     * Spawned or SpawnFailed transition writes it). Skipping these keeps six file writes off the restart path (as
     * {@link Action.WriteStatus} allows: the skipped ones are runsv's momentary states).
     */
    private static boolean supersededStatus(List<Action> actions, int i) {
        for (int j = i + 1; j < actions.size(); j++) {
            Action a = actions.get(j);
            if (a instanceof Action.WriteStatus || a instanceof Action.SpawnRun || a instanceof Action.SpawnFinish) {
                return true;
            }
        }
        return false;
    }

    private void execute(Action a) {
        if (a instanceof Action.WriteStatus w) {
            writeStatus(w.status());
        } else if (a instanceof Action.SpawnRun) {
            spawn(launch.run(), Spawning.RUN);
        } else if (a instanceof Action.SpawnFinish f) {
            spawn(launch.finishArgv(f.exitCode(), f.signal()), Spawning.FINISH);
        } else if (a instanceof Action.Kill k) {
            try {
                env.processes().signal(k.pid(), k.signal());
            } catch (NativeException e) {
                LOG.warn("supervisor - {}: kill({}, {}) failed: {}", name, k.pid(), k.signal(), e.getMessage());
            }
        } else if (a instanceof Action.RunControlScript r) {
            Path script = dir.resolve("control").resolve(String.valueOf(r.command()));
            if (Files.isRegularFile(script) && Files.isExecutable(script)) {
                spawnQuietly(List.of(script.toString()), "control/" + r.command());
            }
        } else if (a instanceof Action.ScheduleStart s) {
            schedule(s.at(), new Event.RestartDue());
        } else if (a instanceof Action.ScheduleStopTimeout s) {
            schedule(s.at(), new Event.StopTimeoutElapsed());
        } else if (a instanceof Action.CancelStart) {
            // the machine ignores a stale RestartDue
        } else if (a instanceof Action.ReleaseLogPipe) {
            onReleaseLogPipe.run();
        } else if (a instanceof Action.Publish p) {
            if (p.event() instanceof ServiceEvent.FailedPermanently) {
                failedPermanently = true;
            }
            publish.accept(this, p.event());
        } else if (a instanceof Action.Done) {
            onDone.run();
        }
    }

    private void schedule(Instant at, Event event) {
        Duration d = Duration.between(env.clock().instant(), at).plus(TIMER_MARGIN);
        env.loop().schedule(() -> {
            transitionOrRetry(at, event);
        }, Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
    }

    private void transitionOrRetry(Instant at, Event event) {
        if (env.clock().instant().isBefore(at)) {
            schedule(at, event); // the clock and the timer disagree by a hair: try again, never early
            return;
        }
        feed(event);
    }

    private void spawn(List<String> argv, Spawning what) {
        boolean finishPresent = !isLog() && launch.finishPresent();
        Child child;
        Optional<int[]> notify = what == Spawning.RUN
                ? ReadinessWatch.notificationPipe(launch.readiness(), env) : Optional.empty();
        try {
            child = start(argv, notify.map(p -> Map.of(
                    ((Readiness.NotificationFd) launch.readiness()).fd(), p[1])).orElse(Map.of()));
        } catch (RuntimeException e) { // SpawnException, NativeException, SetUserException: a failed start
            notify.ifPresent(p -> {
                env.fds().close(p[0]);
                env.fds().close(p[1]);
            });
            String reason = argv.get(0) + ": " + e.getMessage();
            if (what == Spawning.RUN && !reason.equals(lastFailure)) {
                // one line per change of reason, not one per retry
                LOG.warn("supervisor - {}: cannot start {}", name, reason);
            }
            lastFailure = reason;
            apply(machine.transition(state, new Event.SpawnFailed(reason, finishPresent), env.clock().instant()));
            return;
        }
        long pid = child.pid();
        notify.ifPresent(p -> env.fds().close(p[1])); // the child has its copy as fd N
        if (what == Spawning.RUN) {
            lastFailure = null;
            runs++;
            failedPermanently = false;
        }
        apply(machine.transition(state, new Event.Spawned(pid), env.clock().instant()));
        if (what == Spawning.RUN) {
            watchReadiness(pid, notify.map(p -> p[0]).orElse(-1));
        }
        child.onExit().whenComplete((status, err) -> env.loop().execute(() -> {
            if (watchedPid == pid) {
                stopWatching();
            }
            if (status != null) {
                feed(new Event.Exited(pid, status, !isLog() && launch.finishPresent()));
            } else {
                LOG.error("supervisor - {}: lost the exit status of pid {}: {}", name, pid, err.toString());
                feed(new Event.Exited(pid, ExitStatus.exited(111), false));
            }
        }));
    }

    private void watchReadiness(long pid, int notifyReadEnd) {
        stopWatching();
        watchedPid = pid;
        watch = ReadinessWatch.start(name, launch.readiness(), env, notifyReadEnd, argv -> start(argv, Map.of()), () -> {
            ready = true;
            publish.accept(this, new ServiceEvent.Ready(pid));
        });
    }

    private void stopWatching() {
        if (watch != null) {
            watch.cancel();
            watch = null;
        }
        watchedPid = 0;
        ready = false;
    }

    private Optional<Child> spawnQuietly(List<String> argv, String what) {
        try {
            return Optional.of(start(argv, Map.of()));
        } catch (RuntimeException e) {
            LOG.warn("supervisor - {}: cannot run {}: {}", name, what, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Spawns {@code argv} as the unit's processes start: its directory, environment, stdio and process group, as its
     * user when it has one. Every spawn goes through the shared spawner (directly, or on {@link UserSpawns}' thread),
     * so the init's child table registers and reaps the pid either way.
     */
    private Child start(List<String> argv, Map<Integer, Integer> extraFds) {
        SpawnSpec.Builder b = SpawnSpec.builder(argv).directory(launch.directory())
                .grouping(SpawnSpec.Grouping.NEW_PROCESS_GROUP);
        extraFds.forEach(b::passFd);
        launch.extraEnv().forEach(b::env);
        if (stdio.stdin() >= 0) {
            b.stdin(Redirect.fd(stdio.stdin()));
        }
        if (stdio.stdout() >= 0) {
            b.stdout(Redirect.fd(stdio.stdout()));
        }
        if (launch.user().isPresent()) {
            // resolved at every start, as chpst -u does: a changed passwd entry applies to the next start
            return env.users().spawn(b.build(), launch.user().get());
        }
        return env.spawner().spawn(b.build());
    }

    private void writeStatus(SuperviseStatus s) {
        try {
            replace("status", StatusFile.encode(s));
            replace("stat", StatFile.text(s).getBytes(StandardCharsets.US_ASCII));
            replace("pid", PidFile.text(s.pid()).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.warn("supervisor - {}: cannot write {}/status: {}", name, supervise, e.toString());
        }
    }

    private void replace(String file, byte[] content) throws IOException {
        Path tmp = supervise.resolve(file + ".new");
        Files.write(tmp, content);
        Files.move(tmp, supervise.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Supervision is over: {@code ok} closed first (sv then says "runsv not running"), then control and lock. */
    public void release() {
        stopWatching();
        if (okFd >= 0) {
            env.fds().close(okFd);
            okFd = -1;
        }
        if (controlFd >= 0) {
            env.poller().removeAndClose(controlFd);
            controlFd = -1;
        }
        if (lockFd >= 0) {
            env.fds().close(lockFd);
            lockFd = -1;
        }
    }
}
