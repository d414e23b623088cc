/**
 * jinit's cron: Debian cron's (Vixie cron 3.0pl1) expressions, schedules and crontab files, exactly, for a Java
 * PID 1.
 *
 * <p>This package is the pure part, usable and tested without root, processes or natives:
 * <ul>
 *   <li>{@link dev.jinit.cron.CronSpec#parse} reads five time fields or an {@code @} keyword into a
 *       {@link dev.jinit.cron.CronExpression} (or {@link dev.jinit.cron.CronSpec.Reboot}), rejecting with a
 *       {@link dev.jinit.cron.CronSyntaxException} that names the field and the reason;</li>
 *   <li>{@link dev.jinit.cron.Schedule} gives the runs of an expression in a zone as a continuously running Vixie
 *       cron makes them, clock changes included;</li>
 *   <li>{@link dev.jinit.cron.CrontabParser} reads system and user crontabs into {@link dev.jinit.cron.CronJob}s and
 *       a {@link dev.jinit.cron.CrontabProblem} per bad line; {@link dev.jinit.cron.CrontabFileRules} says which
 *       files cron reads.</li>
 * </ul>
 * The daemon that watches the files and runs the jobs, as their users, comes next. {@code internal} holds the
 * parsers and Vixie's minute loop ({@link dev.jinit.cron.internal.MinuteLoop}); it is not API.
 */
package dev.jinit.cron;
