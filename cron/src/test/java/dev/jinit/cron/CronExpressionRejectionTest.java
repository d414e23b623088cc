package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.cron.CronSyntaxException.Reason;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every input Debian's cron rejects or misreads is rejected, naming the field and the reason. */
class CronExpressionRejectionTest {

    @ParameterizedTest(name = "''{0}'': {1} in {2}")
    @CsvSource(delimiter = '|', value = {
            // out of range, in every field and in range bounds
            "60 * * * *          | OUT_OF_RANGE       | MINUTE       | 60",
            "* 24 * * *          | OUT_OF_RANGE       | HOUR         | 24",
            "* * 0 * *           | OUT_OF_RANGE       | DAY_OF_MONTH | 0",
            "* * 32 * *          | OUT_OF_RANGE       | DAY_OF_MONTH | 32",
            "* * * 0 *           | OUT_OF_RANGE       | MONTH        | 0",
            "* * * 13 *          | OUT_OF_RANGE       | MONTH        | 13",
            "* * * * 8           | OUT_OF_RANGE       | DAY_OF_WEEK  | 8",
            "5-64/30 * * * *     | OUT_OF_RANGE       | MINUTE       | 5-64/30",
            "99999999999 * * * * | OUT_OF_RANGE       | MINUTE       | 99999999999",
            // step 0, step without a range
            "*/0 * * * *         | ZERO_STEP          | MINUTE       | */0",
            "* 1-5/00 * * *      | ZERO_STEP          | HOUR         | 1-5/00",
            "5/2 * * * *         | STEP_WITHOUT_RANGE | MINUTE       | 5/2",
            "* * * jan/2 *       | STEP_WITHOUT_RANGE | MONTH        | jan/2",
            // reversed ranges (a day-of-week range may end in 0 or sun, nothing else wraps)
            "5-1 * * * *         | REVERSED_RANGE     | MINUTE       | 5-1",
            "* * * dec-jan *     | REVERSED_RANGE     | MONTH        | dec-jan",
            "* * * * 5-1         | REVERSED_RANGE     | DAY_OF_WEEK  | 5-1",
            "* * * * sat-mon     | REVERSED_RANGE     | DAY_OF_WEEK  | sat-mon",
            // names: only three letters, only in month and day of week, never as a step
            "* * * * monday      | UNKNOWN_NAME       | DAY_OF_WEEK  | monday",
            "* * * * tues        | UNKNOWN_NAME       | DAY_OF_WEEK  | tues",
            "* * * january *     | UNKNOWN_NAME       | MONTH        | january",
            "* * * jan-foo *     | UNKNOWN_NAME       | MONTH        | jan-foo",
            "* * * * mo          | UNKNOWN_NAME       | DAY_OF_WEEK  | mo",
            "jan * * * *         | UNKNOWN_NAME       | MINUTE       | jan",
            "* * mon * *         | UNKNOWN_NAME       | DAY_OF_MONTH | mon",
            "*/mon * * * *       | JUNK               | MINUTE       | */mon",
            // junk Debian skips silently after a valid prefix
            "1.5 * * * *         | JUNK               | MINUTE       | 1.5",
            "** * * * *          | JUNK               | MINUTE       | **",
            "*5 * * * *          | JUNK               | MINUTE       | *5",
            "1-2-3 * * * *       | JUNK               | MINUTE       | 1-2-3",
            "* * * * sun-mon-tue | JUNK               | DAY_OF_WEEK  | sun-mon-tue",
            "5; * * * *          | JUNK               | MINUTE       | 5;",
            "1#2 * * * *         | JUNK               | MINUTE       | 1#2",
            "-1 * * * *          | JUNK               | MINUTE       | -1",
            "1, * * * *          | JUNK               | MINUTE       | 1,",
            ",1 * * * *          | JUNK               | MINUTE       | ,1",
            "1,,2 * * * *        | JUNK               | MINUTE       | 1,,2",
            "1- * * * *          | JUNK               | MINUTE       | 1-",
            "*/ * * * *          | JUNK               | MINUTE       | */",
            "*/2/3 * * * *       | JUNK               | MINUTE       | */2/3",
            "*-5 * * * *         | JUNK               | MINUTE       | *-5",
            "1a * * * *          | JUNK               | MINUTE       | 1a",
            "* * * * 1L          | JUNK               | DAY_OF_WEEK  | 1L",
            "? * * * *           | JUNK               | MINUTE       | ?",
            "* * ? * *           | JUNK               | DAY_OF_MONTH | ?",
            "* * * * 5#3         | JUNK               | DAY_OF_WEEK  | 5#3",
            "١ * * * *           | JUNK               | MINUTE       | ١",
    })
    void rejectsBadFieldsNamingTheFieldAndTheReason(String text, Reason reason, CronField field, String fieldText) {
        CronSyntaxException e = assertThrows(CronSyntaxException.class, () -> CronSpec.parse(text));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(Optional.of(field), e.field(), e.getMessage());
        assertEquals(fieldText, e.text());
        assertTrue(e.getMessage().startsWith("bad " + field.label() + " '" + fieldText + "': "), e.getMessage());
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "''                    | EMPTY",
            "'   '                 | EMPTY",
            "'\t'                  | EMPTY",
            "* * * *               | FIELD_COUNT",
            "* * * * * *           | FIELD_COUNT",
            "0 0 12 * * ?          | FIELD_COUNT",
            "0 0 0 12 * * 2024     | FIELD_COUNT",
            "*                     | FIELD_COUNT",
            "@daily *              | FIELD_COUNT",
            "@reboot now           | FIELD_COUNT",
            "@Daily                | UNKNOWN_KEYWORD",
            "@DAILY                | UNKNOWN_KEYWORD",
            "@every                | UNKNOWN_KEYWORD",
            "@every 5m             | UNKNOWN_KEYWORD",
            "@minutely             | UNKNOWN_KEYWORD",
            "@weekdays             | UNKNOWN_KEYWORD",
            "@                     | UNKNOWN_KEYWORD",
    })
    void rejectsWrongShapesAsAWhole(String text, Reason reason) {
        CronSyntaxException e = assertThrows(CronSyntaxException.class, () -> CronSpec.parse(text));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(Optional.empty(), e.field(), e.getMessage());
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"@reboot"})
    void expressionParseRejectsRebootWhichHasNoClockTimes(String text) {
        CronSyntaxException e = assertThrows(CronSyntaxException.class, () -> CronExpression.parse(text));
        assertEquals(Reason.UNKNOWN_KEYWORD, e.reason());
        assertTrue(e.getMessage().contains("CronSpec.parse"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void messagesEscapeControlCharactersSoABadLineStaysOneLogLine() {
        assertEquals("bad day-of-week '*\\n': unexpected '\\n' after '*'",
                assertThrows(CronSyntaxException.class, () -> CronSpec.parse("0 0 * * *\n")).getMessage());
        assertEquals("bad minute '0\\r': unexpected '\\r' after '0'",
                assertThrows(CronSyntaxException.class, () -> CronSpec.parse("0\r 0 * * *")).getMessage());
        assertEquals("bad day-of-week '1\\x00': unexpected '\\x00' after '1'",
                assertThrows(CronSyntaxException.class, () -> CronSpec.parse("0 0 * * 1\u0000")).getMessage());
    }

    @ParameterizedTest(name = "''{0}'' message")
    @CsvSource(delimiter = '|', value = {
            "60 * * * *    | bad minute '60': 60 is out of range 0-59",
            "* * * * 5-1   | bad day-of-week '5-1': range 5-1 ends before it starts (only a range ending in 0 or sun wraps to 7)",
            "5/2 * * * *   | bad minute '5/2': a step needs a range or '*' before it (write 5-59/… for what other libraries read 5/… as)",
            "* * * * * *   | expected 5 fields (minute hour day-of-month month day-of-week), found 6 in '* * * * * *'",
    })
    void messagesSayWhichFieldAndWhy(String text, String message) {
        assertEquals(message, assertThrows(CronSyntaxException.class, () -> CronSpec.parse(text)).getMessage());
    }
}
