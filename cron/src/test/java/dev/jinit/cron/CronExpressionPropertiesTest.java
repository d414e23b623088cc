package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.cron.internal.ExpressionParser;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CronExpressionPropertiesTest {

    @Provide
    Arbitrary<String> expressions() {
        return ExpressionArbitraries.expressions();
    }

    /** Strings over cron's own alphabet, so the parser gets deep before it fails. */
    @Provide
    Arbitrary<String> cronish() {
        return Arbitraries.strings().withChars("0123456789*/-,@ \tjanfebsunmonMONDAILYrebot.#?LW\n\r\u0000\u0007")
                .ofMaxLength(30);
    }

    @Property
    void theParserThrowsNothingButItsOwnExceptionOnAnyString(@ForAll String text) {
        parseOrSyntaxError(text);
    }

    @Property
    void theParserThrowsNothingButItsOwnExceptionOnCronLikeStrings(@ForAll("cronish") String text) {
        parseOrSyntaxError(text);
    }

    private static void parseOrSyntaxError(String text) {
        try {
            assertNotNull(CronSpec.parse(text));
        } catch (CronSyntaxException e) {
            assertNotNull(e.reason());
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
            e.field().ifPresent(f -> assertTrue(e.getMessage().startsWith("bad " + f.label() + " '"), e.getMessage()));
        }
    }

    @Property
    void everyGeneratedExpressionParses(@ForAll("expressions") String text) {
        assertNotNull(CronExpression.parse(text));
    }

    @Property
    void theNormalFormParsesBackToAnEqualExpression(@ForAll("expressions") String text) {
        CronExpression e = CronExpression.parse(text);
        CronExpression again = CronExpression.parse(e.toString());
        assertEquals(e, again, text + " printed as " + e);
        assertEquals(e.toString(), again.toString());
    }

    @Property
    void theFlagsAreTheFirstCharacterOfEachFieldText(@ForAll("expressions") String text) {
        if (text.startsWith("@")) {
            return;
        }
        List<String> f = ExpressionParser.split(text);
        CronExpression e = CronExpression.parse(text);
        assertEquals(f.get(0).startsWith("*"), e.minuteStar());
        assertEquals(f.get(1).startsWith("*"), e.hourStar());
        assertEquals(f.get(2).startsWith("*"), e.dayOfMonthStar());
        assertEquals(f.get(4).startsWith("*"), e.dayOfWeekStar());
        assertEquals(e.minuteStar() || e.hourStar(), e.isWildcard());
    }
}
