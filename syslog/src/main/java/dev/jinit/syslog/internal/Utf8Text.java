package dev.jinit.syslog.internal;

/**
 * Bytes to one-line text and back to one line: UTF-8 decoding that escapes what would break a line or a terminal.
 *
 * <p>Escaped, each byte as {@code #} and three octal digits, as rsyslog's {@code EscapeControlCharactersOnReceive}
 * does ({@code #012} for LF, {@code #011} for TAB, {@code #000} for NUL):
 * <ul>
 *   <li>C0 controls (U+0000–U+001F) and DEL (U+007F), rsyslog's set;</li>
 *   <li>C1 controls (U+0080–U+009F), which rsyslog passes through, because a terminal showing {@code docker logs}
 *       may act on them (U+009B is CSI) — each of their two UTF-8 bytes, {@code #302#233};</li>
 *   <li>every byte that is not part of well-formed UTF-8 (rsyslog passes those raw, which leaves files no UTF-8
 *       reader can take): {@code #377} for a lone 0xFF.</li>
 * </ul>
 * {@code #} itself is not escaped (rsyslog doesn't either), so the escaping is not reversible in general; its job is
 * that every record is one valid UTF-8 line. Stateless and thread-safe. This is an internal class.
 */
public final class Utf8Text {
    private Utf8Text() {
    }

    /** Decodes {@code bytes[from, to)} as UTF-8, escaping as described above. */
    public static String decode(byte[] bytes, int from, int to) {
        // The common case, printable ASCII only, needs no builder.
        int i = from;
        while (i < to) {
            int b = bytes[i];
            if (b < 0x20 || b == 0x7f) { // negative bytes (>= 0x80) are < 0x20 too
                break;
            }
            i++;
        }
        if (i == to) {
            return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(to - from + 16);
        for (int k = from; k < i; k++) {
            sb.append((char) bytes[k]);
        }
        appendDecoded(bytes, i, to, sb);
        return sb.toString();
    }

    /** Decodes {@code bytes[from, to)} into {@code out}, escaping as described above. */
    public static void appendDecoded(byte[] bytes, int from, int to, StringBuilder out) {
        int i = from;
        while (i < to) {
            int b0 = bytes[i] & 0xff;
            if (b0 < 0x80) {
                if (b0 < 0x20 || b0 == 0x7f) {
                    appendOctal(out, b0);
                } else {
                    out.append((char) b0);
                }
                i++;
                continue;
            }
            int len = sequenceLength(bytes, i, to);
            if (len == 0) {
                appendOctal(out, b0);
                i++;
                continue;
            }
            int cp;
            if (len == 2) {
                cp = ((b0 & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
                if (cp <= 0x9f) {
                    appendOctal(out, b0);
                    appendOctal(out, bytes[i + 1] & 0xff);
                    i += 2;
                    continue;
                }
            } else if (len == 3) {
                cp = ((b0 & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
            } else {
                cp = ((b0 & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6)
                        | (bytes[i + 3] & 0x3f);
            }
            out.appendCodePoint(cp);
            i += len;
        }
    }

    /**
     * The length of the well-formed UTF-8 sequence of 2–4 bytes starting at {@code bytes[i]} and ending before
     * {@code to}, or 0 if there is none (Unicode's table 3-7: no overlong forms, no surrogates, nothing above
     * U+10FFFF).
     */
    static int sequenceLength(byte[] bytes, int i, int to) {
        int b0 = bytes[i] & 0xff;
        int len;
        int lo = 0x80;
        int hi = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            len = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            len = 3;
            if (b0 == 0xe0) {
                lo = 0xa0;
            } else if (b0 == 0xed) {
                hi = 0x9f;
            }
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            len = 4;
            if (b0 == 0xf0) {
                lo = 0x90;
            } else if (b0 == 0xf4) {
                hi = 0x8f;
            }
        } else {
            return 0;
        }
        if (i + len > to) {
            return 0;
        }
        int b1 = bytes[i + 1] & 0xff;
        if (b1 < lo || b1 > hi) {
            return 0;
        }
        for (int k = 2; k < len; k++) {
            int bk = bytes[i + k] & 0xff;
            if (bk < 0x80 || bk > 0xbf) {
                return 0;
            }
        }
        return len;
    }

    /**
     * Where to cut {@code bytes[from, end)} to keep at most {@code limit} bytes without splitting a well-formed UTF-8
     * sequence: {@code from + limit}, or up to 3 bytes earlier when that would land inside a sequence. A cut can
     * still fall inside malformed bytes; those are escaped one by one anyway.
     */
    public static int cutPoint(byte[] bytes, int from, int end, int limit) {
        int cut = from + limit;
        if (cut >= end) {
            return end;
        }
        for (int start = cut - 1; start >= from && start >= cut - 3; start--) {
            int b = bytes[start] & 0xff;
            if (b < 0x80 || b >= 0xc0) {
                // start is an ASCII byte or a lead byte: does its sequence run past the cut?
                int len = b < 0x80 ? 1 : sequenceLength(bytes, start, end);
                return len > 0 && start + len > cut ? start : cut;
            }
        }
        return cut;
    }

    /** Whether a char of a String must be escaped on output (C0, DEL, C1). */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /**
     * Appends {@code s} to {@code out} with every C0, DEL and C1 control escaped by its UTF-8 bytes, as
     * {@link #decode} would have: the formats call this on every field, so a value built by code (not the parser)
     * cannot break a line either. Text the parser produced passes unchanged.
     */
    public static void appendEscaped(StringBuilder out, CharSequence s) {
        int n = s.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isControl(c)) {
                out.append(s, start, i);
                if (c < 0x80) {
                    appendOctal(out, c);
                } else {
                    appendOctal(out, 0xc0 | (c >> 6));
                    appendOctal(out, 0x80 | (c & 0x3f));
                }
                start = i + 1;
            }
        }
        out.append(s, start, n);
    }

    /** {@link #appendEscaped} into a new String. */
    public static String escape(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        appendEscaped(sb, s);
        return sb.toString();
    }

    private static void appendOctal(StringBuilder out, int b) {
        out.append('#').append((char) ('0' + ((b >> 6) & 7))).append((char) ('0' + ((b >> 3) & 7)))
                .append((char) ('0' + (b & 7)));
    }
}
