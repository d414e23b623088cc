package dev.jinit.syslog.internal;

import dev.jinit.syslog.LineFormat;
import dev.jinit.syslog.Selector;
import dev.jinit.syslog.SyslogMessage;
import java.io.IOException;
import java.io.OutputStream;

/** Lines to a stream the server does not own (stdout): written per batch, never closed. Internal. */
public final class StreamSink implements Sink {
    private final String name;
    private final Selector selector;
    private final LineFormat format;
    private final OutputStream target;
    private final LineBuffer pending = new LineBuffer();

    public StreamSink(String name, Selector selector, LineFormat format, OutputStream target) {
        this.name = name;
        this.selector = selector;
        this.format = format;
        this.target = target;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wants(SyslogMessage message) {
        return selector.test(message);
    }

    @Override
    public void append(SyslogMessage message) {
        pending.append(format, message);
    }

    @Override
    public void flush() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        try {
            target.write(pending.array(), 0, pending.length());
            target.flush();
        } finally {
            pending.clear();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
