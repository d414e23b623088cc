package dev.jinit.syslog.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One listener's counters, written by its thread, read by anyone (status). This is an internal class.
 *
 * @param name what it listens on, like {@code dgram /dev/log} or {@code tcp 127.0.0.1:514}
 */
public record ListenerCounters(String name, AtomicLong received, AtomicLong cut, AtomicLong lost,
                               AtomicLong open, AtomicLong refused, boolean connections) {
    /** A listener of datagrams (no connections). */
    public static ListenerCounters datagrams(String name) {
        return new ListenerCounters(name, new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(),
                new AtomicLong(), false);
    }

    /** A listener of connections. */
    public static ListenerCounters connections(String name) {
        return new ListenerCounters(name, new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(),
                new AtomicLong(), true);
    }

    /**
     * One status line: {@code tcp 127.0.0.1:514: 12 received, 0 cut, 0 lost mid-frame, 2 connections open, 0
     * refused}; datagram listeners without the connection part.
     */
    public String line() {
        StringBuilder b = new StringBuilder(name).append(": ").append(received.get()).append(" received, ")
                .append(cut.get()).append(" cut");
        if (connections) {
            b.append(", ").append(lost.get()).append(" lost mid-frame, ").append(open.get())
                    .append(" connections open, ").append(refused.get()).append(" refused");
        }
        return b.toString();
    }
}
