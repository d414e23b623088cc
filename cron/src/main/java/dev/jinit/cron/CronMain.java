package dev.jinit.cron;

import dev.jinit.Init;
import dev.jinit.setuser.UserSpawner;
import dev.jinit.setuser.UserSpawnsProperty;
import dev.jinit.spi.Component;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * {@code jinit cron}: only cron, in the foreground, like {@code cron -f}, inside an init that stops on TERM, INT and
 * HUP (waiting up to 10 s for running jobs). The init reaps cron's own jobs; orphans are reaped when the caller passes
 * the reaper to {@link #run}, as the launcher does.
 *
 * <pre>
 * jinit cron [--crontab FILE] [--cron-dir DIR] [--spool DIR] [--root DIR] [--tz ZONE] [--overlap allow|skip]
 *            [--syslog-socket PATH] [--stdout]
 * jinit cron next 'EXPR' [--from ISO-INSTANT] [--tz ZONE] [--count N]     (see {@link CronTool})
 * jinit cron check [--user] FILE...
 * </pre>
 *
 * Exit 0 when stopped by a signal (after the running jobs ended, or 10 s), 1 when the init cannot start, 2 on a
 * usage error.
 */
public final class CronMain {
    static final String USAGE = "usage: jinit cron [--crontab FILE] [--cron-dir DIR] [--spool DIR] [--root DIR]"
            + " [--tz ZONE] [--overlap allow|skip] [--syslog-socket PATH] [--stdout]";

    private CronMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(List.of(args), System.err, List.of()));
    }

    /**
     * Runs cron in the foreground until TERM, INT or HUP, inside an init made of {@code before} (the launcher passes
     * the reaper) and the cron daemon.
     *
     * @return 0 after a stop signal (stopped as asked), 1 when the init cannot start, 2 on a usage error; 0 after
     *         printing the usage for {@code -h}
     */
    public static int run(List<String> args, PrintStream err, List<Component> before) throws InterruptedException {
        if (!args.isEmpty() && args.get(0).equals("next")) {
            return CronTool.next(args.subList(1, args.size()), System.out, err, java.time.InstantSource.system());
        }
        if (!args.isEmpty() && args.get(0).equals("check")) {
            dev.jinit.core.Credentials creds = dev.jinit.core.Natives.load().credentials();
            return CronTool.check(args.subList(1, args.size()), System.out, err,
                    user -> creds.userByName(user).map(u -> u.home().isEmpty() ? "/" : u.home()));
        }
        CronConfig config;
        try {
            config = parse(args.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            err.println("jinit cron: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (config == null) {
            err.println(USAGE);
            return 0;
        }
        UserSpawner.Mode userSpawns; // how jobs of other users start: -Djinit.setuser.spawns
        try {
            userSpawns = UserSpawnsProperty.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            err.println("jinit cron: " + e.getMessage());
            return 1;
        }
        Init init;
        try {
            Init.Builder b = Init.builder();
            before.forEach(b::component);
            init = b.component(CronDaemon.builder().config(config).userSpawns(userSpawns).build())
                    .afterShutdown(code -> { }) // stopped as asked: run() returns 0
                    .start();
        } catch (IllegalStateException e) {
            err.println("jinit cron: " + e.getMessage());
            return 1;
        }
        init.awaitTermination();
        return 0;
    }

    /**
     * The options as a config; null for {@code -h}/{@code --help}.
     *
     * @throws IllegalArgumentException naming the bad option or value
     */
    static CronConfig parse(String... args) {
        CronConfig.Builder b = CronConfig.builder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                return null;
            }
            if (a.equals("--stdout")) {
                b.stdout(true);
                continue;
            }
            String opt = a;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                opt = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else if (Set.of("--crontab", "--cron-dir", "--spool", "--root", "--tz", "--overlap",
                    "--syslog-socket").contains(a)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                value = args[++i];
            } else {
                throw new IllegalArgumentException("unknown option " + a);
            }
            switch (opt) {
                case "--crontab" -> b.crontab(abs(opt, value));
                case "--cron-dir" -> b.cronDir(abs(opt, value));
                case "--spool" -> b.spool(abs(opt, value));
                case "--root" -> b.root(abs(opt, value));
                case "--syslog-socket" -> b.syslogSocket(abs(opt, value));
                case "--tz" -> {
                    try {
                        b.zone(ZoneId.of(value));
                    } catch (java.time.DateTimeException e) {
                        throw new IllegalArgumentException("--tz: unknown zone '" + value + "'");
                    }
                }
                case "--overlap" -> b.overlap(switch (value) {
                    case "allow" -> OverlapPolicy.ALLOW;
                    case "skip" -> OverlapPolicy.SKIP;
                    default -> throw new IllegalArgumentException("--overlap must be allow or skip, but was '"
                            + value + "'");
                });
                default -> throw new IllegalArgumentException("unknown option " + opt);
            }
        }
        return b.build();
    }

    private static Path abs(String opt, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
