package dev.jinit.cron;

import dev.jinit.spi.Context;
import java.util.List;

/**
 * Cron jobs in Java code for the cron daemon that {@code Init.run()} discovers. List the implementing class in
 * {@code META-INF/services/dev.jinit.cron.CronJobSource}; it needs a public no-argument constructor. {@code Init.run()}
 * then starts cron even where no crontab file exists, and runs these jobs beside the crontabs' ({@code @reboot} ones
 * once, at start).
 *
 * <pre>{@code
 * public final class MyJobs implements CronJobSource {
 *     public List<JavaJob> jobs(Context context) {
 *         return List.of(JavaJob.of("report", "0 * * * *", OverlapPolicy.SKIP, Reports::hourly));
 *     }
 * }
 * }</pre>
 *
 * <p>Job ids must be unique across every source: {@code Init.run()} fails naming both sources otherwise. Sources are
 * asked once, before anything starts. A running daemon takes more jobs through
 * {@code init.component(CronDaemon.class)}'s {@link CronDaemon#addJavaJob addJavaJob}.
 */
@FunctionalInterface
public interface CronJobSource {
    /**
     * The jobs to schedule.
     *
     * @param context the init's context: {@link Context#path(String)} gives a default path under the init's root
     * @return the jobs; an empty list adds none
     */
    List<JavaJob> jobs(Context context);
}
