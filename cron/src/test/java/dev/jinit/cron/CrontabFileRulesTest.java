package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrontabFileRulesTest {

    @ParameterizedTest(name = "''{0}'' in /etc/cron.d is read: {1}")
    @CsvSource(delimiter = '|', value = {
            "php              | true",
            "e2scrub_all      | true",
            "certbot-renew    | true",
            "ABC_123-x        | true",
            "backup.cron      | false",
            "php.dpkg-old     | false",
            "php.dpkg-dist    | false",
            ".placeholder     | false",
            ".php.swp         | false",
            "php~             | false",
            "#php#            | false",
            "with space       | false",
            "ünïcode          | false",
    })
    void cronDNamesFollowDebiansRunPartsRule(String name, boolean read) {
        assertEquals(read, CrontabFileRules.acceptsCronDName(name));
    }

    @ParameterizedTest(name = "system crontab uid {0} mode {1}: {2}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "0    | 0644   | ",
            "0    | 0600   | ",
            "0    | 0444   | ",
            "0    | 0755   | ",
            "0    | 100644 | ",
            "1000 | 0644   | WRONG FILE OWNER (uid 1000; a system crontab must belong to root)",
            "0    | 0664   | INSECURE MODE (group/other writable: 0664)",
            "0    | 0646   | INSECURE MODE (group/other writable: 0646)",
            "0    | 0777   | INSECURE MODE (group/other writable: 0777)",
            "0    | 120777 | NOT A REGULAR FILE",
            "0    | 040755 | NOT A REGULAR FILE",
    })
    void systemCrontabsMustBelongToRootAndNotBeGroupOrOtherWritable(int uid, String mode, String refusal) {
        assertEquals(Optional.ofNullable(refusal), CrontabFileRules.refuseSystemTable(uid, Integer.parseInt(mode, 8)));
    }

    @ParameterizedTest(name = "user crontab uid {0} mode {1} for uid 1000: {2}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "1000 | 0600   | ",
            "0    | 0600   | ",
            "1000 | 100600 | ",
            "1001 | 0600   | WRONG FILE OWNER (uid 1001; a user crontab must belong to its user, uid 1000, or root)",
            "1000 | 0644   | BAD FILE MODE (0644; a user crontab must be 0600)",
            "1000 | 0400   | BAD FILE MODE (0400; a user crontab must be 0600)",
            "1000 | 0700   | BAD FILE MODE (0700; a user crontab must be 0600)",
            "1000 | 020600 | NOT A REGULAR FILE",
    })
    void userCrontabsMustBelongToTheirUserOrRootWithModeExactly0600(int uid, String mode, String refusal) {
        assertEquals(Optional.ofNullable(refusal), CrontabFileRules.refuseUserTable(uid, Integer.parseInt(mode, 8), 1000));
    }
}
