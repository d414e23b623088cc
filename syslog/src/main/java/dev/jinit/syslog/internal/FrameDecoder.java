package dev.jinit.syslog.internal;

/**
 * Splits a byte stream (a unix stream or TCP connection) into syslog messages, deciding the framing per frame as
 * RFC 6587 section 3.4 suggests: a frame that starts with a digit 1–9 followed by digits and a space is
 * <em>octet-counted</em> ({@code MSG-LEN SP MSG}); anything else is <em>non-transparent</em>, ended by LF or NUL
 * (glibc and Python end stream messages with NUL, logger and Go with LF, Perl with both). Empty frames (a lone
 * LF/NUL/CR, the NUL after Perl's LF) are skipped. Digits not followed by a space are the start of a
 * non-transparent frame, kept in its text.
 *
 * <p>Memory is bounded: a frame keeps at most {@code limit} bytes; the rest of a longer one is skipped up to its end
 * and the frame is delivered cut (as a datagram longer than the receive buffer). Bytes may arrive split anywhere:
 * feeding a stream in any pieces gives the same frames as feeding it whole. At the end of the stream
 * ({@link #finish}) an octet-counted frame that is not complete is lost (the sender went away mid-frame) and a
 * non-transparent one without its terminator is delivered, as the peer's close ends it.
 *
 * <p>One connection, one thread. This is an internal class.
 */
public final class FrameDecoder {
    /** Where decoded frames go; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface Frames {
        void frame(byte[] data, int length, boolean cut) throws InterruptedException;
    }

    /** The longest MSG-LEN read as octet counting: 9 digits (under 1 GB); more digits are text. */
    private static final int MAX_DIGITS = 9;

    private enum Mode { START, COUNT, OCTETS, TEXT }

    private final byte[] frame;
    private int length;
    private boolean cut;
    private Mode mode = Mode.START;
    private int digits;
    private long count;

    /** @param limit the most bytes kept of one frame, at least 16 */
    public FrameDecoder(int limit) {
        if (limit < 16) {
            throw new IllegalArgumentException("limit must be at least 16, but was " + limit);
        }
        frame = new byte[limit];
    }

    /** Decodes {@code len} bytes of {@code b} from {@code off}, delivering each frame they complete. */
    public void feed(byte[] b, int off, int len, Frames out) throws InterruptedException {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (mode) {
                case START -> {
                    byte c = b[i];
                    if (c == '\n' || c == 0 || c == '\r') {
                        i++; // an empty frame, or the NUL after Perl's LF
                    } else if (c >= '1' && c <= '9') {
                        mode = Mode.COUNT;
                        count = c - '0';
                        digits = 1;
                        keep(c);
                        i++;
                    } else {
                        mode = Mode.TEXT;
                    }
                }
                case COUNT -> {
                    byte c = b[i];
                    if (c == ' ') {
                        length = 0; // the digits were the count, not text
                        mode = Mode.OCTETS;
                        i++;
                    } else if (c >= '0' && c <= '9' && digits < MAX_DIGITS) {
                        count = count * 10 + (c - '0');
                        digits++;
                        keep(c);
                        i++;
                    } else {
                        mode = Mode.TEXT; // not a count: the digits stay as the start of the text
                    }
                }
                case OCTETS -> {
                    int n = (int) Math.min(count, end - i);
                    int room = Math.min(n, frame.length - length);
                    System.arraycopy(b, i, frame, length, room);
                    length += room;
                    if (room < n) {
                        cut = true;
                    }
                    count -= n;
                    i += n;
                    if (count == 0) {
                        deliver(out);
                    }
                }
                case TEXT -> {
                    int j = i;
                    while (j < end && b[j] != '\n' && b[j] != 0) {
                        j++;
                    }
                    int room = Math.min(j - i, frame.length - length);
                    System.arraycopy(b, i, frame, length, room);
                    length += room;
                    if (room < j - i) {
                        cut = true;
                    }
                    i = j;
                    if (j < end) {
                        i++; // the terminator
                        deliver(out);
                    }
                }
                default -> throw new IllegalStateException(mode.toString());
            }
        }
    }

    /**
     * The end of the stream: delivers a non-transparent frame without terminator, drops an octet-counted one that is
     * not complete.
     *
     * @return true when an incomplete octet-counted frame was dropped
     */
    public boolean finish(Frames out) throws InterruptedException {
        boolean lost = mode == Mode.OCTETS;
        if (mode == Mode.TEXT || mode == Mode.COUNT) {
            deliver(out);
        }
        reset();
        return lost;
    }

    /** Whether a frame has been started and not completed (bytes of it held or skipped). */
    public boolean inFrame() {
        return mode != Mode.START;
    }

    private void keep(byte c) {
        // only called for the first 9 digits of a frame: always room (limit >= 16)
        frame[length++] = c;
    }

    private void deliver(Frames out) throws InterruptedException {
        int n = length;
        boolean c = cut;
        reset();
        if (n > 0) {
            out.frame(frame, n, c);
        }
    }

    private void reset() {
        length = 0;
        cut = false;
        count = 0;
        digits = 0;
        mode = Mode.START;
    }
}
