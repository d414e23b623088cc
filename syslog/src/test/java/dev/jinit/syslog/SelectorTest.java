package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** syslog.conf selectors: what each form selects, the canonical text, and every rejection. */
class SelectorTest {

    /** The severities {@code s} selects for facility {@code f}, most severe first, as keywords. */
    private static String selected(Selector s, Facility f) {
        StringBuilder sb = new StringBuilder();
        for (Severity sev : Severity.values()) {
            if (s.matches(f, sev)) {
                sb.append(sb.length() == 0 ? "" : " ").append(sev.keyword());
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} for {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "*.*|KERN|emerg alert crit err warning notice info debug",
        "*.info|MAIL|emerg alert crit err warning notice info",
        "*.info|MAIL|emerg alert crit err warning notice info",
        "cron.*|CRON|emerg alert crit err warning notice info debug",
        "cron.*|USER|",
        "auth,authpriv.*|AUTHPRIV|emerg alert crit err warning notice info debug",
        "*.*;auth,authpriv.none|AUTH|",
        "*.*;auth,authpriv.none|DAEMON|emerg alert crit err warning notice info debug",
        "kern.=debug|KERN|debug",
        "kern.!=debug|KERN|",
        "kern.*;kern.!=debug|KERN|emerg alert crit err warning notice info",
        "mail.*;mail.!err|MAIL|warning notice info debug",
        "mail.*;mail.!*|MAIL|",
        "*.=info;*.=notice;*.=warning|USER|warning notice info",
        "*.emerg|LOCAL7|emerg",
        "*.debug|LOCAL7|emerg alert crit err warning notice info debug",
        "*.none;user.err|USER|emerg alert crit err",
        "user.err;*.none|USER|",
        "security.warn|AUTH|emerg alert crit err warning",
        "daemon.panic|DAEMON|emerg",
        "LOCAL0.ERROR|LOCAL0|emerg alert crit err",
        "' mail , news . info ; news . none '|MAIL|emerg alert crit err warning notice info"})
    void aSelectorSelectsWhatSysklogdWould(String selector, Facility f, String severities) {
        assertEquals(severities == null ? "" : severities, selected(Selector.parse(selector), f));
    }

    @ParameterizedTest(name = "\"{0}\" prints as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "*.*|*.*",
        "authpriv,auth.*|auth,authpriv.*",
        "*.*;auth,authpriv.none|*.*;auth,authpriv.none",
        "kern.!=debug|kern.!=debug",
        "mail.warn|mail.warning",
        "security.error|auth.err",
        "mail.!*|mail.!*",
        "' cron . = info '|cron.=info",
        "kern,user,mail,daemon,auth,syslog,lpr,news,uucp,cron,authpriv,ftp,ntp,audit,alert,clock,local0,local1,local2,"
            + "local3,local4,local5,local6,local7.info|*.info"})
    void aSelectorPrintsInCanonicalForm(String text, String canonical) {
        Selector s = Selector.parse(text);
        assertEquals(canonical, s.toString());
        assertEquals(s, Selector.parse(canonical));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "''|no '.'",
        "kern|no '.'",
        "kern.info;|no '.'",
        "kern.info;;mail.*|no '.'",
        "kernel.info|unknown facility \"kernel\"",
        "mark.*|unknown facility \"mark\"",
        "*,kern.info|unknown facility \"*\"",
        "kern,.info|unknown facility \"\"",
        "kern.fatal|unknown priority \"fatal\"",
        "kern.|unknown priority \"\"",
        "kern.!none|\"!none\" means nothing",
        "kern.=*|unknown priority \"*\"",
        "kern.<=info|unknown priority \"<=info\"",
        "kern.info.x|unknown priority \"info.x\""})
    void aBadSelectorIsRejectedSayingWhatIsWrong(String text, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Selector.parse(text == null ? "" : text));
        assertTrue(e.getMessage().startsWith("selector must be FACILITIES.PRIORITY[;...], but in \""),
                e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void aSelectorFiltersMessages() {
        Selector s = Selector.parse("*.*;auth,authpriv.none");
        assertTrue(s.test(Datagrams.parse("<13>x: y")));
        assertFalse(s.test(Datagrams.parse("<86>sshd[1]: Accepted")));
    }

    @Test
    void rulesAreCheckedWhenBuiltByCode() {
        Set<Facility> kern = EnumSet.of(Facility.KERN);
        assertThrows(IllegalArgumentException.class, () -> new Selector(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Selector.Rule(Set.of(), false, Selector.Match.ALL, Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new Selector.Rule(kern, false, Selector.Match.AT_LEAST, Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new Selector.Rule(kern, false, Selector.Match.ALL, Optional.of(Severity.INFO)));
        assertThrows(IllegalArgumentException.class,
                () -> new Selector.Rule(kern, true, Selector.Match.NONE, Optional.empty()));
    }

    @Test
    void allAndNoneSelectEverythingAndNothing() {
        for (Facility f : Facility.values()) {
            for (Severity s : Severity.values()) {
                assertTrue(Selector.ALL.matches(f, s));
                assertFalse(Selector.NONE.matches(f, s));
            }
        }
    }
}
