package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KillAll with real processes, where it may not use kill(-1): this JVM is not PID 1, so it must end its own
 * descendants, one pid at a time, and nothing else. (As PID 1 it uses kill(-1), which these tests never run; its
 * pid-1 path is covered over fakes in {@link KillAllTest}.) Build with {@code JINIT_TEST_NO_PID1=1} to run these as
 * root: the reaper module's failsafe execution {@code it-not-pid1} does.
 */
class KillAllIT {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private final long me = ProcessHandle.current().pid();
    private Init init;
    private Reaper reaper;
    /** Every pid this test started, ended by pid afterwards if still there. */
    private final List<Long> started = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() {
        reaper = Reaper.ofDefaults();
        init = Init.builder().shutdownOn(Set.of()).component(reaper).start();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (long p : started) {
                char st = ProcFs.state(p);
                if (st != '?' && st != 'Z') {
                    init.processes().signal(p, Signal.KILL);
                }
            }
            for (Process p : processes) {
                p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
            reaper.awaitNoChildren(BOUND);
        } finally {
            init.close();
        }
    }

    private static void assumeNotPid1() {
        Assumptions.assumeTrue(ProcessHandle.current().pid() != 1,
                "this JVM is PID 1 of its namespace, where KillAll uses kill(-1); run with JINIT_TEST_NO_PID1=1");
    }

    private Child spawn(String script) {
        Child c = init.spawner().spawn(SpawnSpec.builder("sh", "-c", script).stdin(Redirect.file(Path.of("/dev/null"))).build());
        started.add(c.pid());
        return c;
    }

    private static boolean alive(long pid) {
        char st = ProcFs.state(pid);
        return st != '?' && st != 'Z';
    }

    @Test
    void killMinusOneIsRefusedUnlessThisJvmIsPid1() {
        assumeNotPid1();
        // URG: were the guard ever broken, a signal whose default action is to do nothing.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> init.processes().signalAllInNamespace(Signal.URG));
        assertTrue(e.getMessage().contains("PID 1"), e.getMessage());
    }

    @Test
    void endsEveryDescendantOfThisJvmAndNothingOutsideItsTree() throws Exception {
        assumeNotPid1();
        // A process outside our tree: with the subreaper flag off for a moment, an orphan goes up to whoever reaps
        // above us (the machine's init, a container's PID 1), not to this JVM.
        init.processes().setChildSubreaper(false);
        long outside;
        try {
            outside = Orphans.orphan("sleep 60");
            started.add(outside);
        } finally {
            init.processes().setChildSubreaper(true);
        }
        assertFalse(ProcTable.read(Path.of("/proc")).descendantsOf(me).contains(outside), "started outside our tree");

        Child own = spawn("sleep 60");
        Child withGrandchild = spawn("sleep 60 & wait");
        Process jdk = new ProcessBuilder("sleep", "60").start();
        processes.add(jdk);
        started.add(jdk.pid());
        long orphan = Orphans.orphan("sleep 60");
        started.add(orphan);
        assertTrue(ProcFs.leaderChildren().contains(orphan), "the orphan came to this JVM");

        KillAll killAll = new KillAll(init.processes(), reaper);
        List<Long> mine = killAll.remaining();
        assertTrue(mine.containsAll(List.of(own.pid(), withGrandchild.pid(), jdk.pid(), orphan)), "descendants: " + mine);
        assertFalse(mine.contains(outside));

        assertTrue(killAll.run(BOUND), () -> "left: " + killAll.remaining());

        ExitStatus term = new ExitStatus.Signaled(Signal.TERM.number(), false);
        assertEquals(term, own.onExit().get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(term, withGrandchild.onExit().get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(jdk.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(143, jdk.exitValue(), "the JDK still reports its child's end exactly");
        assertEquals('?', ProcFs.state(orphan), "the orphan ended and was reaped");
        assertEquals(List.of(), killAll.remaining());
        assertTrue(alive(outside), "the process outside our tree still runs");
        assertTrue(init.processes().signal(outside, Signal.KILL)); // ours to end: we started it
    }

    @Test
    void termHandlersGetTheGracePeriodAndWhatIgnoresTermGetsKill() throws Exception {
        assumeNotPid1();
        // Children of this (live) test thread, not of the leader: the grace period must cover them too.
        Child graceful = spawn("trap 'sleep 0.2; exit 3' TERM; sleep 60 & wait");
        Child stubborn = spawn("trap '' TERM; sleep 60 & wait");
        KillAll killAll = new KillAll(init.processes(), reaper);
        List<Long> before = killAll.remaining();
        assertTrue(before.containsAll(List.of(graceful.pid(), stubborn.pid())), "descendants: " + before);
        // Both shells must have set their traps before TERM comes: each has started its sleep by then.
        assertTrue(eventuallyChildren(graceful.pid()) && eventuallyChildren(stubborn.pid()));

        long t0 = System.nanoTime();
        assertTrue(killAll.run(Duration.ofSeconds(2)), () -> "left: " + killAll.remaining());
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(new ExitStatus.Exited(3), graceful.onExit().get(BOUND.toMillis(), TimeUnit.MILLISECONDS),
                "the TERM handler ran to its end: no KILL before the grace period is over");
        assertEquals(new ExitStatus.Signaled(Signal.KILL.number(), false), stubborn.onExit().get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(tookMs >= 2000, "KILL only after the 2 s grace period, but run() returned after " + tookMs + " ms");
        assertEquals(List.of(), killAll.remaining());
    }

    /** Whether {@code pid} has a child within the bound (its shell reached its background command). */
    private static boolean eventuallyChildren(long pid) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
            if (!ProcTable.read(Path.of("/proc")).descendantsOf(pid).isEmpty()) {
                return true;
            }
            Thread.yield();
        }
        return false;
    }
}
