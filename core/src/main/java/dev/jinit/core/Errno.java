package dev.jinit.core;

/** The Linux errno values jinit looks at by name. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int ENOEXEC = 8;
    public static final int ENOTDIR = 20;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;

    private Errno() {
    }

    /** The symbolic name of {@code errno}, or {@code "E?"} when jinit has no name for it. */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case ENOEXEC -> "ENOEXEC";
            case EBADF -> "EBADF";
            case ECHILD -> "ECHILD";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case ENOTDIR -> "ENOTDIR";
            case EINVAL -> "EINVAL";
            case ERANGE -> "ERANGE";
            case ENOSYS -> "ENOSYS";
            default -> "E?";
        };
    }
}
