package dev.jinit.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which signals the threads of this process block and ignore, from {@code /proc/self/task/TID/status}, and whether
 * {@link SignalRegistry} can therefore read its signals from a signalfd. Pure parsing and deciding; reading /proc is
 * the only I/O.
 */
final class SignalMasks {
    /**
     * The signals the signalfd backend serves: what jinit handles, but not PIPE (a write to a closed pipe raises it
     * in the writing thread, which must not be left pending there). Never QUIT (the JVM's thread dumps), USR2
     * (HotSpot's), nor the synchronous fault signals.
     */
    static final Set<Signal> SIGNALFD = EnumSet.of(Signal.TERM, Signal.INT, Signal.HUP, Signal.USR1, Signal.CHLD,
            Signal.WINCH, Signal.CONT, Signal.TSTP, Signal.TTIN, Signal.TTOU, Signal.ALRM, Signal.PWR);

    /** One thread's name and blocked mask. */
    record ThreadMask(int tid, String name, long blocked) {
    }

    private SignalMasks() {
    }

    /** Bit {@code n - 1} for each signal {@code n}, as in /proc's masks and the first word of a sigset_t. */
    static long bits(Set<Signal> signals) {
        long m = 0;
        for (Signal s : signals) {
            m |= 1L << (s.number() - 1);
        }
        return m;
    }

    /** The standard signals (1–31) whose bits are set in {@code mask}. */
    static Set<Signal> signals(long mask) {
        Set<Signal> out = EnumSet.noneOf(Signal.class);
        for (Signal s : Signal.values()) {
            if ((mask & (1L << (s.number() - 1))) != 0) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A hexadecimal mask field ({@code SigBlk}, {@code SigIgn} ...) of a /proc status text.
     *
     * @throws IllegalArgumentException when the field is missing or not hexadecimal
     */
    static long field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                String v = line.substring(name.length() + 1).trim();
                try {
                    return Long.parseUnsignedLong(v, 16);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("/proc status field " + name + " is not a hex mask: '" + v + "'");
                }
            }
        }
        throw new IllegalArgumentException("/proc status has no " + name + " field");
    }

    /** The {@code Name} field of a /proc status text, or "?" without one. */
    static String name(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Name:")) {
                return line.substring(5).trim();
            }
        }
        return "?";
    }

    /** Every thread of this process and its blocked mask; threads that end while being read are left out. */
    static List<ThreadMask> threads(Path taskDir) {
        List<ThreadMask> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path t : tasks) {
                String status;
                try {
                    status = Files.readString(t.resolve("status"));
                } catch (NoSuchFileException e) {
                    continue; // the thread ended after the listing
                } catch (IOException e) {
                    continue; // ESRCH: it ended while being read
                }
                out.add(new ThreadMask(Integer.parseInt(t.getFileName().toString()), name(status),
                        field(status, "SigBlk")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + taskDir + " (is /proc mounted?)", e);
        }
        return out;
    }

    /**
     * Why {@code handled} cannot be read from a signalfd, or empty when it can: every signal is one the signalfd
     * backend serves, and every thread blocks all of them (so the kernel keeps each one pending for the signalfd
     * instead of running a handler, or dropping it in a PID 1 without one).
     */
    static Optional<String> whyNotSignalfd(Set<Signal> handled, List<ThreadMask> threads) {
        if (handled.isEmpty()) {
            return Optional.of("no signals to handle");
        }
        Set<Signal> outside = EnumSet.copyOf(handled);
        outside.removeAll(SIGNALFD);
        if (!outside.isEmpty()) {
            return Optional.of(names(outside) + " handled, which the signalfd backend does not serve");
        }
        if (threads.isEmpty()) {
            return Optional.of("no thread found in /proc/self/task");
        }
        long want = bits(handled);
        for (ThreadMask t : threads) {
            long missing = want & ~t.blocked();
            if (missing != 0) {
                return Optional.of("thread " + t.tid() + " (" + t.name() + ") does not block " + names(signals(missing))
                        + " (start the JVM through bin/my_init, which blocks them with env --block-signal)");
            }
        }
        return Optional.empty();
    }

    /**
     * The signals of {@code handled} that the signalfd backend serves and every thread blocks: those can be read from
     * a signalfd even when the others cannot (a parent blocked some of them, or a thread unblocked one). Empty when
     * no thread is known.
     */
    static Set<Signal> blockedEverywhere(Set<Signal> handled, List<ThreadMask> threads) {
        Set<Signal> out = signals(everywhere(threads) & bits(handled));
        out.retainAll(SIGNALFD);
        return out;
    }

    /** The mask every thread blocks; 0 when no thread is known. */
    static long everywhere(List<ThreadMask> threads) {
        if (threads.isEmpty()) {
            return 0;
        }
        long all = -1L;
        for (ThreadMask t : threads) {
            all &= t.blocked();
        }
        return all;
    }

    static String names(Set<Signal> signals) {
        return signals.stream().map(s -> "SIG" + s).collect(Collectors.joining(", "));
    }
}
