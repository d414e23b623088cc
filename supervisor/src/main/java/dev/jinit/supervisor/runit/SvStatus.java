package dev.jinit.supervisor.runit;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The output of {@code sv status} for one service, exactly as runit 2.1.2's {@code sv.c} ({@code svstatus_print} and
 * {@code status}) prints it from the raw {@code supervise/status} bytes:
 *
 * <pre>STATE: NAME: [(pid PID) ]SECSs[, normally down|, normally up][, paused][, want up|, want down][, got TERM]</pre>
 *
 * followed by {@code "; "} and the same for {@code log} when the service has a log directory, then a newline.
 *
 * <p>Like {@code sv}, this reads the bytes leniently and never rejects them: {@code STATE:} is printed only for state
 * bytes 0, 1 and 2, {@code (pid …)} for any non-zero state byte, the flags are tested for non-zero, and the pid is
 * assembled into a C {@code int} and printed as an {@code unsigned long} (so a pid byte 15 of 0x80 or more prints as a
 * 20-digit number, as {@code sv} does). SECS is the current second's TAI64 label minus the status label, 0 when the
 * status is in the future. Which of "normally up/down", "paused", "want up/down" and "got TERM" appear depends on
 * the pid bytes, not on the state byte:
 *
 * <ul>
 *   <li>{@code normally down}: pid ≠ 0 and the service has a {@code down} file;</li>
 *   <li>{@code normally up}: pid = 0 and no {@code down} file;</li>
 *   <li>{@code paused}, {@code want down}, {@code got TERM}: only when pid ≠ 0;</li>
 *   <li>{@code want up}: only when pid = 0.</li>
 * </ul>
 *
 * Stateless and thread-safe. Error lines ({@code fail: …: runsv not running}, {@code warning: …}) belong to the
 * {@code sv} client, which knows the errno.
 */
public final class SvStatus {
    private SvStatus() {
    }

    /**
     * One service's status file as {@code sv} sees it.
     *
     * @param status         the 20 bytes of {@code supervise/status}
     * @param downFileExists whether the service directory (or {@code log/}) has a {@code down} file
     */
    public record Part(byte[] status, boolean downFileExists) {
        public Part {
            Objects.requireNonNull(status, "status");
            if (status.length != StatusFile.SIZE) {
                throw new IllegalArgumentException("status must be " + StatusFile.SIZE + " bytes (sv prints "
                        + "\"unable to read supervise/status: bad format\" otherwise), but was " + status.length);
            }
            status = status.clone();
        }

        @Override
        public byte[] status() {
            return status.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part p && p.downFileExists == downFileExists && Arrays.equals(p.status, status);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(status) + Boolean.hashCode(downFileExists);
        }

        @Override
        public String toString() {
            return "Part[status=" + HexFormat.of().formatHex(status) + ", downFileExists=" + downFileExists + "]";
        }
    }

    /**
     * The whole {@code sv status NAME} output: the service's part, then {@code "; "} and the log's part when there
     * is a log service, then a newline.
     *
     * @param name the service name exactly as given to {@code sv} (it prints it unchanged)
     * @param now  when {@code sv} started
     */
    public static String output(String name, Part service, Optional<Part> log, Instant now) {
        StringBuilder sb = new StringBuilder(describe(name, service, now));
        log.ifPresent(l -> sb.append("; ").append(describe("log", l, now)));
        return sb.append('\n').toString();
    }

    /** One part without a newline, e.g. {@code run: web: (pid 123) 5s} ({@code sv}'s {@code svstatus_print}). */
    public static String describe(String name, Part part, Instant now) {
        byte[] s = part.status;
        // sv builds the pid in a C int, then prints it with fmt_ulong: sign-extended to 64 bits, printed unsigned.
        int pid = (s[15] & 0xff) << 24 | (s[14] & 0xff) << 16 | (s[13] & 0xff) << 8 | (s[12] & 0xff);
        long label = 0;
        for (int i = 0; i < 8; i++) {
            label = (label << 8) | (s[i] & 0xff);
        }
        long nowLabel = Tai64n.label(now);
        long seconds = Long.compareUnsigned(nowLabel, label) < 0 ? 0 : nowLabel - label;
        boolean normallyUp = !part.downFileExists;

        StringBuilder sb = new StringBuilder();
        switch (s[19]) {
            case 0 -> sb.append("down: ");
            case 1 -> sb.append("run: ");
            case 2 -> sb.append("finish: ");
            default -> {
                // sv's switch has no default: nothing is printed for another state byte
            }
        }
        sb.append(name).append(": ");
        if (s[19] != 0) {
            sb.append("(pid ").append(Long.toUnsignedString(pid)).append(") ");
        }
        sb.append(Long.toUnsignedString(seconds)).append('s');
        if (pid != 0 && !normallyUp) {
            sb.append(", normally down");
        }
        if (pid == 0 && normallyUp) {
            sb.append(", normally up");
        }
        if (pid != 0 && s[16] != 0) {
            sb.append(", paused");
        }
        if (pid == 0 && s[17] == 'u') {
            sb.append(", want up");
        }
        if (pid != 0 && s[17] == 'd') {
            sb.append(", want down");
        }
        if (pid != 0 && s[18] != 0) {
            sb.append(", got TERM");
        }
        return sb.toString();
    }
}
