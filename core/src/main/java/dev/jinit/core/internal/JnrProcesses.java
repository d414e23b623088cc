package dev.jinit.core.internal;

import dev.jinit.core.Errno;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.NativeException;
import dev.jinit.core.Processes;
import dev.jinit.core.Signal;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link Processes} over libc. Internal: obtain it from {@link dev.jinit.core.Natives}. */
public final class JnrProcesses implements Processes {
    private static final int P_ALL = 0;
    private static final int P_PID = 1;
    private static final int WNOHANG = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final int PR_SET_PDEATHSIG = 1;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int PR_GET_CHILD_SUBREAPER = 37;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    private final LibC libc;
    private final int pid;
    /** A siginfo_t per thread that waits: the reaper calls waitid twice per orphan, thousands of times in a storm. */
    private final ThreadLocal<NativeMemory> siginfo = ThreadLocal.withInitial(() -> NativeMemory.allocate(Siginfo.SIZE));

    public JnrProcesses(LibC libc) {
        this.libc = libc;
        this.pid = libc.getpid();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean signal(long target, Signal signal) {
        if (target <= 0) {
            throw new IllegalArgumentException("pid must be > 0 (use signalGroup or signalAllInNamespace), but was " + target);
        }
        return check(libc.kill((int) target, signal.number()), "kill(" + target + ", " + signal + ")");
    }

    @Override
    public boolean exists(long target) {
        if (target <= 0) {
            throw new IllegalArgumentException("pid must be > 0, but was " + target);
        }
        if (libc.kill((int) target, 0) == 0) {
            return true;
        }
        int errno = NativeFunction.errno();
        if (errno == Errno.EPERM) {
            return true;
        }
        if (errno == Errno.ESRCH) {
            return false;
        }
        throw fail("kill(" + target + ", 0)", errno);
    }

    @Override
    public boolean signalGroup(long pgid, Signal signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("process group must be > 1, but was " + pgid);
        }
        return check(libc.killpg((int) pgid, signal.number()), "killpg(" + pgid + ", " + signal + ")");
    }

    @Override
    public void signalAllInNamespace(Signal signal) {
        if (pid != 1) {
            throw new IllegalStateException("refusing kill(-1, " + signal + "): this process is pid " + pid
                    + ", not PID 1 of its PID namespace, so it would signal every process on the machine");
        }
        check(libc.kill(-1, signal.number()), "kill(-1, " + signal + ")");
    }

    private boolean check(int rc, String call) {
        if (rc == 0) {
            return true;
        }
        int errno = NativeFunction.errno();
        if (errno == Errno.ESRCH) {
            return false;
        }
        throw fail(call, errno);
    }

    @Override
    public Optional<ExitStatus> reap(long child) {
        return waitFor(child, WEXITED | WNOHANG);
    }

    @Override
    public Optional<ExitStatus> peek(long child) {
        return waitFor(child, WEXITED | WNOHANG | WNOWAIT);
    }

    @Override
    public OptionalLong anyEnded() {
        NativeMemory info = cleared();
        while (true) {
            int rc = libc.waitid(P_ALL, 0, info, WEXITED | WNOHANG | WNOWAIT);
            if (rc == 0) {
                int pid = info.getInt(Siginfo.SI_PID);
                return pid == 0 ? OptionalLong.empty() : OptionalLong.of(pid);
            }
            int errno = NativeFunction.errno();
            if (errno == Errno.ECHILD) {
                return OptionalLong.empty();
            }
            if (errno != Errno.EINTR) {
                throw fail("waitid(P_ALL, WNOWAIT)", errno);
            }
        }
    }

    private Optional<ExitStatus> waitFor(long child, int options) {
        if (child <= 0) {
            throw new IllegalArgumentException("pid must be > 0: jinit never waits on any child, but was " + child);
        }
        NativeMemory info = cleared();
        while (true) {
            int rc = libc.waitid(P_PID, (int) child, info, options);
            if (rc == 0) {
                // With WNOHANG and nothing to report, waitid returns 0 and leaves si_pid 0 (we zeroed it).
                if (info.getInt(Siginfo.SI_PID) == 0) {
                    return Optional.empty();
                }
                return Optional.of(ExitStatus.fromSiginfo(info.getInt(Siginfo.SI_CODE), info.getInt(Siginfo.SI_STATUS)));
            }
            int errno = NativeFunction.errno();
            if (errno != Errno.EINTR) {
                throw fail("waitid(P_PID, " + child + ")", errno);
            }
        }
    }

    @Override
    public void setChildSubreaper(boolean on) {
        prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0, "prctl(PR_SET_CHILD_SUBREAPER, " + (on ? 1 : 0) + ")");
    }

    @Override
    public boolean isChildSubreaper() {
        NativeMemory out = NativeMemory.allocate(8);
        int rc = libc.prctl(PR_GET_CHILD_SUBREAPER, out.address(), 0, 0, 0);
        if (rc != 0) {
            throw fail("prctl(PR_GET_CHILD_SUBREAPER)", NativeFunction.errno());
        }
        return out.getInt(0) != 0; // also keeps out reachable through the call
    }

    @Override
    public void setParentDeathSignal(Signal signal) {
        prctl(PR_SET_PDEATHSIG, signal.number(), "prctl(PR_SET_PDEATHSIG, " + signal + ")");
    }

    @Override
    public void setNoNewPrivileges() {
        prctl(PR_SET_NO_NEW_PRIVS, 1, "prctl(PR_SET_NO_NEW_PRIVS, 1)");
    }

    private void prctl(int option, long arg, String call) {
        if (libc.prctl(option, arg, 0, 0, 0) != 0) {
            throw fail(call, NativeFunction.errno());
        }
    }

    @Override
    public long setsid() {
        int sid = libc.setsid();
        if (sid < 0) {
            throw fail("setsid()", NativeFunction.errno());
        }
        return sid;
    }

    @Override
    public void setProcessGroup(long target, long pgid) {
        if (libc.setpgid((int) target, (int) pgid) != 0) {
            throw fail("setpgid(" + target + ", " + pgid + ")", NativeFunction.errno());
        }
    }

    @Override
    public long processGroup(long target) {
        int pgid = libc.getpgid((int) target);
        if (pgid < 0) {
            throw fail("getpgid(" + target + ")", NativeFunction.errno());
        }
        return pgid;
    }

    @Override
    public void closeOnExecFrom(int fromFd) {
        if (libc.close_range(fromFd, -1, CLOSE_RANGE_CLOEXEC) != 0) {
            throw fail("close_range(" + fromFd + ", ~0, CLOSE_RANGE_CLOEXEC)", NativeFunction.errno());
        }
    }

    @Override
    public boolean isTerminal(int fd) {
        return libc.isatty(fd) == 1;
    }

    /** This thread's siginfo_t with si_pid zeroed: waitid with WNOHANG leaves it so when nothing has ended. */
    private NativeMemory cleared() {
        NativeMemory info = siginfo.get();
        info.putInt(Siginfo.SI_PID, 0);
        return info;
    }

    NativeException fail(String call, int errno) {
        return new NativeException(call, errno, libc.strerror(errno));
    }
}
