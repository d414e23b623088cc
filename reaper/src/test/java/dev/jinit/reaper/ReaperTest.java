package dev.jinit.reaper;

import dev.jinit.core.FakeProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Child;
import dev.jinit.core.ChildTable;
import dev.jinit.core.ExitStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One reap pass over fakes: which pids it takes and which it leaves to their owners. */
class ReaperTest {
    private final AtomicInteger reapCalls = new AtomicInteger();
    private final AtomicInteger ownPidReaps = new AtomicInteger();
    private final FakeProcesses os = new FakeProcesses(100) {
        @Override
        public synchronized Optional<ExitStatus> reap(long child) {
            reapCalls.incrementAndGet();
            if (child == pid()) {
                ownPidReaps.incrementAndGet();
            }
            return super.reap(child);
        }
    };
    private final ChildTable table = new ChildTable(os);
    private final List<Long> leaderChildren = new CopyOnWriteArrayList<>();
    private final AtomicInteger refreshes = new AtomicInteger();

    private final JdkChildren jdk = new JdkChildren() {
        @Override
        public String strategy() {
            return "fake";
        }

        @Override
        public void refresh() {
            refreshes.incrementAndGet();
        }

        @Override
        public boolean test(long pid) {
            return pid >= 500 && pid < 600;
        }
    };

    private final ChildLister lister = new ChildLister() {
        @Override
        public long[] children() {
            return leaderChildren.stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public String name() {
            return "fake";
        }
    };

    private Reaper started(boolean subreaper) throws Exception {
        Reaper r = Reaper.builder().subreaper(subreaper).jdkChildren(jdk).childLister(lister).build();
        r.start(new FakeContext(os, table));
        return r;
    }

    private void orphan(long pid) {
        os.addChild(pid);
        leaderChildren.add(pid);
    }

    @Test
    void reapsEndedOrphansAndLeavesRunningOnes() throws Exception {
        Reaper r = started(true);
        orphan(200);
        orphan(201);
        os.end(200, ExitStatus.exited(3));
        assertEquals(1, r.reapOrphans());
        assertThrows(RuntimeException.class, () -> os.peek(200), "200 was reaped");
        assertEquals(Optional.empty(), os.peek(201), "201 still running, not reaped");
        assertEquals(1, r.reapedOrphans());
    }

    @Test
    void neverReapsAPidJinitSpawnedSoItsOwnerGetsTheStatus() throws Exception {
        Reaper r = started(true);
        os.addChild(300);
        Child own = table.register(() -> 300L, false);
        leaderChildren.add(300L); // its spawning thread exited: now a child of the leader
        os.end(300, ExitStatus.signaled(15, false));
        assertEquals(0, r.reapOrphans());
        assertTrue(own.isAlive(), "the orphan reaper did not take it");
        table.reapOwned();
        assertEquals(ExitStatus.signaled(15, false), own.onExit().get());
    }

    @Test
    void neverReapsAPidTheJdkWaitsFor() throws Exception {
        Reaper r = started(true);
        orphan(500); // a ProcessBuilder child, per the fake strategy
        os.end(500, ExitStatus.exited(0));
        orphan(201);
        os.end(201, ExitStatus.exited(1));
        assertEquals(1, r.reapOrphans());
        assertEquals(Optional.of(ExitStatus.exited(0)), os.peek(500), "still there for the JDK to reap");
    }

    @Test
    void refreshesTheJdkStrategyOncePerPassAndOnlyWhenThereIsSomethingToDecide() throws Exception {
        Reaper r = started(true);
        int atStart = refreshes.get();
        r.reapOrphans();
        assertEquals(atStart, refreshes.get(), "no children: no refresh");
        orphan(200);
        orphan(201);
        orphan(202);
        r.reapOrphans();
        assertEquals(atStart, refreshes.get(), "none ended: no refresh");
        os.end(200, ExitStatus.exited(0));
        os.end(201, ExitStatus.exited(0));
        assertEquals(2, r.reapOrphans());
        assertEquals(atStart + 1, refreshes.get());
    }

    @Test
    void aStormCostsOneReapPerEndedOrphanNotOnePerRunningChild() throws Exception {
        Reaper r = started(true);
        for (long pid = 1000; pid < 3000; pid++) {
            orphan(pid);
        }
        for (long pid = 1000; pid < 3000; pid += 100) {
            os.end(pid, ExitStatus.exited(0));
        }
        reapCalls.set(0);
        assertEquals(20, r.reapOrphans());
        assertEquals(20, reapCalls.get(), "the 1,980 running children were not probed");
    }

    @Test
    void aScanLateInAPassProbesTheLeadersChildrenOfNowNotThoseItAlreadyReaped() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        FakeProcesses kernel = new FakeProcesses(100) {
            @Override
            public synchronized Optional<ExitStatus> reap(long child) {
                probes.incrementAndGet();
                Optional<ExitStatus> s = super.reap(child);
                s.ifPresent(x -> leaderChildren.remove(child)); // reaped: gone from the children file
                return s;
            }
        };
        ChildTable t = new ChildTable(kernel);
        Reaper r = Reaper.builder().jdkChildren(jdk).childLister(lister).build();
        r.start(new FakeContext(kernel, t));
        for (long pid = 200; pid < 300; pid++) {
            kernel.addChild(pid);
            leaderChildren.add(pid);
            kernel.end(pid, ExitStatus.exited(0));
        }
        kernel.addChild(3); // the main command, jinit's own: it ends last, and the kernel names it
        Child command = t.register(() -> 3L, false);
        leaderChildren.add(3L);
        kernel.end(3, ExitStatus.exited(0));
        probes.set(0);
        assertEquals(100, r.reapOrphans());
        assertEquals(100, probes.get(), "one reap per orphan; the scan the command's exit led to probed nothing gone");
        assertTrue(command.isAlive(), "left for jinit's table");
    }

