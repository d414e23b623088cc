package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real socket; the client is {@code logger(1)} where a sender is needed (the JDK has no unix datagram send). */
class UnixDatagramServerIT {
    @TempDir
    Path dir;

    private static void send(Path socket, String text) throws Exception {
        Process p = new ProcessBuilder("logger", "--socket", socket.toString(), "--socket-errors=on", text)
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "logger did not finish");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void bindsWithTheModeAskedForReceivesAndRemovesTheFileAtClose() throws Exception {
        Path sock = dir.resolve("log");
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666)) {
            assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertEquals(UnixDatagramServer.PathState.LIVE_SOCKET, UnixDatagramServer.probe(sock));
            send(sock, "hello");
            ByteBuffer b = ByteBuffer.allocate(1024);
            int n = s.receive(b);
            assertEquals(n, b.position());
            assertTrue(new String(b.array(), 0, n, StandardCharsets.UTF_8).endsWith(": hello"));
        }
        assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void reportsTheFullLengthOfADatagramThatDidNotFit() throws Exception {
        Path sock = dir.resolve("log");
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0600)) {
            send(sock, "x".repeat(500));
            ByteBuffer b = ByteBuffer.allocateDirect(100);
            int n = s.receive(b);
            assertTrue(n > 500, "length " + n);
            assertEquals(100, b.position());
        }
    }

    @Test
    void shutdownWakesABlockedReceiveThenQueuedDatagramsAreReadUntilTheEnd() throws Exception {
        Path sock = dir.resolve("log");
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666)) {
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> s.receive(ByteBuffer.allocate(64)));
            send(sock, "one");
            assertTrue(blocked.get(10, TimeUnit.SECONDS) > 0);
            send(sock, "two");
            send(sock, "three");
            s.shutdownInput();
            ByteBuffer b = ByteBuffer.allocate(256);
            assertTrue(s.receive(b) > 0);
            assertTrue(s.receive(b.clear()) > 0);
            assertEquals(UnixDatagramServer.END, s.receive(b.clear()));
        }
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666)) {
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                int n;
                do {
                    n = s.receive(b.clear());
                } while (n != UnixDatagramServer.END);
                return n;
            });
            s.shutdownInput();
            assertEquals(UnixDatagramServer.END, blocked.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void replacesAStaleSocketButNeverALiveOneOrAFile() throws Exception {
        Path sock = dir.resolve("log");
        // A stale socket: a stream socket bound and closed leaves its file behind.
        try (SocketChannel stale = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(sock));
        }
        assertEquals(UnixDatagramServer.PathState.STALE_SOCKET, UnixDatagramServer.probe(sock));
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666)) {
            assertEquals(sock, s.path());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> UnixDatagramServer.open(sock, 0666));
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
        }
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals(UnixDatagramServer.PathState.OTHER, UnixDatagramServer.probe(file));
        assertThrows(IllegalStateException.class, () -> UnixDatagramServer.open(file, 0666));
        assertEquals("x", Files.readString(file));
        assertEquals(UnixDatagramServer.PathState.ABSENT, UnixDatagramServer.probe(dir.resolve("none")));
        assertThrows(IllegalArgumentException.class, () -> UnixDatagramServer.open(dir.resolve("a".repeat(120)), 0666));
    }

    @Test
    void receivesWhatIsQueuedInOneCallWithEachFullLength() throws Exception {
        Path sock = dir.resolve("log");
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666)) {
            send(sock, "first");
            send(sock, "second " + "y".repeat(300));
            send(sock, "third");
            ByteBuffer[] into = new ByteBuffer[8];
            int[] lengths = new int[8];
            for (int i = 0; i < into.length; i++) {
                into[i] = ByteBuffer.allocate(200);
            }
            assertEquals(3, s.receive(into, lengths));
            assertTrue(new String(into[0].array(), 0, lengths[0], StandardCharsets.UTF_8).endsWith(": first"));
            assertTrue(lengths[1] > 300, "the full length, " + lengths[1]);
            assertEquals(200, into[1].position());
            assertTrue(new String(into[2].array(), 0, lengths[2], StandardCharsets.UTF_8).endsWith(": third"));
            s.shutdownInput();
            for (ByteBuffer b : into) {
                b.clear();
            }
            assertEquals(UnixDatagramServer.END, s.receive(into, lengths));
        }
    }
}
