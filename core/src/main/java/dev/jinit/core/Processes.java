package dev.jinit.core;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Process control through libc: signals, reaping one pid, process groups and the {@code prctl} flags an init needs.
 *
 * <p>The native implementation comes from {@link Natives#load()}; tests of pure logic use a fake from core's test-jar.
 * Implementations are thread-safe.
 */
public interface Processes {

    /** This process's pid. */
    long pid();

    /**
     * Sends {@code signal} to {@code pid}.
     *
     * @return false when no such process exists any more (ESRCH, an expected race)
     * @throws NativeException for any other failure
     */
    boolean signal(long pid, Signal signal);

    /**
     * Whether {@code pid} exists (a zombie counts): {@code kill(pid, 0)}, which sends nothing.
     *
     * @throws NativeException for a failure other than ESRCH (EPERM means it exists: true)
     */
    boolean exists(long pid);

    /**
     * Sends {@code signal} to process group {@code pgid}.
     *
     * @return false when the group is empty (ESRCH)
     */
    boolean signalGroup(long pgid, Signal signal);

    /**
     * {@code kill(-1, signal)}: every process this one may signal, except itself.
     *
     * @throws IllegalStateException unless this process is PID 1 of its PID namespace: anywhere else, and as root,
     *                               it would end every process on the machine
     */
    void signalAllInNamespace(Signal signal);

    /**
     * Reaps {@code pid} if it has ended: {@code waitid(P_PID, pid, WEXITED|WNOHANG)}. Never waits on any other pid.
     *
     * @return its exit status, or empty while it runs
     * @throws NativeException with {@link Errno#ECHILD} when {@code pid} is not (or no longer) a child
     */
    Optional<ExitStatus> reap(long pid);

    /**
     * Like {@link #reap} but leaves the child a zombie ({@code WNOWAIT}), so a later reap still gets its status.
     */
    Optional<ExitStatus> peek(long pid);

    /**
     * Names one ended child of this process, of any of its threads, without reaping it:
     * {@code waitid(P_ALL, 0, WEXITED|WNOHANG|WNOWAIT)}. The status stays for whoever reaps that pid (the JDK, the
     * {@link ChildTable}, the reaper), so this steals nothing. Which ended child is named is the kernel's choice, and
     * the same one is named again until someone reaps it: a caller that will not reap it must fall back to
     * {@link #peek}/{@link #reap} by pid.
     *
     * @return the pid of an ended child, or empty when no child has ended (or there are no children)
     */
    OptionalLong anyEnded();

    /** {@code prctl(PR_SET_CHILD_SUBREAPER)}: orphaned descendants are re-parented to this process. */
    void setChildSubreaper(boolean on);

    /** {@code prctl(PR_GET_CHILD_SUBREAPER)}. */
    boolean isChildSubreaper();

    /** {@code prctl(PR_SET_PDEATHSIG)}: the signal this process gets when its parent thread dies. */
    void setParentDeathSignal(Signal signal);

    /** {@code prctl(PR_SET_NO_NEW_PRIVS, 1)}: this process and its children can never gain privileges. */
    void setNoNewPrivileges();

    /** {@code setsid()}: makes this process a session and group leader, returns the new session id. */
    long setsid();

    /** {@code setpgid(pid, pgid)}. */
    void setProcessGroup(long pid, long pgid);

    /** {@code getpgid(pid)}. */
    long processGroup(long pid);

    /**
     * Marks every fd from {@code fromFd} up close-on-exec ({@code close_range(fromFd, ~0, CLOSE_RANGE_CLOEXEC)}),
     * so nothing of the JVM's leaks into a program this process execs.
     */
    void closeOnExecFrom(int fromFd);

    /** Whether fd is a terminal. */
    boolean isTerminal(int fd);
}
