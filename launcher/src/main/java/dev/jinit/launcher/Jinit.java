package dev.jinit.launcher;

import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/jinit SUBCOMMAND}: one entry for every front door. {@code run} is my_init, {@code supervise} the
 * supervisor (runsvdir), {@code syslog} the /dev/log server, {@code cron} the cron daemon, {@code status} asks a
 * running my_init how it is.
 */
public final class Jinit {
    private Jinit() {
    }

    static String help() {
        return String.join("\n",
                "Usage: jinit SUBCOMMAND [ARGS...]",
                "",
                "Subcommands:",
                "  run [OPTIONS] [--] COMMAND...   the same as bin/my_init (see jinit run --help)",
                "  supervise [DIR]                 supervise the runit service directories in DIR (default /etc/service)",
                "  syslog [OPTIONS]                the /dev/log server in the foreground (see jinit syslog --help)",
                "  cron [OPTIONS]                  cron in the foreground, like cron -f (see jinit cron --help)",
                "  cron next 'EXPR' [--from ISO-INSTANT] [--tz ZONE] [--count N]   the next runs, in UTC",
                "  cron check [--user] FILE...     every problem of crontab files as file:line: reason",
                "  status [--check] [--socket PATH | --root DIR]   a running my_init's components; --check: exit 0",
                "                                  healthy, 1 unhealthy, 3 no init answered (see jinit status --help)",
                "  version                         print the version",
                "  help                            print this help",
                "");
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty()) {
            System.err.println("jinit: missing SUBCOMMAND (see jinit help)");
            System.exit(MyInit.USAGE);
        }
        switch (a.get(0)) {
            case "run", "my_init" -> MyInit.main(a.subList(1, a.size()).toArray(String[]::new));
            case "supervise" -> System.exit(Supervise.run(a.subList(1, a.size()), System.err));
            case "syslog" -> {
                Logging.configure(false);
                dev.jinit.syslog.SyslogMain.main(a.subList(1, a.size()).toArray(String[]::new));
            }
            case "cron" -> {
                Logging.configure(false);
                // With the reaper: a job's own background children become orphans of this JVM.
                System.exit(dev.jinit.cron.CronMain.run(a.subList(1, a.size()), System.err,
                        List.of(dev.jinit.reaper.Reaper.ofDefaults())));
            }
            case "status" -> System.exit(StatusClient.run(a.subList(1, a.size()), System.out, System.err));
            case "version", "--version" -> System.out.println("jinit " + Version.get());
            case "help", "-h", "--help" -> System.out.print(help());
            default -> {
                System.err.println("jinit: unknown subcommand '" + a.get(0) + "' (see jinit help)");
                System.exit(MyInit.USAGE);
            }
        }
    }
}
