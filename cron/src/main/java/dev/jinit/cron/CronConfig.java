package dev.jinit.cron;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of a {@link CronDaemon}: where the crontabs are, the default zone, the overlap policy of file jobs, the
 * pool for Java jobs. Immutable; {@link #builder()} validates, so a built config is always valid.
 *
 * @param root            prefix of the three paths (default {@code /}): with {@code --root /tmp/r} cron reads
 *                        {@code /tmp/r/etc/crontab}, and so on
 * @param crontab         the system crontab, with a user field (default {@code /etc/crontab})
 * @param cronDir         more system crontabs (default {@code /etc/cron.d}); names must match {@code ^[A-Za-z0-9_-]+$}
 * @param spool           user crontabs named after their users, without a user field (default
 *                        {@code /var/spool/cron/crontabs})
 * @param zone            the zone of jobs no {@code CRON_TZ} line precedes (default the system's)
 * @param overlap         the overlap policy of file jobs (default {@link OverlapPolicy#ALLOW}, as Vixie)
 * @param javaJobThreads  threads that run Java jobs (default 4); a run due while all are busy waits for one
 * @param inheritEnvironment whether jobs get this JVM's environment under the crontab's (default true: "the
 *                        container environment", as the issue asks; Debian passes none)
 * @param outputLines     how many lines of a job's output the finished event carries (default 1000; all lines are
 *                        sent to syslog)
 * @param syslogSocket    where jobs' output lines are sent as syslog datagrams (default {@code /dev/log}; not under
 *                        {@link #root}); when nothing listens there, lines go to SLF4J's {@code dev.jinit.cron.output}
 * @param stdout          whether jobs' output lines are also printed on stdout as {@code TAG[PID]: line} (default
 *                        false)
 */
public record CronConfig(Path root, Path crontab, Path cronDir, Path spool, ZoneId zone, OverlapPolicy overlap,
                         int javaJobThreads, boolean inheritEnvironment, int outputLines, Path syslogSocket,
                         boolean stdout) {

    public static final Path DEFAULT_CRONTAB = Path.of("/etc/crontab");
    public static final Path DEFAULT_CRON_DIR = Path.of("/etc/cron.d");
    public static final Path DEFAULT_SPOOL = Path.of("/var/spool/cron/crontabs");

    public CronConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(crontab, "crontab");
        Objects.requireNonNull(cronDir, "cronDir");
        Objects.requireNonNull(spool, "spool");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(overlap, "overlap");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("root must be an absolute path, but was " + root);
        }
        if (javaJobThreads < 1 || javaJobThreads > 1024) {
            throw new IllegalArgumentException("javaJobThreads must be between 1 and 1024, but was " + javaJobThreads);
        }
        if (outputLines < 0) {
            throw new IllegalArgumentException("outputLines must be >= 0, but was " + outputLines);
        }
        Objects.requireNonNull(syslogSocket, "syslogSocket");
        if (!syslogSocket.isAbsolute()) {
            throw new IllegalArgumentException("syslogSocket must be an absolute path, but was " + syslogSocket);
        }
    }

    /** The defaults: Debian's paths under {@code /}, the system zone. */
    public static CronConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@link #crontab} under {@link #root}. */
    public Path crontabPath() {
        return under(crontab);
    }

    /** {@link #cronDir} under {@link #root}. */
    public Path cronDirPath() {
        return under(cronDir);
    }

    /** {@link #spool} under {@link #root}. */
    public Path spoolPath() {
        return under(spool);
    }

    private Path under(Path p) {
        Path abs = p.isAbsolute() ? p : Path.of("/").resolve(p);
        return root.resolve(Path.of("/").relativize(abs)).normalize();
    }

    /** Builds a {@link CronConfig}; every setter checks its argument. */
    public static final class Builder {
        private Path root = Path.of("/");
        private Path crontab = DEFAULT_CRONTAB;
        private Path cronDir = DEFAULT_CRON_DIR;
        private Path spool = DEFAULT_SPOOL;
        private ZoneId zone = ZoneId.systemDefault();
        private OverlapPolicy overlap = OverlapPolicy.ALLOW;
        private int javaJobThreads = 4;
        private boolean inheritEnvironment = true;
        private int outputLines = 1000;
        private Path syslogSocket = Path.of("/dev/log");
        private boolean stdout;

        private Builder() {
        }

        /** Prefix of the three paths (absolute; default {@code /}). */
        public Builder root(Path root) {
            this.root = absolute("root", root);
            return this;
        }

        /** The system crontab (absolute; default {@code /etc/crontab}), read under {@link #root}. */
        public Builder crontab(Path file) {
            this.crontab = absolute("crontab", file);
            return this;
        }

        /** The cron.d directory (absolute; default {@code /etc/cron.d}), read under {@link #root}. */
        public Builder cronDir(Path dir) {
            this.cronDir = absolute("cronDir", dir);
            return this;
        }

        /** The user crontab spool (absolute; default {@code /var/spool/cron/crontabs}), read under {@link #root}. */
        public Builder spool(Path dir) {
            this.spool = absolute("spool", dir);
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder overlap(OverlapPolicy overlap) {
            this.overlap = Objects.requireNonNull(overlap, "overlap");
            return this;
        }

        /** 1 to 1024 (default 4). */
        public Builder javaJobThreads(int threads) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("javaJobThreads must be between 1 and 1024, but was " + threads);
            }
            this.javaJobThreads = threads;
            return this;
        }

        public Builder inheritEnvironment(boolean inherit) {
            this.inheritEnvironment = inherit;
            return this;
        }

        /** 0 or more (default 1000). */
        public Builder outputLines(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("outputLines must be >= 0, but was " + lines);
            }
            this.outputLines = lines;
            return this;
        }

        /** The syslog socket jobs' output goes to (absolute; default {@code /dev/log}). */
        public Builder syslogSocket(Path socket) {
            this.syslogSocket = absolute("syslogSocket", socket);
            return this;
        }

        /** Whether jobs' output lines are also printed on stdout (default false). */
        public Builder stdout(boolean stdout) {
            this.stdout = stdout;
            return this;
        }

        public CronConfig build() {
            return new CronConfig(root, crontab, cronDir, spool, zone, overlap, javaJobThreads, inheritEnvironment,
                    outputLines, syslogSocket, stdout);
        }

        private static Path absolute(String name, Path p) {
            Objects.requireNonNull(p, name);
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException(name + " must be an absolute path, but was " + p);
            }
            return p.normalize();
        }
    }
}
