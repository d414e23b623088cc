package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The pure parts of {@link SyslogClient}: splitting and tags. */
class SyslogClientTest {

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(600),
                Arbitraries.strings().withChars("aé€\uD83D\uDE00".toCharArray()).ofMaxLength(300)
                        .filter(s -> !s.contains("\uD83D\uDE00\uDE00")),
                Arbitraries.strings().all().ofMaxLength(300));
    }

    @Property(tries = 500)
    void partsJoinToTheTextAndEachFitsTheLimit(@ForAll("texts") String text,
                                               @ForAll @IntRange(min = 4, max = 200) int max) {
        List<String> parts = SyslogClient.split(text, max);
        assertEquals(text, String.join("", parts));
        for (String p : parts) {
            assertTrue(p.getBytes(StandardCharsets.UTF_8).length <= max, p);
        }
        assertTrue(parts.size() == 1 || parts.stream().noneMatch(String::isEmpty), "no empty part unless alone");
    }

    @Test
    void splitsBetweenCodePointsNeverInsideOne() {
        assertEquals(List.of("abé", "€", "😀"), SyslogClient.split("abé€😀", 4));
        assertEquals(List.of(""), SyslogClient.split("", 64));
    }

    @Test
    void tagsLoseWhatRfc3164DoesNotAllow() {
        assertEquals("CRON", SyslogClient.tagOf("CRON"));
        assertEquals("/etc/cron.d/job_3", SyslogClient.tagOf("/etc/cron.d/job:3"));
        assertEquals("my_job", SyslogClient.tagOf("my job"));
        assertEquals("a_b_", SyslogClient.tagOf("a[b]"));
        assertEquals("-", SyslogClient.tagOf(""));
        assertEquals(32, SyslogClient.tagOf("x".repeat(40)).length());
    }
}
