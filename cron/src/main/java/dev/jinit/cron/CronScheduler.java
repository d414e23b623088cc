package dev.jinit.cron;

import java.time.Instant;

/**
 * How the daemon's one thread waits for the next minute. {@link ClockScheduler} blocks with a timeout computed from
 * the daemon's clock; tests plug in one that a fake clock drives.
 */
public interface CronScheduler {
    /**
     * Blocks until the clock has reached {@code deadline}, or until {@link #wake()}. The caller re-reads its clock
     * afterwards, so returning early is allowed.
     *
     * @throws InterruptedException when the thread is interrupted (the daemon then stops)
     */
    void sleepUntil(Instant deadline) throws InterruptedException;

    /** Makes a current or the next {@link #sleepUntil} return now (stop, or the clock was changed). */
    void wake();
}
