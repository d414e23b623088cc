package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vixie's rules across clock changes, as Debian's cron was observed to apply them (cron-semantics.md §1.10: the real
 * daemon under libfaketime across New York and Lord Howe 2024). Each expected run is {@code instant~due}: when it
 * starts (UTC) and the wall-clock minute it was due at.
 */
class ScheduleDstTest {

    private static List<String> runs(String expression, String zone, String from, int count) {
        return Schedule.parse(expression, ZoneId.of(zone)).fires(Instant.parse(from)).limit(count)
                .map(f -> f.at() + "~" + f.due()).collect(Collectors.toList());
    }

    private static void check(String expression, String zone, String from, String expected) {
        List<String> want = Arrays.asList(expected.trim().split("\\s+"));
        assertEquals(want, runs(expression, zone, from, want.size()));
    }

    // America/New_York, 2024-03-10: 02:00 EST (07:00Z) becomes 03:00 EDT.
    @ParameterizedTest(name = "New York spring forward: ''{0}''")
    @CsvSource(delimiter = '|', value = {
            "30 2 * * *      | 2024-03-10T07:00:00Z~2024-03-10T02:30 2024-03-11T06:30:00Z~2024-03-11T02:30",
            "0,30 2 * * *    | 2024-03-10T07:00:00Z~2024-03-10T02:00 2024-03-10T07:00:00Z~2024-03-10T02:30 2024-03-11T06:00:00Z~2024-03-11T02:00",
            "0 2,3 * * *     | 2024-03-10T07:00:00Z~2024-03-10T02:00 2024-03-10T07:00:00Z~2024-03-10T03:00 2024-03-11T06:00:00Z~2024-03-11T02:00",
            "0-59/20 2 * * * | 2024-03-10T07:00:00Z~2024-03-10T02:00 2024-03-10T07:00:00Z~2024-03-10T02:20 2024-03-10T07:00:00Z~2024-03-10T02:40",
            "*/20 2 * * *    | 2024-03-11T06:00:00Z~2024-03-11T02:00 2024-03-11T06:20:00Z~2024-03-11T02:20",
            "* 2 * * *       | 2024-03-11T06:00:00Z~2024-03-11T02:00",
            "0 * * * *       | 2024-03-10T06:00:00Z~2024-03-10T01:00 2024-03-10T07:00:00Z~2024-03-10T03:00 2024-03-10T08:00:00Z~2024-03-10T04:00",
            "@hourly         | 2024-03-10T06:00:00Z~2024-03-10T01:00 2024-03-10T07:00:00Z~2024-03-10T03:00",
            "0 3 * * *       | 2024-03-10T07:00:00Z~2024-03-10T03:00 2024-03-11T07:00:00Z~2024-03-11T03:00",
            "59 1 * * *      | 2024-03-10T06:59:00Z~2024-03-10T01:59 2024-03-11T05:59:00Z~2024-03-11T01:59",
    })
    void newYorkSpringForwardCatchesUpFixedTimeJobsAndSkipsWildcardJobs(String expression, String expected) {
        check(expression, "America/New_York", "2024-03-10T05:00:00Z", expected);
    }

    // America/New_York, 2024-11-03: 02:00 EDT (06:00Z) becomes 01:00 EST; 01:00-01:59 happens twice.
    @ParameterizedTest(name = "New York fall back: ''{0}'' after {1}")
    @CsvSource(delimiter = '|', value = {
            "*/30 1 * * *  | 2024-11-03T04:00:00Z | 2024-11-03T05:00:00Z~2024-11-03T01:00 2024-11-03T05:30:00Z~2024-11-03T01:30 2024-11-03T06:00:00Z~2024-11-03T01:00 2024-11-03T06:30:00Z~2024-11-03T01:30 2024-11-04T06:00:00Z~2024-11-04T01:00",
            "0 * * * *     | 2024-11-03T04:30:00Z | 2024-11-03T05:00:00Z~2024-11-03T01:00 2024-11-03T06:00:00Z~2024-11-03T01:00 2024-11-03T07:00:00Z~2024-11-03T02:00",
            "* 1 * * *     | 2024-11-03T05:58:00Z | 2024-11-03T05:59:00Z~2024-11-03T01:59 2024-11-03T06:00:00Z~2024-11-03T01:00 2024-11-03T06:01:00Z~2024-11-03T01:01",
            "30 1 * * *    | 2024-11-03T04:00:00Z | 2024-11-03T05:30:00Z~2024-11-03T01:30 2024-11-04T06:30:00Z~2024-11-04T01:30",
            "0,30 1 * * *  | 2024-11-03T04:00:00Z | 2024-11-03T05:00:00Z~2024-11-03T01:00 2024-11-03T05:30:00Z~2024-11-03T01:30 2024-11-04T06:00:00Z~2024-11-04T01:00",
            "0 1-2 * * *   | 2024-11-03T04:00:00Z | 2024-11-03T05:00:00Z~2024-11-03T01:00 2024-11-03T07:00:00Z~2024-11-03T02:00",
            "30 1 * * *    | 2024-11-03T06:10:00Z | 2024-11-04T06:30:00Z~2024-11-04T01:30",
            "0 1 * * *     | 2024-11-03T05:30:00Z | 2024-11-04T06:00:00Z~2024-11-04T01:00",
            "0 2 * * *     | 2024-11-03T05:30:00Z | 2024-11-03T07:00:00Z~2024-11-03T02:00",
    })
    void newYorkFallBackRunsFixedTimeJobsInTheFirstPassOnlyAndWildcardJobsInBoth(String expression, String from,
                                                                                 String expected) {
        check(expression, "America/New_York", from, expected);
    }

