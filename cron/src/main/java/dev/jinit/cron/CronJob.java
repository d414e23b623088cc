package dev.jinit.cron;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One job of a crontab, ready to run: when, as whom, what, with which standard input and environment.
 *
 * <p>Running it means {@code $SHELL -c command} as {@code user}, in {@code HOME}, with {@code environment}, and
 * {@code input} written to its standard input (an empty input is an empty pipe).
 *
 * @param schedule    the expression (or {@code @reboot}) and the zone it is read in ({@code CRON_TZ}, else the
 *                    parser's default zone)
 * @param user        the user the job runs as: the user field of a system crontab, the owner of a user crontab
 * @param command     the command for {@code $SHELL -c}, up to the first unescaped {@code %}, with {@code \%} turned
 *                    into {@code %} and {@code \\} into {@code \}
 * @param input       the standard input: what followed the first unescaped {@code %}, each further unescaped
 *                    {@code %} a newline, {@code \%} a {@code %}, ending in a newline; empty when there was none
 * @param environment the crontab's assignments above the job, plus {@code SHELL}, {@code HOME} and {@code PATH}
 *                    when it set none, and {@code LOGNAME} and {@code USER} always the user; in file order
 * @param source      the line it came from
 */
public record CronJob(Schedule schedule, String user, String command, String input,
                      Map<String, String> environment, SourceLine source) {
    public CronJob {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(source, "source");
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        if (user.isEmpty()) {
            throw new IllegalArgumentException(source + ": user must not be empty");
        }
    }

    /** {@code SHELL} from the environment: the program that runs {@code command} with {@code -c}. */
    public String shell() {
        return environment.getOrDefault("SHELL", CrontabParser.DEFAULT_SHELL);
    }
}
