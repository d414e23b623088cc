package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jinit.syslog.SyslogMessage.Flag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import dev.jinit.syslog.internal.Utf8Text;

/** Laws of the parser: total on any bytes, one line out, the limit, and what clients send reads back exactly. */
class SyslogParserPropertiesTest {

    @Provide
    Arbitrary<byte[]> datagrams() {
        return Generators.datagrams();
    }

    @Property
    void anyBytesGiveExactlyOneMessageWithoutAnException(@ForAll("datagrams") byte[] d) {
        assertNotNull(Datagrams.parse(d));
    }

    @Property
    void everyTextFieldOfAParsedMessageIsOneValidLine(@ForAll("datagrams") byte[] d) {
        SyslogMessage m = Datagrams.parse(d);
        List<String> fields = new ArrayList<>(List.of(m.hostname(), m.message()));
        m.appName().ifPresent(fields::add);
        m.procId().ifPresent(fields::add);
        m.msgId().ifPresent(fields::add);
        for (StructuredData.Element e : m.structuredData().elements()) {
            fields.add(e.id());
            for (StructuredData.Param p : e.params()) {
                fields.add(p.name());
                fields.add(p.value());
            }
        }
        for (String f : fields) {
            assertFalse(Datagrams.breaksALine(f), () -> "field " + f);
        }
        // The generators must reach every path, not just the unparsed one.
        Statistics.label("path").collect(m.has(Flag.UNPARSED) ? "unparsed" : m.has(Flag.RFC5424) ? "rfc5424"
                : "rfc3164").coverage(c -> {
                    c.check("unparsed").count(n -> n > 0);
                    c.check("rfc5424").count(n -> n > 0);
                    c.check("rfc3164").count(n -> n > 0);
                });
        Statistics.label("structured data").collect(!m.structuredData().isEmpty())
                .coverage(c -> c.check(true).count(n -> n > 0));
        Statistics.label("tag").collect(m.appName().isPresent() && !m.has(Flag.RFC5424))
                .coverage(c -> c.check(true).count(n -> n > 0));
        Statistics.label("hostname sent").collect(!m.has(Flag.NO_HOSTNAME))
                .coverage(c -> c.check(true).count(n -> n > 0));
    }

    @Property
    void truncatedIsMarkedExactlyWhenLongerThanTheLimitAfterTheTrailer(
            @ForAll("datagrams") byte[] d, @ForAll @IntRange(min = 480, max = 20_000) int limit) {
        SyslogParser parser = SyslogParser.of(ParserConfig.builder("vm").zone(ZoneOffset.UTC)
                .maxMessageBytes(limit).build());
        int stripped = d.length;
        while (stripped > 0 && (d[stripped - 1] == 0 || d[stripped - 1] == '\n' || d[stripped - 1] == '\r')) {
            stripped--;
        }
        boolean truncated = parser.parse(d, d.length, Datagrams.RECEIVED).has(Flag.TRUNCATED);
        assertEquals(stripped > limit, truncated);
        Statistics.label("truncated").collect(truncated)
                .coverage(c -> c.check(true).percentage(p -> p > 3));
    }

    @Property
    void aCutMessageKeepsAtMostTheLimitInBytes(@ForAll @IntRange(min = 480, max = 9000) int limit,
                                               @ForAll("datagrams") byte[] d) {
        // Printable ASCII in, so escaping cannot lengthen what was kept.
        byte[] ascii = d.clone();
        for (int i = 0; i < ascii.length; i++) {
            ascii[i] = (byte) (' ' + Math.floorMod(ascii[i], 95));
        }
        SyslogParser parser = SyslogParser.of(ParserConfig.builder("vm").zone(ZoneOffset.UTC)
                .maxMessageBytes(limit).build());
        SyslogMessage m = parser.parse(ascii, ascii.length, Datagrams.RECEIVED);
        assertEquals(m.has(Flag.TRUNCATED), ascii.length > limit);
        assertFalse(m.message().getBytes(StandardCharsets.UTF_8).length > limit);
    }

    @Property
    void garbageNeverDisturbsTheNextMessage(@ForAll("datagrams") byte[] garbage) {
        byte[] next = Datagrams.bytes("<27>Nov 27 23:53:09 myprog[15475]: hello 42");
        SyslogMessage alone = Datagrams.parse(next);
        Datagrams.parse(garbage);
        assertEquals(alone, Datagrams.parse(next));
    }

    // --- what glibc sends reads back ---------------------------------------------------------------------------

    record Sent(Priority priority, OffsetDateTime time, String ident, Optional<Integer> pid, String text) {
    }

    @Provide
    Arbitrary<Sent> glibcMessages() {
        Arbitrary<Priority> pri = Arbitraries.integers().between(0, 191).map(Priority::decode);
        Arbitrary<OffsetDateTime> time = Arbitraries.integers().between(-180 * 86400, 180 * 86400)
                .map(s -> Datagrams.RECEIVED.plusSeconds(s).atOffset(ZoneOffset.UTC));
        Arbitrary<String> ident = Generators.printableAscii(48, ":[]");
        Arbitrary<Optional<Integer>> pid = Arbitraries.integers().between(1, 4_194_304).optional();
        return Combinators.combine(pri, time, ident, pid, Generators.encodableText(2000)).as(Sent::new);
    }

