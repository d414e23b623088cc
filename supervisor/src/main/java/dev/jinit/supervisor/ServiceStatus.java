package dev.jinit.supervisor;

import dev.jinit.supervisor.runit.RunState;
import dev.jinit.supervisor.runit.Want;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One supervised service as {@link Supervisor#status(String)} sees it at one moment: what {@code sv status} shows,
 * plus jinit's restarts, readiness and flags. A value.
 *
 * @param name              {@code NAME}, or {@code NAME/log} for its log service
 * @param state             down, run, or finish ({@code ./finish} runs)
 * @param pid               the process running ({@code ./run} or {@code ./finish}), 0 when none
 * @param since             when it last started or stopped (runsv's status time stamp)
 * @param want              up, down, or exit
 * @param paused            {@code sv pause} was sent and no {@code cont} since
 * @param restarts          starts of {@code ./run} after the first, by the restart policy or by hand
 * @param ready             the running instance is ready ({@link Readiness}); false when none runs
 * @param normallyUp        it starts with the supervisor (no {@code down} file, not defined start-down)
 * @param essential         its permanent failure shuts the init down
 * @param failedPermanently its restart policy gave up on it, and it has not been started since
 */
public record ServiceStatus(String name, RunState state, long pid, Instant since, Want want, boolean paused,
                            int restarts, boolean ready, boolean normallyUp, boolean essential,
                            boolean failedPermanently) {

    public ServiceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(want, "want");
    }

    /** Whether {@code ./run} is running. */
    public boolean running() {
        return state == RunState.RUN;
    }

    /** Time in the current state at {@code now} (0 when {@code now} is before {@link #since}). */
    public Duration uptime(Instant now) {
        Duration d = Duration.between(since, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The line {@code jinit status} prints, like {@code sv status} with jinit's additions:
     * {@code web: run (pid 123) 42s, restarts 3, ready} or {@code db: down 5s, normally up, essential}.
     */
    public String line(Instant now) {
        StringBuilder b = new StringBuilder(name).append(": ").append(state.word());
        if (pid != 0) {
            b.append(" (pid ").append(pid).append(')');
        }
        b.append(' ').append(uptime(now).toSeconds()).append('s');
        List<String> parts = new ArrayList<>();
        if (state != RunState.DOWN) {
            parts.add("restarts " + restarts);
        }
        if (state == RunState.RUN) {
            parts.add(ready ? "ready" : "not ready");
        }
        if (state == RunState.DOWN && normallyUp) {
            parts.add("normally up");
        } else if (state == RunState.RUN && !normallyUp) {
            parts.add("normally down");
        }
        if (paused) {
            parts.add("paused");
        }
        if (state == RunState.RUN && want != Want.UP) {
            parts.add("want " + want.name().toLowerCase(java.util.Locale.ROOT));
        } else if (state == RunState.DOWN && want == Want.UP) {
            parts.add("want up");
        }
        if (failedPermanently) {
            parts.add("failed permanently");
        }
        if (essential) {
            parts.add("essential");
        }
        for (String p : parts) {
            b.append(", ").append(p);
        }
        return b.toString();
    }
}