    // Europe/Berlin, 2024: 02:00 CET becomes 03:00 CEST at 01:00Z on 03-31; 03:00 CEST becomes 02:00 CET at 01:00Z on 10-27.
    @ParameterizedTest(name = "Berlin: ''{0}'' after {1}")
    @CsvSource(delimiter = '|', value = {
            "30 2 * * *    | 2024-03-30T23:00:00Z | 2024-03-31T01:00:00Z~2024-03-31T02:30 2024-04-01T00:30:00Z~2024-04-01T02:30",
            "*/30 * * * *  | 2024-03-31T00:00:00Z | 2024-03-31T00:30:00Z~2024-03-31T01:30 2024-03-31T01:00:00Z~2024-03-31T03:00 2024-03-31T01:30:00Z~2024-03-31T03:30",
            "30 2 * * *    | 2024-10-26T23:00:00Z | 2024-10-27T00:30:00Z~2024-10-27T02:30 2024-10-28T01:30:00Z~2024-10-28T02:30",
            "30 * * * *    | 2024-10-26T23:45:00Z | 2024-10-27T00:30:00Z~2024-10-27T02:30 2024-10-27T01:30:00Z~2024-10-27T02:30 2024-10-27T02:30:00Z~2024-10-27T03:30",
    })
    void berlinFollowsTheSameRulesAtTwoOClock(String expression, String from, String expected) {
        check(expression, "Europe/Berlin", from, expected);
    }

    // Europe/London, 2024: 01:00 GMT becomes 02:00 BST at 01:00Z on 03-31; 02:00 BST becomes 01:00 GMT at 01:00Z on 10-27.
    @ParameterizedTest(name = "London: ''{0}'' after {1}")
    @CsvSource(delimiter = '|', value = {
            "30 1 * * *    | 2024-03-31T00:00:00Z | 2024-03-31T01:00:00Z~2024-03-31T01:30 2024-04-01T00:30:00Z~2024-04-01T01:30",
            "15 * * * *    | 2024-03-31T00:00:00Z | 2024-03-31T00:15:00Z~2024-03-31T00:15 2024-03-31T01:15:00Z~2024-03-31T02:15",
            "0 1 * * *     | 2024-10-26T23:00:00Z | 2024-10-27T00:00:00Z~2024-10-27T01:00 2024-10-28T01:00:00Z~2024-10-28T01:00",
            "*/30 1 * * *  | 2024-10-26T23:00:00Z | 2024-10-27T00:00:00Z~2024-10-27T01:00 2024-10-27T00:30:00Z~2024-10-27T01:30 2024-10-27T01:00:00Z~2024-10-27T01:00 2024-10-27T01:30:00Z~2024-10-27T01:30",
    })
    void londonFollowsTheSameRulesAtOneOClock(String expression, String from, String expected) {
        check(expression, "Europe/London", from, expected);
    }

    // Australia/Lord_Howe, 2024: half-hour shifts. 02:00 +10:30 becomes 02:30 +11 at 15:30Z on 10-05;
    // 02:00 +11 becomes 01:30 +10:30 at 15:00Z on 04-06, repeating 01:30-01:59.
    @ParameterizedTest(name = "Lord Howe: ''{0}'' after {1}")
    @CsvSource(delimiter = '|', value = {
            "0 2 * * *          | 2024-10-05T12:00:00Z | 2024-10-05T15:30:00Z~2024-10-06T02:00 2024-10-06T15:00:00Z~2024-10-07T02:00",
            "0,15,30,45 2 * * * | 2024-10-05T12:00:00Z | 2024-10-05T15:30:00Z~2024-10-06T02:00 2024-10-05T15:30:00Z~2024-10-06T02:15 2024-10-05T15:30:00Z~2024-10-06T02:30 2024-10-05T15:45:00Z~2024-10-06T02:45",
            "*/10 2 * * *       | 2024-10-05T12:00:00Z | 2024-10-05T15:30:00Z~2024-10-06T02:30 2024-10-05T15:40:00Z~2024-10-06T02:40 2024-10-05T15:50:00Z~2024-10-06T02:50 2024-10-06T15:00:00Z~2024-10-07T02:00",
            "*/15 1 * * *       | 2024-04-06T13:00:00Z | 2024-04-06T14:00:00Z~2024-04-07T01:00 2024-04-06T14:15:00Z~2024-04-07T01:15 2024-04-06T14:30:00Z~2024-04-07T01:30 2024-04-06T14:45:00Z~2024-04-07T01:45 2024-04-06T15:00:00Z~2024-04-07T01:30 2024-04-06T15:15:00Z~2024-04-07T01:45 2024-04-07T14:30:00Z~2024-04-08T01:00",
            "45 1 * * *         | 2024-04-06T13:00:00Z | 2024-04-06T14:45:00Z~2024-04-07T01:45 2024-04-07T15:15:00Z~2024-04-08T01:45",
            "15 1 * * *         | 2024-04-06T13:00:00Z | 2024-04-06T14:15:00Z~2024-04-07T01:15 2024-04-07T14:45:00Z~2024-04-08T01:15",
    })
    void lordHoweHalfHourShiftsFollowTheSameRules(String expression, String from, String expected) {
        check(expression, "Australia/Lord_Howe", from, expected);
    }

