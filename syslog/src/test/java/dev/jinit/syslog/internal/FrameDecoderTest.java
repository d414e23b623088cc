package dev.jinit.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Stream framing: what each real client sends on a stream socket, and properties over any bytes and any splits. */
class FrameDecoderTest {
    private static final int LIMIT = 64;

    /** A decoded frame: its text (ISO-8859-1, byte for byte) and whether it was cut. */
    record Frame(String text, boolean cut) {
        static Frame of(String text) {
            return new Frame(text, false);
        }
    }

    /** Feeds the pieces one by one, then ends the stream; returns the frames and whether one was lost. */
    private static List<Frame> decode(int limit, List<byte[]> pieces, boolean[] lost) throws InterruptedException {
        FrameDecoder d = new FrameDecoder(limit);
        List<Frame> out = new ArrayList<>();
        FrameDecoder.Frames sink = (data, length, cut) ->
                out.add(new Frame(new String(data, 0, length, StandardCharsets.ISO_8859_1), cut));
        for (byte[] p : pieces) {
            // in the middle of a larger array, to check offsets are honoured
            byte[] padded = new byte[p.length + 6];
            Arrays.fill(padded, (byte) '\n');
            System.arraycopy(p, 0, padded, 3, p.length);
            d.feed(padded, 3, p.length, sink);
        }
        boolean l = d.finish(sink);
        if (lost != null) {
            lost[0] = l;
        }
        return out;
    }

    private static List<Frame> decode(String stream) throws InterruptedException {
        return decode(LIMIT, List.of(stream.getBytes(StandardCharsets.ISO_8859_1)), null);
    }

    @Test
    void whatEachClientSendsOnAStreamSocket() throws InterruptedException {
        // glibc and Python: NUL after each message (glibc sent two in one read, spec B2)
        assertEquals(List.of(Frame.of("<27>Nov 27 23:53:09 myprog[1]: a"), Frame.of("<27>Nov 27 23:53:09 myprog[1]: b")),
                decode("<27>Nov 27 23:53:09 myprog[1]: a\0<27>Nov 27 23:53:09 myprog[1]: b\0"));
        // logger and Go: LF; Perl: LF then NUL
        assertEquals(List.of(Frame.of("<13>x"), Frame.of("<13>y")), decode("<13>x\n<13>y\n"));
        assertEquals(List.of(Frame.of("<142>p"), Frame.of("<142>q")), decode("<142>p\n\0<142>q\n\0"));
        // logger --octet-count: RFC 6587, an LF inside the message stays
        assertEquals(List.of(Frame.of("<13>a\nb"), Frame.of("<13>c")), decode("7 <13>a\nb5 <13>c"));
        // CRLF: the CR stays (the parser strips it as a trailer)
        assertEquals(List.of(Frame.of("<13>w\r")), decode("<13>w\r\n"));
    }

    @Test
    void framingIsDecidedPerFrameAndDigitsWithoutASpaceAreText() throws InterruptedException {
        assertEquals(List.of(Frame.of("<1>a"), Frame.of("<2>b"), Frame.of("<3>c")), decode("4 <1>a<2>b\n4 <3>c"));
        assertEquals(List.of(Frame.of("123abc"), Frame.of("12")), decode("123abc\n12\n"));
        // ten digits are not a count (at most nine)
        assertEquals(List.of(Frame.of("1234567890 x")), decode("1234567890 x\n"));
        // a zero first is not a count either
        assertEquals(List.of(Frame.of("0 x")), decode("0 x\n"));
    }

    @Test
    void emptyFramesAreSkipped() throws InterruptedException {
        assertEquals(List.of(Frame.of("<13>a")), decode("\n\0\r\n<13>a\0\0\n"));
        assertEquals(List.of(), decode("\n\n\0"));
    }

    @Test
    void longFramesAreCutAndMarkedAndTheNextIsIntact() throws InterruptedException {
        String big = "x".repeat(100);
        assertEquals(List.of(new Frame(big.substring(0, LIMIT), true), Frame.of("<13>next")),
                decode(big + "\n<13>next\n"));
        assertEquals(List.of(new Frame(big.substring(0, LIMIT), true), Frame.of("<13>next")),
                decode("100 " + big + "8 <13>next"));
        assertEquals(List.of(new Frame("x".repeat(LIMIT), false)), decode(LIMIT + " " + "x".repeat(LIMIT)));
    }

    @Test
    void atTheEndAnUnterminatedTextFrameIsDeliveredAndAPartialCountedOneIsLost() throws InterruptedException {
        boolean[] lost = new boolean[1];
        assertEquals(List.of(Frame.of("<13>a"), Frame.of("<13>b")),
                decode(LIMIT, List.of("<13>a\n<13>b".getBytes(StandardCharsets.ISO_8859_1)), lost));
        assertFalse(lost[0]);
        assertEquals(List.of(Frame.of("<13>a")),
                decode(LIMIT, List.of("5 <13>a10 <13>".getBytes(StandardCharsets.ISO_8859_1)), lost));
        assertTrue(lost[0]);
        // a bare count at the end is the text it looks like
        assertEquals(List.of(Frame.of("42")), decode(LIMIT, List.of("42".getBytes(StandardCharsets.ISO_8859_1)), lost));
        assertFalse(lost[0]);
    }

