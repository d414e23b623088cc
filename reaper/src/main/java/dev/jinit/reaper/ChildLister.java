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
            byte[] text;
            try {
                text = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
            return parse(text, file);
        }

        /**
         * The pids of a children file: decimal numbers, each followed by a space. A plain loop, not a stream of split
         * strings: a reap pass runs this on the init thread, in a storm the first time, and there a stream pipeline's
         * first use (its classes, a lambda's spinning) cost more than the pass itself.
         */
        static long[] parse(byte[] text, Path file) {
            long[] pids = new long[text.length / 2 + 1]; // each pid takes a digit and a separator at least
            int count = 0;
            long value = -1;
            for (byte b : text) {
                if (b >= '0' && b <= '9') {
                    value = (value < 0 ? 0 : value * 10) + (b - '0');
                } else if (b == ' ' || b == '\n') {
                    if (value >= 0) {
                        pids[count++] = value;
                        value = -1;
                    }
                } else {
                    throw new IllegalStateException(file + " holds a byte " + (b & 0xff)
                            + " that is neither a digit nor a separator: not a children file");
                }
            }
            if (value >= 0) {
                pids[count++] = value;
            }
            return Arrays.copyOf(pids, count);
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
