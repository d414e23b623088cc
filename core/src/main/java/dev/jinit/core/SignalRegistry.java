package dev.jinit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place jinit installs signal handlers ({@code sun.misc.Signal}), and the owner thread that runs every
 * listener.
 *
 * <p>The handler itself only enqueues the signal (SIGCHLD is coalesced: one pending wake-up at most); the owner
 * thread, {@code jinit-init}, takes signals off the queue and calls the listeners. It blocks on the queue while idle:
 * no polling, no wake-ups.
 *
 * <p>Before installing a SIGCHLD handler this loads {@code java.lang.ProcessImpl}: its initialiser resets SIGCHLD to
 * the default action, which would silently uninstall ours at the first {@code ProcessBuilder.start()}.
 *
 * <p>QUIT belongs to the JVM (thread dumps, {@code jcmd}), USR2 to HotSpot; KILL and STOP cannot be caught; the
 * JVM's synchronous signals (SEGV, BUS, FPE, ILL) are not ours either. Thread-safe.
 */
public final class SignalRegistry implements Signals, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRegistry.class);

    /** The signals {@code sun.misc.Signal} lets a Java program handle without breaking the JVM. */
    public static final Set<Signal> HANDLEABLE = EnumSet.of(Signal.TERM, Signal.INT, Signal.HUP, Signal.USR1,
            Signal.CHLD, Signal.WINCH, Signal.CONT, Signal.TSTP, Signal.TTIN, Signal.TTOU, Signal.ALRM, Signal.PIPE,
            Signal.PWR);

    private static final Signal STOP_SENTINEL = Signal.SYS; // never handled: marks the end of the queue

    private final Set<Signal> handled;
    private final BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean chldPending = new AtomicBoolean();
    private final Map<Signal, List<Listener>> listeners = new EnumMap<>(Signal.class);
    private final Set<Signal> unclaimed = EnumSet.noneOf(Signal.class);
    private final Map<Signal, sun.misc.SignalHandler> previous = new EnumMap<>(Signal.class);
    private final Thread owner;
    private final Object lock = new Object();
    private volatile boolean closed;

    /**
     * Installs handlers for {@code signals} at once and starts the owner thread.
     *
     * @throws IllegalArgumentException for a signal outside {@link #HANDLEABLE}
     */
    /** The one handler object, installed at construction and again after each quiet SIGCHLD pass. */
    private final sun.misc.SignalHandler handler = this::onSignal;

    public SignalRegistry(Set<Signal> signals) {
        for (Signal s : signals) {
            if (!HANDLEABLE.contains(s)) {
                throw new IllegalArgumentException("jinit does not handle SIG" + s + ": it handles " + HANDLEABLE
                        + " (QUIT belongs to the JVM, USR2 to HotSpot, KILL and STOP cannot be caught)");
            }
        }
        this.handled = signals.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(signals);
        for (Signal s : handled) {
            listeners.put(s, new CopyOnWriteArrayList<>());
        }
        if (handled.contains(Signal.CHLD)) {
            loadProcessImpl();
        }
        owner = new Thread(this::run, "jinit-init");
        owner.setDaemon(true);
        owner.start();
        for (Signal s : handled) {
            previous.put(s, sun.misc.Signal.handle(new sun.misc.Signal(s.name()), handler));
        }
        if (handled.contains(Signal.CHLD)) {
            // One SIGCHLD to ourselves walks the whole path a signal takes (HotSpot's dispatcher thread, the JDK's
            // per-signal handler thread, onSignal, the owner thread) while nothing waits on it, so the first TERM a
            // container runtime sends does not pay for that code's class loading and first runs (tens of ms). A
            // spurious SIGCHLD is harmless: reap passes that find nothing ended cost one system call.
            sun.misc.Signal.raise(new sun.misc.Signal(Signal.CHLD.name()));
        }
    }

    /** The signals this registry handles. */
    public Set<Signal> handled() {
        return EnumSet.copyOf(handled.isEmpty() ? EnumSet.noneOf(Signal.class) : handled);
    }

    private static void loadProcessImpl() {
        try {
            Class.forName("java.lang.ProcessImpl", true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("java.lang.ProcessImpl not found: jinit needs a JDK 17+ on Linux", e);
        }
    }

    /** Runs in the JVM's signal handler thread: only enqueue. */
    private void onSignal(sun.misc.Signal sig) {
        Signal s = Signal.valueOf(sig.getName());
        if (s == Signal.CHLD && !chldPending.compareAndSet(false, true)) {
            return; // a wake-up is already pending; the reap pass it triggers will see this child too
        }
        queue.add(s);
    }

    @Override
    public AutoCloseable subscribe(Signal signal, Listener listener) {
        List<Listener> list = listeners.get(signal);
        if (list == null) {
            throw new IllegalArgumentException("SIG" + signal + " is not handled by this registry, which handles " + handled);
        }
        synchronized (lock) {
            list.add(listener);
            if (unclaimed.remove(signal)) {
                queue.add(signal); // arrived before anyone listened: deliver now
            }
        }
        return () -> list.remove(listener);
    }

    private void run() {
        while (true) {
            Signal s;
            try {
                s = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (s == STOP_SENTINEL) {
                return;
            }
            if (s == Signal.CHLD) {
                chldPending.set(false); // before the pass, so a child ending during it triggers another
            }
            List<Listener> list = listeners.get(s);
            synchronized (lock) {
                if (list.isEmpty()) {
                    LOG.debug("signals - SIG{} arrived with no listener yet; kept for the first one", s);
                    unclaimed.add(s);
                    continue;
                }
            }
            if (s == Signal.CHLD) {
                deliverChld(list);
            } else {
                deliver(list, s);
            }
        }
    }

    private static void deliver(List<Listener> list, Signal s) {
        for (Listener l : list) {
            try {
                l.onSignal(s);
            } catch (RuntimeException | Error e) {
                LOG.error("signals - a SIG{} listener failed; continuing", s, e);
            }
        }
    }

    /**
     * Runs the SIGCHLD listeners (the reap passes) with the kernel told to discard SIGCHLD meanwhile: its default
     * action, which ignores it, unlike {@code SIG_IGN}, without making the kernel reap children on its own. The JDK
     * starts a new thread for every signal it delivers, one per ended child: a storm of 10,000 exits queued 10,000
     * thread starts ahead of the pass that would reap the last one. With the signal discarded while a pass runs, a
     * storm costs a few deliveries. A child that ends in that window raises no signal, so the listeners run once more
     * after the handler is back.
     */
    private void deliverChld(List<Listener> list) {
        boolean quiet = setChldHandler(sun.misc.SignalHandler.SIG_DFL);
        deliver(list, Signal.CHLD);
        if (quiet && setChldHandler(handler)) {
            deliver(list, Signal.CHLD);
        }
    }

    /** Sets SIGCHLD's handler unless this registry is closed (whose close restores the previous one). */
    private boolean setChldHandler(sun.misc.SignalHandler h) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            sun.misc.Signal.handle(new sun.misc.Signal(Signal.CHLD.name()), h);
            return true;
        }
    }

    /** Whether the calling thread is the owner thread. */
    public boolean isOwnerThread() {
        return Thread.currentThread() == owner;
    }

    /**
     * Wakes the owner thread as if SIGCHLD had arrived (used after registering a child whose SIGCHLD may already
     * have been consumed).
     */
    public void wakeChld() {
        if (handled.contains(Signal.CHLD) && chldPending.compareAndSet(false, true)) {
            queue.add(Signal.CHLD);
        }
    }

    /**
     * Restores the previous handlers and stops the owner thread, waiting up to {@code timeout} for the current
     * listener to return. Idempotent.
     */
    public void close(Duration timeout) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<Signal> restored = new ArrayList<>();
        previous.forEach((s, h) -> {
            sun.misc.Signal.handle(new sun.misc.Signal(s.name()), h);
            restored.add(s);
        });
        queue.add(STOP_SENTINEL);
        if (!isOwnerThread()) {
            try {
                owner.join(Math.max(1, timeout.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (owner.isAlive()) {
                LOG.warn("signals - owner thread still busy after {}; leaving it (daemon)", timeout);
            }
        }
        LOG.debug("signals - restored handlers of {}", restored);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
