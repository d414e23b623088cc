package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waits for a file to reach a state, woken by inotify (a {@link WatchService}) on its directory: no sleeps. */
final class FileWatch {
    private FileWatch() {
    }

    /** Waits until {@code done} holds for {@code file}, re-checking at each change in its directory. */
    static void await(Path file, Predicate<Path> done, Duration timeout, String what) throws Exception {
        Path dir = file.toAbsolutePath().getParent();
        try (WatchService w = dir.getFileSystem().newWatchService()) {
            dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(file)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("waited " + timeout + " for " + what);
                }
                WatchKey k = w.poll(left, TimeUnit.NANOSECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            }
        }
    }

    /** Waits until {@code file} exists and holds at least {@code n} lines. */
    static void awaitLines(Path file, int n, Duration timeout) throws Exception {
        await(file, f -> lines(f).size() >= n, timeout, n + " lines in " + file);
    }

    static List<String> lines(Path f) {
        try {
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
