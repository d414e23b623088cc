package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing /proc/&lt;pid&gt;/stat lines and walking the parent relation; no processes, no natives. */
class ProcTableTest {

    private static ProcTable parse(String... stats) {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Character> states = new HashMap<>();
        for (String s : stats) {
            ProcTable.parseStat(s, parents, states);
        }
        return new ProcTable(parents, states);
    }

    @Test
    void parseStatReadsPidStateAndParentOfAPlainLine() {
        ProcTable t = parse("4242 (sleep) S 17 4242 17 0 -1 4194304 97 0 0 0 0 0 0 0 20 0 1 0 12345 2269184 128\n");
        assertEquals(Map.of(4242L, 17L), t.parents());
        assertEquals(Map.of(4242L, 'S'), t.states());
    }

    @Test
    void parseStatFindsTheFieldsAfterTheLastParenthesisWhenTheCommandHoldsSpacesAndParentheses() {
        // A process may name itself anything (prctl PR_SET_NAME): here "a) Z 99 (b" and ") x)".
        ProcTable t = parse(
                "77 (a) Z 99 (b) R 12 77 12 0 -1 4194560 0 0 0 0\n",
                "78 () x)) Z 1 78 1 0 -1\n",
                "79 (two words) D 5 79 5 0\n");
        assertEquals(Map.of(77L, 12L, 78L, 1L, 79L, 5L), t.parents());
        assertEquals(Map.of(77L, 'R', 78L, 'Z', 79L, 'D'), t.states());
    }

    @Test
    void parseStatSkipsLinesTooShortToHoldAStateAndParent() {
        ProcTable t = parse("", "12", "12 (x)", "12 (x) S");
        assertTrue(t.parents().isEmpty(), t.parents().toString());
        assertTrue(t.states().isEmpty(), t.states().toString());
    }

    /**
     * 1 ─┬─ 2 ─── 4 ─── 5
     *    └─ 3
     * 6 ─── 7            (another tree)
     */
    private static ProcTable forest() {
        return parse("1 (init) S 0 1 1", "2 (sh) S 1 2 2", "3 (sleep) Z 1 3 3", "4 (sh) S 2 4 4",
                "5 (sleep) S 4 5 5", "6 (other) S 0 6 6", "7 (other child) S 6 7 7");
    }

    @Test
    void childrenOfListsDirectChildrenOnly() {
        long[] kids = forest().childrenOf(1);
        Arrays.sort(kids);
        assertArrayEquals(new long[] {2, 3}, kids);
        assertArrayEquals(new long[] {5}, forest().childrenOf(4));
        assertArrayEquals(new long[0], forest().childrenOf(5));
    }

    @Test
    void descendantsOfListsTheWholeSubtreeParentsBeforeTheirChildren() {
        ProcTable t = forest();
        List<Long> d = t.descendantsOf(1);
        assertEquals(Set.of(2L, 3L, 4L, 5L), Set.copyOf(d), "every descendant, nothing else");
        assertEquals(4, d.size(), "each once");
        for (long p : d) {
            long parent = t.parents().get(p);
            if (parent != 1) {
                assertTrue(d.indexOf(parent) < d.indexOf(p), "parent " + parent + " listed before " + p + " in " + d);
            }
        }
        assertEquals(List.of(7L), t.descendantsOf(6));
        assertEquals(List.of(), t.descendantsOf(5));
        assertEquals(List.of(), t.descendantsOf(999));
    }

    @Test
    void descendantsOfIncludesZombiesSoCallersCanTellThemApart() {
        ProcTable t = forest();
        assertTrue(t.descendantsOf(1).contains(3L));
        assertEquals('Z', t.states().get(3L));
    }

    @Test
    void descendantsOfEndsOnACyclicSnapshot() {
        // /proc is not read atomically: with pid reuse during a scan, a snapshot can hold 10 -> 11 -> 10.
        ProcTable t = parse("10 (a) S 11 10 10", "11 (b) S 10 11 11", "12 (c) S 11 12 12");
        List<Long> d = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> t.descendantsOf(10));
        assertEquals(Set.of(11L, 12L), Set.copyOf(d));
        assertFalse(d.contains(10L), "a process is not its own descendant: " + d);
        assertEquals(d.size(), Set.copyOf(d).size(), "each once: " + d);
    }

    @Test
    void readScansOnlyNumericEntriesAndSkipsProcessesThatVanished(@TempDir Path proc) throws IOException {
        stat(proc, 1, "1 (init) S 0 1 1 0");
        stat(proc, 20, "20 (sh -c x) S 1 20 20 0");
        stat(proc, 21, "21 (zombie)) Z 20 21 20 0");
        Files.createDirectories(proc.resolve("22")); // ended between the listing and the read: no stat
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self").resolve("stat"), "1 (init) S 0 1 1 0");
        Files.createDirectories(proc.resolve("sys"));
        Files.writeString(proc.resolve("uptime"), "1.0 2.0");

        ProcTable t = ProcTable.read(proc);
        assertEquals(Map.of(1L, 0L, 20L, 1L, 21L, 20L), t.parents());
        assertEquals('Z', t.states().get(21L));
        assertEquals(List.of(20L, 21L), t.descendantsOf(1));
    }

    @Test
    void readOfTheRealProcFindsThisJvmAndItsParent() {
        long me = ProcessHandle.current().pid();
        ProcTable t = ProcTable.read(Path.of("/proc"));
        assertTrue(t.states().containsKey(me), "this JVM is in the table");
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
        assertEquals(parent, t.parents().get(me));
    }

    private static void stat(Path proc, long pid, String line) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), line + "\n");
    }
}