    @Test
    void theLimitMustHoldACount() {
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(15));
    }

    // ---- properties

    /** One message and how it is framed: octet-counted, or ended by LF or NUL. */
    record Framed(byte[] message, int framing) {
        byte[] encode() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (framing == 0) {
                b.writeBytes((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                b.writeBytes(message);
            } else {
                b.writeBytes(message);
                b.write(framing == 1 ? '\n' : 0);
            }
            return b.toByteArray();
        }

        /** What a decoder must give for it. */
        Frame expected(int limit) {
            int n = Math.min(message.length, limit);
            return new Frame(new String(message, 0, n, StandardCharsets.ISO_8859_1), message.length > limit);
        }
    }

    @Provide
    Arbitrary<Framed> framed() {
        // Octet-counted: any bytes, 1 to 200 of them (the limit is 64, so many are cut).
        Arbitrary<Framed> counted = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200)
                .map(b -> new Framed(b, 0));
        // Terminated: a first byte that is neither a digit nor a terminator (as every syslog message starts with
        // '<'), then anything but LF and NUL.
        Arbitrary<byte[]> text = Combinators.combine(
                Arbitraries.bytes().filter(c -> c != '\n' && c != 0 && c != '\r' && (c < '0' || c > '9')),
                Arbitraries.bytes().filter(c -> c != '\n' && c != 0).array(byte[].class).ofMaxSize(200))
                .as((first, rest) -> {
                    byte[] b = new byte[rest.length + 1];
                    b[0] = first;
                    System.arraycopy(rest, 0, b, 1, rest.length);
                    return b;
                });
        Arbitrary<Framed> terminated = Combinators.combine(text, Arbitraries.integers().between(1, 2))
                .as(Framed::new);
        return Arbitraries.oneOf(counted, terminated);
    }

    private static byte[] concat(List<Framed> messages) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        messages.forEach(m -> b.writeBytes(m.encode()));
        return b.toByteArray();
    }

    /** Splits {@code all} at the given cut points (any, repeated, out of order). */
    private static List<byte[]> split(byte[] all, List<Integer> cuts) {
        List<Integer> at = new ArrayList<>();
        for (int c : cuts) {
            at.add(all.length == 0 ? 0 : Math.floorMod(c, all.length + 1));
        }
        at.add(0);
        at.add(all.length);
        at.sort(null);
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 1; i < at.size(); i++) {
            pieces.add(Arrays.copyOfRange(all, at.get(i - 1), at.get(i)));
        }
        return pieces;
    }

    @Property(tries = 1000)
    void messagesFramedEitherWayComeBackInOrderCutAtTheLimitWhateverTheSplits(
            @ForAll @Size(max = 12) List<@From("framed") Framed> messages,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 100_000) Integer> cuts) throws InterruptedException {
        byte[] all = concat(messages);
        boolean[] lost = new boolean[1];
        List<Frame> got = decode(LIMIT, split(all, cuts), lost);
        assertEquals(messages.stream().map(m -> m.expected(LIMIT)).toList(), got);
        assertFalse(lost[0]);
        Statistics.label("framing").collect(messages.stream().map(Framed::framing).distinct().count() > 1
                ? "mixed" : "one kind");
        Statistics.label("cut").collect(got.stream().anyMatch(Frame::cut));
    }

    @Property(tries = 1000)
    void anyBytesGiveTheSameFramesWhateverTheSplitsAndNeverMoreThanTheLimit(
            @ForAll @Size(max = 600) byte[] stream,
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 100_000) Integer> cuts) throws InterruptedException {
        boolean[] wholeLost = new boolean[1];
        boolean[] splitLost = new boolean[1];
        List<Frame> whole = decode(LIMIT, List.of(stream), wholeLost);
        List<Frame> pieces = decode(LIMIT, split(stream, cuts), splitLost);
        assertEquals(whole, pieces);
        assertEquals(wholeLost[0], splitLost[0]);
        for (Frame f : whole) {
            assertTrue(f.text().length() <= LIMIT && !f.text().isEmpty(), f.toString());
        }
    }

    @Property(tries = 300)
    void garbageThenATerminatorNeverDisturbsTheNextMessage(
            @ForAll @Size(max = 300) byte[] garbage) throws InterruptedException {
        // Whatever came before, after an LF that ends a text frame, the next frame reads cleanly. Garbage that
        // leaves an octet count open swallows what follows up to its count: that is octet counting, so garbage
        // here is first ended by a text frame: "<" makes sure the frame after it is text, whatever the garbage.
        byte[] tail = "\n<13>next\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] lead = "<".getBytes(StandardCharsets.ISO_8859_1);
        byte[] noTerm = garbage.clone();
        for (int i = 0; i < noTerm.length; i++) {
            if (noTerm[i] == '\n' || noTerm[i] == 0) {
                noTerm[i] = 'z';
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(lead);
        b.writeBytes(noTerm);
        b.writeBytes(tail);
        List<Frame> got = decode(LIMIT, List.of(b.toByteArray()), null);
        assertEquals(2, got.size(), got.toString());
        assertEquals(Frame.of("<13>next"), got.get(1));
        assertEquals(noTerm.length + 1 > LIMIT, got.get(0).cut());
    }
}
