package dev.jinit.launcher;

import dev.jinit.core.SpawnException;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of the sequence, as a component that does its work in {@link #start}: every executable in
 * {@code /etc/my_init.d} in name order, then {@code /etc/rc.local}, each with the container environment as the one
 * before left it (re-imported after each). A script that fails (or cannot start) fails the start, naming it and its
 * status, so the init stops what has started and exits 1. A TERM or INT meanwhile stops the running script and fails
 * the start the same way.
 */
final class StartupScripts implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(StartupScripts.class);

    /** Why start-up failed, in one line. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private final Path directory;
    private final Path rcLocal;
    private final ContainerEnvironment containerEnvironment;
    private final Environment environment;
    private final StopRequest stop;
    private final Duration grace;
    private volatile String running = "";
    private volatile int done;

    StartupScripts(Path directory, Path rcLocal, ContainerEnvironment containerEnvironment, Environment environment,
                   StopRequest stop, Duration grace) {
        this.directory = directory;
        this.rcLocal = rcLocal;
        this.containerEnvironment = containerEnvironment;
        this.environment = environment;
        this.stop = stop;
        this.grace = grace;
    }

    @Override
    public String name() {
        return "startup-scripts";
    }

    @Override
    public void start(Context context) throws Failed, IOException, InterruptedException {
        List<Path> scripts = Scripts.executables(directory, rcLocal);
        ScriptRunner runner = new ScriptRunner(context.spawner(), grace);
        for (Path script : scripts) {
            if (stop.isRequested()) {
                throw new Failed("got SIG" + stop.signal().orElseThrow() + " during start-up; not running " + script);
            }
            LOG.info("my_init - running {}", script);
            running = script.toString();
            ScriptRunner.Result r;
            try {
                r = runner.run(script, environment.get(), stop.future(), null);
            } catch (SpawnException e) {
                throw new Failed("start-up script " + script + " cannot run: " + e.getMessage());
            } finally {
                running = "";
            }
            if (!r.succeeded()) {
                throw new Failed("start-up script " + script + " failed (" + r.status()
                        + r.stoppedBecause().map(w -> ", stopped: " + w).orElse("") + "); start-up aborted");
            }
            done++;
            environment.set(containerEnvironment.reimport(environment.get()));
        }
    }

    @Override
    public void stop(Duration timeout) {
    }

    @Override
    public ComponentStatus status() {
        String r = running;
        return ComponentStatus.healthy(name(), List.of(done + " done" + (r.isEmpty() ? "" : ", running " + r)));
    }
}
