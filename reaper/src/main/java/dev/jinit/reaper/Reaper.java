package dev.jinit.reaper;

import dev.jinit.core.ChildTable;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Processes;
import dev.jinit.core.Signal;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaps every orphan re-parented to this JVM, as PID 1 or as a child subreaper, without ever waiting on "any
 * child".
 *
 * <p>On each SIGCHLD (on the init thread) it lists the leader thread's children ({@link ChildLister}), skips the pids
 * jinit spawned (the {@link ChildTable} reaps those and delivers their statuses) and the pids the JDK waits for
 * ({@link JdkChildren}), and reaps each remaining one with {@code waitid(P_PID, pid, WEXITED|WNOHANG)}. A
 * {@code waitpid(-1)} would steal the status of a {@code ProcessBuilder} child, whose {@code waitFor()} would then
 * silently return 0. Idle, it does nothing: no polling.
 *
 * <p>When this JVM is not PID 1 it makes itself a child subreaper ({@code PR_SET_CHILD_SUBREAPER}, on by default)
 * so that orphans of its descendants come to it rather than to the machine's init. Thread-safe.
 */
public final class Reaper implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    /** A bound on one pass's turns: no more children can exist at once (Linux's largest pid_max). */
    private static final int MAX_CHILDREN = 4_194_304;
    private static final long LIST_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final boolean subreaper;
    private final JdkChildren jdkChildren;
    private final ChildLister lister;
    private final AtomicLong reaped = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition passDone = lock.newCondition();
    private volatile Processes processes;
    private volatile ChildTable table;
    private volatile AutoCloseable subscription;
    private volatile ChildLister activeLister;
    /** Whether {@link #warmUp()} ran (guarded by {@link #lock}; read first without it, on the init thread only). */
    private volatile boolean warm;
    /** The leader's children, sorted, as last read (guarded by {@link #lock}). */
    private long[] leaderList = new long[0];
    private long leaderListReadAt = System.nanoTime() - LIST_MAX_AGE_NANOS - 1;

    private Reaper(Builder b) {
        this.subreaper = b.subreaper;
        this.jdkChildren = b.jdkChildren;
        this.lister = b.lister;
    }

    /** A reaper with the defaults: subreaper on, JDK children found by {@link JdkChildren#locate()}. */
    public static Reaper ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "reaper";
    }

    @Override
    public void start(Context context) throws Exception {
        this.processes = context.processes();
        this.table = context.children();
        long pid = processes.pid();
        this.activeLister = lister != null ? lister : ChildLister.forPid(pid);
        if (pid != 1 && subreaper) {
            processes.setChildSubreaper(true);
        }
        LOG.debug("reaper - pid {}{}, children from {}, JDK children by {}", pid,
                pid == 1 ? " (PID 1)" : subreaper ? " (child subreaper)" : "", activeLister.name(), jdkChildren.strategy());
        subscription = context.signals().subscribe(Signal.CHLD, s -> onChld());
        reapOrphans(); // orphans that came before the subscription sent no SIGCHLD we saw
        // A SIGCHLD of our own, so that the init thread warms the reap path now, not in the first storm: the one the
        // signal source sends itself at start reaches only the listeners subscribed by then, and the reaper is not
        // always among them.
        processes.signal(pid, Signal.CHLD);
    }

    /** A SIGCHLD, on the init thread: the first one also warms the path of an orphan's reap, then a pass. */
    private void onChld() {
        if (!warm) {
            warmUp();
        }
        reapOrphans();
    }

    /**
     * Runs once, on the init thread at its first SIGCHLD (the reaper sends itself one at start), the steps a
     * pass takes for each ended orphan, with nothing to reap: the leader's list read and searched, the JDK's table
     * refreshed and asked, jinit's table asked, and a reap by pid of this process's own pid, which is never its child
     * (ECHILD, nothing reaped). So the first storm's first pass does not also pay for linking that code: in a storm a
     * pass that outruns its time slice waits, runnable, while the orphans exit, and the backlog it then finds is what
     * the last orphan waits for ({@code bench/storm-trace.sh}; docs/benchmarks.md, "The orphan storm's tail").
     */
    private void warmUp() {
        ChildTable t = table;
        long self = processes.pid();
        lock.lock();
        try {
            Pass pass = new Pass();
            readLeaderList(pass);
            boolean ours = Arrays.binarySearch(leaderList, self) >= 0 || t.owns(self) || isJdkChild(self, pass);
            Optional<ExitStatus> none = t.reapUnlessOwned(self);
            LOG.debug("reaper - warmed up (leader's children {}, own pid listed {}, reaped {})", leaderList.length, ours,
                    none.isPresent());
        } finally {
            warm = true;
            lock.unlock();
        }
    }

    /**
     * One pass over the leader's children: reaps every ended orphan. Runs on the init thread; a child ending during
     * the pass raises another SIGCHLD and so another pass. A pass holds the reaper's lock, so that a waiter in
     * {@link #awaitNoChildren} sees the state between passes, never half a pass: once it finds no child left,
     * {@link #reapedOrphans()} counts every orphan reaped.
     *
     * @return how many orphans this pass reaped
     */
    public int reapOrphans() {
        ChildTable t = table;
        if (t == null) {
            throw new IllegalStateException("reaper not started");
        }
        lock.lock();
        try {
            Pass pass = new Pass();
            int n = reapNamed(t, pass);
            if (pass.scanNeeded) {
                n += reapByScan(t, pass);
            }
            if (n > 0) {
                reaped.addAndGet(n);
            }
            passDone.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** What one pass has learnt: whether the leader's list was read in it, whether the JDK strategy was refreshed. */
    private static final class Pass {
        boolean listRead;
        boolean jdkRefreshed;
        boolean scanNeeded;
    }

    /**
     * The fast path: the kernel names ended children ({@link Processes#anyEnded()}, which reaps nothing), and each one
     * that is an orphan is reaped by pid. It costs one peek and one reap per ended orphan however many children still
     * run, where probing every child on every SIGCHLD cost O(children) per pass: O(N²) for a storm of N orphans that
     * end over a few seconds. A pass in which nothing ended costs one system call.
     *
     * <p>An orphan is a child of the leader thread that jinit did not spawn and the JDK does not wait for. The leader
     * test matters: a {@code ProcessBuilder} child is a child of the thread that started it, and can end before the JDK
     * has put it in its table. When the kernel names a child that is not ours to reap, it would name that one again and
     * hide the others, so the pass falls back to probing every child of the leader.
     */
    private int reapNamed(ChildTable t, Pass pass) {
        int n = 0;
        for (int i = 0; i < MAX_CHILDREN; i++) { // each turn reaps one ended child, or ends the pass
            OptionalLong ended = processes.anyEnded();
            if (ended.isEmpty()) {
                return n;
            }
            long pid = ended.getAsLong();
            if (!isLeaderChild(pid, pass) || t.owns(pid) || isJdkChild(pid, pass)) {
                pass.scanNeeded = true;
                return n;
            }
            Optional<ExitStatus> status = t.reapUnlessOwned(pid);
            if (status.isEmpty()) {
                pass.scanNeeded = true;
                return n;
            }
            n++;
            LOG.debug("reaper - reaped orphan {}: {}", pid, status.get());
        }
        return n;
    }

    /**
     * Whether {@code pid} is a child of the leader thread, from a sorted copy of the leader's list that is read again
     * when it misses the pid (a new orphan) or is older than {@link #LIST_MAX_AGE_NANOS}. A stale hit needs a pid reaped
     * by someone else and reused by a child of another thread within that age: the pid space would have to wrap.
     */
    private boolean isLeaderChild(long pid, Pass pass) {
        if (System.nanoTime() - leaderListReadAt > LIST_MAX_AGE_NANOS) {
            readLeaderList(pass);
        }
        if (Arrays.binarySearch(leaderList, pid) >= 0) {
            return true;
        }
        if (pass.listRead) {
            return false;
        }
        readLeaderList(pass);
        return Arrays.binarySearch(leaderList, pid) >= 0;
    }

    private void readLeaderList(Pass pass) {
        long[] kids = activeLister.children();
        Arrays.sort(kids);
        leaderList = kids;
        leaderListReadAt = System.nanoTime();
        pass.listRead = true;
    }

    private boolean isJdkChild(long pid, Pass pass) {
        if (!pass.jdkRefreshed) {
            jdkChildren.refresh();
            pass.jdkRefreshed = true;
        }
        return jdkChildren.test(pid);
    }

    /**
     * The slow path: probes every child of the leader that is neither jinit's nor the JDK's, from the list read now (a
     * list read earlier in the pass still names the orphans the pass has reaped since: after a storm, a thousand probes
     * of pids that are gone, each a failed {@code waitid}).
     */
    private int reapByScan(ChildTable t, Pass pass) {
        int n = 0;
        readLeaderList(pass);
        for (long pid : leaderList) {
            if (t.owns(pid) || isJdkChild(pid, pass)) {
                continue;
            }
            Optional<ExitStatus> status = t.reapUnlessOwned(pid);
            if (status.isPresent()) {
                n++;
                LOG.debug("reaper - reaped orphan {}: {}", pid, status.get());
            }
        }
        return n;
    }

    /** {@code orphans reaped N, children M, JDK children by S}; always healthy. */
    @Override
    public ComponentStatus status() {
        ChildLister l = activeLister;
        String children = l == null ? "not started" : String.valueOf(l.children().length);
        return ComponentStatus.healthy(name(), List.of("orphans reaped " + reaped.get() + ", children " + children
                + ", JDK children by " + jdkChildren.strategy()));
    }

    /** How many orphans this reaper has reaped since it started. */
    public long reapedOrphans() {
        return reaped.get();
    }

    /** The JDK-children strategy in use: {@code lookup}, {@code unsafe} or {@code waiting-threads}. */
    public String jdkStrategy() {
        return jdkChildren.strategy();
    }

    /** Whether the leader thread has no children left (every orphan reaped, none running). */
    public boolean noChildrenLeft() {
        return activeLister.children().length == 0;
    }

    /**
     * Waits, woken by each reap pass, until the leader thread has no children left.
     *
     * @return true when none are left, false when {@code timeout} ran out first
     */
    public boolean awaitNoChildren(Duration timeout) throws InterruptedException {
        return awaitUntil(this::noChildrenLeft, timeout);
    }

    /**
     * Waits until {@code done} holds, checking it after each reap pass (every SIGCHLD of this process leads to one)
     * and at least every 250 ms, for changes no SIGCHLD of ours announces (a grandchild ending).
     *
     * @return true when {@code done} held, false when {@code timeout} ran out first
     */
    boolean awaitUntil(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                passDone.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop(Duration timeout) throws Exception {
        AutoCloseable s = subscription;
        if (s != null) {
            s.close();
        }
    }

    /** Builds a {@link Reaper}. */
    public static final class Builder {
        private boolean subreaper = true;
        private JdkChildren jdkChildren;
        private ChildLister lister;

        private Builder() {
        }

        /** Whether to become a child subreaper when not PID 1 (default true). */
        public Builder subreaper(boolean on) {
            this.subreaper = on;
            return this;
        }

        /** How to recognise the JDK's children (default {@link JdkChildren#locate()}). */
        public Builder jdkChildren(JdkChildren j) {
            this.jdkChildren = Objects.requireNonNull(j, "jdkChildren");
            return this;
        }

        /** Where to list children (default the leader's children file, else a /proc scan). */
        public Builder childLister(ChildLister l) {
            this.lister = Objects.requireNonNull(l, "childLister");
            return this;
        }

        public Reaper build() {
            if (jdkChildren == null) {
                jdkChildren = JdkChildren.locate();
            }
            return new Reaper(this);
        }
    }
}
