package dev.jinit.launcher.logging;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.PrintStream;
import org.slf4j.helpers.Reporter;

/**
 * Where the lines go, as slf4j-simple's {@code logFile}: {@code System.err} (the default) or {@code System.out} as
 * they are when a line is written, or as they were at the start with {@code cacheOutputStream}; any other value is a
 * file, emptied first (System.err, with an error from SLF4J's reporter, when it cannot be opened).
 */
interface LogOutput {
    /** The stream to write the next event to. */
    PrintStream stream();

    static LogOutput of(String logFile, boolean cacheOutputStream) {
        if ("System.err".equalsIgnoreCase(logFile)) {
            return cacheOutputStream ? fixed(System.err) : () -> System.err;
        }
        if ("System.out".equalsIgnoreCase(logFile)) {
            return cacheOutputStream ? fixed(System.out) : () -> System.out;
        }
        try {
            return fixed(new PrintStream(new FileOutputStream(logFile)));
        } catch (FileNotFoundException e) {
            Reporter.error("Could not open [" + logFile + "]. Defaulting to System.err", e);
            return () -> System.err;
        }
    }

    private static LogOutput fixed(PrintStream stream) {
        return () -> stream;
    }
}
