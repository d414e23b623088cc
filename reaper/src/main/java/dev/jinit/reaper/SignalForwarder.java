package dev.jinit.reaper;

import dev.jinit.core.Child;
import dev.jinit.core.Processes;
import dev.jinit.core.Signal;
import dev.jinit.core.Signals;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the signals an init receives to its main child, or to the child's process group (like {@code tini -g}),
 * through a {@link SignalRewrite}. Runs on the init thread; a signal arriving before the child exists, or after it
 * ended, is logged and dropped.
 *
 * <p>Thread-safe.
 */
public final class SignalForwarder implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(SignalForwarder.class);

    /** What tini and dumb-init forward: every catchable signal a container runtime or a TTY sends. */
    public static final Set<Signal> DEFAULT_SIGNALS = EnumSet.of(Signal.TERM, Signal.INT, Signal.HUP, Signal.USR1,
            Signal.WINCH, Signal.CONT, Signal.TSTP, Signal.TTIN, Signal.TTOU, Signal.ALRM, Signal.PWR);

    private final Set<Signal> signals;
    private final boolean toGroup;
    private final SignalRewrite rewrite;
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private volatile Child target;
    private volatile Processes processes;

    private SignalForwarder(Builder b) {
        this.signals = EnumSet.copyOf(b.signals);
        this.toGroup = b.toGroup;
        this.rewrite = b.rewrite;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "signal-forwarder";
    }

    /** The signals this forwarder subscribes to; the init must handle them ({@code Init.Builder#handle}). */
    public Set<Signal> signals() {
        return EnumSet.copyOf(signals);
    }

    @Override
    public void start(Context context) {
        this.processes = context.processes();
        Signals s = context.signals();
        for (Signal sig : signals) {
            subscriptions.add(s.subscribe(sig, this::forward));
        }
    }

    /** Sets the child to forward to. */
    public void target(Child child) {
        if (toGroup && child.processGroup() == 0) {
            throw new IllegalArgumentException("forwarding to the process group needs a child spawned into its own group");
        }
        this.target = child;
        warmUp(child);
    }

    /**
     * Runs the path of a forwarded signal once without sending one (the rewrite, then {@code kill(pid, 0)} through the
     * same binding as {@code kill(pid, sig)}), so the first TERM does not pay for class loading and the native
     * binding's first call.
     */
    private void warmUp(Child child) {
        Processes p = processes;
        for (Signal sig : signals) {
            rewrite.apply(sig);
        }
        if (p != null) {
            p.exists(child.pid());
        }
    }

    /**
     * Forwards {@code received} now, through the rewrite, to the target if there is one (else logs and drops it). For
     * a listener that forwards a signal itself, in order with its own work (my_init forwards TERM and INT before it
     * wakes its main thread for the shutdown: the command's handler does not wait for that thread); build such a
     * forwarder without those signals, so that they are not forwarded twice.
     */
    public void forward(Signal received) {
        Child c = target;
        Optional<Signal> out = rewrite.apply(received);
        if (out.isEmpty()) {
            LOG.debug("forwarder - SIG{} dropped by the rewrite rules", received);
            return;
        }
        if (c == null) {
            LOG.debug("forwarder - SIG{} arrived before the child started; not forwarded", received);
            return;
        }
        boolean delivered = toGroup ? c.signalGroup(out.get()) : c.signal(out.get());
        if (delivered) {
            LOG.debug("forwarder - SIG{} -> {} {}{}", received, toGroup ? "group" : "pid",
                    toGroup ? c.processGroup() : c.pid(), out.get() != received ? " as SIG" + out.get() : "");
        } else {
            LOG.warn("forwarder - SIG{} not delivered: {} {} is gone", out.get(), toGroup ? "group" : "pid",
                    toGroup ? c.processGroup() : c.pid());
        }
    }

    @Override
    public void stop(Duration timeout) throws Exception {
        for (AutoCloseable s : subscriptions) {
            s.close();
        }
        subscriptions.clear();
    }

    /** Builds a {@link SignalForwarder}. */
    public static final class Builder {
        private Set<Signal> signals = DEFAULT_SIGNALS;
        private boolean toGroup;
        private SignalRewrite rewrite = SignalRewrite.none();

        private Builder() {
        }

        /** Which signals to forward (default {@link #DEFAULT_SIGNALS}). */
        public Builder signals(Set<Signal> s) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("signals to forward must not be empty");
            }
            this.signals = EnumSet.copyOf(s);
            return this;
        }

        /** Whether to signal the child's whole process group (default false: the child alone). */
        public Builder toProcessGroup(boolean on) {
            this.toGroup = on;
            return this;
        }

        public Builder rewrite(SignalRewrite r) {
            this.rewrite = Objects.requireNonNull(r, "rewrite");
            return this;
        }

        public SignalForwarder build() {
            return new SignalForwarder(this);
        }
    }
}
