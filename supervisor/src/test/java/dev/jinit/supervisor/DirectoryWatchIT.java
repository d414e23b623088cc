package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service directory watched through inotify on the control poller: one inotify descriptor while the supervisor
 * runs (closed at its stop), a service moved in starts, and no thread of its own.
 */
@Timeout(60)
class DirectoryWatchIT {
    private static List<String> watchThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.contains("Watch") || n.equals("jinit-supervisor-watch")).toList();
    }

    /** This JVM's inotify descriptors. */
    private static long inotifyFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("anon_inode:inotify");
                } catch (IOException e) {
                    return false; // the descriptor of the listing itself, closed meanwhile
                }
            }).count();
        }
    }

    @Test
    void aServiceMovedInStartsWithNoScanAndNoWatchThread() throws Exception {
        long before = inotifyFds();
        try (SvRig rig = new SvRig()) {
            rig.start(Duration.ofSeconds(5));
            assertEquals(before + 1, inotifyFds(), "inotify descriptors while supervising");
            Path tmp = rig.root.resolve("late-tmp");
            SvRig.script(tmp.resolve("run"), "exec sleep 100000");
            Files.move(tmp, rig.service("late"));
            assertTrue(rig.awaitStarted("late") > 0);
            assertEquals(List.of(), watchThreads(), "threads that watch the directory");
        }
        assertEquals(before, inotifyFds(), "inotify descriptors after the stop");
    }
}
