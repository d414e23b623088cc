package dev.jinit.launcher;

import dev.jinit.core.SpawnException;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /etc/my_init.pre_shutdown.d/*} or {@code /etc/my_init.post_shutdown.d/*}, as a component that does its work
 * in {@link #stop}: placed in the start order so that it stops before (pre) or after (post) the services and cron.
 * Each script gets {@code KILL_PROCESS_TIMEOUT}, then TERM, then KILL after the same again; one that fails is logged
 * and the next still runs (my_init exits at the first failure and skips the rest of its shutdown).
 */
final class ShutdownScripts implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownScripts.class);

    private final String name;
    private final Path directory;
    private final Environment environment;
    private final Duration timeLimit;
    private volatile Context context;

    ShutdownScripts(String name, Path directory, Environment environment, Duration timeLimit) {
        this.name = name;
        this.directory = directory;
        this.environment = environment;
        this.timeLimit = timeLimit;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Context context) {
        this.context = context;
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        Context c = context;
        if (c == null) {
            return;
        }
        java.util.List<Path> scripts;
        try {
            scripts = Scripts.executables(directory);
        } catch (IOException e) {
            LOG.error("my_init - cannot list {}: {}; skipping its scripts", directory, e.toString());
            return;
        }
        ScriptRunner runner = new ScriptRunner(c.spawner(), timeLimit);
        for (Path script : scripts) {
            LOG.info("my_init - running {}", script);
            try {
                ScriptRunner.Result r = runner.run(script, environment.get(), new CompletableFuture<>(), timeLimit);
                if (!r.succeeded()) {
                    LOG.error("my_init - {} failed ({}{}); going on with the shutdown", script, r.status(),
                            r.stoppedBecause().map(w -> ", stopped: " + w).orElse(""));
                }
            } catch (SpawnException | IllegalStateException e) {
                LOG.error("my_init - {} cannot run: {}; going on with the shutdown", script, e.getMessage());
            }
        }
    }
}
