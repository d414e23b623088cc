package dev.jinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root of an init reaches its components' context: from the builder, and from -Djinit.root for run(). */
class InitRootIT {
    private final String before = System.getProperty("jinit.root");

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("jinit.root");
        } else {
            System.setProperty("jinit.root", before);
        }
    }

    @Test
    void theBuildersRootIsTheContextsAndItsDefaultPathsLieUnderIt() throws Exception {
        CompletableFuture<Context> seen = new CompletableFuture<>();
        Component c = new Component() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public void start(Context context) {
                seen.complete(context);
            }

            @Override
            public void stop(Duration timeout) {
            }
        };
        try (Init init = Init.builder().shutdownOn(Set.of()).root(dir).component(c).start()) {
            Context context = seen.get(10, TimeUnit.SECONDS);
            assertEquals(dir.toAbsolutePath(), context.root());
            assertEquals(dir.resolve("dev/log"), context.path("/dev/log"));
        }
        try (Init init = Init.builder().shutdownOn(Set.of()).start()) {
            assertEquals(Path.of("/"), init.context().root());
        }
    }

    @Test
    void runTakesTheRootFromTheSystemPropertyAndRefusesOneThatIsNoDirectory() {
        System.setProperty("jinit.root", dir.toString());
        try (Init init = Init.run()) {
            assertEquals(dir, init.context().root());
            assertEquals(dir.resolve("etc/service"), init.context().path("/etc/service"));
        }
        System.setProperty("jinit.root", dir.resolve("missing").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Init::run);
        assertTrue(e.getMessage().startsWith("-Djinit.root=" + dir.resolve("missing") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
