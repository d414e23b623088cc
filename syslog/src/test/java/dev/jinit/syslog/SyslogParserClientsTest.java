package dev.jinit.syslog;

import static dev.jinit.syslog.Datagrams.bytes;
import static dev.jinit.syslog.Datagrams.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.syslog.StructuredData.Element;
import dev.jinit.syslog.StructuredData.Param;
import dev.jinit.syslog.SyslogMessage.Flag;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every datagram of shared/specs/syslog-clients.md table B1 (captured from real clients on Debian 12, host vm, TZ
 * UTC), byte for byte, and what it must read as. Each test first checks the length the spec gives, so the vector is
 * the captured one.
 */
class SyslogParserClientsTest {

    private static final OffsetDateTime RECEIVE_TIME = OffsetDateTime.parse("2026-11-27T23:53:10Z");

    private static SyslogMessage captured(String repr, int len) {
        byte[] b = bytes(repr);
        assertEquals(len, b.length, "length of the captured datagram");
        return parse(b);
    }

    private static SyslogMessage expected(int pri, String timestamp, String host, String app, String pid,
                                          String msgId, StructuredData sd, String text, Flag... flags) {
        Priority p = Priority.decode(pri);
        Set<Flag> set = flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags);
        return new SyslogMessage(p.facility(), p.severity(),
                timestamp == null ? RECEIVE_TIME : OffsetDateTime.parse(timestamp), host,
                Optional.ofNullable(app), Optional.ofNullable(pid), Optional.ofNullable(msgId), sd, text, set);
    }

    @Test
    void loggerDefaultGivesTagWithoutPidAndTheLocalHost() {
        assertEquals(expected(13, "2026-11-27T23:52:58Z", "vm", "root", null, null, StructuredData.EMPTY, "x",
                        Flag.NO_HOSTNAME),
                captured("<13>Nov 27 23:52:58 root: x", 27));
    }

    @Test
    void loggerWithPriorityAndTagGivesLocal3Warning() {
        SyslogMessage m = captured("<156>Nov 27 23:52:58 tag: x", 27);
        assertEquals(expected(156, "2026-11-27T23:52:58Z", "vm", "tag", null, null, StructuredData.EMPTY, "x",
                Flag.NO_HOSTNAME), m);
        assertEquals(new Priority(Facility.LOCAL3, Severity.WARNING), m.priority());
    }

    @Test
    void loggerRfc5424GivesItsHostnameFractionAndTimeQuality() {
        assertEquals(expected(13, "2026-11-27T23:52:58.952273+00:00", "vm", "root", null, null,
                        StructuredData.of(Element.of("timeQuality", new Param("tzKnown", "1"),
                                new Param("isSynced", "0"))),
                        "x", Flag.RFC5424),
                captured("<13>1 2026-11-27T23:52:58.952273+00:00 vm root - - [timeQuality tzKnown=\"1\" "
                        + "isSynced=\"0\"] x", 91));
    }

    @Test
    void loggerRfc3164GivesTheHostnameItSends() {
        assertEquals(expected(13, "2026-11-27T23:52:59Z", "vm", "root", null, null, StructuredData.EMPTY, "x"),
                captured("<13>Nov 27 23:52:59 vm root: x", 30));
    }

    @Test
    void loggerWithPidGivesTagAndPid() {
        assertEquals(expected(13, "2026-11-27T23:52:59Z", "vm", "tag", "22537", null, StructuredData.EMPTY,
                        "with pid (-i)", Flag.NO_HOSTNAME),
                captured("<13>Nov 27 23:52:59 tag[22537]: with pid (-i)", 45));
    }

    @Test
    void loggerRfc5424WithMsgIdAndTwoStructuredDataElements() {
        SyslogMessage m = captured("<13>1 2026-11-27T23:52:59.419615+00:00 vm root - ID47 [timeQuality "
                + "tzKnown=\"1\" isSynced=\"0\"][zoo@123 tiger=\"hungry\"] sd test", 124);
        assertEquals(expected(13, "2026-11-27T23:52:59.419615Z", "vm", "root", null, "ID47",
                StructuredData.of(
                        Element.of("timeQuality", new Param("tzKnown", "1"), new Param("isSynced", "0")),
                        Element.of("zoo@123", new Param("tiger", "hungry"))),
                "sd test", Flag.RFC5424), m);
    }

    @Test
    void loggerRfc5424WithoutHostnameOrTimeQualityGetsTheLocalHost() {
        assertEquals(expected(13, "2026-11-27T23:52:59.573083Z", "vm", "root", null, null, StructuredData.EMPTY,
                        "rfc5424 notq nohost", Flag.RFC5424, Flag.NO_HOSTNAME),
                captured("<13>1 2026-11-27T23:52:59.573083+00:00 - root - - - rfc5424 notq nohost", 71));
    }

    @Test
    void loggerCutsALongMessageToOneKibibyteWhichIsUnderOurLimit() {
        SyslogMessage m = captured("<13>Nov 27 23:52:59 tag: " + "A".repeat(1024), 1049);
        assertEquals("A".repeat(1024), m.message());
        assertFalse(m.has(Flag.TRUNCATED));
    }

    @Test
    void loggerFromAFileSendsOneDatagramPerLineEachReadOnItsOwn() {
        // The spec gives only their lengths (33 each), not their text.
        SyslogMessage first = parse("<13>Nov 27 23:52:59 root: line 1");
        SyslogMessage second = parse("<13>Nov 27 23:52:59 root: line 2");
        assertEquals("line 1", first.message());
        assertEquals("line 2", second.message());
        assertEquals(Optional.of("root"), second.appName());
    }

    @Test
    void glibcWithoutOpenlogUsesTheProgramNameAsTag() {
        assertEquals(expected(13, "2026-11-27T23:53:09Z", "vm", "glibc_syslog", null, null, StructuredData.EMPTY,
                        "no openlog, default ident", Flag.NO_HOSTNAME),
                captured("<13>Nov 27 23:53:09 glibc_syslog: no openlog, default ident", 59));
    }

    @Test
    void glibcWithOpenlogPidAndDaemonGivesDaemonErrWithPid() {
        assertEquals(expected(27, "2026-11-27T23:53:09Z", "vm", "myprog", "15475", null, StructuredData.EMPTY,
                        "hello 42", Flag.NO_HOSTNAME),
                captured("<27>Nov 27 23:53:09 myprog[15475]: hello 42", 43));
    }

    @Test
    void glibcWithAnExplicitFacilityGivesLocal0Info() {
        SyslogMessage m = captured("<134>Nov 27 23:53:09 myprog[15475]: explicit facility local0", 60);
        assertEquals(new Priority(Facility.LOCAL0, Severity.INFO), m.priority());
        assertEquals("explicit facility local0", m.message());
    }

    @Test
    void glibcSendsControlCharactersRawAndTheyAreEscapedAsRsyslogDoes() {
        SyslogMessage m = captured("<28>Nov 27 23:53:09 myprog[15475]: multi\nline\tmsg", 49);
        assertEquals(new Priority(Facility.DAEMON, Severity.WARNING), m.priority());
        assertEquals("multi#012line#011msg", m.message());
    }

    @Test
    void glibcSendsThreeThousandBytesInOneDatagramAndNothingIsCut() {
        String text = "x".repeat(3034 - "<13>Nov 27 23:53:09 myprog[15475]: ".length());
        SyslogMessage m = captured("<13>Nov 27 23:53:09 myprog[15475]: " + text, 3034);
        assertEquals(text, m.message());
        assertFalse(m.has(Flag.TRUNCATED));
    }

    @Test
    void pythonSysLogHandlerSendsNoTimestampNoTagAndATrailingNul() {
        assertEquals(expected(12, null, "vm", null, null, null, StructuredData.EMPTY, "python SysLogHandler msg",
                        Flag.NO_TIMESTAMP, Flag.NO_HOSTNAME),
                captured("<12>python SysLogHandler msg\0", 29));
    }

    @Test
    void perlSysSyslogEndsWithNewlineAndNulBothStripped() {
        assertEquals(expected(142, "2026-11-27T23:53:00Z", "vm", "perlprog", "22702", null, StructuredData.EMPTY,
                        "perl Sys::Syslog msg", Flag.NO_HOSTNAME),
                captured("<142>Nov 27 23:53:00 perlprog[22702]: perl Sys::Syslog msg\n\0", 60));
    }

    @Test
    void muslEndsWithANewlineAndPadsTheDayWithASpace() {
        // From musl 1.2.x's source (spec B1): "<PRI>Mmm dd hh:mm:ss ident[pid]: msg\n", UTC.
        assertEquals(expected(30, "2026-11-05T08:00:01Z", "vm", "crond", "7", null, StructuredData.EMPTY,
                        "started", Flag.NO_HOSTNAME),
                parse("<30>Nov  5 08:00:01 crond[7]: started\n"));
    }

    @Test
    void goLogSyslogUsesAnUnderscorePaddedDayWhichIsASpace() {
        // Go's "Jan _2 15:04:05" pads with a space; its local writer ends with "\n".
        SyslogMessage m = parse("<14>Nov  7 23:53:09 goapp[42]: from go\n");
        assertEquals(OffsetDateTime.parse("2026-11-07T23:53:09Z"), m.timestamp());
        assertEquals(Optional.of("goapp"), m.appName());
        assertEquals("from go", m.message());
    }

    @Test
    void theSpecsFirstDatagramMatchesItsHexDump() {
        byte[] b = bytes("<13>Nov 27 23:52:58 root: x");
        StringBuilder hex = new StringBuilder();
        for (byte x : b) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02x", x));
        }
        assertEquals("3c 31 33 3e 4e 6f 76 20 32 37 20 32 33 3a 35 32 3a 35 38 20 72 6f 6f 74 3a 20 78",
                hex.toString());
        assertTrue(parse(b).has(Flag.NO_HOSTNAME));
    }
}
