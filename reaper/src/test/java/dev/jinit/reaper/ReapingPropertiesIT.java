package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Redirect;
import dev.jinit.core.Signal;
import dev.jinit.core.SpawnSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reaper's contract, over random mixes of real processes started at the same moment from threads that end at
 * once (so that every child lands on the leader thread, where the reaper looks):
 * <ul>
 * <li>process trees run by {@code sh}, up to three levels, whose nodes are waited for by their parent, left running
 * by it, or double-forked ({@code ( ( ... ) & )}) so that their parent is gone before they end;</li>
 * <li>{@code ProcessBuilder} children, whose {@code waitFor()} must stay exact: a reaper that took their status
 * would make it a silent 0;</li>
 * <li>children spawned through jinit, whose {@link ExitStatus} must arrive exact through the child table.</li>
 * </ul>
 * After each try no child of this JVM may be a zombie. Runs as PID 1 of the test's PID namespace when the build can
 * make one (root), else as a child subreaper; the log says which.
 */
class ReapingPropertiesIT {
    private static final Logger LOG = LoggerFactory.getLogger(ReapingPropertiesIT.class);
    /** Bounds every wait; a try normally takes milliseconds. */
    private static final Duration BOUND = Duration.ofSeconds(20);
    /** Signals a node may die of: none that a background shell ignores (INT, QUIT) or this JVM ignores. */
    private static final List<Signal> DEADLY = deadlySignals();

    private static Init init;
    private static Reaper reaper;
    /** Milliseconds each try took, for the summary line. */
    private static final List<Long> TRY_MILLIS = Collections.synchronizedList(new ArrayList<>());
    /** CPU ticks (this JVM and its reaped children) when the container started, for the summary line. */
    private static long cpuTicksAtStart;

    private static List<Signal> deadlySignals() {
        long ignored = ProcFs.ignoredSignalMask();
        List<Signal> out = new ArrayList<>();
        for (Signal s : List.of(Signal.TERM, Signal.KILL, Signal.HUP, Signal.USR1, Signal.ALRM)) {
            if ((ignored & (1L << (s.number() - 1))) == 0) {
                out.add(s);
            }
        }
        return out;
    }

    /** utime + stime + cutime + cstime of this JVM, in clock ticks (fields 14-17 of /proc/self/stat). */
    private static long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeContainer
    static void startInit() {
        cpuTicksAtStart = cpuTicks();
        reaper = Reaper.ofDefaults();
        init = Init.builder().shutdownOn(Set.of()).component(reaper).start();
        long pid = ProcessHandle.current().pid();
        if (pid == 1) {
            LOG.info("ReapingPropertiesIT runs as PID 1 of its PID namespace; JDK children by '{}', signals {}",
                    reaper.jdkStrategy(), DEADLY);
        } else {
            assertTrue(init.processes().isChildSubreaper(), "not PID 1, so the reaper must have made this JVM a child subreaper");
            LOG.info("ReapingPropertiesIT runs as pid {}, a child subreaper (not PID 1); JDK children by '{}', signals {}",
                    pid, reaper.jdkStrategy(), DEADLY);
        }
    }

    @AfterContainer
    static void stopInit() {
        if (init != null) {
            List<Long> ms = new ArrayList<>(TRY_MILLIS);
            Collections.sort(ms);
            if (!ms.isEmpty()) {
                LOG.info("ReapingPropertiesIT: {} tries, {} ms per try on average (median {}, 90th percentile {}, max {}),"
                                + " {} ms of CPU per try (JVM and children, assuming 100 ticks/s); the reaper reaped {} orphans",
                        ms.size(), ms.stream().mapToLong(Long::longValue).sum() / ms.size(), ms.get(ms.size() / 2),
                        ms.get(ms.size() * 9 / 10), ms.get(ms.size() - 1), (cpuTicks() - cpuTicksAtStart) * 10 / ms.size(),
                        reaper.reapedOrphans());
            }
            init.close();
        }
    }

    // ---- the model -------------------------------------------------------------------------------------------

    /** How a process ends: {@code exit code}, or killed by {@code signal} (then code is unused). */
    record End(int code, Signal signal) {
        static End exit(int code) {
            return new End(code, null);
        }

