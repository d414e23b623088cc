package dev.jinit.core;

import java.util.concurrent.CompletableFuture;

/**
 * A child jinit spawned. Its end arrives as a value through {@link #onExit()}, completed by the {@link ChildTable}
 * when the owner thread reaps it.
 */
public final class Child {
    private final long pid;
    private final long processGroup;
    private final CompletableFuture<ExitStatus> exit;
    private final Processes processes;

    Child(long pid, long processGroup, CompletableFuture<ExitStatus> exit, Processes processes) {
        this.pid = pid;
        this.processGroup = processGroup;
        this.exit = exit;
        this.processes = processes;
    }

    public long pid() {
        return pid;
    }

    /** The child's own process group id when it was spawned into a new group or session, else 0. */
    public long processGroup() {
        return processGroup;
    }

    /**
     * Completes with the child's exit status once it has been reaped. Dependent actions added with the non-async
     * methods run on jinit's init thread: keep them short, or use the {@code *Async} variants.
     */
    public CompletableFuture<ExitStatus> onExit() {
        return exit.copy();
    }

    public boolean isAlive() {
        return !exit.isDone();
    }

    /** Sends {@code signal} to the child; false when it has already ended. */
    public boolean signal(Signal signal) {
        if (exit.isDone()) {
            return false;
        }
        return processes.signal(pid, signal);
    }

    /**
     * Sends {@code signal} to the child's process group.
     *
     * @throws IllegalStateException when the child was not spawned into a group of its own
     */
    public boolean signalGroup(Signal signal) {
        if (processGroup == 0) {
            throw new IllegalStateException("child " + pid + " shares jinit's process group; spawn it with "
                    + "Grouping.NEW_PROCESS_GROUP or NEW_SESSION to signal its group");
        }
        return processes.signalGroup(processGroup, signal);
    }

    @Override
    public String toString() {
        return "Child[pid=" + pid + (exit.isDone() ? ", " + exit.join() : ", running") + "]";
    }
}
