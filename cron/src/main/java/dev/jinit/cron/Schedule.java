package dev.jinit.cron;

import dev.jinit.cron.internal.FireWalk;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link CronSpec} in a time zone: when a continuously running Vixie cron, in that zone, would start the job.
 *
 * <p>Between clock changes that is every instant whose wall-clock minute matches. Across a change of the zone's
 * offset by up to 3 hours, Vixie's rules apply, exactly as its minute loop produces them:
 * <ul>
 *   <li><b>forward</b> (DST starts): a fixed-time job due in the skipped interval runs once, at the first minute
 *       after it ({@code 30 2 * * *} in New York on 2024-03-10 runs at 03:00 EDT; {@code 0,30 2 * * *} runs twice
 *       then, both at 03:00); a wildcard job due in the skipped interval does not run;</li>
 *   <li><b>back</b> (DST ends): a fixed-time job runs only in the first pass through the repeated interval; a
 *       wildcard job runs in both ({@code 0 * * * *} runs at 01:00 EDT and again at 01:00 EST);</li>
 *   <li>a change of more than 3 hours (Samoa skipping 2011-12-30) resets the loop: nothing is caught up and
 *       nothing suppressed.</li>
 * </ul>
 * A job is wildcard when its minute or hour text starts with {@code *} ({@link CronExpression#isWildcard()}). The
 * model is the daemon's, so a fixed-time job whose time falls in a repeated interval runs once even if you ask
 * from inside that interval: the run already happened in the first pass. See {@code cron/README.md} for the small
 * ways the model is simpler than the daemon.
 *
 * <p>{@code @reboot} has no fire times. Immutable and thread-safe; the streams are lazy and not thread-safe.
 *
 * @param spec the expression, or {@code @reboot}
 * @param zone the zone whose wall clock the expression reads ({@code CRON_TZ} in a crontab)
 */
public record Schedule(CronSpec spec, ZoneId zone) {
    public Schedule {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(zone, "zone");
    }

    public static Schedule of(CronSpec spec, ZoneId zone) {
        return new Schedule(spec, zone);
    }

    /**
     * Parses {@code text} with {@link CronSpec#parse}.
     *
     * @throws CronSyntaxException naming the field and the reason
     */
    public static Schedule parse(String text, ZoneId zone) {
        return new Schedule(CronSpec.parse(text), zone);
    }

    /** Whether this is {@code @reboot}. */
    public boolean isReboot() {
        return spec instanceof CronSpec.Reboot;
    }

    /**
     * The first run strictly after {@code after}.
     *
     * @return empty for {@code @reboot}, for an expression no date matches ({@code 0 0 30 2 *}) and past year
     *         999999999
     * @throws IllegalArgumentException when {@code after} is within two days of {@link Instant#MIN} or
     *                                  {@link Instant#MAX}
     */
    public Optional<Instant> next(Instant after) {
        return fires(after).findFirst().map(Fire::at);
    }

    /**
     * Every run strictly after {@code after}, in order; two runs may share an instant (fixed-time jobs caught up
     * after a forward clock change). Lazy and usually infinite: use {@code limit} or {@code takeWhile}.
     *
     * @throws IllegalArgumentException when {@code after} is within two days of {@link Instant#MIN} or
     *                                  {@link Instant#MAX}
     */
    public Stream<Fire> fires(Instant after) {
        Objects.requireNonNull(after, "after");
        if (!(spec instanceof CronExpression expression)) {
            return Stream.empty();
        }
        FireWalk walk = new FireWalk(expression, zone, after);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
    }

    @Override
    public String toString() {
        return spec + " (" + zone + ")";
    }
}
