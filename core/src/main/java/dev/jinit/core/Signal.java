package dev.jinit.core;

import java.util.Locale;
import java.util.Optional;

/**
 * Linux signals by name and number (x86-64 and arm64 share these numbers).
 */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10), SEGV(11), USR2(12),
    PIPE(13), ALRM(14), TERM(15), STKFLT(16), CHLD(17), CONT(18), STOP(19), TSTP(20), TTIN(21), TTOU(22), URG(23),
    XCPU(24), XFSZ(25), VTALRM(26), PROF(27), WINCH(28), IO(29), PWR(30), SYS(31);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** The signal number, as {@code kill -l} prints it. */
    public int number() {
        return number;
    }

    /** The signal with this number, if it is one of the standard signals 1–31. */
    public static Optional<Signal> of(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses {@code TERM}, {@code SIGTERM}, {@code sigterm} or {@code 15}.
     *
     * @throws IllegalArgumentException naming the text when it is no signal
     */
    public static Signal parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                return of(Integer.parseInt(t)).orElseThrow(() -> unknown(text));
            } catch (NumberFormatException e) {
                throw unknown(text);
            }
        }
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw unknown(text);
        }
    }

    private static IllegalArgumentException unknown(String text) {
        return new IllegalArgumentException("unknown signal '" + text + "': expected a name like TERM or SIGTERM, or a number 1-31");
    }
}
