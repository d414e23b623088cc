package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against core's real datagram server on a temporary socket. */
class SyslogClientIT {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-08T04:05:06Z"));

    @TempDir
    Path dir;

    private static String receive(UnixDatagramServer s) {
        ByteBuffer b = ByteBuffer.allocate(70_000);
        int n = s.receive(b);
        assertEquals(n, b.position(), "the datagram fit");
        return new String(b.array(), 0, n, StandardCharsets.UTF_8);
    }

    private SyslogClient.Builder client(Path sock, List<String> fallback) {
        return SyslogClient.builder().socket(sock).clock(CLOCK).zone(ZoneId.of("UTC")).fallback(fallback::add);
    }

    @Test
    void sendsRfc3164MessagesWithPriorityStampTagAndPidInOrder() {
        Path sock = dir.resolve("log");
        List<String> fallback = new CopyOnWriteArrayList<>();
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666);
             SyslogClient c = client(sock, fallback).build()) {
            assertEquals(SyslogClient.Outcome.SENT, c.send(SyslogClient.FACILITY_CRON, SyslogClient.SEVERITY_INFO,
                    "CRON", 4242, "hello world\n"));
            assertEquals(SyslogClient.Outcome.SENT, c.send(SyslogClient.FACILITY_CRON, SyslogClient.SEVERITY_NOTICE,
                    "my job:1", -1, "é second"));
            assertEquals("<78>Nov  8 04:05:06 CRON[4242]: hello world", receive(s), "day padded with a space");
            assertEquals("<77>Nov  8 04:05:06 my_job_1: é second", receive(s), "tag sanitised, no pid");
            assertEquals(2, c.sent());
            assertEquals(0, c.fallbacks());
            assertEquals(List.of(), fallback);
        }
    }

    @Test
    void splitsALongLineIntoMessagesOfAtMostTheLimit() {
        Path sock = dir.resolve("log");
        String line = "0123456789".repeat(2000) + "ü";
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666);
             SyslogClient c = client(sock, new CopyOnWriteArrayList<>()).maxLineBytes(8192).build()) {
            c.send(9, 6, "CRON", 1, line);
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                String m = receive(s);
                String prefix = "<78>Nov  8 04:05:06 CRON[1]: ";
                assertTrue(m.startsWith(prefix), m.substring(0, 40));
                String body = m.substring(prefix.length());
                assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= 8192);
                joined.append(body);
            }
            assertEquals(line, joined.toString());
            assertEquals(3, c.sent());
        }
    }

    @Test
    void aMissingSocketSendsToTheFallbackAndCountsThenTheDaemonIsUsedOnceItListens() {
        Path sock = dir.resolve("log");
        List<String> fallback = new CopyOnWriteArrayList<>();
        try (SyslogClient c = client(sock, fallback).build()) {
            assertEquals(SyslogClient.Outcome.NO_DAEMON, c.send(9, 6, "CRON", 7, "lost? no"));
            assertEquals(List.of("CRON[7]: lost? no"), fallback);
            assertEquals(1, c.fallbacks());
            try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666)) {
                assertEquals(SyslogClient.Outcome.SENT, c.send(9, 6, "CRON", 7, "now to syslog"));
                assertEquals("<78>Nov  8 04:05:06 CRON[7]: now to syslog", receive(s));
            }
            assertEquals(SyslogClient.Outcome.NO_DAEMON, c.send(9, 6, "CRON", 7, "stale socket gone"),
                    "the socket file is removed at close");
            assertEquals(2, c.fallbacks());
            assertEquals(1, c.sent());
        }
    }

    @Test
    void aDaemonThatDoesNotReadNeverBlocksTheSender() {
        Path sock = dir.resolve("log");
        List<String> fallback = new CopyOnWriteArrayList<>();
        try (UnixDatagramServer s = UnixDatagramServer.open(sock, 0666);
             SyslogClient c = client(sock, fallback).build()) {
            SyslogClient.Outcome last = SyslogClient.Outcome.SENT;
            // The kernel queues at most net.unix.max_dgram_qlen datagrams (and the socket buffer's bytes) for a
            // reader that does not read; the bound is far above both.
            for (int i = 0; i < 100_000 && last == SyslogClient.Outcome.SENT; i++) {
                last = c.send(9, 6, "CRON", 1, "line " + i + " " + "x".repeat(1000));
            }
            assertEquals(SyslogClient.Outcome.WOULD_BLOCK, last, "the queue filled up and the send did not wait");
            assertEquals(1, c.fallbacks());
            assertEquals(1, c.wouldBlock());
            assertTrue(fallback.get(0).startsWith("CRON[1]: line " + c.sent() + " "), fallback.get(0));
            assertTrue(receive(s).endsWith("CRON[1]: line 0 " + "x".repeat(1000)), "the queued ones are intact");
        }
    }
}
