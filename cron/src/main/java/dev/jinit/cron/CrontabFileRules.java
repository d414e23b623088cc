package dev.jinit.cron;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which crontab files cron reads: Debian's name rule for {@code /etc/cron.d} and its owner and mode checks, as pure
 * predicates (the daemon feeds them what {@code stat} says).
 *
 * <p>Debian also refuses a file with more than one hard link. jinit does not: files in a container image's
 * overlayfs layers can show a link count above 1, which made Debian's cron silently ignore {@code /etc/crontab}
 * and {@code /etc/cron.d/*} in images such as phusion/baseimage-docker (their fix was to {@code touch} every file at
 * start). The check guards against a hard link planted into {@code /etc/cron.d} by someone who cannot write there
 * but owns a file on the same file system; a container image does not have such users in practice.
 */
public final class CrontabFileRules {
    private static final Pattern CRON_D_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;

    private CrontabFileRules() {
    }

    /**
     * Whether cron reads a file of this name in {@code /etc/cron.d}: Debian's rule (database.c, "like run-parts"),
     * {@code ^[A-Za-z0-9_-]+$}. So names with a dot are ignored: {@code backup.cron}, {@code *.dpkg-old},
     * {@code .placeholder}, editor swap files.
     */
    public static boolean acceptsCronDName(String name) {
        return CRON_D_NAME.matcher(name).matches();
    }

    /**
     * Why a system crontab ({@code /etc/crontab}, {@code /etc/cron.d/*}) is refused, if it is: it must be a regular
     * file, owned by root, and not writable by group or others.
     *
     * @param ownerUid the file's owner
     * @param mode     its mode: permission bits, optionally with the file type bits of {@code st_mode}
     * @return the refusal, worded as Debian logs it, or empty when the file may be read
     */
    public static Optional<String> refuseSystemTable(int ownerUid, int mode) {
        if (!regular(mode)) {
            return Optional.of("NOT A REGULAR FILE");
        }
        if (ownerUid != 0) {
            return Optional.of("WRONG FILE OWNER (uid " + ownerUid + "; a system crontab must belong to root)");
        }
        if ((mode & 022) != 0) {
            return Optional.of("INSECURE MODE (group/other writable: " + octal(mode) + ")");
        }
        return Optional.empty();
    }

    /**
     * Why a user's crontab ({@code /var/spool/cron/crontabs/USER}) is refused, if it is: it must be a regular file,
     * owned by the user or root, with mode exactly 0600 (what {@code crontab -e} writes).
     *
     * @param ownerUid the file's owner
     * @param mode     its mode: permission bits, optionally with the file type bits of {@code st_mode}
     * @param userUid  the uid of the user the file is named after
     * @return the refusal, worded as Debian logs it, or empty when the file may be read
     */
    public static Optional<String> refuseUserTable(int ownerUid, int mode, int userUid) {
        if (!regular(mode)) {
            return Optional.of("NOT A REGULAR FILE");
        }
        if (ownerUid != userUid && ownerUid != 0) {
            return Optional.of("WRONG FILE OWNER (uid " + ownerUid + "; a user crontab must belong to its user, uid "
                    + userUid + ", or root)");
        }
        if ((mode & 07777) != 0600) {
            return Optional.of("BAD FILE MODE (" + octal(mode) + "; a user crontab must be 0600)");
        }
        return Optional.empty();
    }

    private static boolean regular(int mode) {
        int type = mode & TYPE_MASK;
        return type == 0 || type == REGULAR;
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }
}
