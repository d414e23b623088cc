package dev.jinit.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place jinit receives signals, and the owner thread, {@code jinit-init}, that runs every listener. It blocks
 * while idle: no polling, no wake-ups. It has two backends, chosen at construction:
 *
 * <ul>
 * <li>{@link Backend#SIGNALFD}, when every thread of the process already blocks every signal to handle (bin/my_init
 *     starts the JVM so: {@code env --ignore-signal=HUP,INT,TERM --block-signal=...}, and HotSpot's threads inherit
 *     the mask). The owner thread reads the signals from a signalfd and calls the listeners directly, with each
 *     signal's sender. Signals sent before the JVM had any handler stayed pending, blocked, instead of being dropped
 *     by the kernel as it drops a signal to a PID 1 without a handler; they are read at once.
 * <li>{@link Backend#JDK} otherwise (an application calling {@code Init.run()} in a plain JVM): a
 *     {@code sun.misc.Signal} handler per signal enqueues it for the owner thread. HotSpot runs each handler on a new
 *     thread; the sender is unknown.
 * </ul>
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

    /** The signals the signalfd backend serves: {@link #HANDLEABLE} without PIPE. */
    public static final Set<Signal> SIGNALFD_SIGNALS = EnumSet.copyOf(SignalMasks.SIGNALFD);

    /** How signals reach the owner thread. */
    public enum Backend {
        /** Read from a signalfd by the owner thread; the sender is known. */
        SIGNALFD,
        /** {@code sun.misc.Signal} handlers, run by the JDK on a new thread per signal; no sender. */
        JDK,
        /**
         * Both: a signalfd for the signals every thread blocks (read on a thread of its own, with their senders),
         * {@code sun.misc.Signal} for the rest. For a JVM whose parent blocked only some of them: on the JDK backend
         * alone those would never arrive (a blocked SIGCHLD: no child's end seen, ever).
         */
        MIXED
    }

    private static final Path TASKS = Path.of("/proc/self/task");
    /** HotSpot installs no handler for these when they are ignored at start, and says nothing. */
    private static final Set<Signal> JDK_SKIPS_IF_IGNORED = EnumSet.of(Signal.HUP, Signal.INT, Signal.TERM);

    private final Set<Signal> handled;
    private final Map<Signal, List<EventListener>> listeners = new EnumMap<>(Signal.class);
    private final Map<Signal, SignalEvent> unclaimed = new EnumMap<>(Signal.class);
    private final Backend backend;
    private final SignalSource source;
    private final Thread owner;
    private final Object lock = new Object();
    private boolean closed; // guarded by lock

    /**
     * Starts receiving {@code signals} at once (on the backend the process's signal masks allow) and starts the owner
     * thread. Binds libc itself when it chooses the signalfd backend: see {@link #SignalRegistry(Set, Natives)}.
     *
     * @throws IllegalArgumentException for a signal outside {@link #HANDLEABLE}
     */
    public SignalRegistry(Set<Signal> signals) {
        this(signals, null);
    }

    /**
     * Starts receiving {@code signals} at once and starts the owner thread.
     *
     * @param natives the process's libc binding, for the signalfd backend; null to bind libc here if needed
     * @throws IllegalArgumentException for a signal outside {@link #HANDLEABLE}
     * @throws NativeException          when the signalfd backend was chosen and its descriptors cannot be opened
     */
    public SignalRegistry(Set<Signal> signals, Natives natives) {
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
        List<SignalMasks.ThreadMask> threads;
        Optional<String> whyNot;
        try {
            threads = SignalMasks.threads(TASKS);
            whyNot = SignalMasks.whyNotSignalfd(handled, threads);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            threads = List.of();
            whyNot = Optional.of("cannot read the threads' signal masks: " + e.getMessage());
        }
        Set<Signal> blocked = SignalMasks.blockedEverywhere(handled, threads);
        if (whyNot.isEmpty()) {
            backend = Backend.SIGNALFD;
            source = new SignalFdSource((natives != null ? natives : Natives.load()).libc(), handled);
            LOG.debug("signals - backend signalfd for {}: every thread blocks them", SignalMasks.names(handled));
        } else if (!blocked.isEmpty()) {
            backend = Backend.MIXED;
            Set<Signal> rest = EnumSet.copyOf(handled);
            rest.removeAll(blocked);
            source = new MixedSignalSource(new JdkSignalSource(rest),
                    new SignalFdSource((natives != null ? natives : Natives.load()).libc(), blocked));
            LOG.debug("signals - backend mixed: signalfd for {} (every thread blocks them), jdk for {}: {}",
                    SignalMasks.names(blocked), SignalMasks.names(rest), whyNot.get());
            warnAboutUnreachable(rest, threads);
        } else {
            backend = Backend.JDK;
            source = new JdkSignalSource(handled);
            LOG.debug("signals - backend jdk (sun.misc.Signal) for {}: not signalfd because {}",
                    SignalMasks.names(handled), whyNot.get());
            warnAboutUnreachable(handled, threads);
        }
        owner = new Thread(this::run, "jinit-init");
        owner.setDaemon(true);
        owner.start();
        source.start();
    }

    /**
     * Says which of the signals handled through {@code sun.misc.Signal} can never arrive: blocked by every thread
     * (only PIPE, which no signalfd reads: the others go to one), or ignored since the JVM started (HotSpot then
     * installs no handler for HUP, INT or TERM, silently). A signal every thread blocks is otherwise read from a
     * signalfd, ignored or not (the kernel queues a blocked signal even when it is ignored).
     */
    private static void warnAboutUnreachable(Set<Signal> viaJdk, List<SignalMasks.ThreadMask> threads) {
        Set<Signal> stuck = SignalMasks.signals(SignalMasks.everywhere(threads) & SignalMasks.bits(viaJdk));
        if (!stuck.isEmpty()) {
            LOG.warn("signals - {} blocked by every thread of this JVM: they will not arrive", SignalMasks.names(stuck));
        }
        try {
            long ignored = SignalMasks.field(Files.readString(Path.of("/proc/self/status")), "SigIgn");
            Set<Signal> skipped = SignalMasks.signals(ignored & SignalMasks.bits(viaJdk));
            skipped.retainAll(JDK_SKIPS_IF_IGNORED);
            if (!skipped.isEmpty()) {
                LOG.warn("signals - {} ignored since this JVM started (inherited from its parent, e.g. nohup): the JDK"
                        + " installs no handler for them, so they will not arrive", SignalMasks.names(skipped));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("signals - cannot read SigIgn of /proc/self/status: {}", e.toString());
        }
    }

    /** The signals this registry handles. */
    public Set<Signal> handled() {
        return EnumSet.copyOf(handled.isEmpty() ? EnumSet.noneOf(Signal.class) : handled);
    }

    /** The backend chosen at construction. */
    public Backend backend() {
        return backend;
    }

    @Override
    public AutoCloseable subscribe(Signal signal, Listener listener) {
        return subscribeEvents(signal, new Plain(listener));
    }

    /**
     * A plain listener, adapted. Equal only to itself: each subscription's closer removes its own wrapper. (It was a
     * record: the first unsubscribe, at every init's shutdown, then bootstrapped the record's generated equals, which
     * spun ~15 method-handle classes at run time, ~13 ms of my_init's exit here.)
     */
    private static final class Plain implements EventListener {
        private final Listener listener;

        Plain(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void onSignal(SignalEvent event) {
            listener.onSignal(event.signal());
        }
    }

    @Override
    public AutoCloseable subscribeEvents(Signal signal, EventListener listener) {
        List<EventListener> list = listeners.get(signal);
        if (list == null) {
            throw new IllegalArgumentException("SIG" + signal + " is not handled by this registry, which handles " + handled);
        }
        synchronized (lock) {
            list.add(listener);
            SignalEvent early = unclaimed.remove(signal);
            if (early != null) {
                source.post(early); // arrived before anyone listened: deliver now
            }
        }
        return () -> list.remove(listener);
    }

    private void run() {
        while (true) {
            SignalEvent e;
            try {
                e = source.take();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                LOG.error("signals - the {} backend failed; no more signals will be delivered", backend, ex);
                return;
            }
            if (e == null) {
                return;
            }
            List<EventListener> list = listeners.get(e.signal());
            synchronized (lock) {
                if (list.isEmpty()) {
                    LOG.debug("signals - SIG{} arrived with no listener yet; kept for the first one", e.signal());
                    unclaimed.put(e.signal(), e);
                    continue;
                }
            }
            if (e.signal() == Signal.CHLD) {
                source.chldPass(() -> deliver(list, e));
            } else {
                deliver(list, e);
            }
        }
    }

    private static void deliver(List<EventListener> list, SignalEvent e) {
        for (EventListener l : list) {
            try {
                l.onSignal(e);
            } catch (RuntimeException | Error ex) {
                LOG.error("signals - a SIG{} listener failed; continuing", e.signal(), ex);
            }
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
        if (handled.contains(Signal.CHLD)) {
            source.post(SignalEvent.of(Signal.CHLD));
        }
    }

    /**
     * Stops receiving and stops the owner thread, waiting up to {@code timeout} for the current listener to return.
     * The JDK backend restores the previous handlers; on the signalfd backend the signals stay blocked (a later one
     * stays pending: the JVM is normally exiting). Idempotent.
     */
    public void close(Duration timeout) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        source.stop();
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
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
