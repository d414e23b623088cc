package dev.jinit.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a component says about itself to {@code jinit status}: a health flag (false makes {@code jinit status --check}
 * exit non-zero, so it can serve as a Kubernetes exec probe) and human-readable lines, one per item (a service with its
 * state, pid, uptime and restarts; a cron job with its next run; the syslog counters).
 *
 * @param component the component's {@link Component#name()}
 * @param healthy   false when something that must be up is not (an essential service down, say)
 * @param lines     one line per item, without line breaks, in a stable order
 */
public record ComponentStatus(String component, boolean healthy, List<String> lines) {
    public ComponentStatus {
        Objects.requireNonNull(component, "component");
        lines = List.copyOf(lines);
        for (String line : lines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a status line must be one line, but was: " + line);
            }
        }
    }

    /** Healthy, with the given lines. */
    public static ComponentStatus healthy(String component, List<String> lines) {
        return new ComponentStatus(component, true, lines);
    }
}
