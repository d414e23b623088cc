package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FIFOs opened as runsv opens them, flock, pipes handed to a child, poll: the syscalls themselves. */
class DescriptorsIT {
    private static final int ENXIO = 6;
    private final Descriptors fds = Natives.load().descriptors();

    @TempDir
    Path tmp;

    @Test
    void aFifoWithoutReaderRefusesANonBlockingWriterWithEnxioAndAcceptsOneOnceReadWriteOpen() {
        Path fifo = tmp.resolve("ok");
        assertTrue(fds.mkfifo(fifo, 0600));
        assertFalse(fds.mkfifo(fifo, 0600), "EEXIST is reported as false");
        assertEquals("rw-------", PosixFilePermissions.toString(permissions(fifo)));
        NativeException e = assertThrows(NativeException.class,
                () -> fds.open(fifo, Descriptors.WRITE | Descriptors.NONBLOCK, 0));
        assertEquals(ENXIO, e.errno());

        int reader = fds.open(fifo, Descriptors.READ_WRITE | Descriptors.NONBLOCK, 0);
        try {
            byte[] buf = new byte[16];
            assertEquals(-1, fds.read(reader, buf), "nothing there: EAGAIN, not EOF");
            int writer = fds.open(fifo, Descriptors.WRITE | Descriptors.NONBLOCK, 0);
            assertEquals(3, fds.write(writer, "tcu".getBytes(StandardCharsets.US_ASCII), 3));
            fds.close(writer);
            short[] rev = new short[1];
            assertEquals(1, fds.poll(new int[] {reader}, rev, 5000));
            assertTrue((rev[0] & Descriptors.POLLIN) != 0);
            int n = fds.read(reader, buf);
            assertArrayEquals("tcu".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(buf, n));
            assertEquals(-1, fds.read(reader, buf), "the last writer closed, but we hold a write end: no EOF");
        } finally {
            fds.close(reader);
        }
    }

    @Test
    void flockExcludesASecondOpenFileDescriptionAndIsFreedByClose() {
        Path lock = tmp.resolve("lock");
        int a = fds.open(lock, Descriptors.WRITE | Descriptors.APPEND | Descriptors.CREATE, 0600);
        int b = fds.open(lock, Descriptors.WRITE | Descriptors.APPEND | Descriptors.CREATE, 0600);
        assertTrue(fds.tryLockExclusive(a));
        assertFalse(fds.tryLockExclusive(b));
        fds.close(a);
        assertTrue(fds.tryLockExclusive(b));
        fds.close(b);
    }

    @Test
    void aPipeFeedsAChildsStdinAndPollTimesOutWhenIdle() throws Exception {
        int[] p = fds.pipe();
        short[] rev = new short[1];
        assertEquals(0, fds.poll(new int[] {p[0]}, rev, 10));
        try (Init init = Init.builder().shutdownOn(Set.of()).start()) {
            Path out = tmp.resolve("out");
            Child c = init.spawner().spawn(SpawnSpec.builder("sh", "-c", "cat > " + out)
                    .stdin(Redirect.fd(p[0])).build());
            fds.write(p[1], "line\n".getBytes(StandardCharsets.US_ASCII), 5);
            fds.close(p[1]);
            fds.close(p[0]);
            CompletableFuture<ExitStatus> exit = c.onExit();
            assertEquals(ExitStatus.exited(0), exit.get(10, TimeUnit.SECONDS));
            assertEquals("line\n", Files.readString(out));
        }
    }

    private static Set<java.nio.file.attribute.PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