    @Test
    void anEndedChildOfAnotherThreadIsNeverReapedAndDoesNotHideTheOrphansBehindIt() throws Exception {
        Reaper r = started(true);
        os.addChild(700); // a ProcessBuilder child the JDK has not registered yet: not a child of the leader
        os.end(700, ExitStatus.exited(9));
        orphan(201);
        orphan(202);
        os.end(201, ExitStatus.exited(1));
        os.end(202, ExitStatus.exited(2));
        assertEquals(2, r.reapOrphans(), "the pass fell back to probing the leader's children");
        assertEquals(Optional.of(ExitStatus.exited(9)), os.peek(700), "left for its real waiter");
        assertEquals(java.util.OptionalLong.of(700), os.anyEnded());
    }

    @Test
    void becomesAChildSubreaperWhenNotPid1UnlessToldNot() throws Exception {
        started(true);
        assertTrue(os.isChildSubreaper());
        FakeProcesses other = new FakeProcesses(100);
        Reaper.builder().subreaper(false).jdkChildren(jdk).childLister(lister).build().start(new FakeContext(other));
        assertFalse(other.isChildSubreaper());
        FakeProcesses pid1 = new FakeProcesses(1);
        Reaper.builder().jdkChildren(jdk).childLister(lister).build().start(new FakeContext(pid1));
        assertFalse(pid1.isChildSubreaper(), "PID 1 gets orphans anyway");
    }

    @Test
    void anOrphanReapedMeanwhileByItsRightfulWaiterIsSkipped() throws Exception {
        Reaper r = started(true);
        leaderChildren.add(400L); // listed, but already gone: waitid says ECHILD
        assertEquals(0, r.reapOrphans());
    }

    @Test
    void awaitNoChildrenReturnsOnceTheLeaderHasNoneAndTimesOutOtherwise() throws Exception {
        Reaper r = started(true);
        assertTrue(r.awaitNoChildren(Duration.ZERO));
        orphan(200);
        assertFalse(r.awaitNoChildren(Duration.ofMillis(50)));
        os.end(200, ExitStatus.exited(0));
        leaderChildren.clear();
        assertTrue(r.awaitNoChildren(Duration.ofSeconds(5)));
    }

    @Test
    void theFirstSigchldWarmsTheReapPathAndReapsOnlyEndedOrphans() throws Exception {
        List<dev.jinit.core.Signals.Listener> chld = new CopyOnWriteArrayList<>();
        Reaper r = Reaper.builder().jdkChildren(jdk).childLister(lister).build();
        r.start(new FakeContext(os, table, (signal, listener) -> {
            chld.add(listener);
            return () -> chld.remove(listener);
        }));
        assertEquals(1, chld.size(), "subscribed to SIGCHLD");
        assertEquals(List.of("kill(100, CHLD)"), os.sent(), "sent itself a SIGCHLD, for the warm-up at start");
        orphan(200);
        orphan(201);
        orphan(500); // the JDK's
        os.addChild(300);
        Child own = table.register(() -> 300L, false);
        leaderChildren.add(300L);
        os.end(201, ExitStatus.exited(1));
        os.end(500, ExitStatus.exited(0));
        os.end(300, ExitStatus.exited(2));
        chld.get(0).onSignal(dev.jinit.core.Signal.CHLD); // the first: the warm-up, then a pass
        assertEquals(1, ownPidReaps.get(), "the warm-up reaped this process's own pid (never its child: ECHILD)");
        assertEquals(1, r.reapedOrphans(), "only 201");
        assertEquals(Optional.of(ExitStatus.exited(0)), os.peek(500), "left for the JDK");
        assertTrue(own.isAlive(), "left for jinit's own table");
        assertEquals(Optional.empty(), os.peek(200), "still running");
        chld.get(0).onSignal(dev.jinit.core.Signal.CHLD);
        assertEquals(1, ownPidReaps.get(), "one warm-up only");
        assertEquals(1, r.reapedOrphans());
    }

    @Test
    void aPassBeforeStartIsAnError() {
        Reaper r = Reaper.builder().jdkChildren(jdk).childLister(lister).build();
        assertThrows(IllegalStateException.class, r::reapOrphans);
        assertEquals("fake", r.jdkStrategy());
        assertEquals("reaper", r.name());
        assertTrue(Set.of("lookup", "unsafe", "waiting-threads").contains(Reaper.ofDefaults().jdkStrategy()));
    }
}
