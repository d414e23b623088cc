package dev.jinit.syslog;

import java.util.Objects;

/**
 * A facility and a severity: what the {@code <PRI>} at the start of every syslog message encodes, as
 * {@code facility × 8 + severity} (0–191). Immutable.
 *
 * @param facility never null
 * @param severity never null
 */
public record Priority(Facility facility, Severity severity) {

    /** The largest PRI value: local7.debug. */
    public static final int MAX_VALUE = 191;

    /** What a message without a valid PRI gets, as RFC 3164 relays and rsyslog do: user.notice ({@code <13>}). */
    public static final Priority DEFAULT = new Priority(Facility.USER, Severity.NOTICE);

    public Priority {
        Objects.requireNonNull(facility, "priority.facility");
        Objects.requireNonNull(severity, "priority.severity");
    }

    /** The PRI value, {@code facility × 8 + severity}, 0–191. */
    public int encode() {
        return facility.code() * 8 + severity.code();
    }

    /**
     * The priority a PRI value stands for.
     *
     * @param value 0–{@value #MAX_VALUE}
     * @throws IllegalArgumentException for any other value
     */
    public static Priority decode(int value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("PRI must be between 0 and " + MAX_VALUE + ", but was " + value);
        }
        return new Priority(Facility.ofCode(value >> 3), Severity.ofCode(value & 7));
    }

    /** {@code facility.severity}, as selectors and the stdout format write it ({@code daemon.err}). */
    @Override
    public String toString() {
        return facility.keyword() + "." + severity.keyword();
    }
}
