package dev.jinit.launcher;

import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Signal;
import dev.jinit.core.SpawnException;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one start-up or shutdown script to its end: spawned clean (its own process group, so TERM reaches what it
 * started too), waited for, stopped with TERM and then KILL after a grace period when asked to stop or when it
 * overruns its time limit.
 */
final class ScriptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);

    /** How a script ended: its status, or stopped by us (and why). */
    record Result(ExitStatus status, Optional<String> stoppedBecause) {
        boolean succeeded() {
            return stoppedBecause.isEmpty() && status instanceof ExitStatus.Exited e && e.code() == 0;
        }
    }

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Spawner spawner;
    private final Duration grace;

    /** @param grace how long a script may take to end after TERM before it gets KILL ({@code KILL_PROCESS_TIMEOUT}) */
    ScriptRunner(Spawner spawner, Duration grace) {
        this.spawner = spawner;
        this.grace = grace;
    }

    /**
     * Runs {@code script} with {@code env}.
     *
     * @param abort     when it completes first, the script is stopped
     * @param timeLimit how long the script may run before it is stopped (null: no limit)
     * @throws SpawnException when it cannot start
     */
    Result run(Path script, Map<String, String> env, CompletableFuture<?> abort, Duration timeLimit)
            throws InterruptedException {
        Child c = spawner.spawn(SpawnSpec.builder(script.toString()).environment(env)
                .grouping(SpawnSpec.Grouping.NEW_PROCESS_GROUP).build());
        LOG.debug("my_init - {} is pid {}", script, c.pid());
        CompletableFuture<ExitStatus> exit = c.onExit();
        String why = null;
        try {
            try {
                CompletableFuture<Object> first = CompletableFuture.anyOf(exit, abort);
                if (timeLimit == null) {
                    first.get();
                } else {
                    first.get(timeLimit.toNanos(), TimeUnit.NANOSECONDS);
                }
                if (!exit.isDone()) {
                    why = "my_init is stopping";
                }
            } catch (TimeoutException e) {
                why = "it ran longer than " + seconds(timeLimit);
            }
            if (why != null) {
                LOG.warn("my_init - stopping {} (pid {}): {}", script, c.pid(), why);
                c.signalGroup(Signal.TERM);
                try {
                    exit.get(grace.toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    LOG.warn("my_init - {} (pid {}) still running {} after SIGTERM; sending SIGKILL", script, c.pid(),
                            seconds(grace));
                    c.signalGroup(Signal.KILL);
                    try {
                        exit.get(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS); // KILL cannot be ignored: short
                    } catch (TimeoutException stuck) {
                        throw new IllegalStateException(script + " (pid " + c.pid() + ") did not end "
                                + seconds(KILL_WAIT) + " after SIGKILL (stuck in the kernel?)");
                    }
                }
            }
            return new Result(exit.get(), Optional.ofNullable(why));
        } catch (ExecutionException e) {
            throw new IllegalStateException("lost the exit status of " + script + " (pid " + c.pid() + ")", e.getCause());
        } catch (InterruptedException e) {
            c.signalGroup(Signal.KILL);
            throw e;
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
