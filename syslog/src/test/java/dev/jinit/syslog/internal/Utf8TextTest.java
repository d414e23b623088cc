package dev.jinit.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** UTF-8 decoding with escapes, and where a cut may fall. */
class Utf8TextTest {

    @Provide
    Arbitrary<String> plainText() {
        // Any code point that is not a control: what must pass through untouched.
        return Arbitraries.strings().all().ofMaxLength(200).map(s -> {
            StringBuilder sb = new StringBuilder();
            s.codePoints().filter(cp -> !(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
                    && !(cp >= 0xd800 && cp <= 0xdfff)).forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    @Property
    void validUtf8WithoutControlsDecodesToItself(@ForAll("plainText") String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(s, Utf8Text.decode(b, 0, b.length));
        assertEquals(s, Utf8Text.escape(s));
    }

    @Property
    void decodingAgreesWithTheJdkOnWellFormedInputUpToEscapes(@ForAll String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8); // the JDK writes '?' for an unpaired surrogate
        String jdk = new String(b, StandardCharsets.UTF_8);
        assertEquals(Utf8Text.escape(jdk), Utf8Text.decode(b, 0, b.length));
    }

    @Property
    void anyBytesDecodeToOneLineOfWellFormedText(@ForAll byte[] b) {
        String s = Utf8Text.decode(b, 0, b.length);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            assertTrue(!Utf8Text.isControl(c) && !Character.isLowSurrogate(c), s);
            if (Character.isHighSurrogate(c)) {
                assertTrue(Character.isLowSurrogate(s.charAt(++i)), s);
            }
        }
        // Escaping is stable: what decoding gives is not escaped again.
        assertEquals(s, Utf8Text.escape(s));
    }

    @Property
    void aCutKeepsAtMostTheLimitAndNeverSplitsAWellFormedCharacter(@ForAll("plainText") String s,
                                                                  @ForAll @IntRange(min = 1, max = 400) int limit) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int cut = Utf8Text.cutPoint(b, 0, b.length, limit);
        assertTrue(cut <= limit && cut <= b.length);
        assertTrue(cut == b.length || cut > limit - 4, "at most 3 bytes are given up");
        String kept = Utf8Text.decode(b, 0, cut);
        assertTrue(s.startsWith(kept), () -> "kept " + kept + " of " + s);
    }

    @Test
    void everyControlByteHasItsOctalEscape() {
        byte[] b = {0, 7, 8, 9, 10, 13, 27, 31, 127};
        assertEquals("#000#007#010#011#012#015#033#037#177", Utf8Text.decode(b, 0, b.length));
    }

    @Test
    void aCutInsideAFourByteCharacterGoesBeforeIt() {
        byte[] b = "ab\ud83d\ude00c".getBytes(StandardCharsets.UTF_8); // a b F0 9F 98 80 c
        assertEquals(2, Utf8Text.cutPoint(b, 0, b.length, 3));
        assertEquals(2, Utf8Text.cutPoint(b, 0, b.length, 5));
        assertEquals(6, Utf8Text.cutPoint(b, 0, b.length, 6));
        assertEquals(7, Utf8Text.cutPoint(b, 0, b.length, 9));
    }

    @Test
    void aCutInMalformedBytesStaysAtTheLimit() {
        byte[] b = {'a', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 'b'};
        assertEquals(3, Utf8Text.cutPoint(b, 0, b.length, 3));
        byte[] c = {'a', (byte) 0xe2, (byte) 0x82, 'x', 'y'}; // E2 82 then not a continuation
        assertEquals(2, Utf8Text.cutPoint(c, 0, c.length, 2));
    }
}
