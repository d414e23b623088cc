package dev.jinit.syslog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One log file and the messages it gets, like a syslog.conf line ({@code auth,authpriv.* /var/log/auth.log}).
 * Immutable.
 *
 * @param file     never null
 * @param selector which messages go there; never null
 */
public record FileRoute(Path file, Selector selector) {
    public FileRoute {
        Objects.requireNonNull(file, "fileRoute.file");
        Objects.requireNonNull(selector, "fileRoute.selector");
    }

    /** A route from selector text. */
    public static FileRoute of(Path file, String selector) {
        return new FileRoute(file, Selector.parse(selector));
    }
}
