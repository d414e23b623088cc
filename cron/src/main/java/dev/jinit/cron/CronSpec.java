package dev.jinit.cron;

import dev.jinit.cron.internal.ExpressionParser;

/**
 * When a cron job runs: at times given by a {@link CronExpression}, or once per start of the init
 * ({@link Reboot}, {@code @reboot}).
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface CronSpec permits CronExpression, CronSpec.Reboot {

    /**
     * Parses five time fields, or one of the keywords {@code @reboot @yearly @annually @monthly @weekly @daily
     * @midnight @hourly} (case-sensitive, as in Debian). Blanks (spaces and tabs) separate the fields; leading and
     * trailing blanks are ignored.
     *
     * @param text the expression, e.g. <code>"*&#47;15 9-17 * * mon-fri"</code> or {@code "@reboot"}
     * @return {@link Reboot#INSTANCE} for {@code @reboot}, else a {@link CronExpression}
     * @throws CronSyntaxException for anything Debian's cron rejects or silently misreads, naming field and reason;
     *                             never any other exception (but {@link NullPointerException} for {@code null})
     */
    static CronSpec parse(String text) {
        return ExpressionParser.parse(text);
    }

    /**
     * {@code @reboot}: once each time the init starts, never at a clock time. (Debian runs these only when
     * {@code /run/crond.reboot} is missing, which in a restarted container it often is not; jinit has no such file.)
     */
    enum Reboot implements CronSpec {
        /** The one {@code @reboot}. */
        INSTANCE;

        @Override
        public String toString() {
            return "@reboot";
        }
    }
}
