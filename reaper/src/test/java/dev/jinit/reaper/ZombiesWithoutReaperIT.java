package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Redirect;
import dev.jinit.core.Signal;
import dev.jinit.core.SpawnSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The negative control of {@link ReapingPropertiesIT}: the same double-forked orphans, with no reaper running, do
 * stay zombies of this JVM. So the property's "no zombie left" can fail, and it is the reaper that makes it hold.
 */
class ZombiesWithoutReaperIT {
    private static final int ORPHANS = 3;
    private final long pid = ProcessHandle.current().pid();
    private boolean wasSubreaper;
    private Init init;

    @BeforeEach
    void startInitWithoutReaper() {
        init = Init.builder().shutdownOn(Set.of()).start(); // no components: no reaper
        wasSubreaper = init.processes().isChildSubreaper();
        if (pid != 1) {
            init.processes().setChildSubreaper(true); // so that orphans come to us, as they do to PID 1
        }
        assertEquals(List.of(), ProcFs.leaderChildren(), "no orphan left over from an earlier test");
    }

    @AfterEach
    void stop() {
        try {
            for (long z : zombieOrphans()) { // in case an assertion failed half-way: leave nothing behind
                init.children().reapUnlessOwned(z);
            }
        } finally {
            init.close();
            if (pid != 1) {
                init.processes().setChildSubreaper(wasSubreaper);
            }
        }
    }

    private static List<Long> zombieOrphans() {
        List<Long> out = new ArrayList<>();
        for (long p : ProcFs.leaderChildren()) {
            if (ProcFs.state(p) == 'Z') {
                out.add(p);
            }
        }
        return out;
    }

    /** Makes {@link #ORPHANS} double-forked orphans that exit 7, and waits (on SIGCHLD) until all are zombies. */
    private List<Long> makeZombies() throws Exception {
        CountDownLatch allZombies = new CountDownLatch(1);
        AutoCloseable sub = init.signals().subscribe(Signal.CHLD, s -> {
            if (zombieOrphans().size() >= ORPHANS) {
                allZombies.countDown();
            }
        });
        try {
            Child sh = init.spawner().spawn(SpawnSpec.builder("sh", "-c", "( ( exit 7 ) & ); ".repeat(ORPHANS) + "exit 0")
                    .stdin(Redirect.file(Path.of("/dev/null"))).build());
            assertEquals(new ExitStatus.Exited(0), sh.onExit().get(10, TimeUnit.SECONDS));
            // Each orphan's end raises SIGCHLD here; the listener counts zombies on each.
            assertTrue(allZombies.await(10, TimeUnit.SECONDS),
                    () -> "expected " + ORPHANS + " zombie orphans, found " + ProcFs.zombiesAmong(ProcFs.leaderChildren()));
        } finally {
            sub.close();
        }
        List<Long> zombies = zombieOrphans();
        assertEquals(ORPHANS, zombies.size(), () -> "zombies: " + ProcFs.zombiesAmong(ProcFs.leaderChildren()));
        return zombies;
    }

    @Test
    void withoutAReaperDoubleForkedOrphansStayZombiesOfThisJvm() throws Exception {
        List<Long> zombies = makeZombies();
        assertEquals(ORPHANS, ProcFs.zombieChildren().size(), "the property's zombie check sees them: " + ProcFs.zombieChildren());
        // Reaping each one by pid gets its exact status; then nothing is left.
        for (long z : zombies) {
            assertEquals(Optional.of(new ExitStatus.Exited(7)), init.children().reapUnlessOwned(z), "orphan " + z);
        }
        assertEquals(List.of(), ProcFs.zombieChildren());
        assertEquals(List.of(), ProcFs.leaderChildren());
    }

    @Test
    void aReaperStartedLaterCollectsTheZombiesAlreadyWaiting() throws Exception {
        makeZombies();
        init.close(); // give SIGCHLD back: one init at a time
        Reaper reaper = Reaper.ofDefaults();
        init = Init.builder().shutdownOn(Set.of()).component(reaper).start();
        // Reaper.start makes one pass at once: these zombies sent their SIGCHLD before it listened.
        assertTrue(reaper.awaitNoChildren(Duration.ofSeconds(10)), () -> "left: " + ProcFs.zombieChildren());
        assertEquals(ORPHANS, reaper.reapedOrphans());
        assertEquals(List.of(), ProcFs.zombieChildren());
    }
}
