package dev.jinit.syslog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/** Arbitraries shared by the property tests. */
final class Generators {
    private Generators() {
    }

    /**
     * Any bytes, 0 to 70,000 of them (the range: past the 64 KiB receive buffer): half short (jqwik's usual
     * sizes), half of a length spread evenly over the range, so most of those are over the limit.
     */
    static Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(70_000)
                        .withSizeDistribution(RandomDistribution.uniform()));
    }

    /** The datagrams of the spec's table B1 (and one with all of RFC 5424), byte for byte. */
    static final List<String> CLIENT_DATAGRAMS = List.of(
            "<13>Nov 27 23:52:58 root: x",
            "<156>Nov 27 23:52:58 tag: x",
            "<13>1 2026-11-27T23:52:58.952273+00:00 vm root - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] x",
            "<13>Nov 27 23:52:59 vm root: x",
            "<13>Nov 27 23:52:59 tag[22537]: with pid (-i)",
            "<13>1 2026-11-27T23:52:59.419615+00:00 vm root - ID47 [timeQuality tzKnown=\"1\" isSynced=\"0\"]"
                    + "[zoo@123 tiger=\"hungry\"] sd test",
            "<13>1 2026-11-27T23:52:59.573083+00:00 - root - - - rfc5424 notq nohost",
            "<13>Nov 27 23:53:09 glibc_syslog: no openlog, default ident",
            "<27>Nov 27 23:53:09 myprog[15475]: hello 42",
            "<28>Nov 27 23:53:09 myprog[15475]: multi\nline\tmsg",
            "<12>python SysLogHandler msg\0",
            "<142>Nov 27 23:53:00 perlprog[22702]: perl Sys::Syslog msg\n\0",
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su 77 ID47 [a@1 x=\"\\\"q\\]\" y=\"\"] \u00ef\u00bb\u00bfmsg");

    /** One edit of a datagram. */
    private record Edit(int op, int position, int length, byte value, String piece) {
        byte[] applyTo(byte[] d) {
            int at = d.length == 0 ? 0 : Math.floorMod(position, d.length + 1);
            byte[] p = piece.getBytes(StandardCharsets.ISO_8859_1);
            switch (op) {
                case 0: // overwrite a byte
                    if (d.length > 0) {
                        byte[] c = d.clone();
                        c[Math.min(at, d.length - 1)] = value;
                        return c;
                    }
                    return d;
                case 1: // delete a few bytes
                    int end = Math.min(d.length, at + 1 + Math.floorMod(length, 8));
                    byte[] shorter = new byte[d.length - (end - at)];
                    System.arraycopy(d, 0, shorter, 0, at);
                    System.arraycopy(d, end, shorter, at, d.length - end);
                    return shorter;
                case 2: // cut the rest off
                    return java.util.Arrays.copyOf(d, at);
                default: // insert a piece of syntax
                    byte[] longer = new byte[d.length + p.length];
                    System.arraycopy(d, 0, longer, 0, at);
                    System.arraycopy(p, 0, longer, at, p.length);
                    System.arraycopy(d, at, longer, at + p.length, d.length - at);
                    return longer;
            }
        }
    }

    /**
     * Real clients' datagrams with 0–3 random edits (overwrite, delete, cut, insert a piece of syntax): close enough
     * to valid that every branch of the parser is taken, including a complete RFC 5424 message.
     */
    static Arbitrary<byte[]> mutatedClientDatagrams() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(),
                Arbitraries.integers(), Arbitraries.bytes(), Arbitraries.of(PIECES)).as(Edit::new);
        return Combinators.combine(Arbitraries.of(CLIENT_DATAGRAMS), edit.list().ofMaxSize(3)).as((seed, edits) -> {
            byte[] d = seed.getBytes(StandardCharsets.ISO_8859_1);
            for (Edit e : edits) {
                d = e.applyTo(d);
            }
            return d;
        });
    }

    /** All of the above. */
    static Arbitrary<byte[]> datagrams() {
        return Arbitraries.oneOf(anyBytes(), syslogShapedBytes(), mutatedClientDatagrams());
    }

    /** Pieces of syslog syntax, and bytes that are not UTF-8 (as Latin-1 chars, one per byte). */
    private static final List<String> PIECES = List.of("<13>", "<191>", "<0>", "<", ">", "1 ", "1", " ", "  ", "-",
            "- ", "Nov 27 23:53:09 ", "Nov  7 01:02:03 ", "Feb 29 12:00:00 ", "Nov 7 ", "23:53:09",
            "2026-11-27T23:52:58.952273+00:00 ", "2026-11-27T23:52:58Z", "+01:00", "vm ", "host.example ",
            "tag", "tag:", ": ", "[", "]", "[123]", "[timeQuality tzKnown=\"1\" isSynced=\"0\"]", "x@1", "=",
            "\"", "\\", "\\\"", "\\]", "a=\"b\"", "msg", "\n", "\0", "\r", "\t", "\u00ff", "\u00c3\u00a9",
            "\u00e2\u0082", "\u00ef\u00bb\u00bf", "\u00c2\u009b", "\u00f0\u009f\u0098\u0080", "\u00ed\u00a0\u0080");

    /**
     * Datagrams glued from pieces of real syslog syntax and of bad bytes, so that the parser's deeper paths (RFC
     * 5424 structured data, tags, hostnames, timestamps) meet malformed input far more often than random bytes would
     * make them.
     */
    static Arbitrary<byte[]> syslogShapedBytes() {
        return Arbitraries.of(PIECES).list().ofMaxSize(40).map(list -> {
            StringBuilder sb = new StringBuilder();
            list.forEach(sb::append);
            return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    /** Strings of any chars, controls and unpaired surrogates included. */
    static Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(300);
    }

    /** Text that has a UTF-8 form: no unpaired surrogates. */
    static Arbitrary<String> encodableText(int maxLength) {
        return Arbitraries.strings().all().ofMaxLength(maxLength).map(Generators::pairSurrogates);
    }

    /** {@code s} with every unpaired surrogate replaced by U+FFFD. */
    static String pairSurrogates(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\ufffd');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** 1–max printable ASCII characters without space and without the excluded ones. */
    static Arbitrary<String> printableAscii(int max, String excluded) {
        return Arbitraries.chars().range('!', '~').filter(c -> excluded.indexOf(c) < 0)
                .list().ofMinSize(1).ofMaxSize(max)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
    }
}
