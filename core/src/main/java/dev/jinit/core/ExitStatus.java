package dev.jinit.core;

/**
 * How a process ended: it exited with a code, or a signal killed it.
 *
 * <p>{@link #shellCode()} maps both to one number the way shells and tini do: the code itself, or 128 + the signal
 * number (so a process killed by TERM yields 143).
 */
public sealed interface ExitStatus permits ExitStatus.Exited, ExitStatus.Signaled {

    /** {@code si_code} values of a {@code SIGCHLD} siginfo, from {@code <signal.h>}. */
    int CLD_EXITED = 1;
    int CLD_KILLED = 2;
    int CLD_DUMPED = 3;

    /** The code a shell would report: the exit code, or 128 + the signal number. */
    int shellCode();

    /** The process called exit with {@code code} (0–255). */
    record Exited(int code) implements ExitStatus {
        public Exited {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("exit code must be 0-255, but was " + code);
            }
        }

        @Override
        public int shellCode() {
            return code;
        }

        @Override
        public String toString() {
            return "exit code " + code;
        }
    }

    /** Signal number {@code signal} killed the process; {@code coreDumped} when it left a core. */
    record Signaled(int signal, boolean coreDumped) implements ExitStatus {
        public Signaled {
            if (signal < 1 || signal > 127) {
                throw new IllegalArgumentException("signal must be 1-127, but was " + signal);
            }
        }

        @Override
        public int shellCode() {
            return 128 + signal;
        }

        @Override
        public String toString() {
            String name = Signal.of(signal).map(s -> "SIG" + s.name()).orElse("signal " + signal);
            return "killed by " + name + (coreDumped ? " (core dumped)" : "");
        }
    }

    static ExitStatus exited(int code) {
        return new Exited(code);
    }

    static ExitStatus signaled(int signal, boolean coreDumped) {
        return new Signaled(signal, coreDumped);
    }

    /**
     * From the {@code si_code} and {@code si_status} that {@code waitid} fills in.
     *
     * @throws IllegalArgumentException for a code that is no end (stopped, continued, trapped)
     */
    static ExitStatus fromSiginfo(int siCode, int siStatus) {
        return switch (siCode) {
            case CLD_EXITED -> new Exited(siStatus & 0xff);
            case CLD_KILLED -> new Signaled(siStatus, false);
            case CLD_DUMPED -> new Signaled(siStatus, true);
            default -> throw new IllegalArgumentException("si_code " + siCode + " is not an exit (expected 1-3)");
        };
    }

    /** From a {@code waitpid} status word, as the W* macros decode it. */
    static ExitStatus fromWaitStatus(int status) {
        int termsig = status & 0x7f;
        if (termsig == 0) {
            return new Exited((status >> 8) & 0xff);
        }
        if (termsig == 0x7f) {
            throw new IllegalArgumentException("wait status 0x" + Integer.toHexString(status) + " is a stop, not an exit");
        }
        return new Signaled(termsig, (status & 0x80) != 0);
    }
}
