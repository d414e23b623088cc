package dev.jinit.core;

import dev.jinit.core.internal.JnrSignalFd;
import dev.jinit.core.internal.LibC;
import dev.jinit.core.internal.SignalFdSiginfo;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals read from a signalfd by the owner thread itself: the kernel keeps each signal pending (every thread blocks
 * them) until the owner reads it with its sender, so there is no handler, no dispatcher thread and no thread per
 * signal. Standard signals coalesce in the kernel (one pending each), which also bounds a SIGCHLD storm: a pass that
 * runs while children end leaves one SIGCHLD pending, and the pass after it reaps them.
 */
final class SignalFdSource implements SignalSource {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRegistry.class);

    private final LibC libc;
    private final JnrSignalFd fd;
    private final Set<Signal> handled;
    private final Queue<SignalEvent> posted = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<SignalEvent> ready = new ArrayDeque<>(); // owner thread only
    private final AtomicBoolean chldPosted = new AtomicBoolean();
    private volatile boolean stopped;

    /** Opens the signalfd for {@code handled}, which every thread of the process must block. */
    SignalFdSource(LibC libc, Set<Signal> handled) {
        this.libc = libc;
        this.handled = handled;
        this.fd = JnrSignalFd.open(libc, SignalMasks.bits(handled));
    }

    /** The signals this signalfd was opened for. */
    Set<Signal> handled() {
        return handled;
    }

    @Override
    public void start() {
        if (handled.contains(Signal.CHLD)) {
            // Warm-up: one real SIGCHLD walks the path a TERM will take (poll, read, parse, the listeners) while
            // nothing waits on it. Harmless: a reap pass that finds nothing ended costs one system call.
            libc.kill(libc.getpid(), Signal.CHLD.number());
        }
    }

    @Override
    public void post(SignalEvent event) {
        if (event.signal() == Signal.CHLD && !chldPosted.compareAndSet(false, true)) {
            return; // one posted wake-up at a time is enough
        }
        posted.add(event);
        fd.wake();
    }

    @Override
    public SignalEvent take() {
        // Each turn returns an event or blocks in poll until the kernel or post()/stop() has something.
        while (true) {
            if (stopped) {
                fd.close();
                return null;
            }
            SignalEvent e = ready.poll();
            if (e != null) {
                return e;
            }
            e = posted.poll();
            if (e != null) {
                if (e.signal() == Signal.CHLD) {
                    chldPosted.set(false); // before the pass, so a later wake-up is not lost
                }
                return e;
            }
            for (SignalFdSiginfo info : fd.await()) {
                Optional<Signal> s = Signal.of(info.signo());
                if (s.isPresent() && handled.contains(s.get())) {
                    ready.add(new SignalEvent(s.get(),
                            Optional.of(new SignalEvent.Sender(info.pid(), info.uid(), info.code()))));
                } else {
                    LOG.warn("signals - signalfd returned signal {}, which it was not opened for; ignored", info.signo());
                }
            }
        }
    }

    @Override
    public void chldPass(Runnable pass) {
        pass.run();
    }

    @Override
    public void stop() {
        stopped = true;
        fd.wake();
    }
}
