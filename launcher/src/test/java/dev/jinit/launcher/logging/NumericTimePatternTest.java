package dev.jinit.launcher.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-made time of a log line is SimpleDateFormat's, for every pattern it takes. */
class NumericTimePatternTest {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    /** 2026-11-28T09:05:03.007Z */
    private static final long T = 1_795_856_703_007L;

    private static String hand(String pattern, TimeZone zone, long millis) {
        NumericTimePattern p = NumericTimePattern.parse(pattern, () -> zone);
        assertNotNull(p, pattern);
        StringBuilder b = new StringBuilder();
        p.appendTo(b, millis);
        return b.toString();
    }

    private static String jdk(String pattern, TimeZone zone, long millis) {
        SimpleDateFormat f = new SimpleDateFormat(pattern, Locale.US);
        f.setTimeZone(zone);
        return f.format(new Date(millis));
    }

    @Test
    void theLaunchersPatternGivesJinitAndTheTimeToTheMillisecond() {
        assertEquals("jinit 09:05:03.007", hand("'jinit' HH:mm:ss.SSS", UTC, T));
        assertEquals("jinit 10:05:03.007", hand("'jinit' HH:mm:ss.SSS", TimeZone.getTimeZone("Europe/Paris"), T));
        assertEquals("jinit 14:35:03.007", hand("'jinit' HH:mm:ss.SSS", TimeZone.getTimeZone("Asia/Kolkata"), T));
    }

    /** TimeZone.getDefault() reads the JDK's time-zone database: not while my_init starts, only at its first line. */
    @Test
    void theZoneIsAskedForAtTheFirstLineOnly() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        NumericTimePattern p = NumericTimePattern.parse("'jinit' HH:mm:ss.SSS", () -> {
            asked.incrementAndGet();
            return TimeZone.getTimeZone("Europe/Paris");
        });
        assertNotNull(p);
        assertEquals(0, asked.get());
        StringBuilder b = new StringBuilder();
        p.appendTo(b, T);
        p.appendTo(b.append('|'), T + 1);
        assertEquals("jinit 10:05:03.007|jinit 10:05:03.008", b.toString());
        assertEquals(1, asked.get());
    }

    @Test
    void theZoneOffsetIsTheOneAtThatInstantAcrossADaylightSavingChange() {
        TimeZone ny = TimeZone.getTimeZone("America/New_York");
        long beforeChange = 1_772_953_200_000L - 1; // 2026-03-08T06:59:59.999Z, 01:59:59.999 EST
        assertEquals("2026-03-08 01:59:59.999", hand("yyyy-MM-dd HH:mm:ss.SSS", ny, beforeChange));
        assertEquals("2026-03-08 03:00:00.000", hand("yyyy-MM-dd HH:mm:ss.SSS", ny, beforeChange + 1));
    }

    @Test
    void beforeTheEpochTheDayAndTimeStillCountForward() {
        assertEquals(jdk("yyyy-MM-dd HH:mm:ss.SSS", UTC, -1), hand("yyyy-MM-dd HH:mm:ss.SSS", UTC, -1));
        assertEquals("1969-12-31 23:59:59.999", hand("yyyy-MM-dd HH:mm:ss.SSS", UTC, -1));
    }

    @Test
    void quotesAndLiteralsAsSimpleDateFormat() {
        for (String p : new String[]{"''HH''", "'it''s' ss", "'a''b''c'", "HH'h'mm", "[ss.SSS]", "'' 'x'''"}) {
            assertEquals(jdk(p, UTC, T), hand(p, UTC, T), p);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EEE HH:mm", "MMM d", "hh:mm a", "HH:mm z", "HH:mm Z", "HH:mm XXX", "D", "u", "k", "K",
            "'unclosed", "HH 'x"})
    void anyOtherPatternIsLeftToSimpleDateFormat(String pattern) {
        assertNull(NumericTimePattern.parse(pattern, () -> UTC));
    }

    @Test
    void aPatternSimpleDateFormatRejectsGivesTheMillisecondsSinceStartAsSlf4jSimple() {
        Timestamp t = Timestamp.of("HH:mm 'unclosed", () -> UTC, 1000);
        StringBuilder b = new StringBuilder();
        t.appendTo(b, 1234);
        assertEquals("234", b.toString());
        b.setLength(0);
        Timestamp.of(null, () -> UTC, 1000).appendTo(b, 1500);
        assertEquals("500", b.toString());
    }

    @Test
    void anotherValidPatternGoesThroughSimpleDateFormat() {
        StringBuilder b = new StringBuilder();
        Timestamp.of("MMM", () -> UTC, 0).appendTo(b, T);
        assertEquals(new SimpleDateFormat("MMM").format(new Date(T)).isEmpty(), b.toString().isEmpty());
        assertEquals(3, b.length(), b.toString());
    }

    @Property
    void sameTextAsSimpleDateFormat(@ForAll("patterns") String pattern, @ForAll("zones") String zone,
                                    @ForAll @LongRange(min = -2_208_988_800_000L, max = 4_102_444_800_000L) long millis) {
        TimeZone z = TimeZone.getTimeZone(zone);
        assertEquals(jdk(pattern, z, millis), hand(pattern, z, millis), pattern + " in " + zone + " at " + millis);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham",
                "America/St_Johns", "Australia/Lord_Howe");
    }

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> field = Combinators.combine(Arbitraries.of('y', 'M', 'd', 'H', 'm', 's', 'S'),
                Arbitraries.integers().between(1, 5)).as((c, n) -> String.valueOf(c).repeat(c == 'M' ? Math.min(n, 2) : n));
        Arbitrary<String> literal = Arbitraries.of(" ", ":", ".", "-", "'jinit' ", "''", "'x''y'", "[", "/");
        // adjacent M fields would make MMM, a month name: SimpleDateFormat's alone
        return Arbitraries.oneOf(field, literal).list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l))
                .filter(p -> !p.contains("MMM"));
    }
}
