package dev.jinit.cron;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The two offline helpers of {@code jinit cron}:
 *
 * <pre>
 * jinit cron next 'EXPR' [--from ISO-INSTANT] [--tz ZONE] [--count N]
 * jinit cron check [--user] FILE...
 * </pre>
 *
 * {@code next} prints the next N runs strictly after the instant (default now, N default 5), one per line in UTC as
 * {@code YYYY-MM-DDTHH:MM:SSZ}; two fixed-time runs caught up after a DST gap print the same instant twice; a schedule
 * that never fires and {@code @reboot} print nothing (exit 0); bad input exits 2 naming the field. {@code check}
 * prints every problem of each file as {@code file:line: reason} and exits 1 if there is any; a file is read as a
 * system crontab (with a user field) unless it lies in a directory named {@code crontabs} or {@code --user} is given.
 */
public final class CronTool {
    static final String NEXT_USAGE = "usage: jinit cron next 'EXPR' [--from ISO-INSTANT] [--tz ZONE] [--count N]";
    static final String CHECK_USAGE = "usage: jinit cron check [--user] FILE...";

    private CronTool() {
    }

    /** {@code jinit cron next}: 0, or 2 on bad input. */
    public static int next(List<String> args, PrintStream out, PrintStream err, InstantSource clock) {
        String expr = null;
        Instant from = clock.instant();
        ZoneId zone = ZoneId.systemDefault();
        int count = 5;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--from" -> from = Instant.parse(value(args, ++i, a));
                    case "--tz" -> zone = ZoneId.of(value(args, ++i, a));
                    case "--count" -> {
                        String v = value(args, ++i, a);
                        try {
                            count = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            count = -1;
                        }
                        if (count < 1 || count > 100_000) {
                            throw new IllegalArgumentException("--count must be 1-100000, but was '" + v + "'");
                        }
                    }
                    default -> {
                        if (a.startsWith("--") || expr != null) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        }
                        expr = a;
                    }
                }
            }
            if (expr == null) {
                throw new IllegalArgumentException("missing EXPR");
            }
            Schedule schedule = Schedule.parse(expr, zone);
            schedule.fires(from).limit(count).forEach(f -> out.println(f.at()));
            return 0;
        } catch (DateTimeParseException e) {
            err.println("jinit cron next: --from must be an ISO instant like 2026-03-08T06:00:00Z: " + e.getParsedString());
        } catch (DateTimeException e) {
            err.println("jinit cron next: bad --tz: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("jinit cron next: " + e.getMessage());
        }
        err.println(NEXT_USAGE);
        return 2;
    }

    /**
     * {@code jinit cron check}: 0 when every file is clean, 1 when any has a problem or cannot be read, 2 on usage.
     *
     * @param homes the passwd lookup: a job for a user without an entry is a problem, as in the daemon
     */
    public static int check(List<String> args, PrintStream out, PrintStream err, UserHomes homes) {
        boolean user = false;
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--user")) {
                user = true;
            } else if (a.startsWith("--")) {
                err.println("jinit cron check: unknown option " + a);
                err.println(CHECK_USAGE);
                return 2;
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            err.println("jinit cron check: missing FILE");
            err.println(CHECK_USAGE);
            return 2;
        }
        CrontabParser parser = CrontabParser.builder().userHomes(homes).build();
        boolean bad = false;
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f);
            } catch (java.nio.file.NoSuchFileException e) {
                out.println(f + ": no such file");
                bad = true;
                continue;
            } catch (IOException e) {
                out.println(f + ": cannot read: " + e);
                bad = true;
                continue;
            }
            Path dir = f.toAbsolutePath().getParent();
            boolean userFormat = user || (dir != null && dir.getFileName() != null
                    && dir.getFileName().toString().equals("crontabs"));
            Crontab tab = userFormat
                    ? parser.parseUser(f.toString(), String.valueOf(f.getFileName()), text)
                    : parser.parseSystem(f.toString(), text);
            for (CrontabProblem p : tab.problems()) {
                out.println(p);
                bad = true;
            }
        }
        return bad ? 1 : 0;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args.get(i);
    }
}
