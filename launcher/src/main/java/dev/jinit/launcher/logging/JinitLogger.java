package dev.jinit.launcher.logging;

import java.io.PrintStream;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/**
 * One named logger: its level fixed when made (from {@link LogSettings#levelOf}), each enabled event formatted by
 * {@link LineFormat} and written with one {@code print} (one write(2) for a text up to 8 KB; a longer stack trace in
 * 8 KB pieces, all under the stream's lock, so another thread's line never lands inside it).
 */
final class JinitLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final int level;
    private final transient LineFormat format;
    private final transient LogOutput output;

    JinitLogger(String name, int level, LineFormat format, LogOutput output) {
        this.name = name;
        this.level = level;
        this.format = format;
        this.output = output;
    }

    private boolean enabled(Level l) {
        return l.toInt() >= level;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level l, Marker marker, String message, Object[] arguments,
                                               Throwable throwable) {
        String text = format.format(name, l, marker == null ? null : List.of(marker), message, arguments, throwable);
        PrintStream out = output.stream();
        out.print(text);
        out.flush();
    }
}
