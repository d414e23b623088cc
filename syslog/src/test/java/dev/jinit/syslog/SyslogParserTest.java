package dev.jinit.syslog;

import static dev.jinit.syslog.Datagrams.RECEIVED;
import static dev.jinit.syslog.Datagrams.bytes;
import static dev.jinit.syslog.Datagrams.parse;
import static dev.jinit.syslog.Datagrams.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.syslog.StructuredData.Element;
import dev.jinit.syslog.StructuredData.Param;
import dev.jinit.syslog.SyslogMessage.Flag;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parse rules one by one, and the odd input of the spec's table B6. */
class SyslogParserTest {

    private static final OffsetDateTime RECEIVE_TIME = OffsetDateTime.parse("2026-11-27T23:53:10Z");

    // --- PRI -------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} is kept whole as user.notice")
    @ValueSource(strings = {"M01 no pri at all", "<999>x", "<192>x", "<>x", "<1234>x", "<13", "<13x>y", "13>x",
        "<-1>x", "<", ""})
    void aDatagramWithoutAValidPriIsKeptWholeAsUserNotice(String datagram) {
        SyslogMessage m = parse(datagram);
        assertEquals(Priority.DEFAULT, m.priority());
        assertEquals(datagram, m.message());
        assertTrue(m.has(Flag.UNPARSED));
        assertEquals(RECEIVE_TIME, m.timestamp());
        assertEquals("vm", m.hostname());
        assertEquals(Optional.empty(), m.appName());
    }

    @ParameterizedTest(name = "<{0}> is {1}.{2}")
    @CsvSource({"0, KERN, EMERG", "13, USER, NOTICE", "013, USER, NOTICE", "191, LOCAL7, DEBUG", "7, KERN, DEBUG",
        "8, USER, EMERG", "99, NTP, ERR"})
    void aPriOfOneToThreeDigitsUpTo191IsFacilityTimesEightPlusSeverity(String digits, Facility f, Severity s) {
        SyslogMessage m = parse("<" + digits + ">text");
        assertEquals(new Priority(f, s), m.priority());
        assertEquals("text", m.message());
        assertFalse(m.has(Flag.UNPARSED));
    }

    @Test
    void aPriAloneIsAnEmptyMessage() {
        SyslogMessage m = parse("<13>");
        assertEquals("", m.message());
        assertFalse(m.has(Flag.UNPARSED));
        assertTrue(m.has(Flag.NO_TIMESTAMP));
    }

    // --- trailers, escapes, UTF-8 ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "trailer {index}")
    @ValueSource(strings = {"<13>x: m\n", "<13>x: m\0", "<13>x: m\n\0", "<13>x: m\r\n", "<13>x: m\0\0\n\n"})
    void trailingNulLfAndCrAreStripped(String datagram) {
        assertEquals("m", parse(datagram).message());
    }

    @Test
    void controlCharactersInsideAreEscapedAsThreeOctalDigits() {
        assertEquals("a#000b#012c#011d#033e#177f#015g", parse("<13>a\0b\nc\td\u001be\u007ff\rg").message());
    }

    @Test
    void aC1ControlIsEscapedByItsTwoUtf8BytesSoATerminalCannotActOnIt() {
        assertEquals("csi #302#233 here", Datagrams.parse(utf8("<13>csi \u009b here")).message());
    }

    @Test
    void bytesThatAreNotUtf8AreEscapedOneByOneAndValidUtf8IsKept() {
        byte[] d = Datagrams.bytes("<13>bad \u00ff\u00fe ok \u00c3\u00a9 cut \u00e2\u0082 end");
        assertEquals("bad #377#376 ok \u00e9 cut #342#202 end", parse(d).message());
    }

    @Test
    void overlongAndSurrogateEncodingsAreNotUtf8() {
        // C0 AF is an overlong '/', ED A0 80 an encoded surrogate.
        assertEquals("#300#257 #355#240#200", parse("<13>\u00c0\u00af \u00ed\u00a0\u0080").message());
    }

    @Test
    void aByteOrderMarkInRfc3164IsKeptAsText() {
        assertEquals("\ufeffhi", Datagrams.parse(utf8("<13>\ufeffhi")).message());
    }

    // --- the limit ------------------------------------------------------------------------------------------------

    @Test
    void aMessageOfExactlyTheLimitIsNotCut() {
        String d = "<13>" + "a".repeat(ParserConfig.DEFAULT_MAX_MESSAGE_BYTES - 4);
        SyslogMessage m = parse(d);
        assertFalse(m.has(Flag.TRUNCATED));
        assertEquals(d.length() - 4, m.message().length());
    }

