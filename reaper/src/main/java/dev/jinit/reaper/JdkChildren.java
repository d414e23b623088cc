package dev.jinit.reaper;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Tells which child pids belong to the JDK: children of {@code ProcessBuilder}/{@code Runtime.exec} whose status the
 * JDK's own reaper threads will collect. The orphan reaper never touches them, so {@code Process.waitFor()} stays
 * exact.
 *
 * <p>Three strategies, tried in order by {@link #locate()}:
 * <ol>
 * <li>{@code lookup}: the JDK's map of pending completions ({@code ProcessHandleImpl.completions}) through a private
 * lookup. Needs {@code java.lang} opened to jinit: the {@code Add-Opens: java.base/java.lang} line of an executable
 * jar's manifest, or {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the {@code bin/} wrappers pass it).</li>
 * <li>{@code unsafe}: the same map read through {@code sun.misc.Unsafe} (module {@code jdk.unsupported}), which
 * needs no JVM flag: plain {@code java -cp}.</li>
 * <li>{@code waiting-threads}: where neither works (a future JDK), a pid is the JDK's when one of this process's
 * threads is blocked in {@code wait4}/{@code waitid} on it, read from {@code /proc/self/task/*&#47;syscall}. The JDK
 * starts that thread right after the spawn, so a JDK child that ends within that instant could still be taken; the
 * first two strategies have no such window.</li>
 * </ol>
 * A map entry that does not reap (a {@code ProcessHandle.of(pid).onExit()} on an orphan) does not count: the JDK
 * only watches that pid, somebody must still reap it.
 */
public interface JdkChildren extends LongPredicate {

    /** The strategy's name: {@code lookup}, {@code unsafe} or {@code waiting-threads}. */
    String strategy();

    /**
     * Called once per reap pass before the first {@link #test}; strategies that snapshot state refresh it here.
     */
    default void refresh() {
    }

    /** The first strategy that works in this JVM. */
    static JdkChildren locate() {
        try {
            return lookup();
        } catch (ReflectiveOperationException | RuntimeException e) {
            // java.lang not opened to us: try the next
        }
        try {
            return unsafe();
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no Unsafe, or the field is gone
        }
        return new WaitingThreads();
    }

    /** Strategy 1; fails unless java.lang is opened to jinit. */
    static JdkChildren lookup() throws ReflectiveOperationException {
        Class<?> impl = Class.forName("java.lang.ProcessHandleImpl");
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(impl, MethodHandles.lookup());
        VarHandle completions = lookup.findStaticVarHandle(impl, "completions", java.util.concurrent.ConcurrentMap.class);
        Class<?> exitCompletion = Class.forName("java.lang.ProcessHandleImpl$ExitCompletion");
        VarHandle isReaping = MethodHandles.privateLookupIn(exitCompletion, MethodHandles.lookup())
                .findVarHandle(exitCompletion, "isReaping", boolean.class);
        Map<?, ?> map = (Map<?, ?>) completions.get();
        return new MapBacked("lookup", map, c -> (boolean) isReaping.get(c));
    }

    /** Strategy 2; fails when {@code sun.misc.Unsafe} or the JDK's field is missing. */
    static JdkChildren unsafe() throws ReflectiveOperationException {
        Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        sun.misc.Unsafe u = (sun.misc.Unsafe) theUnsafe.get(null);
        Class<?> impl = Class.forName("java.lang.ProcessHandleImpl");
        Field completions = impl.getDeclaredField("completions");
        Object base = u.staticFieldBase(completions);
        long offset = u.staticFieldOffset(completions);
        Map<?, ?> map = (Map<?, ?>) u.getObject(base, offset);
        if (map == null) {
            throw new IllegalStateException("ProcessHandleImpl.completions is null");
        }
        Field reaping = Class.forName("java.lang.ProcessHandleImpl$ExitCompletion").getDeclaredField("isReaping");
        long reapingOffset = u.objectFieldOffset(reaping);
        return new MapBacked("unsafe", map, c -> u.getBoolean(c, reapingOffset));
    }

    /** A strategy over the JDK's completions map (read-only use). */
    final class MapBacked implements JdkChildren {
        private final String strategy;
        private final Map<?, ?> completions;
        private final java.util.function.Predicate<Object> reaping;

        MapBacked(String strategy, Map<?, ?> completions, java.util.function.Predicate<Object> reaping) {
            this.strategy = strategy;
            this.completions = completions;
            this.reaping = reaping;
        }

        @Override
        public boolean test(long pid) {
            Object c = completions.get(pid);
            return c != null && reaping.test(c);
        }

        @Override
        public String strategy() {
            return strategy;
        }
    }

    /**
     * Strategy 3: pids some thread of ours is blocked waiting on with a reaping wait: {@code wait4(pid)} (the JDK's
     * {@code waitpid}) or {@code waitid(P_PID, pid)} without {@code WNOWAIT}. A {@code WNOWAIT} wait (the JDK's
     * {@code ProcessHandle.of(pid).onExit()}) only watches: that pid is still ours to reap.
     */
    final class WaitingThreads implements JdkChildren {
        private static final long P_PID = 1;
        private static final long WNOWAIT = 0x01000000;

        private final int wait4;
        private final int waitid;
        private volatile Set<Long> waitedOn = Set.of();

        public WaitingThreads() {
            this(System.getProperty("os.arch"));
        }

        /** For the syscall numbers of {@code arch} ({@code os.arch}); an unknown one recognises nothing. */
        WaitingThreads(String arch) {
            switch (arch) {
                case "amd64", "x86_64" -> {
                    wait4 = 61;
                    waitid = 247;
                }
                case "aarch64", "riscv64" -> { // the generic syscall table
                    wait4 = 260;
                    waitid = 95;
                }
                default -> {
                    wait4 = -1;
                    waitid = -1;
                }
            }
        }

        @Override
        public String strategy() {
            return "waiting-threads";
        }

        @Override
        public void refresh() {
            Set<Long> pids = new HashSet<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path t : tasks) {
                    try {
                        parse(Files.readString(t.resolve("syscall")), pids);
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read /proc/self/task: " + e.getMessage(), e);
            }
            waitedOn = pids;
        }

        /**
         * One {@code /proc/<tid>/syscall} line, {@code "61 0x1f40 0x7f.. 0x0 ..."}: the syscall number, its six
         * arguments in hex, then the stack and program counters. {@code "running"} and {@code "-1 sp pc"} (blocked
         * outside a syscall) name no pid; neither does a wait for any child ({@code -1}) or a group ({@code <= 0}).
         */
        void parse(String line, Set<Long> out) {
            String[] f = line.trim().split(" ");
            if (f.length < 3 || f[0].isEmpty() || !f[0].chars().allMatch(Character::isDigit)) {
                return;
            }
            try {
                int nr = Integer.parseInt(f[0]);
                if (nr == wait4) {
                    addPid(arg(f[1]), out);
                } else if (nr == waitid && arg(f[1]) == P_PID) {
                    long options = f.length > 4 ? arg(f[4]) : 0; // unknown options: assume it reaps
                    if ((options & WNOWAIT) == 0) {
                        addPid(arg(f[2]), out);
                    }
                }
            } catch (NumberFormatException e) {
                // not the format above: names no pid
            }
        }

        private static long arg(String hex) {
            if (!hex.startsWith("0x")) {
                throw new NumberFormatException("not a hex argument: " + hex);
            }
            return Long.parseUnsignedLong(hex.substring(2), 16);
        }

        private static void addPid(long arg, Set<Long> out) {
            int pid = (int) arg; // pid_t: -1 may be shown as 0xffffffff or 0xffffffffffffffff
            if (pid > 0) {
                out.add((long) pid);
            }
        }

        @Override
        public boolean test(long pid) {
            return waitedOn.contains(pid);
        }
    }
}