    /** The bytes of glibc's {@code syslog(3)}: {@code <PRI>Mmm dd hh:mm:ss ident[pid]: text}, day space-padded. */
    private static byte[] asGlibcSends(Sent s) {
        String header = "<" + s.priority().encode() + ">"
                + DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US).format(s.time()) + " " + s.ident()
                + s.pid().map(p -> "[" + p + "]").orElse("") + ": ";
        return (header + s.text()).getBytes(StandardCharsets.UTF_8);
    }

    private static String strippedAndEscaped(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == 0 || text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return Utf8Text.escape(text.substring(0, end));
    }

    @Property
    void whatGlibcSendsReadsBackFieldForField(@ForAll("glibcMessages") Sent s) {
        SyslogMessage m = Datagrams.parse(asGlibcSends(s));
        assertEquals(new SyslogMessage(s.priority().facility(), s.priority().severity(), s.time(), "vm",
                Optional.of(s.ident()), s.pid().map(String::valueOf), Optional.empty(), StructuredData.EMPTY,
                strippedAndEscaped(s.text()), EnumSet.of(Flag.NO_HOSTNAME)), m);
    }

    // --- what logger --rfc5424 sends reads back ------------------------------------------------------------------

    /** MSG, with or without the BOM logger may put in front. */
    record Body(boolean bom, String text) {
    }

    record Sent5424(Priority priority, OffsetDateTime time, String host, String app, Optional<String> procId,
                    Optional<String> msgId, StructuredData sd, Body body) {
    }

    @Provide
    Arbitrary<Sent5424> rfc5424Messages() {
        Arbitrary<Priority> pri = Arbitraries.integers().between(0, 191).map(Priority::decode);
        Arbitrary<OffsetDateTime> time = Combinators.combine(
                Arbitraries.longs().between(0, 4_102_444_800L), Arbitraries.integers().between(0, 999_999),
                Arbitraries.integers().between(-18 * 60, 18 * 60))
                .as((sec, micros, offMin) -> Instant.ofEpochSecond(sec, micros * 1000L)
                        .atOffset(ZoneOffset.ofTotalSeconds(offMin * 60)));
        Arbitrary<String> host = Generators.printableAscii(255, "").filter(h -> !h.equals("-"));
        Arbitrary<String> app = Generators.printableAscii(48, "").filter(h -> !h.equals("-"));
        Arbitrary<Optional<String>> procId = Generators.printableAscii(128, "").filter(h -> !h.equals("-"))
                .optional();
        Arbitrary<Optional<String>> msgId = Generators.printableAscii(32, "").filter(h -> !h.equals("-"))
                .optional();
        // Values as the parser gives them back: control characters escaped.
        Arbitrary<StructuredData.Param> param = Combinators.combine(Generators.printableAscii(32, "=]\""),
                Generators.encodableText(20).map(Utf8Text::escape)).as(StructuredData.Param::new);
        Arbitrary<StructuredData.Element> element = Combinators.combine(Generators.printableAscii(32, "=]\""),
                param.list().ofMaxSize(4)).as(StructuredData.Element::new);
        Arbitrary<StructuredData> sd = element.list().ofMaxSize(3).map(StructuredData::new);
        Arbitrary<Body> body = Combinators.combine(Arbitraries.of(true, false), Generators.encodableText(500))
                .as(Body::new);
        return Combinators.combine(pri, time, host, app, procId, msgId, sd, body).as(Sent5424::new);
    }

    private static byte[] asLoggerSends(Sent5424 s) {
        String header = "<" + s.priority().encode() + ">1 "
                + DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.US).format(s.time()) + " "
                + s.host() + " " + s.app() + " " + s.procId().orElse("-") + " " + s.msgId().orElse("-") + " "
                + s.sd() + " " + (s.body().bom() ? "\ufeff" : "");
        return (header + s.body().text()).getBytes(StandardCharsets.UTF_8);
    }

    @Property
    void whatLoggerRfc5424SendsReadsBackFieldForField(@ForAll("rfc5424Messages") Sent5424 s) {
        SyslogMessage m = Datagrams.parse(asLoggerSends(s));
        String text = strippedAndEscaped(s.body().text());
        if (!s.body().bom() && s.body().text().startsWith("\ufeff")) {
            text = text.substring(1); // a BOM the text began with is one the parser takes away
        }
        assertEquals(new SyslogMessage(s.priority().facility(), s.priority().severity(), s.time(), s.host(),
                Optional.of(s.app()), s.procId(), s.msgId(), s.sd(), text, Set.of(Flag.RFC5424)), m);
    }

    @Property
    void aBigEnoughDatagramIsNeverTruncatedByTheDefaultLimit(@ForAll @LongRange(min = 0, max = 8192) long n) {
        byte[] d = Datagrams.bytes("<13>" + "a".repeat((int) Math.max(0, n - 4)));
        assertEquals(d.length > 8192, Datagrams.parse(d).has(Flag.TRUNCATED));
    }
}