    @Test
    void aMessageOneByteOverTheLimitIsCutToItAndMarked() {
        String d = "<13>" + "a".repeat(ParserConfig.DEFAULT_MAX_MESSAGE_BYTES - 3);
        SyslogMessage m = parse(d);
        assertTrue(m.has(Flag.TRUNCATED));
        assertEquals(ParserConfig.DEFAULT_MAX_MESSAGE_BYTES - 4, m.message().length());
    }

    @Test
    void theTrailerDoesNotCountTowardsTheLimit() {
        String d = "<13>" + "a".repeat(ParserConfig.DEFAULT_MAX_MESSAGE_BYTES - 4) + "\n\0";
        assertFalse(parse(d).has(Flag.TRUNCATED));
    }

    @Test
    void aHundredKilobyteMessageIsCutToTheLimit() {
        SyslogMessage m = parse("<13>Nov 27 23:53:09 big: " + "z".repeat(100_000));
        assertTrue(m.has(Flag.TRUNCATED));
        assertEquals(Optional.of("big"), m.appName());
        assertEquals(ParserConfig.DEFAULT_MAX_MESSAGE_BYTES - "<13>Nov 27 23:53:09 big: ".length(),
                m.message().length());
    }

    @Test
    void theCutFallsBeforeAUtf8CharacterRatherThanInsideIt() {
        // 479 ASCII bytes then "é" (2 bytes) across the 480-byte limit: the é goes, whole.
        SyslogParser small = SyslogParser.of(ParserConfig.builder("vm").zone(ZoneId.of("UTC"))
                .maxMessageBytes(480).build());
        byte[] d = utf8("<13>" + "a".repeat(475) + "\u00e9tail");
        SyslogMessage m = small.parse(d, d.length, RECEIVED);
        assertTrue(m.has(Flag.TRUNCATED));
        assertEquals("a".repeat(475), m.message());
    }

