package dev.jinit.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the calling thread blocks and what is pending, read from {@code /proc/thread-self/status} before any
 * {@link SignalRegistry} exists: a launcher that wants to act before the registry starts (my_init starting its command
 * at once) asks whether a signal could be lost meanwhile (not {@link #blocked() blocked}: the JVM's handler, or
 * nothing, would take it) or has already arrived ({@link #pending() pending}, blocked, waiting for the registry).
 *
 * @param blocked the signals this thread blocks ({@code SigBlk})
 * @param pending the signals pending for the whole process ({@code ShdPnd}: what {@code kill(2)} sends) or for
 *                this thread ({@code SigPnd})
 */
public record ThreadSignals(Set<Signal> blocked, Set<Signal> pending) {
    private static final Path SELF = Path.of("/proc/thread-self/status");

    public ThreadSignals {
        blocked = Set.copyOf(blocked);
        pending = Set.copyOf(pending);
    }

    /**
     * The calling thread's.
     *
     * @throws UncheckedIOException     when {@code /proc/thread-self/status} cannot be read (no /proc mounted)
     * @throws IllegalArgumentException when it lacks a mask field
     */
    public static ThreadSignals current() {
        try {
            return parse(Files.readString(SELF));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SELF + " (is /proc mounted?)", e);
        }
    }

    /**
     * The masks of a {@code /proc/.../status} text; signals outside {@link Signal} (real-time ones) are left out.
     *
     * @throws IllegalArgumentException when {@code SigBlk}, {@code ShdPnd} or {@code SigPnd} is missing or not hex
     */
    public static ThreadSignals parse(String status) {
        Set<Signal> pending = EnumSet.noneOf(Signal.class);
        pending.addAll(SignalMasks.signals(SignalMasks.field(status, "ShdPnd")));
        pending.addAll(SignalMasks.signals(SignalMasks.field(status, "SigPnd")));
        return new ThreadSignals(SignalMasks.signals(SignalMasks.field(status, "SigBlk")), pending);
    }
}
