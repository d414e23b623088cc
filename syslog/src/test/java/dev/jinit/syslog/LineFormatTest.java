package dev.jinit.syslog;

import static dev.jinit.syslog.Datagrams.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The file line (rsyslog's RSYSLOG_TraditionalFileFormat) and the stdout line, from the clients' datagrams. */
class LineFormatTest {

    private static final TraditionalFormat FILE = new TraditionalFormat(ZoneOffset.UTC);
    private static final StdoutFormat STDOUT = new StdoutFormat();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<27>Nov 27 23:53:09 myprog[15475]: hello 42|Nov 27 23:53:09 vm myprog[15475]: hello 42",
        "<13>Nov 27 23:52:58 root: x|Nov 27 23:52:58 vm root: x",
        "<13>Nov 27 23:52:59 vm root: x|Nov 27 23:52:59 vm root: x",
        "<13>Nov 27 23:52:59 web1 root: x|Nov 27 23:52:59 web1 root: x",
        "<30>Nov  5 08:00:01 CRON[88]: (root) CMD (true)|Nov  5 08:00:01 vm CRON[88]: (root) CMD (true)",
        "<30>Nov 5 08:00:01 cron: unpadded|Nov  5 08:00:01 vm cron: unpadded",
        "<30>Nov 05 08:00:01 cron: zero|Nov  5 08:00:01 vm cron: zero",
        "<12>python SysLogHandler msg|Nov 27 23:53:10 vm python SysLogHandler msg",
        "<13>1 2026-11-27T23:52:58.952273+00:00 vm root - - [timeQuality tzKnown=\"1\"] x|Nov 27 23:52:58 vm root: x",
        "<13>1 2026-11-27T23:52:58+01:00 h app 42 - - converted|Nov 27 22:52:58 h app[42]: converted",
        "`<13>app:  two spaces`|`Nov 27 23:53:10 vm app:  two spaces`",
        "`<13>app: `|`Nov 27 23:53:10 vm app: `",
        "<999>broken|Nov 27 23:53:10 vm <999>broken"})
    void theFileLineIsDebiansTraditionalFormat(String datagram, String line) {
        assertEquals(line, FILE.format(parse(datagram)));
    }

    @Test
    void controlCharactersEscapedOnReceiptStayEscaped() {
        assertEquals("Nov 27 23:53:09 vm myprog[15475]: multi#012line#011msg",
                FILE.format(parse("<28>Nov 27 23:53:09 myprog[15475]: multi\nline\tmsg")));
    }

    @Test
    void fieldsBuiltByCodeAreEscapedToo() {
        SyslogMessage m = new SyslogMessage(Facility.USER, Severity.INFO,
                OffsetDateTime.parse("2026-01-02T03:04:05Z"), "h\nx", Optional.of("a\tb"), Optional.of("1\r"),
                Optional.empty(), StructuredData.EMPTY, "two\nlines\u0085", Set.of());
        assertEquals("Jan  2 03:04:05 h#012x a#011b[1#015]: two#012lines#302#205", FILE.format(m));
        assertEquals("user.info a#011b[1#015]: two#012lines#302#205", STDOUT.format(m));
    }

    @Test
    void aPidWithoutATagIsWrittenInBrackets() {
        SyslogMessage m = new SyslogMessage(Facility.USER, Severity.INFO,
                OffsetDateTime.parse("2026-01-02T03:04:05Z"), "h", Optional.empty(), Optional.of("9"),
                Optional.empty(), StructuredData.EMPTY, "m", Set.of());
        assertEquals("Jan  2 03:04:05 h [9]: m", FILE.format(m));
    }

    @Test
    void theFileLineIsWrittenInTheFormatsZone() {
        SyslogMessage m = parse("<13>1 2026-11-27T23:52:58Z h a - - - x");
        assertEquals("Nov 28 00:52:58 h a: x", new TraditionalFormat(ZoneId.of("Europe/Berlin")).format(m));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<27>Nov 27 23:53:09 myprog[15475]: hello 42|daemon.err myprog[15475]: hello 42",
        "<13>Nov 27 23:52:58 root: x|user.notice root: x",
        "<12>python SysLogHandler msg|user.warning python SysLogHandler msg",
        "<86>Nov 27 23:53:09 sshd[1]: Accepted|authpriv.info sshd[1]: Accepted",
        "<13>1 - h app 42 ID1 [a b=\"c\"] text|user.notice app[42]: text"})
    void theStdoutLineIsPriorityTagAndText(String datagram, String line) {
        assertEquals(line, STDOUT.format(parse(datagram)));
    }

    @Test
    void appendToAddsNoTerminator() {
        StringBuilder sb = new StringBuilder("> ");
        FILE.appendTo(sb, parse("<13>Nov 27 23:52:58 root: x"));
        assertEquals("> Nov 27 23:52:58 vm root: x", sb.toString());
    }
}
