package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code {from, next…}} tables in UTC (no clock changes), in the style of supercronic's cronexpr tests: leap days,
 * month ends, year ends, steps and the day rule.
 */
class ScheduleCalendarTest {

    private static List<String> next(String expression, String from, int count) {
        return Schedule.parse(expression, ZoneOffset.UTC).fires(Instant.parse(from)).limit(count)
                .map(f -> f.at().toString()).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "''{0}'' after {1}")
    @CsvSource(delimiter = '|', value = {
            // every minute; strictly after, seconds and nanoseconds of 'from' included
            "* * * * *       | 2024-01-01T00:00:00Z        | 2024-01-01T00:01:00Z 2024-01-01T00:02:00Z",
            "* * * * *       | 2024-01-01T00:00:59.999Z    | 2024-01-01T00:01:00Z 2024-01-01T00:02:00Z",
            "* * * * *       | 2023-12-31T23:59:00Z        | 2024-01-01T00:00:00Z 2024-01-01T00:01:00Z",
            // leap days
            "0 0 29 2 *      | 2023-03-01T00:00:00Z        | 2024-02-29T00:00:00Z 2028-02-29T00:00:00Z",
            "0 0 29 2 *      | 2024-02-29T00:00:00Z        | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z",
            "0 0 29 2 *      | 2096-03-01T00:00:00Z        | 2104-02-29T00:00:00Z 2108-02-29T00:00:00Z",
            "0 0 29 2 *      | 1999-03-01T00:00:00Z        | 2000-02-29T00:00:00Z 2004-02-29T00:00:00Z",
            "59 23 28-29 2 * | 2023-02-28T23:59:00Z        | 2024-02-28T23:59:00Z 2024-02-29T23:59:00Z",
            "0 12 * 2 *      | 2024-02-28T12:00:00Z        | 2024-02-29T12:00:00Z 2025-02-01T12:00:00Z",
            // 29 February on chosen weekdays: days ANDed with a star day of week
            "0 0 29 2 */1    | 2024-01-01T00:00:00Z        | 2024-02-29T00:00:00Z 2028-02-29T00:00:00Z",
            "0 0 29 2 */5    | 2024-03-01T00:00:00Z        | 2032-02-29T00:00:00Z 2036-02-29T00:00:00Z",
            // month ends
            "0 0 31 * *      | 2024-01-31T00:00:00Z        | 2024-03-31T00:00:00Z 2024-05-31T00:00:00Z",
            "0 0 30 * *      | 2024-01-30T00:00:00Z        | 2024-03-30T00:00:00Z 2024-04-30T00:00:00Z",
            "0 0 28-31 * *   | 2023-02-27T00:00:00Z        | 2023-02-28T00:00:00Z 2023-03-28T00:00:00Z",
            "0 0 31 4-12 *   | 2024-01-01T00:00:00Z        | 2024-05-31T00:00:00Z 2024-07-31T00:00:00Z",
            // year ends
            "59 23 31 12 *   | 2024-12-31T23:59:00Z        | 2025-12-31T23:59:00Z 2026-12-31T23:59:00Z",
            "0 0 1 1 *       | 2024-12-31T23:59:59.999Z    | 2025-01-01T00:00:00Z 2026-01-01T00:00:00Z",
            "@yearly         | 2024-06-15T12:00:00Z        | 2025-01-01T00:00:00Z 2026-01-01T00:00:00Z",
            "30 * 31 12 *    | 2024-12-31T23:30:00Z        | 2025-12-31T00:30:00Z 2025-12-31T01:30:00Z",
            // steps, including steps larger than the range
            "*/15 * * * *    | 2024-01-01T00:50:00Z        | 2024-01-01T01:00:00Z 2024-01-01T01:15:00Z",
            "*/60 * * * *    | 2024-01-01T00:50:00Z        | 2024-01-01T01:00:00Z 2024-01-01T02:00:00Z",
            "1-30/10 */12 * * * | 2024-01-01T00:25:00Z     | 2024-01-01T12:01:00Z 2024-01-01T12:11:00Z",
            // the day rule
            "0 0 */2 * sun   | 2024-03-01T00:00:00Z        | 2024-03-03T00:00:00Z 2024-03-17T00:00:00Z",
            "0 0 13 * 5      | 2024-09-01T00:00:00Z        | 2024-09-06T00:00:00Z 2024-09-13T00:00:00Z",
            "0 0 *,15 * 5    | 2024-03-01T00:00:00Z        | 2024-03-08T00:00:00Z 2024-03-15T00:00:00Z",
            "0 0 1-31 * 1    | 2024-03-01T00:00:00Z        | 2024-03-02T00:00:00Z 2024-03-03T00:00:00Z",
            "@weekly         | 2024-03-01T00:00:00Z        | 2024-03-03T00:00:00Z 2024-03-10T00:00:00Z",
            "0 9 * * mon-fri | 2024-03-01T09:00:00Z        | 2024-03-04T09:00:00Z 2024-03-05T09:00:00Z",
            "0 9 * * fri-sun | 2024-03-01T09:00:00Z        | 2024-03-02T09:00:00Z 2024-03-03T09:00:00Z",
            "0 0 * * 7       | 2024-03-01T00:00:00Z        | 2024-03-03T00:00:00Z 2024-03-10T00:00:00Z",
            // before 1970 and far ahead
            "0 0 1 1 *       | 1900-06-01T00:00:00Z        | 1901-01-01T00:00:00Z 1902-01-01T00:00:00Z",
            "0 0 29 2 *      | 9999-03-01T00:00:00Z        | +10000-02-29T00:00:00Z +10004-02-29T00:00:00Z",
    })
    void firesAtTheNextMatchingMinutes(String expression, String from, String expected) {
        assertEquals(Arrays.asList(expected.split(" ")), next(expression, from, 2));
    }

    @ParameterizedTest(name = "''{0}'' never fires")
    @CsvSource(delimiter = '|', value = {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "@reboot", "0 0 31 2 */1"})
    void anExpressionWithNoDateAndRebootHaveNoNextTime(String expression) {
        assertEquals(Optional.empty(), Schedule.parse(expression, ZoneOffset.UTC).next(Instant.parse("2024-01-01T00:00:00Z")));
    }
}
