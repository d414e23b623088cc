package dev.jinit.supervisor;

import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentProvider;
import dev.jinit.spi.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code Init.run()} supervises {@code /etc/service} when that directory exists (runit's layout on Debian), nothing
 * otherwise. Found through {@code META-INF/services}. This is an internal class.
 */
public final class SupervisorProvider implements ComponentProvider {
    static final Path DEFAULT_DIRECTORY = Path.of("/etc/service");

    @Override
    public int order() {
        return 200;
    }

    @Override
    public Optional<Component> createDefault(Context context) {
        return Files.isDirectory(DEFAULT_DIRECTORY)
                ? Optional.of(Supervisor.ofDirectory(DEFAULT_DIRECTORY))
                : Optional.empty();
    }
}
