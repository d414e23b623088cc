package dev.jinit.supervisor.internal;

import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Signal;
import dev.jinit.supervisor.Readiness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one running instance of a service until it is ready, then calls {@code onReady} once and stops. Every
 * method runs on the supervisor's loop thread; no thread of its own:
 *
 * <ul>
 *   <li>{@link Readiness.CheckCommand}: the check is spawned through the shared spawner every interval (one at a
 *       time), KILLed (its process group) when it outlives its timeout; exit 0 means ready.</li>
 *   <li>{@link Readiness.TcpPort}: a non-blocking JDK connect every interval, looked at again on the next tick when
 *       it is still in progress (on loopback it completes or is refused at once); closed at once when it succeeds.</li>
 *   <li>{@link Readiness.NotificationFd}: the driver passes the write end of a pipe as the service's fd N
 *       ({@link #notificationPipe}); the read end is polled by the {@link ControlPoller}; a newline means ready, as
 *       s6's {@code notification-fd}. End of file without a newline: never ready (this instance).</li>
 * </ul>
 *
 * A watch ends (timers cancelled, check KILLed, socket and pipe closed) when the instance is ready or has exited
 * ({@link #cancel}). This is an internal class.
 */
final class ReadinessWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessWatch.class);

    private final String name;
    private final Readiness readiness;
    private final Unit.Env env;
    private final Function<List<String>, Child> start;
    private final Runnable onReady;
    private boolean over;
    private ScheduledFuture<?> timer;
    private Child check;
    private SocketChannel connecting;
    private long connectStarted;
    private int notifyFd = -1;
    private String lastFailure;

    private ReadinessWatch(String name, Readiness readiness, Unit.Env env, Function<List<String>, Child> start,
                           Runnable onReady) {
        this.name = name;
        this.readiness = readiness;
        this.env = env;
        this.start = start;
        this.onReady = onReady;
    }

    /**
     * The pipe of a {@link Readiness.NotificationFd} service, made before its spawn: {read end, write end}; the write
     * end goes to the child as fd N and is closed here after the spawn; the read end is handed to {@link #start}.
     */
    static Optional<int[]> notificationPipe(Readiness readiness, Unit.Env env) {
        return readiness instanceof Readiness.NotificationFd ? Optional.of(env.fds().pipe()) : Optional.empty();
    }

    /**
     * Starts watching the instance just spawned.
     *
     * @param readEnd the read end of {@link #notificationPipe} (owned by the watch from now on), or -1
     * @param start   spawns a check command (the service's directory, environment and user)
     */
    static ReadinessWatch start(String name, Readiness readiness, Unit.Env env, int readEnd,
                                Function<List<String>, Child> start, Runnable onReady) {
        ReadinessWatch w = new ReadinessWatch(name, readiness, env, start, onReady);
        if (readiness instanceof Readiness.Immediate) {
            w.ready();
        } else if (readiness instanceof Readiness.NotificationFd) {
            w.notifyFd = readEnd;
            env.poller().add(readEnd, bytes -> env.loop().execute(() -> w.notified(bytes)));
        } else {
            w.tick();
        }
        return w;
    }

    /** The instance exited (or supervision ends): stop watching, release everything. */
    void cancel() {
        if (!over) {
            over = true;
            release();
        }
    }

    private void ready() {
        if (over) {
            return;
        }
        over = true;
        release();
        onReady.run();
    }

    private void release() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (check != null) {
            check.signalGroup(Signal.KILL); // its end arrives through the child table; nobody waits for it
            check = null;
        }
        closeConnecting();
        if (notifyFd >= 0) {
            env.poller().removeAndClose(notifyFd);
            notifyFd = -1;
        }
    }

    private void notified(byte[] bytes) {
        if (over) {
            return;
        }
        for (byte b : bytes) {
            if (b == '\n') {
                ready();
                return;
            }
        }
        if (bytes.length == 0) { // debug: a crash-looping service would say it at every restart
            LOG.debug("supervisor - {}: closed its notification fd {} without writing a newline; it is not ready "
                    + "until it restarts", name, ((Readiness.NotificationFd) readiness).fd());
        }
    }

    /** One try of a check command or a TCP connect; the next is scheduled by its outcome. */
    private void tick() {
        timer = null;
        if (over) {
            return;
        }
        if (readiness instanceof Readiness.CheckCommand c) {
            runCheck(c);
        } else if (readiness instanceof Readiness.TcpPort t) {
            tryConnect(t);
        }
    }

    private void later(Duration d) {
        if (!over) {
            timer = env.loop().schedule(this::tick, d.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void runCheck(Readiness.CheckCommand c) {
        Child child;
        try {
            child = start.apply(c.command());
        } catch (RuntimeException e) {
            failed("cannot run the readiness check " + c.command() + ": " + e.getMessage());
            later(c.interval());
            return;
        }
        check = child;
        ScheduledFuture<?> kill = env.loop().schedule(() -> {
            if (check == child) {
                child.signalGroup(Signal.KILL);
            }
        }, c.timeout().toNanos(), TimeUnit.NANOSECONDS);
        child.onExit().whenComplete((status, err) -> env.loop().execute(() -> {
            kill.cancel(false);
            if (check != child || over) {
                return;
            }
            check = null;
            if (status instanceof ExitStatus.Exited ex && ex.code() == 0) {
                ready();
                return;
            }
            failed("readiness check " + c.command() + " " + (status == null ? err : status));
            later(c.interval());
        }));
    }

    private void tryConnect(Readiness.TcpPort t) {
        if (connecting != null) {
            try {
                if (connecting.finishConnect()) {
                    ready();
                    return;
                }
                if (System.nanoTime() - connectStarted < t.timeout().toNanos()) {
                    later(t.interval());
                    return;
                }
                failed("connect to " + t.host() + ":" + t.port() + " timed out after " + t.timeout());
            } catch (IOException e) {
                failed("connect to " + t.host() + ":" + t.port() + ": " + e.getMessage());
            }
            closeConnecting();
            later(t.interval());
            return;
        }
        try {
            connecting = SocketChannel.open();
            connecting.configureBlocking(false);
            connectStarted = System.nanoTime();
            // host is expected to be a literal address (127.0.0.1, ::1): a name would be resolved here, blocking
            if (connecting.connect(new InetSocketAddress(t.host(), t.port()))) {
                ready();
                return;
            }
        } catch (IOException | RuntimeException e) { // ConnectException: refused, nobody listens yet
            failed("connect to " + t.host() + ":" + t.port() + ": " + e.getMessage());
            closeConnecting();
        }
        later(t.interval());
    }

    private void closeConnecting() {
        if (connecting != null) {
            try {
                connecting.close();
            } catch (IOException e) {
                LOG.debug("supervisor - {}: closing the readiness probe socket: {}", name, e.toString());
            }
            connecting = null;
        }
    }

    /** Logged at debug, once per change of reason: a service that is still starting is no news. */
    private void failed(String why) {
        if (!why.equals(lastFailure)) {
            LOG.debug("supervisor - {}: not ready yet: {}", name, why);
            lastFailure = why;
        }
    }
}
