package dev.jinit.syslog.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The server's counters, written by its threads, read by anyone. This is an internal class. */
public final class Counters {
    /** Datagrams received (empty ones not counted). */
    public final AtomicLong received = new AtomicLong();
    /** Datagrams dropped because the queue stayed full for the whole wait. */
    public final AtomicLong dropped = new AtomicLong();
    /** Messages parsed and handed to the outputs. */
    public final AtomicLong written = new AtomicLong();
    /** Messages cut at the limit (by the receive buffer, a stream frame's limit or the parser's). */
    public final AtomicLong cut = new AtomicLong();
    /** Writes or flushes an output failed (the messages concerned are lost for that output). */
    public final AtomicLong outputErrors = new AtomicLong();
}
