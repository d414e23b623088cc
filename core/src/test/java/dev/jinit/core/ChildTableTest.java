package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ChildTableTest {
    private final java.util.concurrent.atomic.AtomicInteger reaps = new java.util.concurrent.atomic.AtomicInteger();
    private final FakeProcesses os = new FakeProcesses(100) {
        @Override
        public synchronized Optional<ExitStatus> reap(long child) {
            reaps.incrementAndGet();
            return super.reap(child);
        }
    };
    private final ChildTable table = new ChildTable(os);

    private Child spawn(long pid) {
        os.addChild(pid);
        return table.register(() -> pid, false);
    }

    @Test
    void reapOwnedCompletesTheFutureOfEachEndedChildWithItsExactStatus() throws Exception {
        Child a = spawn(200);
        Child b = spawn(201);
        os.end(200, ExitStatus.exited(7));
        assertEquals(1, table.reapOwned());
        assertEquals(ExitStatus.exited(7), a.onExit().get());
        assertTrue(b.isAlive());
        assertTrue(table.owns(201));
        assertFalse(table.owns(200));
        os.end(201, ExitStatus.signaled(9, false));
        table.reapOwned();
        assertEquals(137, b.onExit().get().shellCode());
        assertEquals(0, table.size());
    }

    @Test
    void aSigchldCostsOneReapPerEndedChildNotOnePerRegisteredChild() throws Exception {
        for (long pid = 1000; pid < 1500; pid++) {
            spawn(pid);
        }
        os.end(1234, ExitStatus.exited(3));
        reaps.set(0);
        assertEquals(1, table.reapOwned());
        assertEquals(1, reaps.get(), "the 499 running services were not probed");
        os.end(1300, ExitStatus.exited(0));
        os.end(1301, ExitStatus.exited(0));
        assertEquals(2, table.reapOwned());
        assertEquals(3, reaps.get(), "one reap for each ended child");
    }

    @Test
    void anEndedChildThatIsNotOursFallsBackToProbingOursSoNoneIsHidden() throws Exception {
        os.addChild(50); // an orphan or a JDK child, ended first: the kernel keeps naming it
        os.end(50, ExitStatus.exited(0));
        Child a = spawn(200);
        os.end(200, ExitStatus.exited(4));
        assertEquals(1, table.reapOwned());
        assertEquals(ExitStatus.exited(4), a.onExit().get());
        assertEquals(Optional.of(ExitStatus.exited(0)), os.peek(50), "not ours: left alone");
    }

    @Test
    void aStolenStatusFailsTheFutureInsteadOfHanging() {
        Child a = spawn(300);
        os.end(300, ExitStatus.exited(0));
        os.reap(300); // someone else's waitpid(-1) took it
        table.reapOwned();
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.onExit().get());
        assertTrue(e.getCause() instanceof NativeException);
        assertEquals(Errno.ECHILD, ((NativeException) e.getCause()).errno());
    }

    @Test
    void reapUnlessOwnedLeavesOurChildrenToTheTable() {
        spawn(400);
        os.end(400, ExitStatus.exited(3));
        assertEquals(Optional.empty(), table.reapUnlessOwned(400));
        os.addChild(500); // an orphan
        os.end(500, ExitStatus.exited(4));
        assertEquals(Optional.of(ExitStatus.exited(4)), table.reapUnlessOwned(500));
        assertEquals(Optional.empty(), table.reapUnlessOwned(500), "gone: ECHILD is an expected race");
        assertEquals(1, table.reapOwned());
    }

    @Test
    void anAdoptedChildIsOursFromThenOnTheOrphanReaperLeavesItAlone() throws Exception {
        os.addChild(700); // started by the launcher script before the JVM
        Child c = table.adopt(700, false);
        assertTrue(c.isAlive());
        assertTrue(table.owns(700));
        os.end(700, ExitStatus.exited(5));
        assertEquals(Optional.empty(), table.reapUnlessOwned(700), "the orphan reaper must not take its status");
        assertEquals(1, table.reapOwned());
        assertEquals(ExitStatus.exited(5), c.onExit().get());
    }

    @Test
    void aChildThatEndedBeforeItsAdoptionIsReapedAtOnceWithItsStatus() throws Exception {
        os.addChild(701);
        os.end(701, ExitStatus.signaled(15, false)); // e.g. ended before the JVM was up: a zombie since
        Child c = table.adopt(701, false);
        assertEquals(143, c.onExit().get().shellCode());
        assertFalse(table.owns(701));
        assertThrows(NativeException.class, () -> os.peek(701), "reaped");
    }

    @Test
    void adoptingAPidThatIsNotOurChildOrOursAlreadyFails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.adopt(702, false));
        assertTrue(e.getMessage().contains("not a child of this process (pid 100)"), e.getMessage());
        spawn(703);
        assertThrows(IllegalArgumentException.class, () -> table.adopt(703, false));
        assertThrows(IllegalArgumentException.class, () -> table.adopt(0, false));
        os.addChild(704);
        assertEquals(704, table.adopt(704, true).processGroup());
    }

    @Test
    void groupSignalsNeedAGroupOfTheirOwn() {
        Child a = spawn(600);
        assertThrows(IllegalStateException.class, () -> a.signalGroup(Signal.TERM));
        os.addChild(601);
        Child g = table.register(() -> 601, true);
        assertEquals(601, g.processGroup());
        g.signalGroup(Signal.HUP);
        assertEquals("killpg(601, HUP)", os.sent().get(os.sent().size() - 1));
    }
}
