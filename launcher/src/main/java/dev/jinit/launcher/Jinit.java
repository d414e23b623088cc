package dev.jinit.launcher;

import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/jinit SUBCOMMAND}: one entry for every front door. {@code run} is my_init; the supervisor, syslog, cron
 * and status subcommands arrive with their modules.
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
                "  version                         print the version",
                "  help                            print this help",
                "");
    }

    public static void main(String[] args) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty()) {
            System.err.println("jinit: missing SUBCOMMAND (see jinit help)");
            System.exit(MyInit.USAGE);
        }
        switch (a.get(0)) {
            case "run", "my_init" -> MyInit.main(a.subList(1, a.size()).toArray(String[]::new));
            case "version", "--version" -> System.out.println("jinit " + Version.get());
            case "help", "-h", "--help" -> System.out.print(help());
            default -> {
                System.err.println("jinit: unknown subcommand '" + a.get(0) + "' (see jinit help)");
                System.exit(MyInit.USAGE);
            }
        }
    }
}
