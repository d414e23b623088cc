package dev.jinit.syslog.internal;

import dev.jinit.syslog.Selector;
import dev.jinit.syslog.Slf4jMapping;
import dev.jinit.syslog.SyslogMessage;
import org.slf4j.ILoggerFactory;

/** Each message logged through the application's SLF4J as it comes; nothing to flush. Internal. */
public final class Slf4jSink implements Sink {
    private final Selector selector;
    private final Slf4jMapping mapping;
    private final ILoggerFactory loggers;

    public Slf4jSink(Selector selector, Slf4jMapping mapping, ILoggerFactory loggers) {
        this.selector = selector;
        this.mapping = mapping;
        this.loggers = loggers;
    }

    @Override
    public String name() {
        return "slf4j";
    }

    @Override
    public boolean wants(SyslogMessage message) {
        return selector.test(message);
    }

    @Override
    public void append(SyslogMessage message) {
        var event = mapping.map(message);
        event.emitTo(loggers.getLogger(event.loggerName()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
