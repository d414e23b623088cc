package dev.jinit.launcher.logging;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.spi.LocationAwareLogger;

/**
 * What the launcher's loggers print and from which level, read from the same {@code org.slf4j.simpleLogger.*}
 * properties as slf4j-simple (so users' {@code -D} options keep working), with slf4j-simple's defaults. Not read: the
 * {@code simplelogger.properties} class-path resource (looking it up opens every jar of the class path).
 *
 * @param defaultLevel     {@code defaultLogLevel}: the level of a logger without a {@code log.<name>} property
 * @param showDateTime     {@code showDateTime}: a time first (the {@code dateTimeFormat} one, else ms since start)
 * @param dateTimeFormat   {@code dateTimeFormat}, a {@link java.text.SimpleDateFormat} pattern; null if none
 * @param showThreadName   {@code showThreadName}: {@code [name] }
 * @param showThreadId     {@code showThreadId}: {@code tid=N }
 * @param showLogName      {@code showLogName}: the logger's name and {@code " - "}
 * @param showShortLogName {@code showShortLogName}: the last part of the name instead
 * @param levelInBrackets  {@code levelInBrackets}: {@code [INFO]} instead of {@code INFO}
 * @param warnLevelString  {@code warnLevelString}: what WARN is printed as
 * @param logFile          {@code logFile}: {@code System.err}, {@code System.out} or a file's path
 * @param cacheOutputStream {@code cacheOutputStream}: keep the System.err/out of the start instead of the current one
 * @param properties       where {@code log.<name>} levels are looked up (a property's value or null)
 */
record LogSettings(int defaultLevel, boolean showDateTime, String dateTimeFormat, boolean showThreadName,
                          boolean showThreadId, boolean showLogName, boolean showShortLogName,
                          boolean levelInBrackets, String warnLevelString, String logFile, boolean cacheOutputStream,
                          UnaryOperator<String> properties) {
    /** Every property name starts with this, as slf4j-simple's. */
    static final String PREFIX = "org.slf4j.simpleLogger.";
    /** {@code log.<name>}: the level of the logger {@code name} and of those below it ({@code name.x}). */
    static final String LOG_PREFIX = PREFIX + "log.";
    /** The level above ERROR: nothing is printed. */
    static final int OFF = LocationAwareLogger.ERROR_INT + 10;

    public LogSettings {
        Objects.requireNonNull(warnLevelString, "logSettings.warnLevelString");
        Objects.requireNonNull(logFile, "logSettings.logFile");
        Objects.requireNonNull(properties, "logSettings.properties");
    }

    /** The settings from {@code properties} (e.g. {@code System::getProperty}), slf4j-simple's defaults otherwise. */
    static LogSettings from(UnaryOperator<String> properties) {
        return new LogSettings(level(properties.apply(PREFIX + "defaultLogLevel"), LocationAwareLogger.INFO_INT),
                flag(properties, "showDateTime", false),
                properties.apply(PREFIX + "dateTimeFormat"),
                flag(properties, "showThreadName", true),
                flag(properties, "showThreadId", false),
                flag(properties, "showLogName", true),
                flag(properties, "showShortLogName", false),
                flag(properties, "levelInBrackets", false),
                Objects.requireNonNullElse(properties.apply(PREFIX + "warnLevelString"), "WARN"),
                Objects.requireNonNullElse(properties.apply(PREFIX + "logFile"), "System.err"),
                flag(properties, "cacheOutputStream", false),
                properties);
    }

    /**
     * The level of the logger {@code name}: from {@code log.<name>}, else from the nearest parent's ({@code log.a.b}
     * for {@code a.b.c}), else {@link #defaultLevel()}.
     */
    int levelOf(String name) {
        String n = name;
        while (true) {
            String value = properties.apply(LOG_PREFIX + n);
            if (value != null) {
                return level(value, LocationAwareLogger.INFO_INT);
            }
            int dot = n.lastIndexOf('.');
            if (dot < 0) {
                return defaultLevel;
            }
            n = n.substring(0, dot);
        }
    }

    /**
     * A level's number from its name ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error},
     * {@code off}, any case); {@code otherwise} for null, INFO for any other text (as slf4j-simple).
     */
    static int level(String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "trace" -> LocationAwareLogger.TRACE_INT;
            case "debug" -> LocationAwareLogger.DEBUG_INT;
            case "warn" -> LocationAwareLogger.WARN_INT;
            case "error" -> LocationAwareLogger.ERROR_INT;
            case "off" -> OFF;
            default -> LocationAwareLogger.INFO_INT;
        };
    }

    private static boolean flag(UnaryOperator<String> properties, String key, boolean otherwise) {
        String value = properties.apply(PREFIX + key);
        return value == null ? otherwise : "true".equalsIgnoreCase(value);
    }
}
