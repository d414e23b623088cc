package dev.jinit.syslog.internal;

import dev.jinit.core.UnixDatagramServer;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving thread's loop: receive (up to {@value #BATCH} datagrams per system call, see
 * {@link UnixDatagramServer#receive(ByteBuffer[], int[])}), stamp, copy into slots, publish, nothing else. The kernel queues only about
 * ten datagrams on a unix datagram socket ({@code net.unix.max_dgram_qlen}); every process that logs waits while that
 * queue is full, so this loop never parses or writes. When the slot queue is full it waits up to
 * {@code queueFullWait} for the writer (while it waits, clients wait too: back-pressure, nothing lost), then drops
 * the datagram and counts it. It ends when the socket reports its end (after {@code shutdownInput}, once the datagrams
 * the kernel still held have been read); the server then puts the end mark on the queue once every listener has
 * ended. This is an internal class.
 */
public final class Receiver implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);

    private final UnixDatagramServer socket;
    private final DatagramQueue queue;
    private final InstantSource clock;
    private final int bufferBytes;
    private final long queueFullWaitNanos;
    private final Counters counters;
    private final ListenerCounters mine;
    private boolean dropping;
    private long droppedAtStart;

    /**
     * @param bufferBytes the receive buffer: a datagram longer than this is cut and marked (the parser's limit plus
     *                    room for the trailer is enough: the parser cuts at its limit anyway)
     */
    public Receiver(UnixDatagramServer socket, DatagramQueue queue, InstantSource clock, int bufferBytes,
                    long queueFullWaitNanos, Counters counters, ListenerCounters mine) {
        this.mine = mine;
        this.socket = socket;
        this.queue = queue;
        this.clock = clock;
        this.bufferBytes = bufferBytes;
        this.queueFullWaitNanos = queueFullWaitNanos;
        this.counters = counters;
    }

    /**
     * The most datagrams taken per receive call: above the kernel's queue (net.unix.max_dgram_qlen, 10 by default),
     * so one call can empty it and take what arrives meanwhile. Each costs a buffer of the message limit on the heap and
     * one in C memory (8 KB each by default), resident from the start: 32 held 0.5 MB of an idle JVM.
     */
    static final int BATCH = 16;

    @Override
    public void run() {
        ByteBuffer[] buffers = new ByteBuffer[BATCH];
        int[] lengths = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            buffers[i] = ByteBuffer.allocate(bufferBytes);
        }
        try {
            while (true) {
                for (ByteBuffer b : buffers) {
                    b.clear();
                }
                int count = socket.receive(buffers, lengths);
                if (count == UnixDatagramServer.END) {
                    break;
                }
                Instant received = clock.instant();
                for (int i = 0; i < count; i++) {
                    if (lengths[i] > 0) {
                        enqueue(buffers[i], lengths[i], received);
                    }
                    // an empty datagram (or the wake-up of shutdown): nothing to log, as rsyslog
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("syslog - the receiver was interrupted; it stops receiving");
        } catch (RuntimeException e) {
            LOG.error("syslog - receiving from {} failed; it stops receiving", socket.path(), e);
        }
    }

    private void enqueue(ByteBuffer buffer, int length, Instant received) throws InterruptedException {
        DatagramQueue.Slot slot = queue.acquire(queueFullWaitNanos);
        if (slot == null) {
            counters.dropped.incrementAndGet();
            if (!dropping) {
                dropping = true;
                droppedAtStart = counters.dropped.get() - 1;
                LOG.warn("syslog - the queue of {} datagrams stayed full for {} ms: the outputs are too slow;"
                        + " dropping datagrams until it has room", queue.capacity(),
                        TimeUnit.NANOSECONDS.toMillis(queueFullWaitNanos));
            }
            return;
        }
        if (dropping) {
            dropping = false;
            LOG.warn("syslog - the queue has room again; {} datagrams were dropped",
                    counters.dropped.get() - droppedAtStart);
        }
        int copied = buffer.position();
        slot.fill(buffer.array(), copied, received, length > copied);
        queue.publish(slot);
        counters.received.incrementAndGet();
        mine.received().incrementAndGet();
        if (length > copied) {
            mine.cut().incrementAndGet();
        }
    }
}
