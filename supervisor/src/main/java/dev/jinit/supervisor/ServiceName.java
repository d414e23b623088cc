package dev.jinit.supervisor;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A service's name: the name of its directory under the supervised directory, so runit's rules apply.
 *
 * <ul>
 *   <li>non-empty, without {@code '/'} or NUL, at most 255 bytes in UTF-8: it must be one directory entry;</li>
 *   <li>not starting with {@code '.'}: runsvdir skips such entries (and {@code sv} would take the name for a path,
 *       as it does for any name starting with {@code '/'} or {@code '.'} or ending in {@code '/'}).</li>
 * </ul>
 *
 * @param value the name
 */
public record ServiceName(String value) implements Comparable<ServiceName> {
    /** NAME_MAX on Linux: the longest directory entry, in bytes. */
    public static final int MAX_BYTES = 255;

    public ServiceName {
        check("name", value);
    }

    public static ServiceName of(String value) {
        return new ServiceName(value);
    }

    /**
     * Checks {@code value} against the rules above.
     *
     * @param field what the value is, for the message (e.g. {@code "name"}, {@code "dependencies[2]"})
     * @throws IllegalArgumentException naming the field, the rule and the value
     */
    static void check(String field, String value) {
        Objects.requireNonNull(value, field);
        String rule = null;
        if (value.isEmpty()) {
            rule = "must not be empty";
        } else if (value.indexOf('/') >= 0) {
            rule = "must not contain '/' (it is one directory entry)";
        } else if (value.indexOf('\0') >= 0) {
            rule = "must not contain NUL";
        } else if (value.startsWith(".")) {
            rule = "must not start with '.' (runsvdir skips such entries)";
        } else if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            rule = "must be at most " + MAX_BYTES + " bytes in UTF-8";
        }
        if (rule != null) {
            throw new IllegalArgumentException(field + " " + rule + ", but was '" + value.replace("\0", "\\0") + "'");
        }
    }

    @Override
    public int compareTo(ServiceName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
