package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.FakeUnixDatagramServer;
import dev.jinit.spi.ComponentStatus;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unix stream, UDP and TCP listeners (JDK sockets on loopback and in a temporary directory: no root), reopening
 * the files, and the status lines. The datagram socket is core's in-memory fake.
 */
class SyslogListenersTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-27T23:53:10Z"));
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path dir;

    private final FakeUnixDatagramServer socket = new FakeUnixDatagramServer(Path.of("/fake/log"));
    private final List<SyslogServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(SyslogServer::close);
    }

    private SyslogServerConfig.Builder config() {
        return SyslogServerConfig.builder().socket(socket.path()).localHost("vm").zone(ZoneOffset.UTC);
    }

    private SyslogServer start(SyslogServerConfig config) {
        SyslogServer s = SyslogServer.create(config, c -> socket);
        servers.add(s);
        s.start(CLOCK);
        return s;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(SocketChannel ch, String s) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(ascii(s));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Test
    void streamUdpAndTcpFrameEachWayIntoTheSameFileAndTheStatusCountsPerListener() throws Exception {
        Path file = dir.resolve("syslog");
        Path stream = dir.resolve("log.stream");
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never())
                .streamSocket(stream).udp(LOOPBACK_ANY_PORT).tcp(LOOPBACK_ANY_PORT).maxMessageBytes(480).build());
        assertEquals("rw-rw-rw-", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stream)));
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(stream))) {
            write(s, "<13>s: nul\0<13>s: lf\n<13>s: perl\n\0");   // glibc/Python, logger/Go, Perl
            write(s, "14 <13>s: counted");                          // logger --octet-count
            write(s, "<13>s: split ");                              // a frame over two writes
            write(s, "here\n<13>s: " + "x".repeat(600) + "\n");     // longer than the limit: cut, marked
        }
        try (SocketChannel t = SocketChannel.open(server.tcpAddress())) {
            write(t, "14 <13>t: one\ntwo<13>t: three\n");
        }
        try (DatagramChannel u = DatagramChannel.open()) {
            u.send(ByteBuffer.wrap(ascii("<13>u: datagram\n")), server.udpAddress());
        }
        socket.deliver(ascii("<13>d: dgram"));
        FileWatch.awaitLines(file, 10, WAIT);
        ComponentStatus status = server.status();
        assertTrue(status.healthy());
        assertEquals(List.of(
                "10 received, 10 written, 1 cut, 0 dropped (queue full), 0 output errors, 0 queued",
                "dgram /fake/log: 1 received, 0 cut",
                "stream " + stream + ": 6 received, 1 cut, 0 lost mid-frame, 0 connections open, 0 refused",
                "udp " + SocketListenersText.of(server.udpAddress()) + ": 1 received, 0 cut",
                "tcp " + SocketListenersText.of(server.tcpAddress())
                        + ": 2 received, 0 cut, 0 lost mid-frame, 0 connections open, 0 refused"),
                withoutOpenCount(status.lines()));
        server.stop(WAIT);
        List<String> lines = Files.readAllLines(file);
        assertEquals(10, lines.size(), lines.toString());
        List<String> texts = lines.stream().map(l -> l.substring("Nov 27 23:53:10 vm ".length())).sorted().toList();
        // the order across listeners is not defined; within one connection it is the sender's
        assertEquals(List.of("d: dgram", "s: counted", "s: lf", "s: nul", "s: perl", "s: split here",
                "s: " + "x".repeat(480 - "<13>s: ".length()), "t: one#012two", "t: three", "u: datagram")
                .stream().sorted().toList(), texts);
        assertFalse(Files.exists(stream, LinkOption.NOFOLLOW_LINKS), "the stream socket file is removed at stop");
        assertEquals(new SyslogServer.Stats(10, 0, 10, 0, 1), server.stats());
    }

    /** Connections may still be closing on the server side when the file is complete: that count is racy. */
    private static List<String> withoutOpenCount(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("\\d+ connections open", "0 connections open")).toList();
    }

    @Test
    void aClientThatDisconnectsMidFrameLosesOnlyThatFrame() throws Exception {
        Path file = dir.resolve("syslog");
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never())
                .tcp(LOOPBACK_ANY_PORT).build());
        try (SocketChannel t = SocketChannel.open(server.tcpAddress())) {
            write(t, "10 <13>a: one40 <13>a: this frame never ends");
        }
        try (SocketChannel t = SocketChannel.open(server.tcpAddress())) {
            write(t, "<13>b: two\n");
        }
        FileWatch.await(file, f -> FileWatch.lines(f).size() >= 2 && server.status().lines().get(2)
                .contains("1 lost mid-frame"), WAIT, "two lines and a lost frame");
        server.stop(WAIT);
        assertEquals(List.of("a: one", "b: two"), Files.readAllLines(file).stream()
                .map(l -> l.substring("Nov 27 23:53:10 vm ".length())).sorted().toList());
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndCounted() throws Exception {
        Path file = dir.resolve("syslog");
        SyslogServer server = start(config().file(file).tcp(LOOPBACK_ANY_PORT).maxConnections(1).build());
        try (Socket first = new Socket(server.tcpAddress().getAddress(), server.tcpAddress().getPort());
             Socket second = new Socket(server.tcpAddress().getAddress(), server.tcpAddress().getPort())) {
            first.getOutputStream().write(ascii("<13>a: first\n"));
            second.setSoTimeout((int) WAIT.toMillis());
            InputStream in = second.getInputStream();
            assertEquals(-1, in.read(), "the second connection is closed by the server");
            assertTrue(server.status().lines().get(2).endsWith("1 connections open, 1 refused"),
                    server.status().lines().toString());
        }
        server.stop(WAIT);
        assertEquals(1, Files.readAllLines(file).size());
    }

    @Test
    void stopReadsWhatOpenConnectionsAlreadySent() throws Exception {
        Path file = dir.resolve("syslog");
        Path stream = dir.resolve("log.stream");
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never())
                .streamSocket(stream).tcp(LOOPBACK_ANY_PORT).build());
        int n = 5_000;
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(stream));
             SocketChannel t = SocketChannel.open(server.tcpAddress())) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append("<13>s: ").append(i).append('\0');
            }
            write(s, b.toString());
            b.setLength(0);
            for (int i = 0; i < n; i++) {
                String m = "<13>t: " + i;
                b.append(m.length()).append(' ').append(m);
            }
            b.append("<13>t: last, no LF"); // the end of the stream ends it, at stop
            write(t, b.toString());
            server.stop(WAIT); // both still open
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2 * n + 1, lines.size());
        assertEquals(n, lines.stream().filter(l -> l.contains(" s: ")).count());
        assertTrue(lines.contains("Nov 27 23:53:10 vm t: last, no LF"));
    }

    @Test
    void aLiveStreamSocketIsNotTakenOverAndAFileIsNotReplaced() throws Exception {
        Path stream = dir.resolve("log.stream");
        start(config().stdout().streamSocket(stream).build());
        SyslogServer second = SyslogServer.create(config().stdout().streamSocket(stream).build(),
                c -> new FakeUnixDatagramServer(Path.of("/fake/other")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.start(CLOCK));
        assertTrue(e.getMessage().contains("live socket"), e.getMessage());
        Path plain = Files.writeString(dir.resolve("plain"), "keep me");
        SyslogServer third = SyslogServer.create(config().stdout().streamSocket(plain).build(),
                c -> new FakeUnixDatagramServer(Path.of("/fake/third")));
        assertThrows(IllegalStateException.class, () -> third.start(CLOCK));
        assertEquals("keep me", Files.readString(plain));
    }

    @Test
    void aStaleStreamSocketIsReplaced() throws Exception {
        Path stream = dir.resolve("log.stream");
        try (var old = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(stream)); // closed without removing the file: stale
        }
        assertTrue(Files.exists(stream, LinkOption.NOFOLLOW_LINKS));
        Path file = dir.resolve("syslog");
        SyslogServer server = start(config().file(file).streamSocket(stream).build());
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(stream))) {
            write(s, "<13>a: works\n");
        }
        server.stop(WAIT);
        assertEquals(List.of("Nov 27 23:53:10 vm a: works"), Files.readAllLines(file));
    }

    @Test
    void reopenWritesWhatCameBeforeToTheMovedFileAndTheRestToANewOne() throws Exception {
        Path file = dir.resolve("syslog");
        Path moved = dir.resolve("syslog.1");
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never()).build());
        socket.deliver(ascii("<13>a: before"));
        FileWatch.awaitLines(file, 1, WAIT);
        Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE); // what logrotate does, then HUP
        socket.deliver(ascii("<13>a: before too")); // received before the reopen: still the old file
        assertTrue(socket.awaitIdle(WAIT));
        server.reopen();
        FileWatch.await(file, Files::exists, WAIT, "the file opened again");
        socket.deliver(ascii("<13>a: after"));
        server.stop(WAIT);
        assertEquals(List.of("Nov 27 23:53:10 vm a: before", "Nov 27 23:53:10 vm a: before too"),
                Files.readAllLines(moved));
        assertEquals(List.of("Nov 27 23:53:10 vm a: after"), Files.readAllLines(file));
    }

    @Test
    void statusBeforeAndAfter() throws Exception {
        SyslogServer server = SyslogServer.create(config().slf4j().build(), c -> socket);
        assertEquals(new ComponentStatus("syslog", false, List.of("not started")), server.status());
        server.start(CLOCK);
        servers.add(server);
        ComponentStatus running = server.status();
        assertTrue(running.healthy());
        assertTrue(Pattern.matches("0 received, 0 written, 0 cut, 0 dropped \\(queue full\\), 0 output errors,"
                + " 0 queued", running.lines().get(0)), running.lines().get(0));
        assertEquals(2, running.lines().size());
        server.stop(WAIT);
        assertEquals(new ComponentStatus("syslog", false, List.of("stopped")), server.status());
    }

    /** The address text the listeners use in names. */
    static final class SocketListenersText {
        static String of(InetSocketAddress a) {
            return a.getAddress().getHostAddress() + ":" + a.getPort();
        }
    }
}