        static End killed(Signal s) {
            return new End(0, s);
        }

        ExitStatus status() {
            return signal == null ? new ExitStatus.Exited(code) : new ExitStatus.Signaled(signal.number(), false);
        }

        /** What the JDK's {@code waitFor()} reports: the code, or 128 + the signal. */
        int shellCode() {
            return status().shellCode();
        }

        /**
         * The last command of a node. In a subshell $$ is still the top shell's pid; the subshell's own comes from
         * /proc/self, which the shell opens itself for a builtin's redirection (no process in between).
         */
        String command(boolean ownProcess) {
            if (signal == null) {
                return "exit " + code;
            }
            return ownProcess ? "kill -s " + signal + " $$" : "read -r p _ < /proc/self/stat; kill -s " + signal + " $p";
        }

        @Override
        public String toString() {
            return status().toString();
        }
    }

    /** How a node hangs from its parent. */
    enum Link {
        /** Started in the background and waited for: the parent shell reaps it. */
        WAITED,
        /** Started in the background and never waited for: an orphan when the parent ends first. */
        LEFT,
        /** {@code ( ( node ) & )}: its parent is gone at once, it is an orphan from the start. */
        DOUBLE_FORKED
    }

    record Node(Link link, int delayMs, End end, List<Node> children) {
        /** The shell commands that run this node (its children first, then its delay, its waits and its end). */
        String script(boolean ownProcess) {
            StringBuilder sb = new StringBuilder();
            List<String> waited = new ArrayList<>();
            for (int i = 0; i < children.size(); i++) {
                Node c = children.get(i);
                String body = c.script(false);
                switch (c.link) {
                    case WAITED -> {
                        sb.append("( ").append(body).append(" ) & w").append(i).append("=$!; ");
                        waited.add("$w" + i);
                    }
                    case LEFT -> sb.append("( ").append(body).append(" ) & ");
                    case DOUBLE_FORKED -> sb.append("( ( ").append(body).append(" ) & ); ");
                }
            }
            if (delayMs > 0) {
                sb.append(String.format("sleep 0.%03d; ", delayMs));
            }
            if (!waited.isEmpty()) {
                sb.append("wait ").append(String.join(" ", waited)).append("; ");
            }
            return sb.append(end.command(ownProcess)).toString();
        }

        /** How many nodes below this one hang by {@code l} (the root's own link means nothing). */
        int countBelow(Link l) {
            int n = 0;
            for (Node c : children) {
                n += (c.link == l ? 1 : 0) + c.countBelow(l);
            }
            return n;
        }

        int size() {
            return 1 + children.stream().mapToInt(Node::size).sum();
        }
    }

    enum Starter { SPAWNER, PROCESS_BUILDER }

    record Tree(Starter starter, Node root) {
        String script() {
            return root.script(true);
        }
    }

    record Scenario(List<Tree> trees, List<End> processBuilderChildren, List<End> spawnedChildren) {
        int doubleForked() {
            return trees.stream().mapToInt(t -> t.root().countBelow(Link.DOUBLE_FORKED)).sum();
        }
    }

    // ---- generators ------------------------------------------------------------------------------------------

