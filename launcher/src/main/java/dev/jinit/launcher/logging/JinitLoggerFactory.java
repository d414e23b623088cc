package dev.jinit.launcher.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link JinitLogger} per name, all with the same settings, format and output. Thread-safe. */
final class JinitLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LogSettings settings;
    private final LineFormat format;
    private final LogOutput output;

    JinitLoggerFactory(LogSettings settings, LineFormat format, LogOutput output) {
        this.settings = settings;
        this.format = format;
        this.output = output;
    }

    @Override
    public Logger getLogger(String name) {
        Logger logger = loggers.get(name);
        if (logger != null) {
            return logger;
        }
        Logger made = new JinitLogger(name, settings.levelOf(name), format, output);
        logger = loggers.putIfAbsent(name, made);
        return logger == null ? made : logger;
    }
}
