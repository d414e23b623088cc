package dev.jinit.core;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-memory {@link UnixDatagramServer}: {@link #deliver} queues a datagram as a client's {@code send} would (without
 * the kernel's limit of about 10), {@link #receive} waits for one. Thread-safe.
 */
public final class FakeUnixDatagramServer implements UnixDatagramServer {
    private static final byte[] WAKE = new byte[0];

    private final Path path;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean shut = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object idleLock = new Object();
    private boolean idle;

    public FakeUnixDatagramServer(Path path) {
        this.path = path;
    }

    /** Queues a datagram; refused (false) after {@link #shutdownInput()}, as the kernel answers EPIPE. */
    public boolean deliver(byte[] datagram) {
        if (shut.get()) {
            return false;
        }
        queue.add(datagram.clone());
        return true;
    }

    /**
     * Waits until a reader waits in {@link #receive} with nothing queued: everything delivered has been received.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idleLock) {
            while (!(idle && queue.isEmpty())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idleLock, left);
            }
            return true;
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    public boolean isShutDown() {
        return shut.get();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public int receive(ByteBuffer into) {
        if (closed.get()) {
            throw new NativeException("recv(" + path + ")", Errno.EBADF, "Bad file descriptor");
        }
        byte[] d;
        if (shut.get()) {
            d = queue.poll();
            while (d == WAKE) {
                d = queue.poll();
            }
            if (d == null) {
                return END;
            }
        } else {
            d = queue.poll();
            if (d == null) {
                synchronized (idleLock) {
                    idle = true;
                    idleLock.notifyAll();
                }
                try {
                    d = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NativeException("recv(" + path + ")", Errno.EINTR, "Interrupted system call");
                } finally {
                    synchronized (idleLock) {
                        idle = false;
                    }
                }
            }
            if (d == WAKE) {
                return 0; // what recv(2) returns when shutdown(2) wakes it
            }
        }
        int n = Math.min(d.length, into.remaining());
        into.put(d, 0, n);
        return d.length;
    }

    @Override
    public void shutdownInput() {
        if (shut.compareAndSet(false, true)) {
            queue.add(WAKE);
        }
    }

    @Override
    public void close() {
        shutdownInput();
        closed.set(true);
    }
}
