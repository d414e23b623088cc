package dev.jinit.supervisor.runit;

import java.time.Instant;
import java.util.HexFormat;

/**
 * The 20 bytes of {@code supervise/status}, byte for byte as runit 2.1.2's runsv writes them (daemontools-compatible):
 *
 * <pre>
 * offset size content
 *  0     8    TAI64 label of {@link SuperviseStatus#stamp()}, big-endian ({@link Tai64n})
 *  8     4    nanoseconds, big-endian
 * 12     4    pid, little-endian (runsv overwrites taia_pack's attoseconds here, byte by byte from the low end)
 * 16     1    paused: 1 or 0
 * 17     1    want: 'u' or 'd' (want exit is written as 'd')
 * 18     1    TERM sent: 1 or 0
 * 19     1    state: 0 down, 1 run, 2 finish
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class StatusFile {
    /** The size of the file: {@code sv} rejects any other as "bad format". */
    public static final int SIZE = 20;

    private static final long MIN_LABEL = Tai64n.EPOCH_LABEL + Instant.MIN.getEpochSecond();
    private static final long MAX_LABEL = Tai64n.EPOCH_LABEL + Instant.MAX.getEpochSecond();

    private StatusFile() {
    }

    /** The 20 bytes runsv would write for {@code status}. */
    public static byte[] encode(SuperviseStatus status) {
        byte[] b = new byte[SIZE];
        long label = Tai64n.label(status.stamp());
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (label >>> (56 - 8 * i));
        }
        int nano = status.stamp().getNano();
        for (int i = 0; i < 4; i++) {
            b[8 + i] = (byte) (nano >>> (24 - 8 * i));
        }
        long pid = status.pid();
        for (int i = 0; i < 4; i++) {
            b[12 + i] = (byte) (pid >>> (8 * i));
        }
        b[16] = (byte) (status.paused() ? 1 : 0);
        b[17] = (byte) status.want().statusByte();
        b[18] = (byte) (status.termSent() ? 1 : 0);
        b[19] = (byte) status.state().code();
        return b;
    }

    /**
     * Reads a status file strictly: every field must hold a value runsv writes. ({@code sv} itself is lenient; see
     * {@link SvStatus} for its reading of arbitrary bytes.) Want {@code 'd'} decodes as {@link Want#DOWN}: the file
     * cannot tell want exit from want down.
     *
     * @throws IllegalArgumentException naming the byte, the rule and the value
     */
    public static SuperviseStatus decode(byte[] b) {
        if (b.length != SIZE) {
            throw new IllegalArgumentException("supervise/status must be " + SIZE + " bytes, but was " + b.length
                    + " bytes: " + HexFormat.of().formatHex(b));
        }
        long label = 0;
        for (int i = 0; i < 8; i++) {
            label = (label << 8) | (b[i] & 0xff);
        }
        if (label < MIN_LABEL || label > MAX_LABEL) {
            throw new IllegalArgumentException("supervise/status bytes 0-7 (TAI64 label) must be a time "
                    + "java.time.Instant can hold, but were 0x" + Long.toHexString(label));
        }
        long nano = 0;
        for (int i = 8; i < 12; i++) {
            nano = (nano << 8) | (b[i] & 0xff);
        }
        if (nano > 999_999_999L) {
            throw new IllegalArgumentException("supervise/status bytes 8-11 (nanoseconds) must be 0-999999999, "
                    + "but were " + nano);
        }
        long pid = 0;
        for (int i = 15; i >= 12; i--) {
            pid = (pid << 8) | (b[i] & 0xff);
        }
        boolean paused = flag(b, 16, "paused");
        Want want = switch (b[17]) {
            case 'u' -> Want.UP;
            case 'd' -> Want.DOWN;
            default -> throw new IllegalArgumentException("supervise/status byte 17 (want) must be 'u' or 'd', "
                    + "but was 0x" + HexFormat.of().toHexDigits(b[17]));
        };
        boolean term = flag(b, 18, "TERM sent");
        RunState state;
        try {
            state = RunState.of(b[19] & 0xff);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("supervise/status byte 19 (" + e.getMessage() + ")", e);
        }
        Instant stamp = Instant.ofEpochSecond(label - Tai64n.EPOCH_LABEL, nano);
        return new SuperviseStatus(stamp, pid, paused, want, term, state);
    }

    private static boolean flag(byte[] b, int offset, String field) {
        return switch (b[offset]) {
            case 0 -> false;
            case 1 -> true;
            default -> throw new IllegalArgumentException("supervise/status byte " + offset + " (" + field
                    + ") must be 0 or 1, but was " + (b[offset] & 0xff));
        };
    }
}
