package dev.jinit.core;

/**
 * A child could not be started. {@link #shellCode()} is what a shell would exit with: 127 when the command was not
 * found, 126 when it was found but could not be executed.
 */
public final class SpawnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the spawn failed. */
    public enum Reason {
        NOT_FOUND(127), NOT_EXECUTABLE(126), OTHER(126);

        private final int shellCode;

        Reason(int shellCode) {
            this.shellCode = shellCode;
        }
    }

    private final Reason reason;

    public SpawnException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public int shellCode() {
        return reason.shellCode;
    }
}