    // America/Santiago, 2024: midnight -04 becomes 01:00 -03 at 04:00Z on 09-08 (no midnight that day);
    // midnight -03 becomes 23:00 -04 on 04-06 at 03:00Z on 04-07, repeating 23:00-23:59.
    @ParameterizedTest(name = "Santiago: ''{0}'' after {1}")
    @CsvSource(delimiter = '|', value = {
            "0 0 * * *     | 2024-09-07T12:00:00Z | 2024-09-08T04:00:00Z~2024-09-08T00:00 2024-09-09T03:00:00Z~2024-09-09T00:00",
            "@daily        | 2024-09-07T12:00:00Z | 2024-09-08T04:00:00Z~2024-09-08T00:00 2024-09-09T03:00:00Z~2024-09-09T00:00",
            "0 0 8 9 *     | 2024-09-07T12:00:00Z | 2024-09-08T04:00:00Z~2024-09-08T00:00 2025-09-08T03:00:00Z~2025-09-08T00:00",
            "*/30 * * * *  | 2024-09-08T03:15:00Z | 2024-09-08T03:30:00Z~2024-09-07T23:30 2024-09-08T04:00:00Z~2024-09-08T01:00 2024-09-08T04:30:00Z~2024-09-08T01:30",
            "30 23 * * *   | 2024-04-06T12:00:00Z | 2024-04-07T02:30:00Z~2024-04-06T23:30 2024-04-08T03:30:00Z~2024-04-07T23:30",
            "0 0 * * *     | 2024-04-06T12:00:00Z | 2024-04-07T04:00:00Z~2024-04-07T00:00 2024-04-08T04:00:00Z~2024-04-08T00:00",
            "30 * * * *    | 2024-04-07T02:00:00Z | 2024-04-07T02:30:00Z~2024-04-06T23:30 2024-04-07T03:30:00Z~2024-04-06T23:30 2024-04-07T04:30:00Z~2024-04-07T00:30",
    })
    void santiagoMidnightGapsFollowTheSameRules(String expression, String from, String expected) {
        check(expression, "America/Santiago", from, expected);
    }

    // Pacific/Chatham, 2024-09-29: 02:45 +12:45 becomes 03:45 +13:45 (14:00Z on 09-28).
    @ParameterizedTest(name = "Chatham: ''{0}''")
    @CsvSource(delimiter = '|', value = {
            "0 3 * * *     | 2024-09-28T14:00:00Z~2024-09-29T03:00 2024-09-29T13:15:00Z~2024-09-30T03:00",
            "50 2 * * *    | 2024-09-28T14:00:00Z~2024-09-29T02:50 2024-09-29T13:05:00Z~2024-09-30T02:50",
    })
    void chathamFortyFiveMinuteOffsetsFollowTheSameRules(String expression, String expected) {
        check(expression, "Pacific/Chatham", "2024-09-28T00:00:00Z", expected);
    }

    // Pacific/Apia skipped 2011-12-30 (-10 to +14 at 10:00Z): more than 3 hours is a clock reset, not DST.
    @ParameterizedTest(name = "Apia: ''{0}'' after {1}")
    @CsvSource(delimiter = '|', value = {
            "0 0 * * *     | 2011-12-29T08:30:00Z | 2011-12-29T10:00:00Z~2011-12-29T00:00 2011-12-30T10:00:00Z~2011-12-31T00:00",
            "0 12 30 12 *  | 2011-12-29T08:30:00Z | 2012-12-29T22:00:00Z~2012-12-30T12:00",
            "0 * * * *     | 2011-12-30T08:30:00Z | 2011-12-30T09:00:00Z~2011-12-29T23:00 2011-12-30T10:00:00Z~2011-12-31T00:00",
    })
    void aJumpOfMoreThanThreeHoursCatchesNothingUp(String expression, String from, String expected) {
        check(expression, "Pacific/Apia", from, expected);
    }
}
