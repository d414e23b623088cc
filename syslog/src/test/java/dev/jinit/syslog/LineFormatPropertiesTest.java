package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the message, the formats write one line without a control character. */
class LineFormatPropertiesTest {

    private static final List<LineFormat> FORMATS = List.of(new TraditionalFormat(ZoneOffset.UTC),
            new TraditionalFormat(ZoneId.of("America/St_Johns")), new StdoutFormat());

    /** Messages as code could build them: any text in every field. */
    @Provide
    Arbitrary<SyslogMessage> builtByCode() {
        Arbitrary<OffsetDateTime> time = Arbitraries.longs().between(-2_000_000_000L, 4_102_444_800L)
                .map(s -> Instant.ofEpochSecond(s).atOffset(ZoneOffset.ofHours(Math.floorMod(s, 27) - 12)));
        Arbitrary<String> text = Generators.anyText();
        return Combinators.combine(Arbitraries.of(Facility.class), Arbitraries.of(Severity.class), time, text,
                        text.optional(), text.optional(), text)
                .as((f, s, t, host, app, pid, msg) -> new SyslogMessage(f, s, t, host, app, pid, Optional.empty(),
                        StructuredData.EMPTY, msg, Set.of()));
    }

    @Provide
    Arbitrary<SyslogMessage> parsed() {
        return Generators.datagrams().map(Datagrams::parse);
    }

    private static void assertOneLine(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            assertFalse(c < 0x20 || (c >= 0x7f && c <= 0x9f),
                    () -> "control character in " + line.replaceAll("\\p{Cntrl}", "?"));
        }
    }

    @Property
    void aMessageBuiltByCodeIsWrittenAsOneLine(@ForAll("builtByCode") SyslogMessage m) {
        for (LineFormat f : FORMATS) {
            assertOneLine(f.format(m));
        }
    }

    @Property
    void aParsedMessageIsWrittenAsOneLine(@ForAll("parsed") SyslogMessage m) {
        for (LineFormat f : FORMATS) {
            assertOneLine(f.format(m));
        }
    }

    @Property
    void theFileTimestampIsAlwaysFifteenCharactersAndTheLineGoesOnWithTheHost(
            @ForAll("builtByCode") SyslogMessage m) {
        String line = new TraditionalFormat(ZoneOffset.UTC).format(m);
        assertEquals(' ', line.charAt(15));
        assertEquals(m.timestamp().atZoneSameInstant(ZoneOffset.UTC).getDayOfMonth(),
                Integer.parseInt(line.substring(4, 6).strip()));
    }

    @Property
    void theSlf4jEventHoldsNoControlCharacterEither(@ForAll("builtByCode") SyslogMessage m) {
        Slf4jEvent e = Slf4jMapping.ofDefaults().map(m);
        assertOneLine(e.loggerName());
        assertOneLine(e.message());
        e.keyValues().forEach(kv -> {
            assertOneLine(kv.key());
            assertOneLine(kv.value());
        });
    }
}
