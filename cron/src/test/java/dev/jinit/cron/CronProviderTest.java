package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code -Djinit.cron} overrides the crontab check both ways; the daemon is only built, never started here. */
class CronProviderTest {
    private final String before = System.getProperty("jinit.cron");

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("jinit.cron");
        } else {
            System.setProperty("jinit.cron", before);
        }
    }

    @Test
    void trueOffersCronWithoutCrontabsAndFalseNeverOffersIt() {
        System.setProperty("jinit.cron", "true");
        assertTrue(new CronProvider().createDefault(null).isPresent());
        System.setProperty("jinit.cron", "false");
        assertFalse(new CronProvider().createDefault(null).isPresent());
    }
}
