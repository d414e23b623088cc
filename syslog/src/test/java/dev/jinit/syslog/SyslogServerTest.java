package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.FakeUnixDatagramServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's threads, queue, outputs and shutdown against core's in-memory socket: no root, no natives. */
class SyslogServerTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-27T23:53:10Z"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final FakeUnixDatagramServer socket = new FakeUnixDatagramServer(Path.of("/fake/log"));

    private SyslogServerConfig.Builder config() {
        return SyslogServerConfig.builder().socket(socket.path()).localHost("vm").zone(ZoneOffset.UTC);
    }

    private SyslogServer start(SyslogServerConfig config) {
        SyslogServer s = SyslogServer.create(config, c -> socket);
        s.start(CLOCK);
        return s;
    }

    private void send(String datagram) {
        assertTrue(socket.deliver(datagram.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void writesEachOutputWithItsOwnSelector() throws Exception {
        Path file = dir.resolve("log/syslog");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordingLoggers loggers = new RecordingLoggers();
        SyslogServer server = start(config()
                .file(file)
                .stdout(Selector.parse("*.err"), new StdoutFormat(), out)
                .slf4j(Selector.parse("daemon.*"), Slf4jMapping.ofDefaults(), loggers)
                .build());
        send("<27>Nov 27 23:53:09 myprog[15475]: hello 42");            // daemon.err
        send("<38>Nov 27 23:53:09 sshd[7]: accepted");                  // auth.info: not in Debian's syslog
        send("<12>python says hi\0");                                    // user.warning, no timestamp
        send("<14>1 2026-11-27T23:53:08.5Z web app 99 ID1 [x@1 a=\"b\"] rfc5424");
        send("\n\0");                                                    // nothing: dropped
        server.stop(WAIT);
        assertEquals(List.of(
                "Nov 27 23:53:09 vm myprog[15475]: hello 42",
                "Nov 27 23:53:10 vm python says hi",
                "Nov 27 23:53:08 web app[99]: rfc5424"), Files.readAllLines(file));
        assertEquals("daemon.err myprog[15475]: hello 42\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("syslog.myprog ERROR hello 42 [facility=daemon, severity=err, host=vm, pid=15475,"
                + " timestamp=2026-11-27T23:53:09Z]"), loggers.lines());
        assertEquals(new SyslogServer.Stats(5, 0, 4, 0, 0), server.stats());
        assertTrue(socket.isClosed());
    }

    @Test
    void stopWritesEveryDatagramAlreadyQueuedAndFlushes() throws Exception {
        Path file = dir.resolve("syslog");
        SyslogServer server = start(config().file(file).queueCapacity(64).batchSize(16).build());
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            send("<13>Nov 27 23:53:09 t: " + i);
        }
        server.stop(WAIT);
        List<String> lines = Files.readAllLines(file);
        assertEquals(n, lines.size());
        for (int i = 0; i < n; i++) {
            assertEquals("Nov 27 23:53:09 vm t: " + i, lines.get(i));
        }
        assertEquals(new SyslogServer.Stats(n, 0, n, 0, 0), server.stats());
        assertFalse(socket.deliver(new byte[] {1}), "the socket accepts nothing after stop");
    }

    /** Stdout whose first write blocks until released: a slow output. */
    private static final class StalledStream extends OutputStream {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            written.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            synchronized (this) {
                written.write(b, off, len);
            }
        }
    }

    @Test
    void aFullQueueDropsAndCountsAfterTheWaitAndTheReceiverKeepsReceiving() throws Exception {
        StalledStream out = new StalledStream();
        SyslogServer server = start(config().stdout(Selector.ALL, new StdoutFormat(), out)
                .queueCapacity(1).batchSize(1).queueFullWait(Duration.ZERO).build());
        send("<13>a: 1");
        assertTrue(out.entered.await(30, TimeUnit.SECONDS)); // the writer holds no slot now, and is stuck
        for (int i = 2; i <= 5; i++) {
            send("<13>a: " + i);
        }
        assertTrue(socket.awaitIdle(WAIT), "the receiver did not take all datagrams");
        assertEquals(new SyslogServer.Stats(2, 3, 1, 0, 0), server.stats()); // 2 queued in the one slot, 3 dropped
        out.release.countDown();
        server.stop(WAIT);
        assertEquals("user.notice a: 1\nuser.notice a: 2\n", out.written.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailingOutputDoesNotStopTheOthers() throws Exception {
        Path file = dir.resolve("syslog");
        AtomicInteger writes = new AtomicInteger();
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writes.incrementAndGet();
                throw new IOException("disk on fire");
            }
        };
        SyslogServer server = start(config().file(file).stdout(Selector.ALL, new StdoutFormat(), broken).build());
        send("<13>a: 1");
        send("<13>a: 2");
        server.stop(WAIT);
        assertEquals(List.of("Nov 27 23:53:10 vm a: 1", "Nov 27 23:53:10 vm a: 2"), Files.readAllLines(file));
        assertTrue(server.stats().outputErrors() >= 1);
        assertTrue(writes.get() >= 1);
    }

    @Test
    void rotatesBySizeKeepingTheConfiguredNumberOfOldFiles() throws Exception {
        Path file = dir.resolve("syslog");
        // each line is "Nov 27 23:53:10 vm t: NN\n", 25 bytes: 4 lines per 100-byte file
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), new RotationPolicy(100, 2))
                .build());
        for (int i = 10; i < 30; i++) {
            send("<13>t: " + i);
        }
        server.stop(WAIT);
        assertEquals(List.of(26, 27, 28, 29), numbers(file));
        assertEquals(List.of(22, 23, 24, 25), numbers(RotationPolicy.numbered(file, 1)));
        assertEquals(List.of(18, 19, 20, 21), numbers(RotationPolicy.numbered(file, 2)));
        assertFalse(Files.exists(RotationPolicy.numbered(file, 3)));
    }

    @Test
    void nonAsciiTextIsWrittenAsUtf8AmongAsciiLinesAndAcrossARotation() throws Exception {
        Path file = dir.resolve("syslog");
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), new RotationPolicy(100, 1))
                .build());
        send("<13>t: plain");
        send("<13>t: grüße € \uD83D\uDE00 ✓");
        send("<13>t: plain again");
        server.stop(WAIT);
        assertEquals(List.of("Nov 27 23:53:10 vm t: plain", "Nov 27 23:53:10 vm t: grüße € \uD83D\uDE00 ✓"),
                Files.readAllLines(RotationPolicy.numbered(file, 1), StandardCharsets.UTF_8));
        assertEquals(List.of("Nov 27 23:53:10 vm t: plain again"), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private static List<Integer> numbers(Path f) throws IOException {
        return Files.readAllLines(f).stream().map(l -> Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1))).toList();
    }

    @Test
    void aFileThatCannotBeOpenedFailsTheStartBeforeTheSocketIsBound() throws Exception {
        Path notADir = Files.writeString(dir.resolve("f"), "x");
        SyslogServer server = SyslogServer.create(config().file(notADir.resolve("syslog")).build(), c -> {
            throw new AssertionError("the socket must not be opened");
        });
        assertThrows(UncheckedIOException.class, () -> server.start(CLOCK));
    }

    @Test
    void startsOnceAndStopsIdempotently() throws Exception {
        SyslogServer server = start(config().stdout(Selector.ALL, new StdoutFormat(), new ByteArrayOutputStream())
                .build());
        assertThrows(IllegalStateException.class, () -> server.start(CLOCK));
        server.stop(WAIT);
        server.stop(WAIT);
        server.close();
        assertEquals("syslog", server.name());
        SyslogServer never = SyslogServer.create(config().slf4j().build(), c -> socket);
        never.close();
        assertThrows(IllegalStateException.class, () -> never.start(CLOCK));
    }
}
