package dev.jinit.cron;

/** The two crontab formats: with a user field, or owned by one user. */
public enum CrontabFormat {
    /** {@code /etc/crontab} and {@code /etc/cron.d/*}: a user name between the time fields and the command. */
    SYSTEM,
    /** {@code /var/spool/cron/crontabs/USER}: no user field; every job runs as the file's user. */
    USER
}
