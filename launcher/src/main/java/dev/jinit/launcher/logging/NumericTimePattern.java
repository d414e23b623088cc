package dev.jinit.launcher.logging;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * A {@link java.text.SimpleDateFormat} pattern made only of numeric fields ({@code y}, {@code M} or {@code MM},
 * {@code d}, {@code H}, {@code m}, {@code s}, {@code S}) and literal text (quoted, or any character that is not a
 * letter), formatted by hand from the epoch milliseconds and the zone's offset at that instant: the same text as
 * {@code SimpleDateFormat} in a locale with ASCII digits and the Gregorian calendar (the JDK's default for the C and
 * English locales), without loading any locale data. The offset comes from a {@link TimeZone}, not from
 * {@code java.time}'s zone rules, whose provider looks for others with a {@code ServiceLoader} (it opened every jar of
 * lib/ at the first log line: part of a container's start), asked for at the first line: {@code TimeZone.getDefault()}
 * reads the JDK's time-zone database (~4 ms of my_init's start, before its command when it was asked at once).
 * Thread-safe.
 */
final class NumericTimePattern implements Timestamp {
    private static final long DAY_MS = 86_400_000L;

    /** One piece of the pattern: literal text (letter 0), or a field and its width (number of letters). */
    private record Part(char letter, int width, String text) {
    }

    private final List<Part> parts;
    private final Supplier<TimeZone> zones;
    private volatile TimeZone zone; // from zones at the first line, a private copy: a TimeZone is mutable
    private final boolean needsDate;

    private NumericTimePattern(List<Part> parts, Supplier<TimeZone> zones) {
        this.parts = List.copyOf(parts);
        this.zones = zones;
        boolean date = false;
        for (Part p : parts) {
            date |= p.letter == 'y' || p.letter == 'M' || p.letter == 'd';
        }
        this.needsDate = date;
    }

    /**
     * The pattern, or null when it has anything else: another letter ({@code E}, {@code a}, {@code z}, {@code MMM},
     * ...) or an unclosed quote. {@code SimpleDateFormat} then decides.
     */
    static NumericTimePattern parse(String pattern, Supplier<TimeZone> zones) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < n && pattern.charAt(i + 1) == '\'') { // '' is one quote
                    literal.append('\'');
                    i += 2;
                    continue;
                }
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        return null; // unclosed quote
                    }
                    if (pattern.charAt(j) == '\'') {
                        if (j + 1 < n && pattern.charAt(j + 1) == '\'') {
                            literal.append('\'');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    literal.append(pattern.charAt(j++));
                }
                i = j + 1;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                int j = i;
                while (j < n && pattern.charAt(j) == c) {
                    j++;
                }
                int width = j - i;
                if ("yMdHmsS".indexOf(c) < 0 || (c == 'M' && width > 2)) {
                    return null;
                }
                if (literal.length() > 0) {
                    parts.add(new Part((char) 0, 0, literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Part(c, width, null));
                i = j;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Part((char) 0, 0, literal.toString()));
        }
        return new NumericTimePattern(parts, zones);
    }

    @Override
    public void appendTo(StringBuilder line, long epochMillis) {
        TimeZone z = zone;
        if (z == null) { // two threads may both ask: the same zone
            z = (TimeZone) zones.get().clone();
            zone = z;
        }
        long local = epochMillis + z.getOffset(epochMillis);
        long day = Math.floorDiv(local, DAY_MS);
        int msOfDay = (int) Math.floorMod(local, DAY_MS);
        LocalDate date = needsDate ? LocalDate.ofEpochDay(day) : null;
        for (Part p : parts) {
            switch (p.letter) {
                case 0 -> line.append(p.text);
                case 'y' -> {
                    int year = date.getYear();
                    pad(line, p.width == 2 ? Math.floorMod(year, 100) : year, p.width);
                }
                case 'M' -> pad(line, date.getMonthValue(), p.width);
                case 'd' -> pad(line, date.getDayOfMonth(), p.width);
                case 'H' -> pad(line, msOfDay / 3_600_000, p.width);
                case 'm' -> pad(line, msOfDay / 60_000 % 60, p.width);
                case 's' -> pad(line, msOfDay / 1000 % 60, p.width);
                case 'S' -> pad(line, msOfDay % 1000, p.width);
                default -> throw new IllegalStateException("unexpected pattern letter " + p.letter);
            }
        }
    }

    /** {@code value} in at least {@code width} digits, zeros first. */
    private static void pad(StringBuilder line, int value, int width) {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int k = digits; k < width; k++) {
            line.append('0');
        }
        line.append(value);
    }
}
