package dev.jinit.supervisor.internal;

import dev.jinit.core.Descriptors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, {@code jinit-supervisor-control}, reads the control FIFOs of every supervised service (and the
 * readiness notification pipes of services that have one): it sleeps in
 * {@code poll(2)} without a timeout, so idle services cost no wake-ups at all. Descriptors are added and removed
 * through a self-pipe; a removed descriptor is closed by this thread, after it has left the poll set, so a number is
 * never polled or read after another open may have reused it. Bytes are handed to the registered consumer on this
 * thread (consumers only enqueue). This is an internal class.
 */
public final class ControlPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPoller.class);

    private final Descriptors fds;
    private final int[] wake;
    private final Object lock = new Object();
    private final Map<Integer, Consumer<byte[]>> readers = new HashMap<>();
    private final List<Integer> toClose = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    public ControlPoller(Descriptors fds) {
        this.fds = fds;
        this.wake = fds.pipe();
        this.thread = new Thread(this::run, "jinit-supervisor-control");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Reads {@code fd} (non-blocking) from now on, handing every chunk of bytes to {@code consumer}; at end of file
     * (all writers gone) it gets one empty chunk and {@code fd} is no longer read, but stays open until
     * {@link #removeAndClose}.
     */
    public void add(int fd, Consumer<byte[]> consumer) {
        synchronized (lock) {
            readers.put(fd, consumer);
        }
        poke();
    }

    /** Stops reading {@code fd} and closes it (on the poller's thread). */
    public void removeAndClose(int fd) {
        synchronized (lock) {
            readers.remove(fd);
            toClose.add(fd);
        }
        poke();
    }

    private void poke() {
        fds.write(wake[1], new byte[] {1}, 1); // -1 (pipe full) is fine: a wake-up is pending anyway
    }

    private void run() {
        byte[] buf = new byte[4096]; // whole inotify events (up to 272 bytes each) too
        while (!closed) {
            int[] set;
            List<Consumer<byte[]>> consumers = new ArrayList<>();
            synchronized (lock) {
                for (int fd : toClose) {
                    fds.close(fd);
                }
                toClose.clear();
                set = new int[readers.size() + 1];
                set[0] = wake[0];
                int i = 1;
                for (var e : readers.entrySet()) {
                    set[i++] = e.getKey();
                    consumers.add(e.getValue());
                }
            }
            short[] revents = new short[set.length];
            try {
                fds.poll(set, revents, -1);
                if (revents[0] != 0) {
                    fds.read(wake[0], buf); // after POLLIN a blocking read returns at once; more pokes wake us again
                }
                for (int i = 1; i < set.length; i++) {
                    if ((revents[i] & Descriptors.POLLIN) != 0) {
                        int n = fds.read(set[i], buf);
                        if (n > 0) {
                            hand(consumers.get(i - 1), java.util.Arrays.copyOf(buf, n));
                        } else if (n == 0) {
                            endOfFile(set[i], consumers.get(i - 1));
                        }
                    } else if ((revents[i] & Descriptors.POLL_ERRORS) != 0) {
                        // A pipe whose writers are all gone (a notification fd) reports POLLHUP alone.
                        LOG.debug("supervisor - fd {} reported poll events 0x{}; no longer read",
                                set[i], Integer.toHexString(revents[i]));
                        endOfFile(set[i], consumers.get(i - 1));
                    }
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.error("supervisor - control poller failed; control commands are no longer read", e);
                }
                return;
            }
        }
    }

    private static void hand(Consumer<byte[]> consumer, byte[] chunk) {
        try {
            consumer.accept(chunk);
        } catch (RuntimeException e) {
            LOG.error("supervisor - a descriptor reader failed; continuing", e);
        }
    }

    /** The end of a pipe: no longer polled (or it would wake us for ever); the consumer gets an empty chunk. */
    private void endOfFile(int fd, Consumer<byte[]> consumer) {
        synchronized (lock) {
            readers.remove(fd);
        }
        hand(consumer, new byte[0]);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        poke();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            readers.keySet().forEach(fds::close);
            readers.clear();
            toClose.forEach(fds::close);
            toClose.clear();
        }
        fds.close(wake[0]);
        fds.close(wake[1]);
    }
}
