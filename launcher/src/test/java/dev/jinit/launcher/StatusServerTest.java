package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.spi.ComponentStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status socket and jinit status, over a real unix socket (no root needed). */
class StatusServerTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int status(String... args) {
        out.reset();
        err.reset();
        return StatusClient.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void answersEachClientWithTheStatusOfTheMomentAndCheckReadsTheVerdict() throws Exception {
        Path socket = tmp.resolve("run/jinit/status.sock");
        AtomicReference<List<ComponentStatus>> now = new AtomicReference<>(
                List.of(ComponentStatus.healthy("supervisor", List.of("run: web"))));
        StatusServer server = new StatusServer(socket, now::get);
        server.start(null);
        assertTrue(server.awaitBound(Duration.ofSeconds(10)), "bound off the start's thread, within 10 s");
        try {
            assertEquals(0, status("--socket", socket.toString()));
            assertEquals("supervisor: ok\n  run: web\nhealthy\n", out.toString(StandardCharsets.UTF_8));
            assertEquals(0, status("--check", "--root", tmp.toString()), "--root finds run/jinit/status.sock");
            assertEquals("", out.toString(StandardCharsets.UTF_8), "--check prints nothing when healthy");

            now.set(List.of(new ComponentStatus("supervisor", false, List.of("down: web (essential)"))));
            assertEquals(1, status("--check", "--socket", socket.toString()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("down: web (essential)"), err.toString());
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
        assertFalse(Files.exists(socket), "the socket file is removed on stop");
        assertEquals(3, status("--check", "--socket", socket.toString()), "no init answers");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("jinit status: no init answers on " + socket));
    }

    @Test
    void aStopWhileTheSocketIsBeingBoundLeavesNoSocketBehind() throws Exception {
        // stop() right after start(): the bind is in progress or done; either way the file is gone once stop returns
        for (int i = 0; i < 20; i++) {
            Path socket = tmp.resolve("race-" + i + ".sock");
            StatusServer server = new StatusServer(socket, List::of);
            server.start(null);
            server.stop(Duration.ofSeconds(10));
            assertTrue(server.awaitBound(Duration.ofSeconds(10)), "the bind ended");
            assertFalse(Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS), "round " + i + ": " + socket);
        }
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneLeftAlone() throws Exception {
        Path socket = tmp.resolve("status.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket));
            StatusServer second = new StatusServer(socket, List::of);
            second.start(null); // live: served by another init; warns, does not take it
            assertTrue(second.awaitBound(Duration.ofSeconds(10)));
            second.stop(Duration.ofSeconds(5));
            assertTrue(Files.exists(socket), "the other init's socket stays");
        }
        assertTrue(Files.exists(socket), "closing a bound channel leaves the file: stale now");
        StatusServer server = new StatusServer(socket, () -> List.of(ComponentStatus.healthy("a", List.of())));
        server.start(null);
        assertTrue(server.awaitBound(Duration.ofSeconds(10)));
        try {
            assertEquals(0, status("--check", "--socket", socket.toString()));
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void badUsageExits2() {
        assertEquals(2, status("--bogus"));
        assertEquals(2, status("--socket"));
        assertEquals(0, status("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: jinit status"));
    }
}
