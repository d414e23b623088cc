package dev.jinit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one registry of pids jinit spawned, shared by the {@link Spawner} and the orphan reaper.
 *
 * <p>A spawn registers its pid under the table's lock, and the reaper reaps a foreign pid only under the same lock
 * after checking it is not registered: so the reaper can never take the exit status of a child whose spawn is still
 * returning. {@link #reapOwned()} runs on the init thread on every SIGCHLD and reaps registered pids one by one with
 * {@code waitid(P_PID)}, never "any child"; which ones have ended it learns from {@link Processes#anyEnded()}, which
 * reaps nothing.
 *
 * <p>Thread-safe.
 */
public final class ChildTable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildTable.class);

    private final Processes processes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, CompletableFuture<ExitStatus>> running = new ConcurrentHashMap<>();

    public ChildTable(Processes processes) {
        this.processes = processes;
    }

    /**
     * Runs {@code spawn} (which returns the new pid) and registers its result atomically with respect to the reaper.
     *
     * @param newGroup whether the child leads a new process group (its pgid is then its pid)
     */
    public Child register(LongSupplier spawn, boolean newGroup) {
        lock.lock();
        try {
            long pid = spawn.getAsLong();
            CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
            running.put(pid, exit);
            return new Child(pid, newGroup ? pid : 0, exit, processes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes on {@code pid}, a child of this process that was not started through the {@link Spawner} (the command a
     * launcher script started before it exec'ed the JVM), as if spawned here: registered, its end delivered through
     * {@link Child#onExit()} like any other. A child that has already ended is reaped now, and returned ended. The
     * check and the registration happen under the spawn lock, so the orphan reaper can never take its status.
     *
     * @param newGroup whether the child leads a process group of its own (its pgid is then its pid)
     * @throws IllegalArgumentException when {@code pid} is not a child of this process, or is already registered
     */
    public Child adopt(long pid, boolean newGroup) {
        if (pid <= 0) {
            throw new IllegalArgumentException("a pid is positive, but was " + pid);
        }
        lock.lock();
        try {
            if (running.containsKey(pid)) {
                throw new IllegalArgumentException("pid " + pid + " is already a registered child");
            }
            Optional<ExitStatus> ended;
            try {
                ended = processes.reap(pid);
            } catch (NativeException e) {
                if (e.errno() == Errno.ECHILD) {
                    throw new IllegalArgumentException("pid " + pid + " is not a child of this process (pid "
                            + processes.pid() + "), or was reaped already", e);
                }
                throw e;
            }
            CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
            if (ended.isPresent()) {
                LOG.debug("child table - adopted pid {} had ended already: {}", pid, ended.get());
                exit.complete(ended.get()); // no dependents yet: nothing runs under the lock
            } else {
                running.put(pid, exit);
            }
            return new Child(pid, newGroup ? pid : 0, exit, processes);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code pid} is a registered, not yet reaped child of ours. */
    public boolean owns(long pid) {
        return running.containsKey(pid);
    }

    /** How many registered children have not been reaped yet. */
    public int size() {
        return running.size();
    }

    /**
     * Reaps every registered child that has ended and completes its future. Called on SIGCHLD by the init thread.
     *
     * @return how many were reaped
     */
    public int reapOwned() {
        // Under the spawn lock, so a child that ends before its registration completes is still seen by this pass;
        // futures are completed after the lock is released, so their dependents may spawn or block freely.
        List<Map.Entry<CompletableFuture<ExitStatus>, Object>> done = new ArrayList<>();
        lock.lock();
        try {
            if (reapNamed(done)) {
                for (Long pid : running.keySet()) {
                    reapInto(pid, done);
                }
            }
        } finally {
            lock.unlock();
        }
        for (var d : done) {
            if (d.getValue() instanceof ExitStatus status) {
                d.getKey().complete(status);
            } else {
                d.getKey().completeExceptionally((Throwable) d.getValue());
            }
        }
        return done.size();
    }

    /**
     * The fast path: reaps the registered children the kernel names as ended ({@link Processes#anyEnded()}), so a
     * SIGCHLD costs O(ended) calls rather than one {@code waitid} per registered child (500 services: 500 calls). The
     * kernel names the same child again until it is reaped, so a child that is not ours (an orphan, a JDK child) ends
     * the fast path. So does a pass that reaps none of ours: the SIGCHLD may be for a child whose status something else
     * stole (a {@code waitpid(-1)} elsewhere in the process), which only a probe of every registered child reveals.
     *
     * @return whether the caller must still probe every registered child
     */
    private boolean reapNamed(List<Map.Entry<CompletableFuture<ExitStatus>, Object>> done) {
        int before = done.size();
        for (int turns = running.size(); turns > 0; turns--) { // each turn reaps one of ours, or ends the fast path
            OptionalLong ended = processes.anyEnded();
            if (ended.isEmpty()) {
                return done.size() == before;
            }
            long pid = ended.getAsLong();
            if (!running.containsKey(pid) || !reapInto(pid, done)) {
                return true;
            }
        }
        return false;
    }

    /** Reaps {@code pid} if it ended, adding its status (or the error that lost it) to {@code done}. */
    private boolean reapInto(long pid, List<Map.Entry<CompletableFuture<ExitStatus>, Object>> done) {
        try {
            Optional<ExitStatus> status = processes.reap(pid);
            if (status.isPresent()) {
                LOG.debug("child table - pid {} ended: {}", pid, status.get());
                done.add(Map.entry(running.remove(pid), status.get()));
                return true;
            }
            return false;
        } catch (NativeException e) {
            // ECHILD: something else waited on our child (a waitpid(-1) somewhere in the process). The status is
            // lost; say so instead of leaving whoever waits on it hanging.
            LOG.error("child table - lost the exit status of pid {}: {}", pid, e.getMessage());
            done.add(Map.entry(running.remove(pid), e));
            return true;
        }
    }

    /**
     * Reaps {@code pid} unless it is registered here: for the orphan reaper. The check and the reap happen under the
     * spawn lock.
     *
     * @return the status when it was reaped; empty when it is ours, still running, or already gone
     */
    public Optional<ExitStatus> reapUnlessOwned(long pid) {
        lock.lock();
        try {
            if (running.containsKey(pid)) {
                return Optional.empty();
            }
            try {
                return processes.reap(pid);
            } catch (NativeException e) {
                if (e.errno() == Errno.ECHILD) {
                    return Optional.empty(); // reaped by its rightful waiter in the meantime
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }
}
