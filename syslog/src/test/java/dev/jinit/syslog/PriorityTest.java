package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PRI, facilities and severities: codes, keywords and the round trip. */
class PriorityTest {

    @ParameterizedTest(name = "<{0}> = {1}.{2}")
    @CsvSource({"13, USER, NOTICE", "27, DAEMON, ERR", "134, LOCAL0, INFO", "156, LOCAL3, WARNING",
        "142, LOCAL1, INFO", "12, USER, WARNING", "0, KERN, EMERG", "191, LOCAL7, DEBUG", "86, AUTHPRIV, INFO",
        "78, CRON, INFO"})
    void aPriIsFacilityTimesEightPlusSeverity(int pri, Facility f, Severity s) {
        assertEquals(new Priority(f, s), Priority.decode(pri));
        assertEquals(pri, new Priority(f, s).encode());
    }

    @Property
    void decodingThenEncodingGivesThePriBack(@ForAll @IntRange(min = 0, max = 191) int pri) {
        assertEquals(pri, Priority.decode(pri).encode());
    }

    @Property
    void encodingThenDecodingGivesThePriorityBack(@ForAll Facility f, @ForAll Severity s) {
        Priority p = new Priority(f, s);
        assertEquals(p, Priority.decode(p.encode()));
    }

    @Property
    void aPriOutsideZeroTo191IsRejected(@ForAll int pri) {
        if (pri < 0 || pri > 191) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Priority.decode(pri));
            assertEquals("PRI must be between 0 and 191, but was " + pri, e.getMessage());
        } else {
            assertEquals(pri, Priority.decode(pri).encode());
        }
    }

    @Test
    void keywordsAreRsyslogsWithTheOldAliases() {
        assertEquals(Optional.of(Facility.AUTH), Facility.ofKeyword("security"));
        assertEquals(Optional.of(Facility.AUTHPRIV), Facility.ofKeyword("AuthPriv"));
        assertEquals(Optional.of(Facility.CLOCK), Facility.ofKeyword("clock"));
        assertEquals(Optional.empty(), Facility.ofKeyword("mark"));
        assertEquals(Optional.of(Severity.EMERG), Severity.ofKeyword("panic"));
        assertEquals(Optional.of(Severity.ERR), Severity.ofKeyword("error"));
        assertEquals(Optional.of(Severity.WARNING), Severity.ofKeyword("WARN"));
        assertEquals(Optional.empty(), Severity.ofKeyword("fatal"));
    }

    @Property
    void everyKeywordNamesItsOwnConstant(@ForAll Facility f, @ForAll Severity s) {
        assertEquals(Optional.of(f), Facility.ofKeyword(f.keyword()));
        assertEquals(Optional.of(s), Severity.ofKeyword(s.keyword()));
        assertEquals(f, Facility.ofCode(f.code()));
        assertEquals(s, Severity.ofCode(s.code()));
    }

    @Test
    void aPriorityPrintsAsFacilityDotSeverity() {
        assertEquals("daemon.err", Priority.decode(27).toString());
    }
}
