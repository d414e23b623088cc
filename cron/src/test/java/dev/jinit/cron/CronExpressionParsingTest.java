package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each accepted field text selects, and the flags Vixie derives from the first character. */
class CronExpressionParsingTest {

    private static Set<Integer> values(String expression, CronField field) {
        return CronExpression.parse(expression).values(field);
    }

    private static Set<Integer> set(String csv) {
        if (csv.isEmpty()) {
            return Set.of();
        }
        return java.util.Arrays.stream(csv.split(" ")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest(name = "minute ''{0}'' selects {1}")
    @CsvSource(delimiter = '|', value = {
            "0       | 0",
            "59      | 59",
            "007     | 7",
            "1,2,3   | 1 2 3",
            "3,1,3   | 1 3",
            "1-3,7-9 | 1 2 3 7 8 9",
            "1-3,2-4 | 1 2 3 4",
            "*/15    | 0 15 30 45",
            "*/60    | 0",
            "*/100   | 0",
            "*/31    | 0 31",
            "1-30/10 | 1 11 21",
            "5-5/3   | 5",
            "50-59/4 | 50 54 58",
            "*/20,5  | 0 5 20 40",
    })
    void minuteListsRangesAndStepsSelectTheirValues(String field, String expected) {
        assertEquals(set(expected), values(field + " * * * *", CronField.MINUTE));
    }

    @ParameterizedTest(name = "month ''{0}'' selects {1}")
    @CsvSource(delimiter = '|', value = {
            "jan         | 1",
            "DEC         | 12",
            "Feb         | 2",
            "jan,jul     | 1 7",
            "jan-mar     | 1 2 3",
            "1-mar       | 1 2 3",
            "mar-5       | 3 4 5",
            "jan-dec/3   | 1 4 7 10",
            "*/4         | 1 5 9",
            "*/12        | 1",
    })
    void monthNamesWorkInAnyCaseAlsoInRangesAndLists(String field, String expected) {
        assertEquals(set(expected), values("0 0 1 " + field + " *", CronField.MONTH));
    }

    @ParameterizedTest(name = "day-of-week ''{0}'' selects {1}")
    @CsvSource(delimiter = '|', value = {
            "0           | 0",
            "7           | 0",
            "sun         | 0",
            "SAT         | 6",
            "0,7         | 0",
            "mon-fri     | 1 2 3 4 5",
            "Mon-Fri     | 1 2 3 4 5",
            "mon-sun     | 0 1 2 3 4 5 6",
            "fri-sun     | 0 5 6",
            "5-0         | 0 5 6",
            "5-7         | 0 5 6",
            "6-0/2       | 6",
            "1-0/2       | 0 1 3 5",
            "0-0         | 0",
            "sun-sun     | 0",
            "7-0         | 0",
            "*/2         | 0 2 4 6",
            "*/7         | 0",
            "*/3         | 0 3 6",
            "1-7         | 0 1 2 3 4 5 6",
            "sat,sun,mon | 0 1 6",
    })
    void dayOfWeekTreatsSevenAsSundayAndRangesEndingInSundayAsEndingInSeven(String field, String expected) {
        assertEquals(set(expected), values("0 0 * * " + field, CronField.DAY_OF_WEEK));
    }

    @Test
    void starSelectsTheWholeFieldAndDayOfWeekStarIsZeroToSix() {
        CronExpression e = CronExpression.parse("* * * * *");
        assertEquals(range(0, 59), e.values(CronField.MINUTE));
        assertEquals(range(0, 23), e.values(CronField.HOUR));
        assertEquals(range(1, 31), e.values(CronField.DAY_OF_MONTH));
        assertEquals(range(1, 12), e.values(CronField.MONTH));
        assertEquals(range(0, 6), e.values(CronField.DAY_OF_WEEK));
    }

    @Test
    void blanksAroundAndBetweenFieldsMayBeSpacesOrTabs() {
        assertEquals(CronExpression.parse("0 12 * * 1"), CronExpression.parse(" \t0\t12  *\t * 1 \t"));
    }

    @ParameterizedTest(name = "''{0}'' flags: minute* {1}, hour* {2}, dom* {3}, dow* {4}")
    @CsvSource(delimiter = '|', value = {
            "* * * * *            | true  | true  | true  | true",
            "0 0 * * *            | false | false | true  | true",
            "*/5 1 1 * 1          | true  | false | false | false",
            "0,30 */2 *,15 * */1  | false | true  | true  | true",
            "0-59 0-23 1-31 * 0-6 | false | false | false | false",
            "1,*/5 1,* 1,* * 1,*  | false | false | false | false",
    })
    void flagsComeFromTheFirstCharacterOfTheFieldTextNotFromTheSet(String text, boolean min, boolean hour,
                                                                  boolean dom, boolean dow) {
        CronExpression e = CronExpression.parse(text);
        assertEquals(min, e.minuteStar());
        assertEquals(hour, e.hourStar());
        assertEquals(dom, e.dayOfMonthStar());
        assertEquals(dow, e.dayOfWeekStar());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "@yearly   | 0 0 1 1 *",
            "@annually | 0 0 1 1 *",
            "@monthly  | 0 0 1 * *",
            "@weekly   | 0 0 * * 0",
            "@daily    | 0 0 * * *",
            "@midnight | 0 0 * * *",
            "@hourly   | 0 * * * *",
    })
    void keywordsStandForTheirFiveFields(String keyword, String fields) {
        assertEquals(CronExpression.parse(fields), CronSpec.parse(keyword));
        assertEquals(fields, CronSpec.parse(keyword).toString());
    }

    @Test
    void rebootIsItsOwnKindWithoutClockTimes() {
        assertSame(CronSpec.Reboot.INSTANCE, CronSpec.parse("@reboot"));
        assertSame(CronSpec.Reboot.INSTANCE, CronSpec.parse("  @reboot\t"));
        assertEquals("@reboot", CronSpec.parse("@reboot").toString());
    }

    @Test
    void hourlyIsAWildcardJobAndTheOtherKeywordsAreFixedTime() {
        assertTrue(CronExpression.parse("@hourly").isWildcard());
        for (String k : new String[] {"@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually"}) {
            assertFalse(CronExpression.parse(k).isWildcard(), k);
        }
    }

    @ParameterizedTest(name = "''{0}'' is wildcard: {1}")
    @CsvSource(delimiter = '|', value = {
            "* 2 * * *      | true",
            "*/15 2 * * *   | true",
            "0 * * * *      | true",
            "0 */2 * * *    | true",
            "*,5 2 * * *    | true",
            "30 2 * * *     | false",
            "0,30 2 * * *   | false",
            "0-59/20 2 * * *| false",
            "0 0-3 * * *    | false",
            "0-59 0-23 * * *| false",
            "30 2 */2 * *   | false",
    })
    void wildcardMeansTheMinuteOrHourTextStartsWithAStar(String text, boolean wildcard) {
        assertEquals(wildcard, CronExpression.parse(text).isWildcard());
    }

    @ParameterizedTest(name = "''{0}'' prints as ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "* * * * *                  | * * * * *",
            "0-59 0-23 1-31 1-12 0-6    | 0-59 0-23 1-31 * 0-6",
            "*/2,5 1,2 */2,4 jan-mar,dec */3 | */2,5 1,2 */2,4 1-3,12 */3",
            "*/60 */24 */31 */12 */7    | */60 */24 */31 1 */7",
            "0 0 * * mon-sun            | 0 0 * * 0-6",
            "0 0 * * 7                  | 0 0 * * 0",
            "*,15 0 *,1 * *,1           | * 0 * * *",
    })
    void printsANormalFormThatParsesBackToTheSameExpression(String text, String normal) {
        CronExpression e = CronExpression.parse(text);
        assertEquals(normal, e.toString());
        assertEquals(e, CronExpression.parse(normal));
    }
}
