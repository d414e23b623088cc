package dev.jinit.spi;

import dev.jinit.core.ChildTable;
import dev.jinit.core.Processes;
import dev.jinit.core.Signals;
import dev.jinit.core.Spawner;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;

/** What {@link dev.jinit.Init} hands to each component: the shared OS services, the clock, the other components. */
public interface Context {
    Processes processes();

    /** The one spawner; every child it starts ends through {@link #children()}. */
    Spawner spawner();

    ChildTable children();

    /** Subscribe to signals; listeners run on the single init thread. */
    Signals signals();

    InstantSource clock();

    /** Another component of this init, by type. */
    <T> Optional<T> component(Class<T> type);

    /**
     * The directory under which the components' default paths lie: {@code /}, unless the init was given another root
     * ({@code -Djinit.root=DIR} for {@code Init.run()}, {@code Init.Builder.root(DIR)}), as {@code my_init --root DIR}
     * does. Always absolute. The default, for contexts without a root, is {@code /}.
     */
    default Path root() {
        return Path.of("/");
    }

    /**
     * A default path under {@link #root()}: with the root {@code /tmp/r}, {@code path("/etc/service")} is
     * {@code /tmp/r/etc/service}; with {@code /} it is {@code /etc/service}. Every component provider resolves its
     * defaults ({@code /etc/service}, {@code /dev/log}, {@code /etc/crontab}, ...) here and only here, so that one
     * setting moves them all.
     *
     * @param defaultPath an absolute path, as it is on a real root
     * @return that path under {@link #root()}, normalized
     * @throws IllegalArgumentException when {@code defaultPath} is not absolute
     */
    default Path path(String defaultPath) {
        Path p = Path.of(defaultPath);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("a default path must be absolute, but was '" + defaultPath + "'");
        }
        // normalized first, so that "/../etc" stays under the root as "/etc" does
        Path n = p.normalize();
        return root().resolve(n.getRoot().relativize(n)).normalize();
    }

    /**
     * FIFOs, flock, pipes and poll for components that serve file-based protocols (the supervisor's
     * {@code supervise/} directories). The default, for contexts that have none, throws.
     *
     * @throws UnsupportedOperationException when this context has no native descriptors
     */
    default dev.jinit.core.Descriptors descriptors() {
        throw new UnsupportedOperationException("this context has no native descriptors");
    }

    /**
     * Asks the init to stop every component and end with {@code exitCode} (see {@code Init.shutdown(int)}). Returns at
     * once. The default, for contexts without an init, throws.
     *
     * @throws UnsupportedOperationException when this context cannot shut down
     */
    default void requestShutdown(int exitCode) {
        throw new UnsupportedOperationException("this context cannot shut down");
    }
}
