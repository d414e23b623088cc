package dev.jinit.supervisor.internal;

import dev.jinit.supervisor.ServiceDefinition;
import dev.jinit.supervisor.ServiceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service directory as runsv supervises it: the service, and its {@code log/} service fed through one pipe
 * created here, which outlives restarts of either side. {@code x} (or a removal from the scanned directory, or
 * shutdown) stops the service; then the log service gets want exit, the pipe is closed on our side and the logger
 * drains it and exits; then supervision ends. Every method runs on the loop thread. This is an internal class.
 */
public final class ServiceDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceDirectory.class);

    private final String name;
    private final Path dir;
    private final Unit.Env env;
    private final boolean essential;
    private final Unit main;
    private final Optional<Unit> log;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int[] pipe; // {read, write}, or null without log/ or once released
    private boolean mainDone;
    private Optional<Instant> logKillBy = Optional.empty();

    /**
     * A service directory as runsv supervises it; at shutdown the service and its log service are KILLed
     * {@code stopTimeout} after their TERM. Its {@code essential} file is read now ({@link Launch#essential}).
     */
    public static ServiceDirectory ofDirectory(String name, Path dir, Duration stopTimeout, Unit.Env env,
                                               BiConsumer<String, ServiceEvent> events) {
        boolean hasLog = Files.isDirectory(dir.resolve("log"));
        Optional<dev.jinit.supervisor.RestartPolicy.FailureLimit> essential = Launch.essential(dir);
        return new ServiceDirectory(name, dir, Launch.ofDirectory(dir, false),
                MachineConfig.runit(stopTimeout, essential), essential.isPresent(),
                hasLog ? Optional.of(Launch.ofDirectory(dir.resolve("log"), true)) : Optional.empty(),
                MachineConfig.runitLog(stopTimeout), env, events);
    }

    /**
     * A service defined in code; {@code stateDir} gets its {@code supervise/} (and {@code log/supervise/}), so
     * {@code sv} drives it like any other.
     */
    public static ServiceDirectory of(ServiceDefinition d, Path stateDir, Path defaultCwd, Unit.Env env,
                                      BiConsumer<String, ServiceEvent> events) {
        return new ServiceDirectory(d.name().value(), stateDir, Launch.of(d, defaultCwd), MachineConfig.of(d),
                d.essential(), d.log().map(l -> Launch.of(l, defaultCwd)), MachineConfig.logOf(d), env, events);
    }

    private ServiceDirectory(String name, Path dir, Launch mainLaunch, MachineConfig mainConfig, boolean essential,
                             Optional<Launch> logLaunch, MachineConfig logConfig, Unit.Env env,
                             BiConsumer<String, ServiceEvent> events) {
        this.name = name;
        this.essential = essential;
        this.dir = dir;
        this.env = env;
        boolean hasLog = logLaunch.isPresent();
        if (hasLog) {
            pipe = env.fds().pipe();
        }
        Unit.Stdio mainIo = new Unit.Stdio() {
            @Override
            public int stdin() {
                return -1;
            }

            @Override
            public int stdout() {
                return pipe == null ? -1 : pipe[1];
            }
        };
        Unit.Stdio logIo = new Unit.Stdio() {
            @Override
            public int stdin() {
                return pipe == null ? -1 : pipe[0];
            }

            @Override
            public int stdout() {
                return -1;
            }
        };
        this.main = new Unit(name, dir, mainLaunch, mainConfig, env, mainIo,
                (u, e) -> events.accept(name, e), () -> { }, this::mainDone);
        this.log = hasLog
                ? Optional.of(new Unit(name + "/log", dir.resolve("log"), logLaunch.get(), logConfig, env, logIo,
                        (u, e) -> events.accept(name + "/log", e), this::releasePipe, this::logDone))
                : Optional.empty();
    }

    public String name() {
        return name;
    }

    public Path directory() {
        return dir;
    }

    /** Whether its permanent failure ends the init (a definition's flag, or a directory's {@code essential} file). */
    public boolean essential() {
        return essential;
    }

    public Unit main() {
        return main;
    }

    public Optional<Unit> log() {
        return log;
    }

    /** Completes when supervision of this directory has ended (after x, removal or shutdown). */
    public CompletableFuture<Void> done() {
        return done;
    }

    /**
     * runsv's start-up: supervise/ of the service, then of log/, then the ok FIFOs, then log/run and ./run.
     *
     * @return false when another supervisor holds a lock of the service or its log (nothing is left open)
     */
    public boolean start() {
        try {
            if (!main.prepare()) {
                releaseAll();
                return false;
            }
            if (log.isPresent() && !log.get().prepare()) {
                releaseAll();
                return false;
            }
            main.openOk();
            log.ifPresent(Unit::openOk);
        } catch (RuntimeException e) {
            releaseAll();
            throw e;
        }
        log.ifPresent(Unit::begin);
        main.begin();
        return true;
    }

    /** Stops supervision as runsv on SIGTERM: {@code x} to the service, then the log service drains and exits. */
    public void exit() {
        exit(Optional.empty());
    }

    /**
     * As {@link #exit()}, but everything is KILLed by {@code killBy} at the latest: the service by the time three
     * quarters of what is left have passed, its log service (which drains the pipe after it) by {@code killBy}.
     */
    public void exit(Optional<Instant> killBy) {
        logKillBy = killBy;
        Optional<Instant> mainKillBy = killBy.map(k -> {
            Instant now = env.clock().instant();
            Duration left = Duration.between(now, k);
            return left.isNegative() ? now : now.plus(left.multipliedBy(3).dividedBy(4));
        });
        main.feed(new Event.Shutdown(false, mainKillBy));
    }

    /** A control byte, as if written to the FIFO (for the Java API). */
    public void control(Unit unit, char c) {
        unit.feed(Event.Control.of(c));
    }

    private void mainDone() {
        mainDone = true;
        if (log.isPresent()) {
            log.get().feed(new Event.Shutdown(false, logKillBy));
        } else {
            finish();
        }
    }

    private void logDone() {
        if (!mainDone) {
            // the log service cannot exit by itself (x is ignored for it); only after the service: nothing to do
            return;
        }
        finish();
    }

    private void releasePipe() {
        if (pipe != null) {
            env.fds().close(pipe[0]);
            env.fds().close(pipe[1]);
            pipe = null;
        }
    }

    private void finish() {
        releaseAll();
        LOG.info("supervisor - {}: supervision ended", name);
        done.complete(null);
    }

    private void releaseAll() {
        main.release();
        log.ifPresent(Unit::release);
        releasePipe();
    }
}
