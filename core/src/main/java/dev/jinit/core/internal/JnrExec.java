package dev.jinit.core.internal;

import dev.jinit.core.Errno;
import dev.jinit.core.Exec;
import dev.jinit.core.NativeException;
import dev.jinit.core.SpawnException;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link Exec} over glibc and two raw syscalls. Internal: obtain it from {@link dev.jinit.core.Natives}. */
public final class JnrExec implements Exec {
    private static final int CLOSE_RANGE_CLOEXEC = 1 << 2;
    private static final int SIG_SETMASK = 2;
    private static final long SIG_IGN = 1;
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;
    private static final int NSIG = 64;
    /** The kernel's sigset_t, which rt_sigaction is told the size of (glibc's sigset_t is 128 bytes). */
    private static final int KERNEL_SIGSET_SIZE = 8;
    /**
     * Big enough for the kernel's struct sigaction on every architecture (handler, flags, restorer where there is
     * one, an 8-byte mask). All zeros is SIG_DFL with no flags and an empty mask on each of them, and the handler is
     * the first field on each, so the layout differences do not matter here.
     */
    private static final int KERNEL_SIGACTION_SIZE = 64;

    private final LibC libc;

    public JnrExec(LibC libc) {
        this.libc = libc;
    }

    @Override
    public void exec(Path executable, List<String> argv, Map<String, String> environment) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least argv[0], but was empty");
        }
        NativeMemory args = NativeMemory.cStrings(argv);
        List<String> env = new ArrayList<>(environment.size());
        new TreeMap<>(environment).forEach((k, v) -> env.add(k + "=" + v));
        NativeMemory envp = NativeMemory.cStrings(env);
        String path = executable.toString();
        NativeMemory cPath = NativeMemory.cString(path);
        NativeMemory emptyPath = NativeMemory.cString("");

        defaultIgnoredSignals();
        NativeMemory empty = NativeMemory.allocate(128);
        int rc = libc.pthread_sigmask(SIG_SETMASK, empty, null);
        if (rc != 0) {
            throw fail("pthread_sigmask(SIG_SETMASK, {})", rc);
        }
        // The sweep comes last, right before execve, with nothing between them that could open a file: any fd opened
        // after it without O_CLOEXEC reaches the command. Java code opens files without O_CLOEXEC (FileInputStream,
        // a jar the class loader opens on a first lookup), and so do JVM threads that run beside this one (HotSpot's
        // compiler thread reads the cgroup's memory.limit_in_bytes and memory.stat while it sizes its compiler
        // threads: seen leaking as fd 29 into bin/setuser's command; the wrappers pass
        // -XX:-UseDynamicNumberOfCompilerThreads, which stops those reads). So first an execve that fails at once
        // with ENOENT (an empty path): the path to execve (jffi's 3-argument call) has run once before the sweep, so
        // nothing between the sweep and the real call is done for the first time.
        libc.execve(emptyPath, args, envp);
        if (libc.close_range(3, -1, CLOSE_RANGE_CLOEXEC) != 0) {
            int errno = NativeFunction.errno();
            // ENOSYS, EINVAL: a kernel older than 5.11 (no close_range, or no CLOSE_RANGE_CLOEXEC).
            throw fail("close_range(3, ~0, CLOSE_RANGE_CLOEXEC)" + (errno == Errno.ENOSYS || errno == Errno.EINVAL
                    ? " (needs Linux 5.11 or later)" : ""), errno);
        }
        libc.execve(cPath, args, envp);
        int errno = NativeFunction.errno();
        NativeException cause = fail("execve(" + path + ")", errno);
        throw switch (errno) {
            case Errno.ENOENT -> new SpawnException(SpawnException.Reason.NOT_FOUND,
                    argv.get(0) + ": not found (or its #! interpreter is missing)", cause);
            case Errno.ENOEXEC -> new SpawnException(SpawnException.Reason.NOT_EXECUTABLE,
                    argv.get(0) + ": exec format error (a script needs a #! line)", cause);
            case Errno.EACCES, Errno.EPERM -> new SpawnException(SpawnException.Reason.NOT_EXECUTABLE,
                    argv.get(0) + ": " + libc.strerror(errno), cause);
            default -> new SpawnException(SpawnException.Reason.OTHER, argv.get(0) + ": " + libc.strerror(errno), cause);
        };
    }

    /**
     * Every ignored signal back to SIG_DFL, with the raw syscall: glibc's sigaction refuses 32 and 33 (EINVAL).
     * Only ignored ones: execve resets handled signals itself, and resetting HotSpot's handlers (SIGSEGV serves its
     * safepoints and null checks) while Java code still runs would crash the JVM.
     */
    private void defaultIgnoredSignals() {
        long rtSigaction = rtSigactionNumber();
        NativeMemory old = NativeMemory.allocate(KERNEL_SIGACTION_SIZE);
        NativeMemory dfl = NativeMemory.allocate(KERNEL_SIGACTION_SIZE);
        for (int sig = 1; sig <= NSIG; sig++) {
            if (sig == SIGKILL || sig == SIGSTOP) {
                continue; // can never be ignored or changed
            }
            if (libc.syscall(rtSigaction, sig, 0, old.address(), KERNEL_SIGSET_SIZE) != 0) {
                throw fail("rt_sigaction(" + sig + ", NULL, &old)", NativeFunction.errno());
            }
            if (old.getLong(0) == SIG_IGN
                    && libc.syscall(rtSigaction, sig, dfl.address(), 0, KERNEL_SIGSET_SIZE) != 0) {
                throw fail("rt_sigaction(" + sig + ", SIG_DFL)", NativeFunction.errno());
            }
        }
        Reference.reachabilityFence(dfl); // syscall takes addresses: keep both blocks alive through the last one
        Reference.reachabilityFence(old);
    }

    /** {@code rt_sigaction}'s number on this architecture. */
    private static long rtSigactionNumber() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> 13;
            case "aarch64", "riscv64" -> 134; // the generic syscall table
            case "ppc64le", "ppc64" -> 173;
            case "s390x" -> 174;
            default -> throw new IllegalStateException("jinit does not know the rt_sigaction syscall number on "
                    + arch + " (it knows amd64, aarch64, riscv64, ppc64le and s390x); please report it");
        };
    }

    private NativeException fail(String call, int errno) {
        return new NativeException(call, errno, libc.strerror(errno));
    }
}