    private static Arbitrary<End> ends() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(0, 255).map(End::exit)),
                Tuple.of(1, Arbitraries.of(DEADLY).map(End::killed)));
    }

    private static Arbitrary<Integer> delays() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 8)));
    }

    /** A node with {@code levelsBelow} more levels under it at most; fan-out 0–{@code fanOut}, then 0–2 deeper. */
    private static Arbitrary<Node> nodes(int levelsBelow, int fanOut) {
        Arbitrary<List<Node>> children = levelsBelow == 0
                ? Arbitraries.just(List.of())
                : nodes(levelsBelow - 1, 2).list().ofMaxSize(fanOut);
        return Combinators.combine(Arbitraries.of(Link.class), delays(), ends(), children).as(Node::new);
    }

    private static Arbitrary<Tree> trees() {
        Arbitrary<Node> root = Arbitraries.integers().between(1, 3).flatMap(depth -> nodes(depth - 1, 4));
        return Combinators.combine(Arbitraries.of(Starter.class), root).as(Tree::new);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(
                trees().list().ofMinSize(1).ofMaxSize(2),
                ends().list().ofMaxSize(2),
                ends().list().ofMaxSize(2)).as(Scenario::new);
    }

    // ---- the property ----------------------------------------------------------------------------------------

    /** A started process, as its starter reports its end. */
    private interface Started {
        /** How it ended, as its starter tells: waitFor()'s code for a ProcessBuilder child, the ExitStatus for jinit's. */
        Object end() throws Exception;

        /** What {@link #end()} must be. */
        Object expected();

        String what();
    }

    private static Started processBuilder(String script, End end, String what) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD) // sh reports "Killed" for every waited job a signal ends
                .start();
        return new Started() {
            @Override
            public Object end() throws Exception {
                if (!p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new TimeoutException("ProcessBuilder child " + p.pid() + " still running after " + BOUND);
                }
                return p.exitValue();
            }

            @Override
            public Object expected() {
                return end.shellCode();
            }

            @Override
            public String what() {
                return what + " (ProcessBuilder pid " + p.pid() + ": sh -c \"" + script + "\")";
            }
        };
    }

    private static Started spawned(String script, End end, String what) {
        Child c = init.spawner().spawn(SpawnSpec.builder("sh", "-c", script)
                .stdin(Redirect.file(Path.of("/dev/null"))).stdout(Redirect.discard()).stderr(Redirect.discard()).build());
        return new Started() {
            @Override
            public Object end() throws Exception {
                try {
                    return c.onExit().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    c.signal(Signal.KILL);
                    throw e;
                }
            }

            @Override
            public Object expected() {
                return end.status();
            }

            @Override
            public String what() {
                return what + " (jinit pid " + c.pid() + ": sh -c \"" + script + "\")";
            }
        };
    }

    @Property
    void everyStatusArrivesExactAndNoZombieIsLeft(@ForAll("scenarios") Scenario s) throws Exception {
        List<Callable<Started>> starts = new ArrayList<>();
        for (Tree t : s.trees()) {
            End end = t.root().end();
            String what = "tree of " + t.root().size() + " ending " + end;
            starts.add(t.starter() == Starter.SPAWNER
                    ? () -> spawned(t.script(), end, what)
                    : () -> processBuilder(t.script(), end, what));
        }
        for (End e : s.processBuilderChildren()) {
            starts.add(() -> processBuilder(e.command(true), e, "child ending " + e));
        }
        for (End e : s.spawnedChildren()) {
            starts.add(() -> spawned(e.command(true), e, "child ending " + e));
        }
        long reapedBefore = reaper.reapedOrphans();
        long t0 = System.nanoTime();

        // Each from its own thread, all released at once; each thread ends right after its start, so its children
        // move to the leader thread, where the reaper must tell them from orphans.
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Started>> started = new ArrayList<>();
        for (var start : starts) {
            CompletableFuture<Started> f = new CompletableFuture<>();
            started.add(f);
            Thread th = new Thread(() -> {
                try {
                    if (!go.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new TimeoutException("never released");
                    }
                    f.complete(start.call());
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            }, "starter");
            th.start();
        }
        go.countDown();

        List<String> wrong = new ArrayList<>();
        for (CompletableFuture<Started> f : started) {
            Started p = f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            Object got = p.end();
            if (!p.expected().equals(got)) {
                wrong.add(p.what() + ": expected " + p.expected() + " but got " + got);
            }
        }
        assertEquals(List.of(), wrong, "every end is exact");

        // Every process started above has ended and been collected; what remains on the leader are orphans.
        assertTrue(reaper.awaitNoChildren(BOUND),
                () -> "orphans left unreaped after " + BOUND + ": " + ProcFs.leaderChildren() + " zombies " + ProcFs.zombieChildren());
        assertEquals(List.of(), ProcFs.zombieChildren(), "no child of this JVM is a zombie");
        long reaped = reaper.reapedOrphans() - reapedBefore;
        assertTrue(reaped >= s.doubleForked(),
                "each double-forked process can only have been reaped by the reaper: " + s.doubleForked()
                        + " of them, but it reaped " + reaped);
        TRY_MILLIS.add((System.nanoTime() - t0) / 1_000_000);
    }
}
