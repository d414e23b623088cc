package dev.jinit.cron;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The real {@link CronScheduler}: waits on a condition with a timeout equal to the time left on the clock, so an idle
 * daemon wakes once a minute and never spins. Call {@link #wake()} after changing an adjustable clock so that the
 * timeout is computed again. Thread-safe.
 */
public final class ClockScheduler implements CronScheduler {
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean woken;

    public ClockScheduler(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        lock.lock();
        try {
            while (!woken) {
                long nanos = Duration.between(clock.instant(), deadline).toNanos();
                if (nanos <= 0) {
                    return;
                }
                changed.awaitNanos(nanos);
            }
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
