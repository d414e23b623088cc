package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ChildTableTest {
    private final FakeProcesses os = new FakeProcesses(100);
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
