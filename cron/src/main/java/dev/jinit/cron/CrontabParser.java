package dev.jinit.cron;

import dev.jinit.cron.internal.CommandText;
import dev.jinit.cron.internal.EnvironmentLine;
import dev.jinit.cron.internal.ExpressionParser;
import dev.jinit.cron.internal.JobLine;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads crontab text the way Debian's cron does, line by line, except that a bad line is reported and skipped
 * instead of discarding the whole file.
 *
 * <ul>
 *   <li>Blank lines and lines whose first non-blank character is {@code #} are ignored; there are no trailing
 *       comments ({@code #} later in a line belongs to the command or value).</li>
 *   <li>An assignment {@code NAME = VALUE} sets a variable for the jobs below it (quotes around the value are
 *       stripped, nothing is expanded; {@code NAME=} alone is not an assignment: write {@code NAME=""}).
 *       {@code CRON_TZ} (as in cronie) also sets the zone the jobs below it are scheduled in; empty means the default
 *       zone again.</li>
 *   <li>Any other line is a job: five time fields or an {@code @} keyword, then (system crontabs) a user, then the
 *       command, whose {@code %} are handled as {@link CronJob#command()} and {@link CronJob#input()} say.</li>
 *   <li>Each job's environment gets {@code SHELL=/bin/sh}, {@code HOME} from {@link UserHomes} and
 *       {@code PATH=/usr/bin:/bin} unless set above it, and {@code LOGNAME} and {@code USER} always its user.</li>
 *   <li>Lines end at {@code \n}; a {@code \r} before it is dropped (Debian keeps it in the command, where the shell
 *       then fails), and a last line without {@code \n} counts (Debian ignores such a file).</li>
 * </ul>
 *
 * <p>Built by {@link #builder()}; immutable and thread-safe if its {@link UserHomes} is.
 */
public final class CrontabParser {
    /** {@code SHELL} unless the crontab sets it. */
    public static final String DEFAULT_SHELL = "/bin/sh";
    /** {@code PATH} unless the crontab sets it (Debian's {@code _PATH_DEFPATH}). */
    public static final String DEFAULT_PATH = "/usr/bin:/bin";
    /** The variable that sets the zone of the jobs below it. */
    public static final String CRON_TZ = "CRON_TZ";

    private static final Pattern EMPTY_ASSIGNMENT = Pattern.compile("([^\\s=\"']+)\\s*=\\s*");

    private final ZoneId defaultZone;
    private final UserHomes userHomes;

    private CrontabParser(Builder b) {
        this.defaultZone = b.defaultZone;
        this.userHomes = b.userHomes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The zone of jobs that no {@code CRON_TZ} line precedes. */
    public ZoneId defaultZone() {
        return defaultZone;
    }

    /**
     * Parses {@code /etc/crontab} or a file of {@code /etc/cron.d}: each job names its user after the time fields.
     *
     * @param file the name problems and jobs refer to (normally the path)
     * @param text the whole file
     */
    public Crontab parseSystem(String file, String text) {
        return parse(file, CrontabFormat.SYSTEM, null, text);
    }

    /**
     * Parses a user's crontab ({@code /var/spool/cron/crontabs/USER}): every job runs as {@code owner}.
     *
     * @param file  the name problems and jobs refer to (normally the path)
     * @param owner the user the file belongs to (its name in the spool directory)
     * @param text  the whole file
     */
    public Crontab parseUser(String file, String owner, String text) {
        Objects.requireNonNull(owner, "owner");
        if (owner.isEmpty()) {
            throw new IllegalArgumentException("owner must not be empty");
        }
        return parse(file, CrontabFormat.USER, owner, text);
    }

    private Crontab parse(String file, CrontabFormat format, String owner, String text) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        Map<String, String> environment = new LinkedHashMap<>();
        ZoneId zone = defaultZone;
        List<CronJob> jobs = new ArrayList<>();
        List<CrontabProblem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        // A final "\n" ends the last line rather than starting an empty one.
        int count = text.isEmpty() || text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            SourceLine where = new SourceLine(file, i + 1);
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int start = 0;
            while (start < line.length() && ExpressionParser.isBlank(line.charAt(start))) {
                start++;
            }
            if (start == line.length() || line.charAt(start) == '#') {
                continue;
            }
            String body = line.substring(start);
            if (body.indexOf('\0') >= 0) {
                problems.add(problem(where, "the line holds a NUL character"));
                continue;
            }
            Optional<EnvironmentLine.Assignment> assignment = EnvironmentLine.parse(body);
            if (assignment.isPresent()) {
                String name = assignment.get().name();
                String value = assignment.get().value();
                if (name.isEmpty()) {
                    problems.add(problem(where, "an assignment needs a name before '='"));
                    continue;
                }
                if (name.equals(CRON_TZ)) {
                    Optional<ZoneId> z = zoneOf(value);
                    if (z.isEmpty()) {
                        problems.add(problem(where, "unknown time zone '" + value
                                + "' in CRON_TZ (use a tz database name such as Europe/Berlin); jobs below keep "
                                + zone));
                        continue;
                    }
                    zone = z.get();
                }
                environment.put(name, value);
                continue;
            }
            var empty = EMPTY_ASSIGNMENT.matcher(body);
            if (empty.matches()) {
                problems.add(problem(where, "an empty value needs quotes: write " + empty.group(1)
                        + "=\"\" (cron reads '" + body + "' as a job, and a bad one)"));
                continue;
            }
            try {
                jobs.add(job(where, format, owner, body, environment, zone));
            } catch (JobLine.BadLine e) {
                problems.add(problem(where, e.getMessage()));
            }
        }
        return new Crontab(file, format, jobs, problems);
    }

    private CronJob job(SourceLine where, CrontabFormat format, String owner, String body,
                        Map<String, String> environment, ZoneId zone) throws JobLine.BadLine {
        JobLine line = JobLine.parse(body, format == CrontabFormat.SYSTEM);
        String user = format == CrontabFormat.SYSTEM ? line.user() : owner;
        Optional<String> home = userHomes.homeOf(user);
        if (home.isEmpty()) {
            throw new JobLine.BadLine("unknown user '" + user + "'" + (format == CrontabFormat.USER
                    ? " (the crontab's owner has no passwd entry)" : ""));
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putIfAbsent("SHELL", DEFAULT_SHELL);
        env.putIfAbsent("HOME", home.get());
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.put("LOGNAME", user);
        env.put("USER", user);
        CommandText command = CommandText.split(line.rawCommand());
        return new CronJob(Schedule.of(line.spec(), zone), user, command.command(), command.input(), env, where);
    }

    /** Control characters escaped, so one problem stays one log line. */
    private static CrontabProblem problem(SourceLine where, String reason) {
        return new CrontabProblem(where, CronSyntaxException.printable(reason));
    }

    private Optional<ZoneId> zoneOf(String value) {
        if (value.isEmpty()) {
            return Optional.of(defaultZone);  // cronie: an empty CRON_TZ is the daemon's zone
        }
        try {
            return Optional.of(ZoneId.of(value));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Settings of a {@link CrontabParser}. */
    public static final class Builder {
        private ZoneId defaultZone = ZoneId.systemDefault();
        private UserHomes userHomes;

        private Builder() {
        }

        /**
         * The zone of jobs that no {@code CRON_TZ} line precedes.
         *
         * @param zone default: {@link ZoneId#systemDefault()} when the builder was made
         */
        public Builder defaultZone(ZoneId zone) {
            this.defaultZone = Objects.requireNonNull(zone, "defaultZone");
            return this;
        }

        /**
         * The passwd lookup: which users exist and their home directories. Required.
         */
        public Builder userHomes(UserHomes homes) {
            this.userHomes = Objects.requireNonNull(homes, "userHomes");
            return this;
        }

        /**
         * @throws IllegalStateException when {@link #userHomes} was not set
         */
        public CrontabParser build() {
            if (userHomes == null) {
                throw new IllegalStateException("userHomes must be set: the parser needs the passwd lookup for "
                        + "users and their HOME");
            }
            return new CrontabParser(this);
        }
    }
}
