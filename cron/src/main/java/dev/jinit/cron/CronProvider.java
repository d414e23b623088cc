package dev.jinit.cron;

import dev.jinit.cron.internal.CronFiles;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentProvider;
import dev.jinit.spi.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Offers a {@link CronDaemon} with Debian's paths to {@link dev.jinit.Init#run()} when there is a crontab to run:
 * {@code /etc/crontab}, an acceptable name in {@code /etc/cron.d}, or a file in {@code /var/spool/cron/crontabs}; or
 * always with {@code -Djinit.cron=true} (an app that adds Java jobs to {@code init.component(CronDaemon.class)} in an
 * image without crontabs), never with {@code -Djinit.cron=false}. Order 30: after the reaper and syslog, before the
 * supervisor (200), so services stop before cron.
 */
public final class CronProvider implements ComponentProvider {
    @Override
    public int order() {
        return 30;
    }

    @Override
    public Optional<Component> createDefault(Context context) {
        String wanted = System.getProperty("jinit.cron", "");
        if (wanted.equals("false")) {
            return Optional.empty();
        }
        CronConfig config = CronConfig.ofDefaults();
        return wanted.equals("true") || hasCrontabs(config) ? Optional.of(new CronDaemon(config)) : Optional.empty();
    }

    /** Whether any crontab file exists at {@code config}'s paths. */
    static boolean hasCrontabs(CronConfig config) {
        if (Files.exists(config.crontabPath())) {
            return true;
        }
        try {
            CronFiles files = CronFiles.system();
            return files.list(config.cronDirPath()).stream().anyMatch(CrontabFileRules::acceptsCronDName)
                    || files.list(config.spoolPath()).stream().anyMatch(n -> !n.startsWith("."));
        } catch (IOException e) {
            return false;
        }
    }
}
