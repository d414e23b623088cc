package dev.jinit.syslog.internal;

import dev.jinit.syslog.SyslogMessage;
import dev.jinit.syslog.SyslogParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing thread's loop: takes what the receiver queued in batches (as many as are waiting, up to the batch
 * size), parses each datagram, hands the message to every output whose selector takes it, and flushes the outputs
 * once per batch. Under light load each message is written at once; under heavy load batches grow and each flush
 * carries more; after a batch that emptied the queue it pauses for the linger time (1 ms by default) so that
 * the receiving thread need not wake it for each datagram under load. An output that fails is logged once (and once more when it works again) and never stops the loop or
 * the other outputs. At the end mark it flushes and closes the outputs. This is an internal class.
 */
public final class Writer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

    private final DatagramQueue queue;
    private final SyslogParser parser;
    private final List<Sink> sinks;
    private final boolean[] failing;
    private final long[] failures;
    private final int batchSize;
    private final Counters counters;
    private final long lingerNanos;

    /**
     * @param lingerNanos how long to pause after a batch smaller than {@code batchSize} before taking the next
     *                    (0: never)
     */
    public Writer(DatagramQueue queue, SyslogParser parser, List<Sink> sinks, int batchSize, long lingerNanos,
                  Counters counters) {
        this.lingerNanos = lingerNanos;
        this.queue = queue;
        this.parser = parser;
        this.sinks = List.copyOf(sinks);
        this.failing = new boolean[sinks.size()];
        this.failures = new long[sinks.size()];
        this.batchSize = batchSize;
        this.counters = counters;
    }

    @Override
    public void run() {
        List<DatagramQueue.Slot> batch = new ArrayList<>(batchSize);
        try {
            boolean more = true;
            while (more) {
                batch.clear();
                more = queue.takeBatch(batch, batchSize);
                if (batch.isEmpty()) {
                    if (queue.takeReopen()) {
                        reopenAll();
                    }
                    continue; // the end mark or a reopen request alone
                }
                for (DatagramQueue.Slot slot : batch) {
                    try {
                        write(slot);
                    } finally {
                        queue.release(slot);
                    }
                }
                flushAll();
                if (queue.takeReopen()) {
                    reopenAll();
                    continue;
                }
                if (more && batch.size() < batchSize && lingerNanos > 0) {
                    // The batch emptied the queue. Pause briefly instead of waiting on it: a writer waiting on the
                    // queue is woken (a futex call on the receiving thread) for every datagram, and then writes
                    // each on its own. After the pause the next batch carries what came meanwhile. Bounded, and
                    // only after work: an idle writer waits on the queue and takes the next datagram at once.
                    LockSupport.parkNanos(lingerNanos);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("syslog - the writer was interrupted; {} queued datagrams are not written", queue.waiting());
        } finally {
            for (int i = 0; i < sinks.size(); i++) {
                try {
                    sinks.get(i).close();
                } catch (Exception e) {
                    failed(i, "close", e);
                }
            }
        }
    }

    private void write(DatagramQueue.Slot slot) {
        SyslogMessage m = parser.parse(slot.data(), 0, slot.length(), slot.received());
        if (m.has(SyslogMessage.Flag.UNPARSED) && m.message().isEmpty()) {
            return; // only NUL/LF/CR: nothing to log (rsyslog and syslog-ng drop these too)
        }
        if (slot.cut() && !m.has(SyslogMessage.Flag.TRUNCATED)) {
            m = m.withFlag(SyslogMessage.Flag.TRUNCATED);
        }
        if (m.has(SyslogMessage.Flag.TRUNCATED)) {
            counters.cut.incrementAndGet();
        }
        for (int i = 0; i < sinks.size(); i++) {
            Sink s = sinks.get(i);
            try {
                if (s.wants(m)) {
                    s.append(m);
                }
            } catch (Exception e) {
                failed(i, "write", e);
            }
        }
        counters.written.incrementAndGet();
    }

    /** After HUP: every output opens its file again (logrotate moved it), after flushing to the old one. */
    private void reopenAll() {
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).reopen();
            } catch (Exception e) {
                failed(i, "reopen", e);
            }
        }
        LOG.info("syslog - outputs reopened");
    }

    private void flushAll() {
        for (int i = 0; i < sinks.size(); i++) {
            try {
                sinks.get(i).flush();
                if (failing[i]) {
                    failing[i] = false;
                    LOG.info("syslog - {} works again after {} failed writes", sinks.get(i).name(), failures[i]);
                    failures[i] = 0;
                }
            } catch (Exception e) {
                failed(i, "flush", e);
            }
        }
    }

    private void failed(int i, String what, Exception e) {
        counters.outputErrors.incrementAndGet();
        failures[i]++;
        if (!failing[i]) {
            failing[i] = true;
            LOG.error("syslog - {} to {} failed; its messages are lost until it works again", what,
                    sinks.get(i).name(), e);
        }
    }
}
