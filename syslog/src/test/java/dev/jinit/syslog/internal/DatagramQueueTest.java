package dev.jinit.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatagramQueueTest {
    private static final Instant T = Instant.parse("2026-11-28T00:00:00Z");

    private static DatagramQueue.Slot filled(DatagramQueue q, String text) throws InterruptedException {
        DatagramQueue.Slot s = q.acquire(0);
        assertNotNull(s, "no free slot");
        byte[] b = text.getBytes();
        s.fill(b, b.length, T, false);
        q.publish(s);
        return s;
    }

    private static String text(DatagramQueue.Slot s) {
        return new String(s.data(), 0, s.length());
    }

    @Test
    void createsSlotsUpToTheCapacityThenReportsFullWithoutWaitingWhenAskedNotTo() throws Exception {
        DatagramQueue q = new DatagramQueue(3, 4096);
        filled(q, "a");
        filled(q, "b");
        filled(q, "c");
        assertNull(q.acquire(0));
        assertNull(q.acquire(TimeUnit.MILLISECONDS.toNanos(1)));
        assertEquals(3, q.waiting());
    }

    @Test
    void batchesKeepTheOrderAndStopAtTheMaximum() throws Exception {
        DatagramQueue q = new DatagramQueue(10, 4096);
        for (int i = 0; i < 7; i++) {
            filled(q, "m" + i);
        }
        List<DatagramQueue.Slot> batch = new ArrayList<>();
        assertTrue(q.takeBatch(batch, 5));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), batch.stream().map(DatagramQueueTest::text).toList());
        batch.clear();
        assertTrue(q.takeBatch(batch, 5));
        assertEquals(List.of("m5", "m6"), batch.stream().map(DatagramQueueTest::text).toList());
    }

    @Test
    void theEndMarkComesAfterEverythingPublishedBeforeIt() throws Exception {
        DatagramQueue q = new DatagramQueue(4, 4096);
        filled(q, "x");
        filled(q, "y");
        q.end();
        q.end(); // idempotent
        List<DatagramQueue.Slot> batch = new ArrayList<>();
        assertFalse(q.takeBatch(batch, 10));
        assertEquals(List.of("x", "y"), batch.stream().map(DatagramQueueTest::text).toList());
        assertEquals(0, q.waiting());
    }

    @Test
    void aReleasedSlotIsReusedAndAWaitingReceiverGetsIt() throws Exception {
        DatagramQueue q = new DatagramQueue(1, 4096);
        DatagramQueue.Slot s = filled(q, "one");
        CompletableFuture<DatagramQueue.Slot> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return q.acquire(TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<DatagramQueue.Slot> batch = new ArrayList<>();
        assertTrue(q.takeBatch(batch, 1));
        q.release(batch.get(0));
        assertSame(s, waiting.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aSlotGrowsForALargeDatagramAndShrinksWhenReleased() throws Exception {
        DatagramQueue q = new DatagramQueue(1, 1000);
        DatagramQueue.Slot s = q.acquire(0);
        byte[] big = new byte[5000];
        big[4999] = 7;
        s.fill(big, big.length, T, true);
        assertEquals(5000, s.length());
        assertEquals(7, s.data()[4999]);
        assertTrue(s.cut());
        q.publish(s);
        List<DatagramQueue.Slot> batch = new ArrayList<>();
        q.takeBatch(batch, 1);
        q.release(s);
        assertSame(s, q.acquire(0));
        assertEquals(DatagramQueue.INITIAL_SLOT_BYTES, s.data().length);
    }

    @Test
    void publishingASlotTwiceIsABug() throws Exception {
        DatagramQueue q = new DatagramQueue(1, 4096);
        DatagramQueue.Slot s = filled(q, "a");
        q.publish(s); // room for the end mark
        q.publish(s); // and for the reopen mark
        assertThrows(IllegalStateException.class, () -> q.publish(s));
        assertThrows(IllegalArgumentException.class, () -> new DatagramQueue(0, 1));
    }

    @Test
    void aReopenRequestEndsTheBatchAfterWhatWasPublishedBeforeItAndRepeatsCollapse() throws Exception {
        DatagramQueue q = new DatagramQueue(10, 4096);
        filled(q, "a");
        q.requestReopen();
        q.requestReopen(); // one pending request: one reopen
        filled(q, "b");
        List<DatagramQueue.Slot> batch = new ArrayList<>();
        assertTrue(q.takeBatch(batch, 10));
        assertEquals(List.of("a"), batch.stream().map(DatagramQueueTest::text).toList());
        assertTrue(q.takeReopen());
        assertFalse(q.takeReopen());
        batch.clear();
        assertTrue(q.takeBatch(batch, 10));
        assertEquals(List.of("b"), batch.stream().map(DatagramQueueTest::text).toList());
        assertFalse(q.takeReopen());
        q.requestReopen(); // taken before: a new request is queued again
        batch.clear();
        assertTrue(q.takeBatch(batch, 10));
        assertTrue(batch.isEmpty());
        assertTrue(q.takeReopen());
        assertEquals(0, q.waiting());
    }
}
