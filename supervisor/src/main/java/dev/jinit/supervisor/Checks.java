package dev.jinit.supervisor;

import dev.jinit.core.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Field checks shared by {@link ServiceDefinition} and {@link LogService}; every message names field, rule, value. */
final class Checks {
    /** Signals whose default action does not end a process: useless as a stop signal. */
    private static final Set<Signal> NOT_FATAL = EnumSet.of(Signal.CHLD, Signal.CONT, Signal.STOP, Signal.TSTP,
            Signal.TTIN, Signal.TTOU, Signal.URG, Signal.WINCH);

    private Checks() {
    }

    static IllegalArgumentException invalid(String owner, String field, String rule, Object value) {
        return new IllegalArgumentException(owner + ": " + field + " " + rule + ", but was " + value);
    }

    static Map<String, String> environment(String owner, Map<String, String> env) {
        Objects.requireNonNull(env, "environment");
        Map<String, String> copy = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw invalid(owner, "environment", "names must be non-empty without '=' or NUL",
                        "'" + String.valueOf(name).replace("\0", "\\0") + "'");
            }
            if (value == null || value.indexOf('\0') >= 0) {
                throw invalid(owner, "environment[" + name + "]", "must be a string without NUL",
                        value == null ? "null" : "'" + value.replace("\0", "\\0") + "'");
            }
            copy.put(name, value);
        });
        return Map.copyOf(copy);
    }

    static String user(String owner, String user) {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty() || user.chars().anyMatch(c -> c == 0 || Character.isWhitespace(c))) {
            throw invalid(owner, "user", "must be a non-empty user[:group...] or :uid:gid without spaces or NUL",
                    "'" + user.replace("\0", "\\0") + "'");
        }
        return user;
    }

    static Path workingDirectory(String owner, Path dir) {
        Objects.requireNonNull(dir, "workingDirectory");
        if (!dir.isAbsolute()) {
            throw invalid(owner, "workingDirectory", "must be an absolute path", "'" + dir + "'");
        }
        return dir;
    }

    static Signal stopSignal(String owner, Signal signal) {
        Objects.requireNonNull(signal, "stopSignal");
        if (NOT_FATAL.contains(signal)) {
            throw invalid(owner, "stopSignal", "must be a signal whose default action ends a process", "SIG" + signal);
        }
        return signal;
    }

    static Duration stopTimeout(String owner, Duration timeout) {
        Objects.requireNonNull(timeout, "stopTimeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(RestartPolicy.MAX_DURATION) > 0) {
            throw invalid(owner, "stopTimeout", "must be greater than 0 and at most " + RestartPolicy.MAX_DURATION,
                    timeout);
        }
        return timeout;
    }
}
