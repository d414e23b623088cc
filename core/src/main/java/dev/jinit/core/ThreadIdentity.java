package dev.jinit.core;

import dev.jinit.core.internal.LibC;
import dev.jinit.core.internal.NativeFunction;
import dev.jinit.core.internal.NativeMemory;
import java.io.IOException;
import java.lang.ref.Reference;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials of the <em>calling thread</em> alone. The kernel keeps uids, gids, supplementary groups and
 * capabilities per thread; glibc's {@code setgroups}/{@code setresgid}/{@code setresuid} broadcast a change to every
 * thread of the process ({@link Credentials} uses those), while the raw syscalls used here change the caller only.
 * A child that {@code posix_spawn} (a {@code clone} from the calling thread) starts on such a thread starts with that
 * thread's credentials, with no extra exec.
 *
 * <p><b>Hazard</b>: once a thread has switched alone, a later glibc setxid call anywhere in the process (such as
 * {@link Credentials#setUids}) signals that thread too, the thread cannot follow (it has no capability left), and
 * glibc aborts the process ("inconsistent results"). Such a thread must have ended before anything switches the
 * whole process.
 *
 * <p>Obtain it with {@link #of(Natives)}; {@link #supported()} says whether this architecture's syscall numbers are
 * known. Stateless and thread-safe; every method acts on the thread that calls it.
 */
public final class ThreadIdentity {
    private static final int SIG_BLOCK = 0;
    private static final int SIGSET_SIZE = 128;
    private static final int PRIO_PROCESS = 0;
    /** glibc's cpu_set_t: 1024 CPUs. */
    private static final int CPU_SET_SIZE = 128;
    private static final Path THREAD_STATUS = Path.of("/proc/thread-self/status");

    /** setgroups, setresgid, setresuid: the 32-bit-id versions, the only ones on these architectures. */
    private record Numbers(long setgroups, long setresgid, long setresuid) {
    }

    private final LibC libc;
    private final Numbers numbers;

    private ThreadIdentity(LibC libc, Numbers numbers) {
        this.libc = libc;
        this.numbers = numbers;
    }

    /**
     * Binds to {@code natives}' libc.
     *
     * @throws IllegalStateException when this architecture's syscall numbers are unknown ({@link #supported()})
     */
    public static ThreadIdentity of(Natives natives) {
        Numbers n = numbers(System.getProperty("os.arch")).orElseThrow(() -> new IllegalStateException(
                "jinit does not know the setgroups/setresgid/setresuid syscall numbers on " + System.getProperty("os.arch")
                        + " (known: amd64, aarch64): switch the whole process with Credentials instead"));
        return new ThreadIdentity(natives.libc(), n);
    }

    /** Whether {@link #of} works on this architecture. */
    public static boolean supported() {
        return numbers(System.getProperty("os.arch")).isPresent();
    }

    private static Optional<Numbers> numbers(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> Optional.of(new Numbers(116, 119, 117));
            case "aarch64" -> Optional.of(new Numbers(159, 149, 147)); // the generic table (asm-generic/unistd.h)
            default -> Optional.empty();
        };
    }

    /**
     * The signals a fault raises on the faulting thread, which HotSpot handles for its own use (SIGSEGV: safepoint
     * polls, implicit null checks, stack banging; the others alike on some architectures). They must never be
     * blocked on a Java thread: the kernel delivers a fault whose signal is blocked by resetting its action to SIG_DFL
     * for the whole process, which kills the JVM (seen: exit 139 at the next safepoint).
     */
    private static final int[] FAULT_SIGNALS = {4 /* SIGILL */, 5 /* SIGTRAP */, 7 /* SIGBUS */, 8 /* SIGFPE */,
            11 /* SIGSEGV */, 31 /* SIGSYS */};

    /**
     * Blocks, for the calling thread, every signal but glibc's internal 32 and 33 (its setxid and cancel signals must
     * still reach the thread) and the fault signals HotSpot needs ({@link #FAULT_SIGNALS}). A signal sent to this
     * thread alone ({@code tgkill}) then stays pending and is discarded when it ends; signals sent to the process go
     * to another thread. Do this before {@link #switchCallingThread}: a process of the target user may signal a
     * thread that runs as it. It still can send a fault signal, which HotSpot treats as a crash.
     *
     * @throws NativeException when pthread_sigmask fails
     */
    public void blockSignalsOfCallingThread() {
        NativeMemory set = NativeMemory.allocate(SIGSET_SIZE);
        libc.sigfillset(set);
        long word = set.getLong(0); // signal n is bit n-1 of the first 64-bit word on the supported architectures
        for (int sig : FAULT_SIGNALS) {
            word &= ~(1L << (sig - 1));
        }
        set.putLong(0, word);
        int rc = libc.pthread_sigmask(SIG_BLOCK, set, null);
        if (rc != 0) {
            throw new NativeException("pthread_sigmask(SIG_BLOCK, all but the fault signals)", rc, libc.strerror(rc));
        }
    }

    /**
     * Switches the calling thread alone, in this order, with raw syscalls: supplementary groups ({@code setgroups}),
     * gid ({@code setresgid}, real, effective and saved), uid ({@code setresuid}, the same). When the uids all become
     * non-zero the kernel clears the thread's permitted and effective capabilities: there is no way back to root
     * for it. Check the result with {@link #callingThread()}. Irreversible unless {@code uid} is 0.
     *
     * @throws NativeException naming the call that failed (EPERM: the thread lacks CAP_SETGID/CAP_SETUID); a failure
     *                         after the first call leaves the thread partly switched, so the caller must not use it
     */
    public void switchCallingThread(int uid, int gid, List<Integer> groups) {
        Objects.requireNonNull(groups, "groups");
        setGroups(groups);
        call(libc.syscall(numbers.setresgid, gid, gid, gid, 0), "setresgid(" + gid + ", " + gid + ", " + gid + ")");
        call(libc.syscall(numbers.setresuid, uid, uid, uid, 0), "setresuid(" + uid + ", " + uid + ", " + uid + ")");
    }

    /**
     * Switches the calling thread alone to {@code uid}/{@code gid}/{@code groups} for one spawn, <em>keeping root as
     * its saved uid and gid</em>: {@code setgroups(groups)}, {@code setresgid(gid, gid, 0)},
     * {@code setresuid(uid, uid, 0)}. A child cloned now and exec'd gets real = effective = saved = the user's ids
     * (execve copies the effective ids to the saved ones) and no capability; the thread keeps its permitted
     * capabilities (a saved uid of 0), so {@link #returnToRoot} works, and a process of the user may not prlimit or
     * ptrace it (both need all three uids to match), nor renice it, change its CPU affinity or I/O priority
     * (commoncap's cap_safe_nice: the thread's permitted capabilities are not a subset of the caller's; tested). It
     * may still signal the whole JVM through the thread's tid: the kernel lets a sender whose real or effective uid
     * is the target thread's real or saved uid, and the real uid is the user's. Call {@link #returnToRoot} in a
     * {@code finally}.
     *
     * @throws NativeException naming the call that failed; call {@link #returnToRoot} all the same
     */
    public void enterKeepingRoot(int uid, int gid, List<Integer> groups) {
        Objects.requireNonNull(groups, "groups");
        setGroups(groups);
        call(libc.syscall(numbers.setresgid, gid, gid, 0, 0), "setresgid(" + gid + ", " + gid + ", 0)");
        call(libc.syscall(numbers.setresuid, uid, uid, 0, 0), "setresuid(" + uid + ", " + uid + ", 0)");
    }

    /**
     * Undoes {@link #enterKeepingRoot}: {@code setresuid(0, 0, 0)} (the saved uid 0 allows it and brings the
     * effective capabilities back), {@code setresgid(0, 0, 0)}, {@code setgroups(rootGroups)}.
     *
     * @throws NativeException when a call fails: the thread is then stuck as the user and must never run again
     */
    public void returnToRoot(List<Integer> rootGroups) {
        call(libc.syscall(numbers.setresuid, 0, 0, 0, 0), "setresuid(0, 0, 0)");
        call(libc.syscall(numbers.setresgid, 0, 0, 0, 0), "setresgid(0, 0, 0)");
        setGroups(rootGroups);
    }

    private void setGroups(List<Integer> groups) {
        NativeMemory list = NativeMemory.allocate(Math.max(4, 4 * groups.size()));
        for (int i = 0; i < groups.size(); i++) {
            list.putInt(4L * i, groups.get(i));
        }
        call(libc.syscall(numbers.setgroups, groups.size(), list.address(), 0, 0), "setgroups(" + groups + ")");
        Reference.reachabilityFence(list); // the syscall took its address
    }

    /**
     * The calling thread's nice value and CPU affinity, to put back with {@link Scheduling#restore()} after the
     * thread ran as a user. Defence in depth: {@code setpriority} and {@code sched_setaffinity} let a caller whose
     * effective uid is the target thread's real or effective uid, which the user is during a switch; only the
     * capability check (the target's permitted set kept by {@link #enterKeepingRoot}) refuses them today.
     *
     * @throws NativeException when getpriority or sched_getaffinity fails
     */
    public Scheduling saveScheduling() {
        NativeFunction.setErrno(0);
        int nice = libc.getpriority(PRIO_PROCESS, 0);
        int errno = NativeFunction.errno();
        if (nice == -1 && errno != 0) {
            throw new NativeException("getpriority(PRIO_PROCESS, this thread)", errno, libc.strerror(errno));
        }
        NativeMemory mask = NativeMemory.allocate(CPU_SET_SIZE);
        if (libc.sched_getaffinity(0, CPU_SET_SIZE, mask) != 0) {
            int e = NativeFunction.errno();
            throw new NativeException("sched_getaffinity(this thread)", e, libc.strerror(e));
        }
        return new Scheduling(nice, mask);
    }

    /** A thread's nice value and CPU affinity ({@link #saveScheduling()}); restores them on the calling thread. */
    public final class Scheduling {
        private final int nice;
        private final NativeMemory affinity;

        private Scheduling(int nice, NativeMemory affinity) {
            this.nice = nice;
            this.affinity = affinity;
        }

        /** The nice value saved. */
        public int nice() {
            return nice;
        }

        /**
         * Sets the calling thread's nice value and affinity back (as root: lowering nice needs CAP_SYS_NICE).
         *
         * @throws NativeException when setpriority or sched_setaffinity fails
         */
        public void restore() {
            if (libc.setpriority(PRIO_PROCESS, 0, nice) != 0) {
                int e = NativeFunction.errno();
                throw new NativeException("setpriority(PRIO_PROCESS, this thread, " + nice + ")", e, libc.strerror(e));
            }
            if (libc.sched_setaffinity(0, CPU_SET_SIZE, affinity) != 0) {
                int e = NativeFunction.errno();
                throw new NativeException("sched_setaffinity(this thread)", e, libc.strerror(e));
            }
        }
    }

    /**
     * The calling thread's credentials, from {@code /proc/thread-self/status} (its tid is that file's {@code Pid:}).
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public ThreadCredentials callingThread() {
        String status;
        try {
            status = Files.readString(THREAD_STATUS);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + THREAD_STATUS + ": " + e.getMessage(), e);
        }
        long tid = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("Pid:")) {
                tid = Long.parseLong(line.substring(4).trim());
                break;
            }
        }
        return ThreadCredentials.parse(tid, status);
    }

    private void call(long rc, String call) {
        if (rc != 0) {
            int errno = NativeFunction.errno();
            throw new NativeException(call + " (raw syscall, this thread only)", errno, libc.strerror(errno));
        }
    }
}
