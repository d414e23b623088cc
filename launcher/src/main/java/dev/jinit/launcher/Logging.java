package dev.jinit.launcher;

/**
 * Configures the launcher's SLF4J binding ({@link dev.jinit.launcher.logging.JinitServiceProvider}, which reads
 * slf4j-simple's properties and prints its lines) before the first logger is made.
 */
final class Logging {
    private Logging() {
    }

    /** Short lines on stderr, info by default, warn with --quiet; -D options given by the user win. */
    static void configure(boolean quiet) {
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", quiet ? "warn" : "info");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "'jinit' HH:mm:ss.SSS");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
