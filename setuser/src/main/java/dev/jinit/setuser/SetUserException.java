package dev.jinit.setuser;

/**
 * Switching user cannot go ahead: the user or group does not exist, this process is not root, or {@code setpriv}
 * (or {@code env}) is missing. Nothing was changed when this is thrown. {@link #reason()} says which.
 */
public final class SetUserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        USER_NOT_FOUND, GROUP_NOT_FOUND, NOT_ROOT,
        /** {@code setpriv}, or the {@code env} it execs, is not installed: spawning as another user needs both. */
        SETPRIV_NOT_FOUND
    }

    private final Reason reason;

    private SetUserException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** phusion's text, exactly: {@code user NAME not found}. */
    static SetUserException userNotFound(String name) {
        return new SetUserException(Reason.USER_NOT_FOUND, "user " + name + " not found");
    }

    static SetUserException groupNotFound(String name) {
        return new SetUserException(Reason.GROUP_NOT_FOUND,
                "group " + name + " not found (create it with groupadd, or give a numeric gid)");
    }

    static SetUserException notRoot(String current, Identity target) {
        return new SetUserException(Reason.NOT_ROOT, "must run as root to change user: running as " + current
                + ", asked for " + target.name() + " (uid " + target.uid() + ", gid " + target.gid() + ", groups "
                + target.groups() + ")");
    }

    static SetUserException toolNotFound(String tool, String searchPath) {
        String install = tool.equals("setpriv")
                ? "install util-linux (Debian, Ubuntu, Fedora: util-linux; Alpine: apk add setpriv), which starts"
                        + " children as another user without a JVM per spawn"
                : "install coreutils (or busybox)";
        return new SetUserException(Reason.SETPRIV_NOT_FOUND, tool + " not found in " + searchPath + ": " + install);
    }
}
