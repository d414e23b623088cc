package dev.jinit.reaper;

import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentProvider;
import dev.jinit.spi.Context;
import java.util.Optional;

/** Adds the {@link Reaper}, with its defaults, to every {@link dev.jinit.Init#run()}. */
public final class ReaperProvider implements ComponentProvider {
    @Override
    public int order() {
        return 0;
    }

    @Override
    public Optional<Component> createDefault(Context context) {
        return Optional.of(Reaper.ofDefaults());
    }
}
