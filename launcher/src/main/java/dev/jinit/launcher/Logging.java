package dev.jinit.launcher;

import dev.jinit.launcher.logging.JinitServiceProvider;

/**
 * Configures the launcher's SLF4J binding ({@link dev.jinit.launcher.logging.JinitServiceProvider}, which reads
 * slf4j-simple's properties and prints its lines) before the first logger is made.
 */
final class Logging {
    private Logging() {
    }

    /**
     * Short lines on stderr, info by default, warn with --quiet; -D options given by the user win. The binding is
     * named ({@code slf4j.provider}), so SLF4J does not look for one: its {@code ServiceLoader} opened every jar of
     * lib/ for META-INF/services, part of a container's start (docs/benchmarks.md); another binding put in lib/ is
     * used when {@code -Dslf4j.provider} names it. SLF4J reports a named binding on stderr at its INFO level: its own
     * reports are kept to warnings and errors unless {@code -Dslf4j.internal.verbosity} says otherwise.
     */
    static void configure(boolean quiet) {
        setIfAbsent("slf4j.provider", JinitServiceProvider.class.getName());
        setIfAbsent("slf4j.internal.verbosity", "WARN");
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
