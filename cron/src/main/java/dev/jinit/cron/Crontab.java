package dev.jinit.cron;

import java.util.List;
import java.util.Objects;

/**
 * A parsed crontab file: the jobs of its good lines, and a problem for each bad one.
 *
 * <p>Unlike Debian's cron, which ignores a whole file for one bad line, the jobs of the good lines run; each bad
 * line is reported once as {@code file:line: reason}.
 *
 * @param file     the name given to the parser
 * @param format   with or without a user field
 * @param jobs     in file order
 * @param problems in file order
 */
public record Crontab(String file, CrontabFormat format, List<CronJob> jobs, List<CrontabProblem> problems) {
    public Crontab {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        jobs = List.copyOf(jobs);
        problems = List.copyOf(problems);
    }

    /** Whether every line was good. */
    public boolean isClean() {
        return problems.isEmpty();
    }
}
