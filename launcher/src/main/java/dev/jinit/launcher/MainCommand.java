package dev.jinit.launcher;

import dev.jinit.core.Child;
import dev.jinit.core.ChildTable;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Signal;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.reaper.SignalForwarder;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main command: started once everything else runs, its signals forwarded, and stopped first when the init stops
 * (placed last in the start order, after the forwarder, which so keeps forwarding until it has ended): TERM unless a
 * TERM or INT was already forwarded to it, KILL after {@code KILL_PROCESS_TIMEOUT}. The spawn and the forwarder's target are set under one lock that the stop
 * listener's barrier also takes, so a signal never finds the child running but not yet the forwarder's target.
 */
final class MainCommand implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(MainCommand.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private final List<String> command;
    private final boolean toGroup;
    private final Duration killTimeout;
    private final StopRequest stop;
    private final SignalForwarder forwarder;
    private Child child; // guarded by lock

    MainCommand(List<String> command, boolean toGroup, Duration killTimeout, StopRequest stop,
                SignalForwarder forwarder) {
        this.command = List.copyOf(command);
        this.toGroup = toGroup;
        this.killTimeout = killTimeout;
        this.stop = stop;
        this.forwarder = forwarder;
    }

    @Override
    public String name() {
        return "main";
    }

    @Override
    public void start(Context context) {
    }

    /** The lock a signal listener takes to wait out a spawn in progress. */
    Object lock() {
        return lock;
    }

    /**
     * Spawns the command unless a stop was requested before (then empty).
     *
     * @throws dev.jinit.core.SpawnException when it is not found (127) or not executable (126)
     */
    Optional<Child> spawn(Spawner spawner, java.util.Map<String, String> env) {
        return spawn(spawner, env, false);
    }

    /**
     * Spawns the command before the init runs ({@link EarlyStart}: the init's table takes it on when it starts), through
     * {@code spawner}, whose own table nobody reaps. Until then the child is this one's for the start guard. Empty
     * when a stop was requested before.
     *
     * @throws dev.jinit.core.SpawnException when it is not found (127) or not executable (126)
     */
    Optional<Child> spawnBeforeInit(Spawner spawner, java.util.Map<String, String> env) {
        return spawn(spawner, env, true);
    }

    private Optional<Child> spawn(Spawner spawner, java.util.Map<String, String> env, boolean beforeInit) {
        synchronized (lock) {
            if (stop.isRequested()) {
                return Optional.empty();
            }
            Child c = spawner.spawn(SpawnSpec.builder(command).environment(env)
                    .grouping(toGroup ? SpawnSpec.Grouping.NEW_PROCESS_GROUP : SpawnSpec.Grouping.INHERIT).build());
            child = c;
            if (!beforeInit) { // else adopt() does both when the init takes it on
                forwarder.target(c);
                LOG.info("running {} as pid {}", String.join(" ", command), c.pid());
            }
            return Optional.of(c);
        }
    }

    /**
     * Takes on the command started before the init ({@link EarlyStart}) as if spawned here.
     *
     * @param how how it was started, for the log line
     * @throws IllegalArgumentException when {@code pid} is not a child of this process
     */
    Child adopt(ChildTable children, long pid, String how) {
        synchronized (lock) {
            Child c = children.adopt(pid, toGroup);
            child = c;
            forwarder.target(c);
            LOG.info("running {} as pid {} ({})", String.join(" ", command), pid, how);
            return c;
        }
    }

    /** The child, once spawned. */
    Optional<Child> child() {
        synchronized (lock) {
            return Optional.ofNullable(child);
        }
    }

    /** Stops the command if it still runs; its end is then in {@link Child#onExit()}. */
    @Override
    public void stop(Duration ignored) throws InterruptedException {
        Child c = child().orElse(null);
        if (c == null || c.onExit().isDone()) {
            return;
        }
        if (!stop.isRequested()) { // a TERM or INT was forwarded by the forwarder already; else send one now
            LOG.info("stopping {} (pid {})", command.get(0), c.pid());
            send(c, Signal.TERM);
        }
        CompletableFuture<ExitStatus> exit = c.onExit();
        try {
            exit.get(killTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} still running {} after SIG{}; sending SIGKILL", c.pid(), ScriptRunner.seconds(killTimeout),
                    stop.signal().orElse(Signal.TERM));
            send(c, Signal.KILL);
            try {
                exit.get(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stuck) {
                LOG.error("{} did not end {} after SIGKILL", c.pid(), ScriptRunner.seconds(KILL_WAIT));
            } catch (ExecutionException x) {
                LOG.error("lost the exit status of pid {}", c.pid(), x.getCause());
            }
        } catch (ExecutionException e) {
            LOG.error("lost the exit status of pid {}", c.pid(), e.getCause());
        }
    }

    private void send(Child c, Signal s) {
        if (c.processGroup() != 0) {
            c.signalGroup(s);
        } else {
            c.signal(s);
        }
    }

    @Override
    public ComponentStatus status() {
        Child c = child().orElse(null);
        String line = c == null ? String.join(" ", command) + ": not started"
                : String.join(" ", command) + ": " + (c.onExit().isDone() ? "exited " + c.onExit().getNow(null)
                : "running, pid " + c.pid());
        return ComponentStatus.healthy(name(), List.of(line));
    }
}
