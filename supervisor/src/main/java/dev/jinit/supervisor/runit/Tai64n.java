package dev.jinit.supervisor.runit;

import java.time.Instant;

/**
 * TAI64N time stamps as runit (djb's libtai) writes them: an 8-byte label {@code 2^62 + 10 + unix seconds} and a
 * nanosecond count.
 *
 * <p>The constant 10 is libtai's fixed TAI−UTC offset of 1972 ({@code tai_unix}); leap seconds after that are
 * ignored, as runit ignores them. Only the label matters to {@code sv}, which compares whole seconds.
 */
public final class Tai64n {
    /** {@code 2^62 + 10}: the label of the Unix epoch (libtai's {@code tai_unix}). */
    public static final long EPOCH_LABEL = 0x400000000000000AL;

    private Tai64n() {
    }

    /** The TAI64 label of {@code instant}'s second. */
    public static long label(Instant instant) {
        return EPOCH_LABEL + instant.getEpochSecond();
    }

    /**
     * The time stamp runsv would record at {@code now}: {@code taia_now} reads {@code gettimeofday} (microseconds) and
     * stores {@code 1000 * usec + 500} nanoseconds, so the nanosecond field of a runsv status always ends in 500.
     */
    public static Instant runsvStamp(Instant now) {
        return Instant.ofEpochSecond(now.getEpochSecond(), (now.getNano() / 1000) * 1000L + 500);
    }
}
