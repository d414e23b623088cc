package dev.jinit.cron.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Descriptors;
import dev.jinit.core.Natives;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pump on real pipes (no root needed); this thread writes as a job would. */
class OutputPumpTest {
    private final Descriptors d = Natives.load().descriptors();
    private final List<String> sunk = new CopyOnWriteArrayList<>();
    private final OutputPump pump = new OutputPump(d, 64, (tag, pid, line) -> sunk.add(tag + "[" + pid + "]: " + line));

    @AfterEach
    void close() throws InterruptedException {
        pump.close(Duration.ofSeconds(5));
    }

    private void write(int fd, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(b.length, d.write(fd, b, b.length));
    }

    private static List<String> get(CompletableFuture<List<String>> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void linesOfManyPipesAreReadByOneThreadEachInOrderAndTheLastWithoutNewlineAtTheEnd() throws Exception {
        int[] a = d.pipe();
        int[] b = d.pipe();
        CompletableFuture<List<String>> fa = pump.add(a[0], "A", 1, 100);
        CompletableFuture<List<String>> fb = pump.add(b[0], "B", 2, 100);
        write(a[1], "a1\na2\r\na");
        write(b[1], "b1\n");
        write(a[1], "3\n\nlast");
        d.close(a[1]);
        write(b[1], "b2");
        d.close(b[1]);
        assertEquals(List.of("a1", "a2", "a3", "", "last"), get(fa));
        assertEquals(List.of("b1", "b2"), get(fb));
        List<String> ofA = sunk.stream().filter(s -> s.startsWith("A[1]: ")).toList();
        assertEquals(List.of("A[1]: a1", "A[1]: a2", "A[1]: a3", "A[1]: ", "A[1]: last"), ofA);
        assertEquals(7, sunk.size());
        assertEquals(0, pump.size(), "ended pipes are closed and forgotten");
    }

    @Test
    void aLongLineIsCutAtTheLimitBetweenUtf8Characters() throws Exception {
        int[] p = d.pipe();
        CompletableFuture<List<String>> f = pump.add(p[0], "T", 3, 100);
        String line = "x".repeat(63) + "é" + "y".repeat(10);
        write(p[1], line + "\n");
        d.close(p[1]);
        List<String> parts = get(f);
        assertEquals(List.of("x".repeat(63), "é" + "y".repeat(10)), parts, "é is not cut in two");
        assertEquals(line, String.join("", parts));
    }

    @Test
    void theResultKeepsTheFirstLinesButEveryLineIsSunk() throws Exception {
        int[] p = d.pipe();
        CompletableFuture<List<String>> f = pump.add(p[0], "T", 4, 2);
        write(p[1], "1\n2\n3\n4\n");
        d.close(p[1]);
        assertEquals(List.of("1", "2"), get(f));
        assertEquals(4, sunk.size());
    }

    @Test
    void closingWaitsForOpenPipesThenGivesUpOnThemAndTakesNoMore() throws Exception {
        int[] p = d.pipe();
        CompletableFuture<List<String>> f = pump.add(p[0], "T", 5, 10);
        write(p[1], "early\n");
        pump.close(Duration.ofMillis(200)); // the writer never closes: the pump gives up after the timeout
        assertEquals(List.of("early"), get(f), "what was read is kept");
        int[] q = d.pipe();
        assertThrows(IllegalStateException.class, () -> pump.add(q[0], "T", 6, 10));
        d.close(q[1]);
        d.close(p[1]);
        assertTrue(sunk.contains("T[5]: early"));
    }

    @Test
    void anEmptyOutputEndsWithNoLines() throws Exception {
        int[] p = d.pipe();
        CompletableFuture<List<String>> f = pump.add(p[0], "T", 7, 10);
        d.close(p[1]);
        assertEquals(new ArrayList<String>(), get(f));
        assertEquals(List.of(), sunk);
    }

    @Test
    void aWakeUpThatComesWhileThePumpReadsItsWakePipeIsNotLost() throws Exception {
        // Descriptors that run a hook on the pump's thread just before it reads its wake pipe (the first pipe the pump
        // makes): there, an add() wakes it once more. Clearing the wake flag before that read lost this wake-up and
        // every later one, so close() could never make the thread give up and the job's result never came.
        AtomicInteger wakeRead = new AtomicInteger(-1);
        AtomicReference<Runnable> beforeWakeRead = new AtomicReference<>();
        Descriptors hooked = new Descriptors() {
            @Override public boolean mkfifo(Path path, int mode) { return d.mkfifo(path, mode); }
            @Override public int open(Path path, int flags, int mode) { return d.open(path, flags, mode); }
            @Override public boolean tryLockExclusive(int fd) { return d.tryLockExclusive(fd); }
            @Override public int write(int fd, byte[] buf, int len) { return d.write(fd, buf, len); }
            @Override public void close(int fd) { d.close(fd); }
            @Override public int poll(int[] fds, short[] revents, int timeoutMillis) { return d.poll(fds, revents, timeoutMillis); }
            @Override public int watchDirectory(Path dir) { return d.watchDirectory(dir); }

            @Override
            public int[] pipe() {
                int[] p = d.pipe();
                wakeRead.compareAndSet(-1, p[0]);
                return p;
            }

            @Override
            public int read(int fd, byte[] buf) {
                Runnable hook = fd == wakeRead.get() ? beforeWakeRead.getAndSet(null) : null;
                if (hook != null) {
                    hook.run();
                }
                return d.read(fd, buf);
            }
        };
        OutputPump hookedPump = new OutputPump(hooked, 64, (tag, pid, line) -> sunk.add(tag + "[" + pid + "]: " + line));
        int[] first = d.pipe();
        int[] second = d.pipe();
        CompletableFuture<CompletableFuture<List<String>>> secondAdded = new CompletableFuture<>();
        beforeWakeRead.set(() -> secondAdded.complete(hookedPump.add(second[0], "U", 2, 10)));
        CompletableFuture<List<String>> f = hookedPump.add(first[0], "T", 1, 10);
        CompletableFuture<List<String>> g = secondAdded.get(10, TimeUnit.SECONDS);
        write(first[1], "early\n");
        hookedPump.close(Duration.ofMillis(200)); // neither writer closes: the pump must give up on both
        assertEquals(List.of("early"), get(f), "close() woke the pump and it gave up on the open pipes");
        assertEquals(List.of(), get(g));
        d.close(first[1]);
        d.close(second[1]);
    }
}
