package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Processes#anyEnded()} names an ended child and steals nothing: the status is still there for the reap by pid.
 * The children are spawned through a table nobody reaps from (no init thread), so they stay zombies until the test
 * reaps them.
 */
class AnyEndedIT {
    private final Natives natives = Natives.load();
    private final Processes os = natives.processes();
    private final ChildTable table = new ChildTable(os);
    private final Spawner spawner = natives.spawner(table);

    @Test
    void namesAnEndedChildWithoutReapingItAndNamesNothingWhenNoneEnded() throws Exception {
        assertEquals(OptionalLong.empty(), os.anyEnded(), "no ended child at the start");
        Child sleeper = spawner.spawn(SpawnSpec.builder("sleep", "30").build());
        Child quitter = spawner.spawn(SpawnSpec.builder("sh", "-c", "exit 7").build());
        try {
            assertEquals(OptionalLong.of(quitter.pid()), awaitAnyEnded(), "only the quitter has ended");
            assertEquals(OptionalLong.of(quitter.pid()), os.anyEnded(), "named again: anyEnded reaped nothing");
            assertEquals(Optional.of(new ExitStatus.Exited(7)), os.reap(quitter.pid()), "its status is intact");
            assertEquals(OptionalLong.empty(), os.anyEnded(), "the sleeper still runs");
        } finally {
            os.signal(sleeper.pid(), Signal.KILL);
        }
        assertEquals(OptionalLong.of(sleeper.pid()), awaitAnyEnded());
        assertTrue(os.exists(sleeper.pid()), "a zombie exists");
        assertTrue(os.reap(sleeper.pid()).isPresent());
        assertFalse(os.exists(sleeper.pid()), "reaped: gone");
        assertTrue(os.exists(os.pid()));
    }

    /** Waits, bounded, for the kernel to report an ended child: exit is asynchronous to our spawn returning. */
    private OptionalLong awaitAnyEnded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
            OptionalLong pid = os.anyEnded();
            if (pid.isPresent()) {
                return pid;
            }
            Thread.sleep(1); // polling a zombie's appearance: nothing to wait on without a SIGCHLD handler
        }
        return OptionalLong.empty();
    }
}
