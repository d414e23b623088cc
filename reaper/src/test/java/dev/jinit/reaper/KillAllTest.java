package dev.jinit.reaper;

import dev.jinit.core.FakeProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Signal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which processes KillAll signals, and how: over a fake /proc and fake process control. Nothing real is signalled.
 * Fake processes obey a script: those in {@code ignoreTerm} survive TERM, everything else ends on TERM or KILL.
 */
class KillAllTest {
    @TempDir
    Path proc;

    /** Signals are recorded; a process "ends" by leaving the fake /proc. */
    final class ScriptedProcesses extends FakeProcesses {
        private final Set<Long> ignoreTerm;

        ScriptedProcesses(long pid, Set<Long> ignoreTerm) {
            super(pid);
            this.ignoreTerm = ignoreTerm;
        }

        @Override
        public synchronized boolean signal(long target, Signal signal) {
            super.signal(target, signal);
            return end(target, signal);
        }

        @Override
        public synchronized void signalAllInNamespace(Signal signal) {
            super.signalAllInNamespace(signal);
            try (Stream<Path> all = Files.list(proc)) {
                for (Path p : all.toList()) {
                    long target = Long.parseLong(p.getFileName().toString());
                    if (target != pid()) {
                        end(target, signal);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private boolean end(long target, Signal signal) {
            Path dir = proc.resolve(Long.toString(target));
            if (!Files.exists(dir)) {
                return false;
            }
            if (signal == Signal.KILL || !ignoreTerm.contains(target)) {
                delete(dir);
                adoptChildrenOf(target);
            }
            return true;
        }

        /** As the kernel does: the children of an ended process go to the nearest subreaper, this "JVM". */
        private void adoptChildrenOf(long ended) {
            ProcTable t = ProcTable.read(proc);
            for (long orphan : t.childrenOf(ended)) {
                try {
                    process(orphan, pid(), t.states().get(orphan));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void process(long pid, long parent, char state) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (p" + pid + ") " + state + " " + parent + " " + pid + " 1 0 -1\n");
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reaper startedReaper(FakeProcesses os) throws Exception {
        Reaper r = Reaper.builder().childLister(new ChildLister() {
            @Override
            public long[] children() {
                return new long[0];
            }

            @Override
            public String name() {
                return "none";
            }
        }).jdkChildren(new JdkChildren.WaitingThreads("none")).build();
        r.start(new FakeContext(os));
        assertEquals(List.of("kill(" + os.pid() + ", CHLD)"), os.sent(), "the reaper's own SIGCHLD, for its warm-up");
        return r;
    }

    /** What kill-all sent: every signal but the reaper's SIGCHLD to itself at start. */
    private static List<String> sentByKillAll(FakeProcesses os) {
        return os.sent().stream().filter(s -> !s.equals("kill(" + os.pid() + ", CHLD)")).toList();
    }

    /**
     * 1 (machine init) ─┬─ 100 (this JVM) ─┬─ 200 ─── 300
     *                   │                  └─ 201 (zombie)
     *                   └─ 400 (not ours) ─── 401
     */
    private void machine() throws IOException {
        process(1, 0, 'S');
        process(100, 1, 'S');
        process(200, 100, 'S');
        process(300, 200, 'S');
        process(201, 100, 'Z');
        process(400, 1, 'S');
        process(401, 400, 'R');
    }

    @Test
    void notPid1SignalsEachLivingDescendantByPidAndNothingElse() throws Exception {
        machine();
        ScriptedProcesses os = new ScriptedProcesses(100, Set.of());
        KillAll k = new KillAll(os, startedReaper(os), proc);
        assertEquals(List.of(200L, 300L), k.remaining(), "descendants, parents first, the zombie left out");

        assertTrue(k.run(Duration.ofSeconds(5)));
        assertEquals(List.of("kill(200, TERM)", "kill(300, TERM)"), sentByKillAll(os), "no kill(-1), no KILL, no 400/401");
        assertTrue(Files.exists(proc.resolve("400")) && Files.exists(proc.resolve("401")), "outside processes untouched");
    }

    @Test
    void notPid1EscalatesToKillForWhatIgnoredTermOnlyAfterTheTimeout() throws Exception {
        machine();
        ScriptedProcesses os = new ScriptedProcesses(100, Set.of(300L));
        KillAll k = new KillAll(os, startedReaper(os), proc);
        long t0 = System.nanoTime();
        assertTrue(k.run(Duration.ofMillis(300)));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of("kill(200, TERM)", "kill(300, TERM)", "kill(300, KILL)"), sentByKillAll(os));
        assertTrue(tookMs >= 300, "KILL only after the grace period, but it came after " + tookMs + " ms");
    }

    @Test
    void pid1UsesKillMinusOneForTermAndForKill() throws Exception {
        process(1, 0, 'S');
        process(20, 1, 'S');
        process(21, 20, 'S');
        ScriptedProcesses os = new ScriptedProcesses(1, Set.of(21L));
        KillAll k = new KillAll(os, startedReaper(os), proc);
        assertEquals(List.of(20L, 21L), k.remaining());
        assertTrue(k.run(Duration.ofMillis(100)));
        assertEquals(List.of("kill(-1, TERM)", "kill(-1, KILL)"), sentByKillAll(os));
    }

    @Test
    void nothingLeftMeansNothingSignalled() throws Exception {
        process(1, 0, 'S');
        process(100, 1, 'S');
        process(201, 100, 'Z');
        ScriptedProcesses os = new ScriptedProcesses(100, Set.of());
        assertTrue(new KillAll(os, startedReaper(os), proc).run(Duration.ofSeconds(5)));
        assertEquals(List.of(), sentByKillAll(os));
    }
}
