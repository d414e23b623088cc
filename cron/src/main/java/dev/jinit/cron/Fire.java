package dev.jinit.cron;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One run of a schedule: when it starts, and the wall-clock minute it was due at.
 *
 * <p>The two differ only for a fixed-time job caught up after the clock jumped forward: {@code 30 2 * * *} in
 * America/New_York on 2024-03-10 is due at 02:30, a time that does not exist that night, and runs at 03:00 EDT.
 *
 * @param at  the instant the run starts (the start of a wall-clock minute; Debian starts it one second later)
 * @param due the wall-clock minute the expression matched
 */
public record Fire(Instant at, LocalDateTime due) {
    public Fire {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(due, "due");
    }
}
