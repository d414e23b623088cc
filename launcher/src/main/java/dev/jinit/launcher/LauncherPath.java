package dev.jinit.launcher;

import java.nio.file.Path;

/**
 * Every path the launcher reads or writes, with its option and its default. A default is resolved under
 * {@code --root}; a path given with its option is taken as given.
 */
enum LauncherPath {
    CONTAINER_ENVIRONMENT("--container-environment", "/etc/container_environment",
            "one file per variable; also writes DIR.sh and DIR.json"),
    STARTUP_DIR("--startup-dir", "/etc/my_init.d", "start-up scripts, run in name order (env ENV_INIT_DIRECTORY)"),
    RC_LOCAL("--rc-local", "/etc/rc.local", "run after the start-up scripts"),
    SERVICE_DIR("--service-dir", "/etc/service", "runit service directories"),
    SERVICE_STATE_DIR("--service-state-dir", "/run/jinit/service", "supervise/ of services defined in code"),
    PRE_SHUTDOWN_DIR("--pre-shutdown-dir", "/etc/my_init.pre_shutdown.d", "scripts run before services stop"),
    POST_SHUTDOWN_DIR("--post-shutdown-dir", "/etc/my_init.post_shutdown.d", "scripts run after services stop"),
    CRONTAB("--crontab", "/etc/crontab", "the system crontab"),
    CRON_DIR("--cron-dir", "/etc/cron.d", "more system crontabs"),
    CRON_SPOOL("--cron-spool", "/var/spool/cron/crontabs", "users' crontabs"),
    SYSLOG_SOCKET("--syslog-socket", "/dev/log", "the syslog socket"),
    LOG_DIR("--log-dir", "/var/log", "syslog's files (syslog, auth.log, cron.log, ...: baseimage-docker's)"),
    STATUS_SOCKET("--status-socket", "/run/jinit/status.sock", "where jinit status asks");

    private final String option;
    private final Path defaultPath;
    private final String meaning;

    LauncherPath(String option, String defaultPath, String meaning) {
        this.option = option;
        this.defaultPath = Path.of(defaultPath);
        this.meaning = meaning;
    }

    String option() {
        return option;
    }

    Path defaultPath() {
        return defaultPath;
    }

    String meaning() {
        return meaning;
    }

    static LauncherPath byOption(String option) {
        for (LauncherPath p : values()) {
            if (p.option.equals(option)) {
                return p;
            }
        }
        return null;
    }
}
