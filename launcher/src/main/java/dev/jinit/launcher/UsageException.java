package dev.jinit.launcher;

/** Bad command-line input: the launcher prints the message on one line and exits 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
