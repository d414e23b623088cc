package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Day of month and day of week are ANDed when either field's text starts with '*', ORed otherwise (Vixie's
 * DOM_STAR/DOW_STAR). The examples are the spec's, checked against Debian's and cronie's parsers.
 */
class DayRuleTest {

    // 2024-03: Fri 1, Sat 2, Sun 3, Mon 4, ..., Wed 13, Fri 15, Sun 17, Tue 19, Sun 24, Fri 29, Sun 31
    @ParameterizedTest(name = "''{0}'' on 2024-03-{1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // both restricted: OR
            "30 4 1,15 * 5  | 1  | true",
            "30 4 1,15 * 5  | 15 | true",
            "30 4 1,15 * 5  | 8  | true",
            "30 4 1,15 * 5  | 9  | false",
            "0 0 13 * 5     | 13 | true",
            "0 0 13 * 5     | 8  | true",
            "0 0 13 * 5     | 14 | false",
            "0 0 1-31 * 1   | 5  | true",
            "0 0 1-31 * 1   | 31 | true",
            // dom starts with '*': AND, even when the set is not full
            "0 0 */2 * sun  | 3  | true",
            "0 0 */2 * sun  | 17 | true",
            "0 0 */2 * sun  | 10 | false",
            "0 0 */2 * sun  | 24 | false",
            "0 0 */2 * sun  | 5  | false",
            "0 0 *,15 * 5   | 15 | true",
            "0 0 *,15 * 5   | 8  | true",
            "0 0 *,15 * 5   | 14 | false",
            "0 0 */1 * 1    | 4  | true",
            "0 0 */1 * 1    | 5  | false",
            // dow starts with '*': AND
            "0 0 1,15 * *   | 15 | true",
            "0 0 1,15 * *   | 8  | false",
            "0 0 13 * */2   | 13 | false",
            "0 0 13 * */2   | 3  | false",
            "0 0 1 * */2    | 1  | false",
            // @weekly ANDs (dom '*'), @monthly ANDs (dow '*')
            "@weekly        | 3  | true",
            "@weekly        | 4  | false",
            "@monthly       | 1  | true",
            "@monthly       | 3  | false",
    })
    void daysAreAndedWhenEitherTextStartsWithAStarAndOredOtherwise(String text, int day, boolean matches) {
        assertEquals(matches, CronExpression.parse(text).matchesDay(LocalDate.of(2024, 3, day)));
    }

    @ParameterizedTest(name = "''{0}'' can fire: {1}")
    @CsvSource(delimiter = '|', value = {
            "0 0 30 2 *         | false",
            "0 0 31 4,6,9,11 *  | false",
            "0 0 31 2,4 *       | false",
            "0 0 29 2 *         | true",
            "0 0 29 2 mon       | true",
            "0 0 30 2 mon       | true",
            "0 0 30 2 */1       | false",
            "0 0 31 4 1-5       | true",
    })
    void anExpressionWithNoDateCanNeverFireButIsAccepted(String text, boolean canFire) {
        assertEquals(canFire, CronExpression.parse(text).canFire());
    }
}
