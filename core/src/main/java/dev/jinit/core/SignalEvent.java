package dev.jinit.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A signal as it arrived, with its sender when the backend knows it (the signalfd backend does; the JDK's
 * {@code sun.misc.Signal} path does not).
 *
 * @param signal the signal
 * @param sender who sent it; empty when unknown, and for wake-ups jinit makes itself ({@link SignalRegistry#wakeChld()})
 */
public record SignalEvent(Signal signal, Optional<Sender> sender) {
    public SignalEvent {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(sender, "sender");
    }

    /** A signal whose sender is unknown. */
    public static SignalEvent of(Signal signal) {
        return new SignalEvent(signal, Optional.empty());
    }

    /**
     * The sender, as the kernel reports it in {@code siginfo}.
     *
     * @param pid  the sender's pid as seen from this process's PID namespace; 0 when the sender is outside it (a
     *             container runtime on the host: {@code docker stop}) or the kernel sent the signal
     * @param uid  the sender's real uid, as seen from this process's user namespace
     * @param code {@code si_code}: {@link #SI_USER} for {@code kill(2)}, {@link #SI_TKILL} for {@code tgkill(2)},
     *             {@link #SI_QUEUE} for {@code sigqueue(3)}, {@link #SI_KERNEL} for the kernel (a terminal's ^C comes
     *             as SI_KERNEL), and 1–6 ({@code CLD_EXITED} ...) for a SIGCHLD, whose pid and uid are then the child's
     */
    public record Sender(int pid, int uid, int code) {
        public static final int SI_USER = 0;
        public static final int SI_KERNEL = 0x80;
        public static final int SI_QUEUE = -1;
        public static final int SI_TKILL = -6;

        /** Sent by a process through kill, tgkill or sigqueue (not by the kernel, not a SIGCHLD). */
        public boolean byProcess() {
            return code <= 0;
        }

        /**
         * Whether the kernel filled in pid and uid itself ({@code kill}, {@code tgkill}, the kernel, a child's end).
         * With {@code sigqueue}/{@code rt_sigqueueinfo} (negative codes other than SI_TKILL) the sender may write any
         * pid and uid: do not base a permission on those.
         */
        public boolean trustworthy() {
            return code >= 0 || code == SI_TKILL;
        }

        /** Sent by a process outside this PID namespace (a container runtime on the host); trustworthy codes only. */
        public boolean fromOutsideNamespace() {
            return pid == 0 && (code == SI_USER || code == SI_TKILL);
        }
    }
}
