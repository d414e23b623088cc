package dev.jinit.setuser;

import dev.jinit.core.Child;
import dev.jinit.core.ThreadCredentials;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One long-lived thread that runs as one identity alone (its own kernel credentials, switched with raw syscalls)
 * and spawns, on itself, every child asked of it: {@code posix_spawn} clones the calling thread, so each child
 * starts with the identity's ids and no capability, with no exec in between. Created by {@link UserSpawner}, which
 * owns the lifecycle: it ends on {@link #stop()} or after an idle timeout.
 */
final class IdentityThread {
    /** What the thread does once, as root, before it switches: block its signals, load what spawning needs. */
    interface Preparation {
        /** Returns the calling thread's tid, or -1 when it did not read it (the switch's result carries it). */
        long beforeSwitch();

        /** Switches the calling thread and returns its credentials as the kernel reports them afterwards. */
        ThreadCredentials switchTo(IdentityKey key);
    }

    /** A request: run {@code spawn} on this thread and complete {@code result}. A null spawn is the stop marker. */
    private record Request(Supplier<Child> spawn, CompletableFuture<Child> result) {
    }

    private static final Request STOP = new Request(null, null);

    private final IdentityKey key;
    private final Preparation preparation;
    private final Duration idleTimeout;
    private final Retire retire;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final Thread thread;
    private volatile long tid = -1;

    /** Called on the thread when it has been idle for the timeout: true to end it (nothing more was queued). */
    interface Retire {
        boolean idle(IdentityThread t);
    }

    IdentityThread(IdentityKey key, Preparation preparation, Duration idleTimeout, Retire retire) {
        this.key = key;
        this.preparation = preparation;
        this.idleTimeout = idleTimeout;
        this.retire = retire;
        this.thread = new Thread(this::run, "jinit-spawn-as-" + key.describe());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a spawn. The caller holds the owner's lock, so a retiring thread cannot miss it. */
    CompletableFuture<Child> submit(Supplier<Child> spawn) {
        CompletableFuture<Child> result = new CompletableFuture<>();
        queue.add(new Request(spawn, result));
        return result;
    }

    boolean isIdle() {
        return queue.isEmpty();
    }

    /** Asks the thread to end after what is queued. */
    void stop() {
        queue.add(STOP);
    }

    /** The thread's tid once it has switched; completes exceptionally when the switch failed. */
    CompletableFuture<Long> ready() {
        return ready;
    }

    /** The kernel's id of this thread, once known (at the latest after the switch); -1 before. */
    long tid() {
        return tid;
    }

    Thread thread() {
        return thread;
    }

    IdentityKey key() {
        return key;
    }

    private void run() {
        try {
            tid = preparation.beforeSwitch();
            ThreadCredentials after = preparation.switchTo(key);
            tid = after.tid();
            List<String> diffs = CredentialCheck.threadDifferences(key.identity(), after);
            if (!diffs.isEmpty()) {
                // This thread is partly switched: it ends here and never spawns. The rest of the JVM is untouched.
                throw new IllegalStateException("the spawn thread for " + key.describe() + " did not switch fully: "
                        + String.join("; ", diffs));
            }
            ready.complete(after.tid());
        } catch (RuntimeException | Error e) {
            ready.completeExceptionally(e);
            retire.idle(this); // first: once out of the owner's map, nothing more is queued here
            failQueued(e);
            return;
        }
        serve();
    }

    private void serve() {
        try {
            while (true) {
                // A zero timeout: the thread ends as soon as nothing is queued (a thread per burst of spawns).
                Request r = idleTimeout.isZero() ? queue.poll() : queue.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
                if (r == null) {
                    if (retire.idle(this)) {
                        return;
                    }
                    continue;
                }
                if (r == STOP) {
                    failQueued(new IllegalStateException("the spawner was closed"));
                    return;
                }
                try {
                    r.result().complete(r.spawn().get());
                } catch (RuntimeException | Error e) {
                    r.result().completeExceptionally(e);
                }
            }
        } catch (InterruptedException e) {
            // Only UserSpawner interrupts, to end the thread; the flag stays set as the thread ends.
            Thread.currentThread().interrupt();
            failQueued(new IllegalStateException("the spawn thread for " + key.describe() + " was interrupted"));
        }
    }

    private void failQueued(Throwable why) {
        for (Request r; (r = queue.poll()) != null; ) {
            if (r != STOP) {
                r.result().completeExceptionally(why);
            }
        }
    }
}
