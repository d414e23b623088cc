package dev.jinit.syslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinit.syslog.ParserConfig;
import dev.jinit.syslog.SyslogMessage;
import dev.jinit.syslog.SyslogParser;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's batching against a recording output: no threads but the test's own. */
class WriterTest {
    private static final SyslogParser PARSER = SyslogParser.of(ParserConfig.builder("vm").zone(ZoneOffset.UTC).build());
    private static final Instant T = Instant.parse("2026-11-28T00:00:00Z");

    /** Records appends (the message text), flushes and closes, in order; fails where told. */
    private static final class RecordingSink implements Sink {
        final List<String> calls = new ArrayList<>();
        final String failOn;

        RecordingSink(String failOn) {
            this.failOn = failOn;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public boolean wants(SyslogMessage message) {
            return !message.message().startsWith("skip");
        }

        @Override
        public void append(SyslogMessage message) throws IOException {
            if (message.message().equals(failOn)) {
                throw new IOException("cannot write " + failOn);
            }
            calls.add(message.message());
        }

        @Override
        public void flush() {
            calls.add("flush");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private static void publish(DatagramQueue q, String datagram, boolean cut) throws InterruptedException {
        DatagramQueue.Slot s = q.acquire(0);
        byte[] b = datagram.getBytes();
        s.fill(b, b.length, T, cut);
        q.publish(s);
    }

    @Test
    void writesInBatchesFlushingOncePerBatchAndClosesAtTheEnd() throws Exception {
        DatagramQueue q = new DatagramQueue(10, 4096);
        for (String m : List.of("a", "b", "c", "skip d", "e")) {
            publish(q, "<13>t: " + m, false);
        }
        publish(q, "\0", false);
        q.end();
        RecordingSink sink = new RecordingSink(null);
        Counters counters = new Counters();
        new Writer(q, PARSER, List.of(sink), 2, 0, counters).run();
        assertEquals(List.of("a", "b", "flush", "c", "flush", "e", "flush", "close"), sink.calls);
        assertEquals(5, counters.written.get()); // the NUL-only datagram is not a message
        assertEquals(10, countFree(q), "every slot back in the pool");
    }

    @Test
    void aFailingWriteIsCountedAndTheRestIsWritten() throws Exception {
        DatagramQueue q = new DatagramQueue(4, 4096);
        publish(q, "<13>t: a", false);
        publish(q, "<13>t: bad", false);
        publish(q, "<13>t: c", true);
        q.end();
        RecordingSink sink = new RecordingSink("bad");
        Counters counters = new Counters();
        new Writer(q, PARSER, List.of(sink), 10, 0, counters).run();
        assertEquals(List.of("a", "c", "flush", "close"), sink.calls);
        assertEquals(1, counters.outputErrors.get());
        assertEquals(3, counters.written.get());
    }

    @Test
    void aDatagramCutByTheKernelIsMarkedTruncated() throws Exception {
        DatagramQueue q = new DatagramQueue(1, 4096);
        publish(q, "<13>t: cut", true);
        q.end();
        List<SyslogMessage> got = new ArrayList<>();
        Sink capture = new Sink() {
            @Override public String name() { return "capture"; }
            @Override public boolean wants(SyslogMessage m) { return true; }
            @Override public void append(SyslogMessage m) { got.add(m); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        new Writer(q, PARSER, List.of(capture), 1, 0, new Counters()).run();
        assertEquals(1, got.size());
        assertEquals(true, got.get(0).has(SyslogMessage.Flag.TRUNCATED));
    }

    private static int countFree(DatagramQueue q) throws InterruptedException {
        int n = 0;
        while (q.acquire(0) != null) {
            n++;
        }
        return n;
    }
}
