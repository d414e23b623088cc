package dev.jinit.reaper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Lists this process's children, where orphans land.
 *
 * <p>Orphans are re-parented to the init's first live thread, the thread-group leader: the {@code java} launcher's
 * primordial thread, which only waits for the JVM and never forks. So its {@code /proc/self/task/<pid>/children}
 * holds exactly the orphans (plus children of threads that have exited). Where the kernel lacks that file
 * ({@code CONFIG_PROC_CHILDREN} off) the fallback scans every {@code /proc/<pid>/stat} for our pid as parent: slower
 * with many processes, same answer.
 */
public interface ChildLister {
    /** The pids to consider. */
    long[] children();

    /** A short name for logs and status. */
    String name();

    /** The leader's children file when the kernel has it, else the /proc scan. */
    static ChildLister forPid(long pid) {
        Path file = Path.of("/proc/self/task/" + pid + "/children");
        if (Files.isReadable(file)) {
            return new LeaderChildren(file);
        }
        return new ProcScan(pid);
    }

    /** Reads the leader thread's children file. */
    record LeaderChildren(Path file) implements ChildLister {
        @Override
        public long[] children() {
            try {
                String text = Files.readString(file).trim();
                if (text.isEmpty()) {
                    return new long[0];
                }
                return Arrays.stream(text.split(" ")).mapToLong(Long::parseLong).toArray();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String name() {
            return "leader-children";
        }
    }

    /** Scans /proc for processes whose parent is {@code parent}. */
    record ProcScan(long parent) implements ChildLister {
        @Override
        public long[] children() {
            return ProcTable.read(Path.of("/proc")).childrenOf(parent);
        }

        @Override
        public String name() {
            return "proc-scan";
        }
    }
}
