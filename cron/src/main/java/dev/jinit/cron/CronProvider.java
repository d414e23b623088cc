package dev.jinit.cron;

import dev.jinit.setuser.UserSpawner;
import dev.jinit.setuser.UserSpawnsProperty;
import dev.jinit.cron.internal.CronFiles;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentProvider;
import dev.jinit.spi.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Offers {@link dev.jinit.Init#run()} a {@link CronDaemon} with Debian's paths when there is something to run: a
 * crontab ({@code /etc/crontab}, an acceptable name in {@code /etc/cron.d}, or a file in
 * {@code /var/spool/cron/crontabs}), or a job in code from a {@link CronJobSource} on the class path; or always with
 * {@code -Djinit.cron=true} (an app that adds Java jobs to {@code init.component(CronDaemon.class)} later), never with
 * {@code -Djinit.cron=false}. The crontab paths and the syslog socket its jobs' output goes to ({@code /dev/log}) are
 * resolved under the init's root ({@link Context#path(String)}). Order 30: after the reaper and syslog, before the
 * supervisor (200), so services stop before cron.
 */
public final class CronProvider implements ComponentProvider {
    /** Where jobs' output goes, under the root: the socket syslog's provider serves. */
    static final String SYSLOG_SOCKET = "/dev/log";

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
        UserSpawner.Mode userSpawns = UserSpawnsProperty.fromSystemProperties(); // a bad value fails the start
        List<CronJobSource> sources = new ArrayList<>();
        try {
            ServiceLoader.load(CronJobSource.class).forEach(sources::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("cannot load a " + CronJobSource.class.getName() + " listed in "
                    + "META-INF/services: " + e.getMessage(), e);
        }
        return create(context, sources, wanted.equals("true"), userSpawns);
    }

    /** As {@link #create(Context, List, boolean, UserSpawner.Mode)}, spawning as other users through setpriv. */
    static Optional<Component> create(Context context, List<CronJobSource> sources, boolean always) {
        return create(context, sources, always, UserSpawner.Mode.SETPRIV);
    }

    /**
     * The daemon for {@code context}'s root with the sources' jobs added, or empty when there is no crontab, no job
     * and {@code always} is false.
     *
     * @throws IllegalArgumentException naming both sources when two jobs share an id, or the source when it fails
     */
    static Optional<Component> create(Context context, List<CronJobSource> sources, boolean always,
                                      UserSpawner.Mode userSpawns) {
        CronConfig config = CronConfig.builder().root(context.root())
                .syslogSocket(context.path(SYSLOG_SOCKET)).build();
        Map<String, String> origin = new LinkedHashMap<>(); // job id -> where it was defined
        List<JavaJob> jobs = new ArrayList<>();
        for (CronJobSource source : sources) {
            String from = source.getClass().getName() + " (a CronJobSource)";
            List<JavaJob> offered;
            try {
                offered = List.copyOf(source.jobs(context));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(from + " failed: " + e, e);
            }
            for (JavaJob j : offered) {
                String earlier = origin.putIfAbsent(j.id(), from);
                if (earlier != null) {
                    throw new IllegalArgumentException("cron job '" + j.id() + "' is defined twice: by " + earlier
                            + " and by " + from + "; rename one of them");
                }
                jobs.add(j);
            }
        }
        if (!always && jobs.isEmpty() && !hasCrontabs(config)) {
            return Optional.empty();
        }
        CronDaemon daemon = CronDaemon.builder().config(config).userSpawns(userSpawns).build();
        for (JavaJob j : jobs) {
            daemon.addJavaJob(j.id(), j.when(), j.overlap(), j.task());
        }
        return Optional.of(daemon);
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
