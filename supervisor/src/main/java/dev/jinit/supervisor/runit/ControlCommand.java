package dev.jinit.supervisor.runit;

import dev.jinit.core.Signal;
import java.util.Optional;

/**
 * The command bytes runsv reads from {@code supervise/control}, one per byte, and the signal each sends by default
 * when {@code ./run} is running. Any other byte is ignored (runsv's {@code ctrl} switch has no default branch).
 *
 * <p>{@code sv}'s verbs map onto these: {@code restart} writes {@code "tcu"}, {@code stop} {@code "d"},
 * {@code shutdown} {@code "x"}; {@code status} and {@code check} write nothing.
 */
public enum ControlCommand {
    /** {@code sv up}: want up; start if down. */
    UP('u', null),
    /** {@code sv down}: want down; stop signal, then CONT. */
    DOWN('d', null),
    /** {@code sv once}: want down; start if down. */
    ONCE('o', null),
    /** {@code sv pause}: STOP; paused flag. */
    PAUSE('p', Signal.STOP),
    /** {@code sv cont}: CONT; clears the paused flag. */
    CONT('c', Signal.CONT),
    /** {@code sv hup}. */
    HUP('h', Signal.HUP),
    /** {@code sv alarm}. */
    ALARM('a', Signal.ALRM),
    /** {@code sv interrupt}. */
    INTERRUPT('i', Signal.INT),
    /** {@code sv quit}. */
    QUIT('q', Signal.QUIT),
    /** {@code sv 1}. */
    USR1('1', Signal.USR1),
    /** {@code sv 2}. */
    USR2('2', Signal.USR2),
    /** {@code sv term}: the stop signal (TERM unless configured), CONT only when want is down or exit. */
    TERM('t', Signal.TERM),
    /** {@code sv kill}: KILL; the state becomes down at once. */
    KILL('k', Signal.KILL),
    /** {@code sv exit}: want exit; stop signal, then CONT; stop supervising once down. Ignored by a log service. */
    EXIT('x', null);

    private final char code;
    private final Signal signal;

    ControlCommand(char code, Signal signal) {
        this.code = code;
        this.signal = signal;
    }

    /** The byte written to {@code supervise/control}, and the {@code c} of {@code control/c} scripts. */
    public char code() {
        return code;
    }

    /** The signal runsv sends for this command when the service runs; empty for u, d, o and x. */
    public Optional<Signal> signal() {
        return Optional.ofNullable(signal);
    }

    /** The command for a control byte; empty for any byte runsv ignores. */
    public static Optional<ControlCommand> of(byte b) {
        for (ControlCommand c : values()) {
            if (c.code == b) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
