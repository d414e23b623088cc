package dev.jinit.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals through the JDK: a {@code sun.misc.Signal} handler per signal. HotSpot's handler posts each signal to its
 * "Signal Dispatcher" thread, which starts a new Java thread to run our handler; that handler only enqueues the signal
 * (SIGCHLD is coalesced: one pending wake-up at most) for the owner thread. No sender is known.
 *
 * <p>Before installing a SIGCHLD handler this loads {@code java.lang.ProcessImpl}: its initialiser resets SIGCHLD to
 * the default action, which would silently uninstall ours at the first {@code ProcessBuilder.start()}.
 */
final class JdkSignalSource implements SignalSource {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRegistry.class);
    private static final SignalEvent STOP = SignalEvent.of(Signal.SYS); // never handled: marks the end of the queue

    private final Set<Signal> handled;
    private final BlockingQueue<SignalEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean chldPending = new AtomicBoolean();
    private final Map<Signal, sun.misc.SignalHandler> previous = new EnumMap<>(Signal.class);
    /** The one handler object, installed at start and again after each quiet SIGCHLD pass. */
    private final sun.misc.SignalHandler handler = this::onSignal;
    private final Object lock = new Object();
    private boolean stopped; // guarded by lock

    JdkSignalSource(Set<Signal> handled) {
        this.handled = handled;
    }

    @Override
    public void start() {
        if (handled.contains(Signal.CHLD)) {
            try {
                Class.forName("java.lang.ProcessImpl", true, ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("java.lang.ProcessImpl not found: jinit needs a JDK 17+ on Linux", e);
            }
        }
        synchronized (lock) {
            for (Signal s : handled) {
                previous.put(s, sun.misc.Signal.handle(new sun.misc.Signal(s.name()), handler));
            }
        }
        if (handled.contains(Signal.CHLD)) {
            // One SIGCHLD to ourselves walks the whole path a signal takes (HotSpot's dispatcher thread, the JDK's
            // per-signal handler thread, onSignal, the owner thread) while nothing waits on it, so the first TERM a
            // container runtime sends does not pay for that code's class loading and first runs (tens of ms). A
            // spurious SIGCHLD is harmless: reap passes that find nothing ended cost one system call.
            sun.misc.Signal.raise(new sun.misc.Signal(Signal.CHLD.name()));
        }
    }

    /** Runs in the JDK's per-signal handler thread: only enqueue. */
    private void onSignal(sun.misc.Signal sig) {
        post(SignalEvent.of(Signal.valueOf(sig.getName())));
    }

    @Override
    public void post(SignalEvent event) {
        if (event.signal() == Signal.CHLD && !chldPending.compareAndSet(false, true)) {
            return; // a wake-up is already pending; the reap pass it triggers will see this child too
        }
        queue.add(event);
    }

    @Override
    public SignalEvent take() throws InterruptedException {
        SignalEvent e = queue.take();
        if (e == STOP) {
            return null;
        }
        if (e.signal() == Signal.CHLD) {
            chldPending.set(false); // before the pass, so a child ending during it triggers another
        }
        return e;
    }

    /**
     * Runs the SIGCHLD listeners (the reap passes) with the kernel told to discard SIGCHLD meanwhile: its default
     * action, which ignores it, unlike {@code SIG_IGN}, without making the kernel reap children on its own. The JDK
     * starts a new thread for every signal it delivers, one per ended child: a storm of 10,000 exits queued 10,000
     * thread starts ahead of the pass that would reap the last one. With the signal discarded while a pass runs, a
     * storm costs a few deliveries. A child that ends in that window raises no signal, so the listeners run once more
     * after the handler is back.
     */
    @Override
    public void chldPass(Runnable pass) {
        boolean quiet = setChldHandler(sun.misc.SignalHandler.SIG_DFL);
        pass.run();
        if (quiet && setChldHandler(handler)) {
            pass.run();
        }
    }

    /** Sets SIGCHLD's handler unless stopped (whose stop restores the previous one). */
    private boolean setChldHandler(sun.misc.SignalHandler h) {
        synchronized (lock) {
            if (stopped) {
                return false;
            }
            sun.misc.Signal.handle(new sun.misc.Signal(Signal.CHLD.name()), h);
            return true;
        }
    }

    /** Restores the previous handlers; the owner thread ends after the signals already queued. */
    @Override
    public void stop() {
        List<Signal> restored = new ArrayList<>();
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            previous.forEach((s, h) -> {
                sun.misc.Signal.handle(new sun.misc.Signal(s.name()), h);
                restored.add(s);
            });
        }
        queue.add(STOP);
        LOG.debug("signals - restored handlers of {}", restored);
    }
}
