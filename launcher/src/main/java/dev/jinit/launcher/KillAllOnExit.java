package dev.jinit.launcher;

import dev.jinit.reaper.KillAll;
import dev.jinit.reaper.Reaper;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends every process still there when the init stops (TERM, then KILL after {@code KILL_ALL_PROCESSES_TIMEOUT}), as a
 * component that works in {@link #stop}: started right after syslog, so it runs after the post-shutdown scripts and
 * before syslog stops (their last lines are still logged). See {@link KillAll} for what "every" means when not PID 1.
 */
final class KillAllOnExit implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(KillAllOnExit.class);

    private final Reaper reaper;
    private final Duration timeout;
    private volatile Context context;

    KillAllOnExit(Reaper reaper, Duration timeout) {
        this.reaper = reaper;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "kill-all";
    }

    @Override
    public void start(Context context) {
        this.context = context;
    }

    @Override
    public void stop(Duration ignored) throws InterruptedException {
        Context c = context;
        if (c == null) {
            return;
        }
        if (!new KillAll(c.processes(), reaper).run(timeout)) {
            LOG.warn("my_init - some processes were still there after SIGKILL");
        }
    }
}
