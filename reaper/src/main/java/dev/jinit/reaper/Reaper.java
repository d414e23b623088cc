package dev.jinit.reaper;

import dev.jinit.core.ChildTable;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Processes;
import dev.jinit.core.Signal;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
        subscription = context.signals().subscribe(Signal.CHLD, s -> reapOrphans());
        reapOrphans(); // orphans that came before the subscription sent no SIGCHLD we saw
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
            int n = 0;
            boolean refreshed = false;
            for (long pid : activeLister.children()) {
                if (t.owns(pid)) {
                    continue;
                }
                if (!refreshed) {
                    jdkChildren.refresh();
                    refreshed = true;
                }
                if (jdkChildren.test(pid)) {
                    continue;
                }
                Optional<ExitStatus> status = t.reapUnlessOwned(pid);
                if (status.isPresent()) {
                    n++;
                    LOG.debug("reaper - reaped orphan {}: {}", pid, status.get());
                }
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
