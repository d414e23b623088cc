package dev.jinit.syslog.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded hand-over between the receiving thread and the writing one: a pool of at most {@code capacity}
 * reusable buffers ({@link Slot}s), free ones in one queue and filled ones in the other. The receiver
 * {@link #acquire}s a slot, fills it and {@link #publish}es it; the writer {@link #takeBatch takes them in batches}
 * and {@link #release}s them. Slots are created on demand, start small and grow to the largest datagram they held;
 * one grown past {@code shrinkAbove} is given a small array again on release, so a burst of large messages does not
 * pin {@code capacity} × the limit of memory. {@link #end()} puts the end mark behind everything published.
 *
 * <p>Any number of receiving threads (the datagram receiver, the socket listeners), one writing thread; the end mark
 * is put by whoever knows that every receiver has ended. {@link #requestReopen()} asks the writer, from any thread,
 * to open its files again (after HUP). This is an internal class.
 */
public final class DatagramQueue {
    static final int INITIAL_SLOT_BYTES = 256;

    /** One datagram: its bytes, how many, when it came, whether it was longer than the receive buffer. */
    public static final class Slot {
        byte[] data;
        int length;
        Instant received;
        boolean cut;

        Slot(int bytes) {
            data = new byte[bytes];
        }

        /** Copies {@code length} bytes of {@code from}, growing the array if needed. */
        public void fill(byte[] from, int length, Instant received, boolean cut) {
            if (data.length < length) {
                data = new byte[Math.max(length, data.length * 2)];
            }
            System.arraycopy(from, 0, data, 0, length);
            this.length = length;
            this.received = received;
            this.cut = cut;
        }

        public byte[] data() {
            return data;
        }

        public int length() {
            return length;
        }

        public Instant received() {
            return received;
        }

        /** Whether the datagram was longer than the receive buffer (the kernel cut it). */
        public boolean cut() {
            return cut;
        }
    }

    private static final Slot END = new Slot(0);
    private static final Slot REOPEN = new Slot(0);

    private final int capacity;
    private final int shrinkAbove;
    private final ArrayBlockingQueue<Slot> free;
    private final ArrayBlockingQueue<Slot> filled;
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean reopenQueued = new AtomicBoolean();
    private boolean reopenTaken;

    /**
     * @param capacity    the most slots, at least 1
     * @param shrinkAbove a released slot larger than this gets a fresh small array
     */
    public DatagramQueue(int capacity, int shrinkAbove) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
        }
        this.capacity = capacity;
        this.shrinkAbove = Math.max(shrinkAbove, INITIAL_SLOT_BYTES);
        this.free = new ArrayBlockingQueue<>(capacity);
        this.filled = new ArrayBlockingQueue<>(capacity + 2); // + the end mark + the reopen mark
    }

    /**
     * A free slot: a pooled one, a new one while fewer than {@code capacity} exist, or one the writer releases
     * within {@code timeoutNanos}.
     *
     * @return the slot, or null when the queue stayed full for the whole wait
     */
    public Slot acquire(long timeoutNanos) throws InterruptedException {
        Slot s = free.poll();
        if (s != null) {
            return s;
        }
        if (created.get() < capacity && created.incrementAndGet() <= capacity) {
            return new Slot(INITIAL_SLOT_BYTES);
        }
        return timeoutNanos <= 0 ? null : free.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Hands a filled slot to the writer. Never blocks: there is room for every slot. */
    public void publish(Slot slot) {
        if (!filled.offer(slot)) {
            throw new IllegalStateException("more slots published than exist: a slot was published twice");
        }
    }

    /** Puts the end mark behind what has been published; the writer stops there. Idempotent. */
    public void end() {
        if (ended.compareAndSet(false, true)) {
            filled.offer(END);
        }
    }

    /**
     * Asks the writer to open its outputs again; it does so after what was published before this call (the marker
     * is queued behind it). At most one request is pending; more before the writer takes it are one. Never blocks.
     */
    public void requestReopen() {
        if (reopenQueued.compareAndSet(false, true)) {
            filled.offer(REOPEN);
        }
    }

    /**
     * Whether a reopen was requested and taken by the last {@link #takeBatch} (writer thread only): the outputs are to
     * be opened again after the slots it returned are written. Clears it.
     */
    public boolean takeReopen() {
        boolean r = reopenTaken;
        reopenTaken = false;
        return r;
    }

    /**
     * Waits for at least one published slot (or the end, or a reopen request) and moves up to {@code max} into
     * {@code into}, in order. A reopen request ends the batch ({@link #takeReopen()} tells), so the slots before it
     * go to the old files.
     *
     * @return false when the end mark was reached (it is not added; nothing after it is taken)
     */
    public boolean takeBatch(List<Slot> into, int max) throws InterruptedException {
        Slot s = filled.take();
        while (true) {
            if (s == END) {
                return false;
            }
            if (s == REOPEN) {
                reopenQueued.set(false);
                reopenTaken = true;
                return true;
            }
            into.add(s);
            if (into.size() >= max) {
                return true;
            }
            s = filled.poll();
            if (s == null) {
                return true;
            }
        }
    }

    /** Returns a slot the writer is done with to the pool. */
    public void release(Slot slot) {
        if (slot.data.length > shrinkAbove) {
            slot.data = new byte[INITIAL_SLOT_BYTES];
        }
        slot.received = null;
        free.offer(slot);
    }

    /** How many published slots wait for the writer (the end mark not counted). */
    public int waiting() {
        int n = filled.size();
        n -= ended.get() && filled.contains(END) ? 1 : 0;
        return reopenQueued.get() && filled.contains(REOPEN) ? n - 1 : n;
    }

    /** The most slots. */
    public int capacity() {
        return capacity;
    }
}