    @Test
    void theLimitCanBeRaisedAndIsCheckedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> ParserConfig.builder("vm").maxMessageBytes(479).build());
        assertThrows(IllegalArgumentException.class,
                () -> ParserConfig.builder("vm").maxMessageBytes(ParserConfig.MAX_MAX_MESSAGE_BYTES + 1).build());
        SyslogParser big = SyslogParser.of(ParserConfig.builder("vm").maxMessageBytes(65536).build());
        byte[] d = bytes("<13>" + "q".repeat(60_000));
        assertFalse(big.parse(d, d.length, RECEIVED).has(Flag.TRUNCATED));
    }

    @Test
    void aLocalHostWithASpaceIsRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParserConfig.builder("my host").build());
        assertTrue(e.getMessage().contains("parserConfig.localHost"), e.getMessage());
    }

    @Test
    void onlyTheGivenLengthOfTheBufferIsRead() {
        byte[] buffer = bytes("<13>tag: one<13>tag: two");
        assertEquals("one", Datagrams.PARSER.parse(buffer, 12, RECEIVED).message());
        assertEquals("two", Datagrams.PARSER.parse(buffer, 12, 12, RECEIVED).message());
    }

    // --- RFC 3164 timestamps --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "Nov  7 01:02:03|2026-11-07T01:02:03Z",
        "Nov 7 01:02:03|2026-11-07T01:02:03Z",
        "Nov 07 01:02:03|2026-11-07T01:02:03Z",
        "nov 27 23:53:09|2026-11-27T23:53:09Z",
        "Nov 27 23:53:09|2026-11-27T23:53:09Z",
        "Jan  1 00:00:00|2027-01-01T00:00:00Z",
        "Dec 31 23:59:59|2026-12-31T23:59:59Z"})
    void anRfc3164TimestampIsReadWithSpaceUnpaddedOrZeroPaddedDays(String ts, String expected) {
        SyslogMessage m = parse("<13>" + ts + " t: m");
        assertEquals(OffsetDateTime.parse(expected), m.timestamp());
        assertEquals(Optional.of("t"), m.appName());
        assertEquals("m", m.message());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"Nox 27 23:53:09 t: m", "Nov 32 23:53:09 t: m", "Nov 27 24:00:00 t: m",
        "Nov 27 23:60:00 t: m", "Nov 27 23:53:60 t: m", "Nov 27 23:53:09.123 t: m", "Nov 27 2026 23:53:09 t: m",
        "Feb 31 10:00:00 t: m", "Nov  0 10:00:00 t: m"})
    void somethingThatIsNotQuiteATimestampStaysInTheMessage(String rest) {
        SyslogMessage m = parse("<13>" + rest);
        assertTrue(m.has(Flag.NO_TIMESTAMP));
        assertEquals(RECEIVE_TIME, m.timestamp());
        assertEquals(rest, m.message());
    }

    @Test
    void anRfc3339TimestampInTheRfc3164PlaceIsRead() {
        SyslogMessage m = parse("<13>2026-11-27T23:52:59.5+01:00 host5 app: rfc3339 timestamp");
        assertEquals(OffsetDateTime.parse("2026-11-27T23:52:59.5+01:00"), m.timestamp());
        assertEquals("host5", m.hostname());
        assertEquals(Optional.of("app"), m.appName());
        assertEquals("rfc3339 timestamp", m.message());
    }

    @Test
    void anRfc3164TimestampIsReadInTheConfiguredZone() {
        SyslogParser berlin = SyslogParser.of(ParserConfig.builder("vm").zone(ZoneId.of("Europe/Berlin")).build());
        byte[] d = bytes("<13>Jul  1 12:00:00 t: m");
        assertEquals(OffsetDateTime.parse("2026-07-01T12:00:00+02:00"), berlin.parse(d, d.length, RECEIVED)
                .timestamp());
    }

    @Test
    void aTimestampAloneIsAnEmptyMessage() {
        SyslogMessage m = parse("<13>Nov 27 23:53:09");
        assertFalse(m.has(Flag.NO_TIMESTAMP));
        assertEquals("", m.message());
    }

    // --- hostname -------------------------------------------------------------------------------------------------

    @Test
    void aWordBeforeATagIsTheHostname() {
        SyslogMessage m = parse("<13>Nov 27 23:52:59 web-1.example.org sshd[9]: accepted");
        assertEquals("web-1.example.org", m.hostname());
        assertFalse(m.has(Flag.NO_HOSTNAME));
        assertEquals(Optional.of("sshd"), m.appName());
        assertEquals(Optional.of("9"), m.procId());
    }

    @Test
    void anIpv6AddressCanBeTheHostname() {
        assertEquals("fe80::1%eth0", parse("<13>Nov 27 23:52:59 fe80::1%eth0 app: x").hostname());
    }

    @Test
    void withoutATimestampTheFirstWordIsNeverTheHostname() {
        SyslogMessage m = parse("<13>vm root: x");
        assertEquals("vm", m.hostname());
        assertTrue(m.has(Flag.NO_HOSTNAME));
        assertEquals(Optional.empty(), m.appName());
        assertEquals("vm root: x", m.message());
    }

    @Test
    void aWordNotFollowedByATagIsText() {
        SyslogMessage m = parse("<13>Nov 27 23:52:59 just some words");
        assertTrue(m.has(Flag.NO_HOSTNAME));
        assertEquals(Optional.empty(), m.appName());
        assertEquals("just some words", m.message());
    }

    // --- tags -----------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "postfix/smtpd[1234]: connect|postfix/smtpd|1234|connect",
        "CRON[88]: (root) CMD (true)|CRON|88|(root) CMD (true)",
        "kernel: oops|kernel||oops",
        "app:|app||",
        "app[abc-1]:no space|app|abc-1|no space",
        "'app:  two spaces'|app||' two spaces'",
        "app[7]: |app|7|"})
    void aTagIsNameThenOptionalPidThenColon(String rest, String app, String pid, String text) {
        SyslogMessage m = parse("<13>Nov 27 23:52:59 " + rest);
        assertEquals(Optional.of(app), m.appName());
        assertEquals(Optional.ofNullable(pid), m.procId());
        assertEquals(text == null ? "" : text, m.message());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"http://example.org is down", "no tag here", "a[1] b: c", "[123]: no name",
        "app[]: empty pid", "app[1: unclosed", "tag\u00e9: not ascii"})
    void whatDoesNotLookLikeATagStaysInTheMessage(String rest) {
        SyslogMessage m = Datagrams.parse(utf8("<13>" + rest));
        assertEquals(Optional.empty(), m.appName());
        assertEquals(Optional.empty(), m.procId());
        assertEquals(rest, m.message());
    }

    @Test
    void aTagIsAtMost48CharactersLikeAnRfc5424AppName() {
        String name48 = "t".repeat(48);
        assertEquals(Optional.of(name48), parse("<13>" + name48 + ": m").appName());
        assertEquals(Optional.empty(), parse("<13>" + name48 + "t: m").appName());
    }

    @Test
    void aTagWithoutTimestampIsStillATag() {
        SyslogMessage m = parse("<12>myapp: from python with a formatter\0");
        assertEquals(Optional.of("myapp"), m.appName());
        assertEquals("from python with a formatter", m.message());
        assertTrue(m.has(Flag.NO_TIMESTAMP));
    }

    // --- RFC 5424 -------------------------------------------------------------------------------------------------

    @Test
    void rfc5424NilValuesLeaveFieldsEmpty() {
        SyslogMessage m = parse("<165>1 - - - - - -");
        assertEquals(new Priority(Facility.LOCAL4, Severity.NOTICE), m.priority());
        assertTrue(m.has(Flag.RFC5424));
        assertTrue(m.has(Flag.NO_TIMESTAMP));
        assertTrue(m.has(Flag.NO_HOSTNAME));
        assertEquals(Optional.empty(), m.appName());
        assertEquals(Optional.empty(), m.procId());
        assertEquals(Optional.empty(), m.msgId());
        assertEquals("", m.message());
    }

    @Test
    void rfc5424ExampleOneOfTheRfcIsRead() {
        // RFC 5424 6.5 example 1, with the BOM before MSG.
        byte[] d = utf8("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \ufeff'su root' failed "
                + "for lonvick on /dev/pts/8");
        SyslogMessage m = Datagrams.parse(d);
        assertEquals(new Priority(Facility.AUTH, Severity.CRIT), m.priority());
        assertEquals(OffsetDateTime.parse("2003-10-11T22:14:15.003Z"), m.timestamp());
        assertEquals("mymachine.example.com", m.hostname());
        assertEquals(Optional.of("su"), m.appName());
        assertEquals(Optional.empty(), m.procId());
        assertEquals(Optional.of("ID47"), m.msgId());
        assertEquals("'su root' failed for lonvick on /dev/pts/8", m.message());
    }

    @Test
    void rfc5424ParamValuesUnescapeQuoteBackslashAndBracketOnly() {
        SyslogMessage m = parse("<13>1 - h a 1 m [x@1 a=\"q\\\"b\\\\s\\]e\\n\" b=\"raw]ok\"] t");
        Element e = m.structuredData().elements().get(0);
        assertEquals(java.util.List.of(new Param("a", "q\"b\\s]e\\n"), new Param("b", "raw]ok")), e.params());
        assertEquals(Optional.of("1"), m.procId());
        assertEquals("t", m.message());
    }

    @Test
    void rfc5424RepeatedParamNamesAreAllKept() {
        SyslogMessage m = parse("<13>1 - h a - - [meta ip=\"10.0.0.1\" ip=\"10.0.0.2\"]");
        assertEquals(java.util.List.of("10.0.0.1", "10.0.0.2"), m.structuredData().elements().get(0).values("ip"));
        assertEquals("", m.message());
    }

    @Test
    void rfc5424StructuredDataPrintsBackToWhatWasSent() {
        String sd = "[timeQuality tzKnown=\"1\" isSynced=\"0\"][zoo@123 tiger=\"hun\\\"gry\\]\"]";
        assertEquals(sd, parse("<13>1 - h a - - " + sd + " x").structuredData().toString());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "1 2026-11-27T23:52:58 vm root - - - no zone",
        "1 2026-02-30T23:52:58Z vm root - - - no such day",
        "1 2026-11-27T23:52:60Z vm root - - - leap second",
        "1 2026-11-27T23:52:58Z vm root - - [unterminated x=\"y\"",
        "1 2026-11-27T23:52:58Z vm root - - [a b=c] unquoted",
        "1 2026-11-27T23:52:58Z vm root - - [] empty id",
        "1 2026-11-27T23:52:58Z vm root - - x no sd",
        "1 2026-11-27T23:52:58Z vm root - -",
        "1 2026-11-27T23:52:58Z vm  root - - - two spaces",
        "1 - vm aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa - - - app name of 49",
        "1 - vm app - aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa - msgid of 33",
        "1 - vm app - - [a=b] bad id",
        "2 - vm app - - - version 2"})
    void aMalformedRfc5424MessageIsKeptAsTextAfterThePri(String rest) {
        SyslogMessage m = parse("<13>" + rest);
        assertFalse(m.has(Flag.RFC5424));
        assertFalse(m.has(Flag.UNPARSED));
        assertEquals(Priority.DEFAULT, m.priority());
        assertEquals(rest, m.message());
    }

    @Test
    void rfc5424OffsetsAreKept() {
        assertEquals(OffsetDateTime.parse("2026-11-27T23:52:58-05:30"),
                parse("<13>1 2026-11-27T23:52:58-05:30 h a - - - x").timestamp());
    }

    @Test
    void anRfc5424LookalikeOfTheSpecsTableB6IsReadAsRfc5424() {
        SyslogMessage m = parse("<13>1 2026-11-27T23:52:59.5+01:00 host5424 app 123 ID47 - M07 rfc5424");
        assertTrue(m.has(Flag.RFC5424));
        assertEquals("host5424", m.hostname());
        assertEquals(Optional.of("123"), m.procId());
        assertEquals("M07 rfc5424", m.message());
    }
}
