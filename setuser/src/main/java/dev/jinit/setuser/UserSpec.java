package dev.jinit.setuser;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who to become, as written on a command line: {@code NAME}, {@code UID}, {@code NAME:GROUP} or {@code UID:GID}
 * (either side of the colon a name or a number, as gosu accepts). Not yet looked up: {@link SetUser#resolve} turns it
 * into an {@link Identity}.
 *
 * <p>A part made only of ASCII digits is a number (a uid or gid from 0 to 2147483647); anything else is a name.
 * Names may hold any character but whitespace, control characters and ':', and may not start with '-'.
 *
 * @param user  the user's name or decimal uid
 * @param group the group's name or decimal gid, when one was given
 */
public record UserSpec(String user, Optional<String> group) {

    public UserSpec {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        checkPart("user", user);
        group.ifPresent(g -> checkPart("group", g));
    }

    /**
     * Parses {@code NAME}, {@code UID}, {@code NAME:GROUP} or {@code UID:GID}.
     *
     * @throws IllegalArgumentException naming the rule and the value
     */
    public static UserSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new UserSpec(text, Optional.empty());
        }
        if (text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("USER must be NAME, UID, NAME:GROUP or UID:GID (one ':' at most), but was '"
                    + text + "'");
        }
        return new UserSpec(text.substring(0, colon), Optional.of(text.substring(colon + 1)));
    }

    /** The uid when {@link #user()} is a number. */
    public OptionalInt numericUid() {
        return numeric(user);
    }

    /** The gid when a group was given as a number. */
    public OptionalInt numericGid() {
        return group.map(UserSpec::numeric).orElse(OptionalInt.empty());
    }

    /** The text {@link #parse} reads back to this spec. */
    @Override
    public String toString() {
        return group.map(g -> user + ":" + g).orElse(user);
    }

    private static void checkPart(String what, String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty: write NAME, UID, NAME:GROUP or UID:GID");
        }
        if (part.charAt(0) == '-') {
            throw new IllegalArgumentException(what + " must not start with '-', but was '" + part + "'");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == ':' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " must not hold ':', whitespace or control characters, but was '"
                        + part.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        if (isDigits(part)) {
            try {
                Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a numeric " + (what.equals("user") ? "uid" : "gid")
                        + " must be between 0 and 2147483647, but was " + part, e);
            }
        }
    }

    private static OptionalInt numeric(String part) {
        return isDigits(part) ? OptionalInt.of(Integer.parseInt(part)) : OptionalInt.empty();
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
