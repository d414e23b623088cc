package dev.jinit.syslog.internal;

import dev.jinit.syslog.SyslogMessage;
import java.io.IOException;

/**
 * One output of the server, used by the writing thread only: {@link #append} buffers, {@link #flush} writes. This is
 * an internal interface.
 */
public interface Sink {
    /** For logs: the file, {@code stdout}, {@code slf4j}. */
    String name();

    /** Whether the message goes to this output (its selector). */
    boolean wants(SyslogMessage message);

    void append(SyslogMessage message) throws IOException;

    void flush() throws IOException;

    /** After HUP: flushes, then opens its file again (logrotate moved it away). Nothing for stdout and SLF4J. */
    default void reopen() throws IOException {
        flush();
    }

    /** Flushes and releases what it holds (not stdout itself). */
    void close() throws IOException;
}
