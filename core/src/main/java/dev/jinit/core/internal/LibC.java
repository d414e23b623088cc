package dev.jinit.core.internal;

import static com.kenai.jffi.Type.POINTER;
import static com.kenai.jffi.Type.SINT;
import static com.kenai.jffi.Type.SLONG;
import static com.kenai.jffi.Type.SSHORT;
import static dev.jinit.core.internal.NativeFunction.address;

import java.lang.ref.Reference;

/**
 * The libc functions jinit calls for processes, spawning, credentials and signals, bound through jffi by
 * {@link #load()}, all at once, so that a missing function fails at start-up and not at its first use. Each method
 * has the C function's name and parameters; a pointer parameter is a {@link NativeMemory} (null for NULL), a
 * {@code const char *} a {@link String}. Functions that report errors through errno save it for
 * {@link NativeFunction#errno()}. This is an internal class: nothing outside {@code dev.jinit.core} should use it.
 *
 * <p>jnr-posix is not used: it leaves posix_spawn's signal-mask and signal-default attributes unimplemented and
 * quietly falls back to a pure-Java emulation when its natives do not load.
 */
public final class LibC {
    // --- processes
    private final NativeFunction getpid = NativeFunction.libc("getpid", SINT);
    private final NativeFunction kill = NativeFunction.libc("kill", SINT, SINT, SINT);
    private final NativeFunction killpg = NativeFunction.libc("killpg", SINT, SINT, SINT);
    private final NativeFunction waitid = NativeFunction.libc("waitid", SINT, SINT, SINT, POINTER, SINT);
    private final NativeFunction setsid = NativeFunction.libc("setsid", SINT);
    private final NativeFunction setpgid = NativeFunction.libc("setpgid", SINT, SINT, SINT);
    private final NativeFunction getpgid = NativeFunction.libc("getpgid", SINT, SINT);
    private final NativeFunction prctl = NativeFunction.libcVariadic("prctl", 1, SINT, SINT, SLONG, SLONG, SLONG, SLONG);
    private final NativeFunction closeRange = NativeFunction.libc("close_range", SINT, SINT, SINT, SINT);
    private final NativeFunction execve = NativeFunction.libc("execve", SINT, POINTER, POINTER, POINTER);
    // --- posix_spawn (returns an error number, does not set errno)
    private final NativeFunction posixSpawn =
            NativeFunction.libc("posix_spawn", SINT, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER);
    private final NativeFunction attrInit = NativeFunction.libc("posix_spawnattr_init", SINT, POINTER);
    private final NativeFunction attrDestroy = NativeFunction.libc("posix_spawnattr_destroy", SINT, POINTER);
    private final NativeFunction attrSetflags = NativeFunction.libc("posix_spawnattr_setflags", SINT, POINTER, SSHORT);
    private final NativeFunction attrSetsigmask =
            NativeFunction.libc("posix_spawnattr_setsigmask", SINT, POINTER, POINTER);
    private final NativeFunction attrSetsigdefault =
            NativeFunction.libc("posix_spawnattr_setsigdefault", SINT, POINTER, POINTER);
    private final NativeFunction attrSetpgroup = NativeFunction.libc("posix_spawnattr_setpgroup", SINT, POINTER, SINT);
    private final NativeFunction actionsInit = NativeFunction.libc("posix_spawn_file_actions_init", SINT, POINTER);
    private final NativeFunction actionsDestroy = NativeFunction.libc("posix_spawn_file_actions_destroy", SINT, POINTER);
    private final NativeFunction actionsAdddup2 =
            NativeFunction.libc("posix_spawn_file_actions_adddup2", SINT, POINTER, SINT, SINT);
    private final NativeFunction actionsAddopen =
            NativeFunction.libc("posix_spawn_file_actions_addopen", SINT, POINTER, SINT, POINTER, SINT, SINT);
    private final NativeFunction actionsAddclose =
            NativeFunction.libc("posix_spawn_file_actions_addclose", SINT, POINTER, SINT);
    /** glibc 2.34+. */
    private final NativeFunction actionsAddclosefrom =
            NativeFunction.libc("posix_spawn_file_actions_addclosefrom_np", SINT, POINTER, SINT);
    /** glibc 2.29+. */
    private final NativeFunction actionsAddchdir =
            NativeFunction.libc("posix_spawn_file_actions_addchdir_np", SINT, POINTER, POINTER);
    private final NativeFunction sigemptyset = NativeFunction.libc("sigemptyset", SINT, POINTER);
    private final NativeFunction sigfillset = NativeFunction.libc("sigfillset", SINT, POINTER);
    // --- users and credentials
    private final NativeFunction setgroups = NativeFunction.libc("setgroups", SINT, SLONG, POINTER);
    private final NativeFunction getgroups = NativeFunction.libc("getgroups", SINT, SINT, POINTER);
    private final NativeFunction setresgid = NativeFunction.libc("setresgid", SINT, SINT, SINT, SINT);
    private final NativeFunction setresuid = NativeFunction.libc("setresuid", SINT, SINT, SINT, SINT);
    private final NativeFunction getresuid = NativeFunction.libc("getresuid", SINT, POINTER, POINTER, POINTER);
    private final NativeFunction getresgid = NativeFunction.libc("getresgid", SINT, POINTER, POINTER, POINTER);
    private final NativeFunction getpwnamR =
            NativeFunction.libc("getpwnam_r", SINT, POINTER, POINTER, POINTER, SLONG, POINTER);
    private final NativeFunction getpwuidR = NativeFunction.libc("getpwuid_r", SINT, SINT, POINTER, POINTER, SLONG, POINTER);
    private final NativeFunction getgrnamR =
            NativeFunction.libc("getgrnam_r", SINT, POINTER, POINTER, POINTER, SLONG, POINTER);
    private final NativeFunction getgrgidR = NativeFunction.libc("getgrgid_r", SINT, SINT, POINTER, POINTER, SLONG, POINTER);
    private final NativeFunction getgrouplist =
            NativeFunction.libc("getgrouplist", SINT, POINTER, SINT, POINTER, POINTER);
    // --- signals of the calling thread, raw syscalls
    private final NativeFunction pthreadSigmask = NativeFunction.libc("pthread_sigmask", SINT, SINT, POINTER, POINTER);
    private final NativeFunction syscall =
            NativeFunction.libcVariadic("syscall", 1, SLONG, SLONG, SLONG, SLONG, SLONG, SLONG);
    // --- misc
    private final NativeFunction isatty = NativeFunction.libc("isatty", SINT, SINT);
    private final NativeFunction strerror = NativeFunction.libc("strerror", POINTER, SINT);
    // --- the signalfd backend of SignalRegistry (JnrSignalFd)
    private final NativeFunction signalfd = NativeFunction.libc("signalfd", SINT, SINT, POINTER, SINT);
    private final NativeFunction eventfd = NativeFunction.libc("eventfd", SINT, SINT, SINT);
    private final NativeFunction poll = NativeFunction.libc("poll", SINT, POINTER, SLONG, SINT);
    private final NativeFunction read = NativeFunction.libc("read", SLONG, SINT, POINTER, SLONG);
    private final NativeFunction write = NativeFunction.libc("write", SLONG, SINT, POINTER, SLONG);
    private final NativeFunction close = NativeFunction.libc("close", SINT, SINT);
    // --- FIFOs, locks, pipes (JnrDescriptors)
    private final NativeFunction open = NativeFunction.libcVariadic("open", 2, SINT, POINTER, SINT, SINT);
    private final NativeFunction mkfifo = NativeFunction.libc("mkfifo", SINT, POINTER, SINT);
    private final NativeFunction flock = NativeFunction.libc("flock", SINT, SINT, SINT);
    private final NativeFunction pipe2 = NativeFunction.libc("pipe2", SINT, POINTER, SINT);
    private final NativeFunction inotifyInit1 = NativeFunction.libc("inotify_init1", SINT, SINT);
    private final NativeFunction inotifyAddWatch = NativeFunction.libc("inotify_add_watch", SINT, SINT, POINTER, SINT);
    // --- scheduling of the calling thread (ThreadIdentity)
    private final NativeFunction getpriority = NativeFunction.libc("getpriority", SINT, SINT, SINT);
    private final NativeFunction setpriority = NativeFunction.libc("setpriority", SINT, SINT, SINT, SINT);
    private final NativeFunction schedGetaffinity =
            NativeFunction.libc("sched_getaffinity", SINT, SINT, SLONG, POINTER);
    private final NativeFunction schedSetaffinity =
            NativeFunction.libc("sched_setaffinity", SINT, SINT, SLONG, POINTER);

    private LibC() {
    }

    /**
     * Binds every function.
     *
     * @throws IllegalStateException naming the function libc lacks (glibc older than 2.34)
     * @throws LinkageError          when jffi's native stub cannot be loaded
     */
    public static LibC load() {
        return new LibC();
    }

    public int getpid() {
        return (int) getpid.call();
    }

    public int kill(int pid, int sig) {
        return (int) kill.call(pid, sig);
    }

    public int killpg(int pgrp, int sig) {
        return (int) killpg.call(pgrp, sig);
    }

    public int waitid(int idtype, int id, NativeMemory siginfo, int options) {
        try {
            return (int) waitid.call(idtype, id, address(siginfo), options);
        } finally {
            Reference.reachabilityFence(siginfo);
        }
    }

    public int setsid() {
        return (int) setsid.call();
    }

    public int setpgid(int pid, int pgid) {
        return (int) setpgid.call(pid, pgid);
    }

    public int getpgid(int pid) {
        return (int) getpgid.call(pid);
    }

    public int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
        return (int) prctl.call(option, arg2, arg3, arg4, arg5);
    }

    public int close_range(int first, int last, int flags) {
        return (int) closeRange.call(first, last, flags);
    }

    /** Returns only when it fails. */
    public int execve(NativeMemory path, NativeMemory argv, NativeMemory envp) {
        try {
            return (int) execve.call(address(path), address(argv), address(envp));
        } finally {
            Reference.reachabilityFence(path);
            Reference.reachabilityFence(argv);
            Reference.reachabilityFence(envp);
        }
    }

    /** {@code pid}: 4 bytes for the child's pid. Returns an error number. */
    public int posix_spawn(NativeMemory pid, NativeMemory path, NativeMemory fileActions, NativeMemory attr,
                           NativeMemory argv, NativeMemory envp) {
        try {
            return (int) posixSpawn.call(address(pid), address(path), address(fileActions), address(attr),
                    address(argv), address(envp));
        } finally {
            Reference.reachabilityFence(pid);
            Reference.reachabilityFence(path);
            Reference.reachabilityFence(fileActions);
            Reference.reachabilityFence(attr);
            Reference.reachabilityFence(argv);
            Reference.reachabilityFence(envp);
        }
    }

    public int posix_spawnattr_init(NativeMemory attr) {
        return onMemory(attrInit, attr);
    }

    public int posix_spawnattr_destroy(NativeMemory attr) {
        return onMemory(attrDestroy, attr);
    }

    public int posix_spawnattr_setflags(NativeMemory attr, short flags) {
        try {
            return (int) attrSetflags.call(address(attr), flags);
        } finally {
            Reference.reachabilityFence(attr);
        }
    }

    public int posix_spawnattr_setsigmask(NativeMemory attr, NativeMemory sigset) {
        return onMemory(attrSetsigmask, attr, sigset);
    }

    public int posix_spawnattr_setsigdefault(NativeMemory attr, NativeMemory sigset) {
        return onMemory(attrSetsigdefault, attr, sigset);
    }

    public int posix_spawnattr_setpgroup(NativeMemory attr, int pgroup) {
        return onMemory(attrSetpgroup, attr, pgroup);
    }

    public int posix_spawn_file_actions_init(NativeMemory actions) {
        return onMemory(actionsInit, actions);
    }

    public int posix_spawn_file_actions_destroy(NativeMemory actions) {
        return onMemory(actionsDestroy, actions);
    }

    public int posix_spawn_file_actions_adddup2(NativeMemory actions, int fd, int newfd) {
        try {
            return (int) actionsAdddup2.call(address(actions), fd, newfd);
        } finally {
            Reference.reachabilityFence(actions);
        }
    }

    public int posix_spawn_file_actions_addopen(NativeMemory actions, int fd, String path, int oflag, int mode) {
        NativeMemory p = NativeMemory.cString(path); // glibc copies the path
        try {
            return (int) actionsAddopen.call(address(actions), fd, p.address(), oflag, mode);
        } finally {
            Reference.reachabilityFence(actions);
            Reference.reachabilityFence(p);
        }
    }

    public int posix_spawn_file_actions_addclose(NativeMemory actions, int fd) {
        return onMemory(actionsAddclose, actions, fd);
    }

    public int posix_spawn_file_actions_addclosefrom_np(NativeMemory actions, int from) {
        return onMemory(actionsAddclosefrom, actions, from);
    }

    public int posix_spawn_file_actions_addchdir_np(NativeMemory actions, String path) {
        return onMemory(actionsAddchdir, actions, NativeMemory.cString(path)); // glibc copies the path
    }

    public int sigemptyset(NativeMemory set) {
        return onMemory(sigemptyset, set);
    }

    public int sigfillset(NativeMemory set) {
        return onMemory(sigfillset, set);
    }

    /** {@code list}: {@code size} gid_t (4 bytes each). */
    public int setgroups(long size, NativeMemory list) {
        try {
            return (int) setgroups.call(size, address(list));
        } finally {
            Reference.reachabilityFence(list);
        }
    }

    /** {@code list}: room for {@code size} gid_t, or null with {@code size} 0 (then it returns the count). */
    public int getgroups(int size, NativeMemory list) {
        try {
            return (int) getgroups.call(size, address(list));
        } finally {
            Reference.reachabilityFence(list);
        }
    }

    public int setresgid(int rgid, int egid, int sgid) {
        return (int) setresgid.call(rgid, egid, sgid);
    }

    public int setresuid(int ruid, int euid, int suid) {
        return (int) setresuid.call(ruid, euid, suid);
    }

    /** {@code ids}: 12 bytes, real, effective and saved uid in that order. */
    public int getresuid(NativeMemory ids) {
        return three(getresuid, ids);
    }

    /** {@code ids}: 12 bytes, real, effective and saved gid in that order. */
    public int getresgid(NativeMemory ids) {
        return three(getresgid, ids);
    }

    private static int three(NativeFunction f, NativeMemory ids) {
        ids.requireRoom(12, "ids, bytes");
        try {
            return (int) f.call(ids.address(), ids.address() + 4, ids.address() + 8);
        } finally {
            Reference.reachabilityFence(ids);
        }
    }

    /** Reentrant lookups: return an error number; {@code *result} is NULL when there is no such entry. */
    public int getpwnam_r(String name, NativeMemory pwd, NativeMemory buf, long buflen, NativeMemory result) {
        NativeMemory n = NativeMemory.cString(name);
        try {
            return lookup(getpwnamR, n.address(), pwd, buf, buflen, result);
        } finally {
            Reference.reachabilityFence(n);
        }
    }

    public int getpwuid_r(int uid, NativeMemory pwd, NativeMemory buf, long buflen, NativeMemory result) {
        return lookup(getpwuidR, uid, pwd, buf, buflen, result);
    }

    public int getgrnam_r(String name, NativeMemory grp, NativeMemory buf, long buflen, NativeMemory result) {
        NativeMemory n = NativeMemory.cString(name);
        try {
            return lookup(getgrnamR, n.address(), grp, buf, buflen, result);
        } finally {
            Reference.reachabilityFence(n);
        }
    }

    public int getgrgid_r(int gid, NativeMemory grp, NativeMemory buf, long buflen, NativeMemory result) {
        return lookup(getgrgidR, gid, grp, buf, buflen, result);
    }

    private static int lookup(NativeFunction f, long key, NativeMemory struct, NativeMemory buf, long buflen,
                              NativeMemory result) {
        buf.requireRoom(buflen, "buflen");
        try {
            return (int) f.call(key, struct.address(), buf.address(), buflen, result.address());
        } finally {
            Reference.reachabilityFence(struct);
            Reference.reachabilityFence(buf);
            Reference.reachabilityFence(result);
        }
    }

    /**
     * The groups {@code initgroups(user, group)} would set, into {@code groups} (room for {@code *ngroups} gid_t);
     * -1 when {@code *ngroups} (an int) is too small, then updated.
     */
    public int getgrouplist(String user, int group, NativeMemory groups, NativeMemory ngroups) {
        NativeMemory u = NativeMemory.cString(user);
        try {
            return (int) getgrouplist.call(u.address(), group, groups.address(), ngroups.address());
        } finally {
            Reference.reachabilityFence(u);
            Reference.reachabilityFence(groups);
            Reference.reachabilityFence(ngroups);
        }
    }

    /** Returns an error number, does not set errno. Changes the calling thread's mask only. */
    public int pthread_sigmask(int how, NativeMemory set, NativeMemory oldset) {
        return onMemory(pthreadSigmask, how, set, oldset);
    }

    /**
     * {@code long syscall(long number, ...)}: for calls glibc refuses, such as {@code rt_sigaction} on its internal
     * signals 32 and 33, or that must change the calling thread only. Pointer arguments are addresses: the caller
     * keeps their memory reachable.
     */
    public long syscall(long number, long arg1, long arg2, long arg3, long arg4) {
        return syscall.call(number, arg1, arg2, arg3, arg4, 0);
    }

    public int isatty(int fd) {
        return (int) isatty.call(fd);
    }

    /** The message of error number {@code errnum}. */
    public String strerror(int errnum) {
        return NativeMemory.string(strerror.call(errnum));
    }

    /** {@code signalfd(fd, mask, flags)}: a descriptor that reads the signals in {@code mask}. */
    public int signalfd(int fd, NativeMemory mask, int flags) {
        try {
            return (int) signalfd.call(fd, address(mask), flags);
        } finally {
            Reference.reachabilityFence(mask);
        }
    }

    public int eventfd(int initval, int flags) {
        return (int) eventfd.call(initval, flags);
    }

    /** {@code fds}: {@code nfds} struct pollfd (8 bytes each). */
    public int poll(NativeMemory fds, long nfds, int timeout) {
        fds.requireRoom(nfds * 8, "nfds * sizeof(struct pollfd)");
        try {
            return (int) poll.call(fds.address(), nfds, timeout);
        } finally {
            Reference.reachabilityFence(fds);
        }
    }

    public long read(int fd, NativeMemory buf, long count) {
        buf.requireRoom(count, "count");
        try {
            return read.call(fd, buf.address(), count);
        } finally {
            Reference.reachabilityFence(buf);
        }
    }

    public long write(int fd, NativeMemory buf, long count) {
        buf.requireRoom(count, "count");
        try {
            return write.call(fd, buf.address(), count);
        } finally {
            Reference.reachabilityFence(buf);
        }
    }

    public int close(int fd) {
        return (int) close.call(fd);
    }

    public int open(String path, int flags, int mode) {
        NativeMemory p = NativeMemory.cString(path);
        try {
            return (int) open.call(p.address(), flags, mode);
        } finally {
            Reference.reachabilityFence(p);
        }
    }

    public int mkfifo(String path, int mode) {
        NativeMemory p = NativeMemory.cString(path);
        try {
            return (int) mkfifo.call(p.address(), mode);
        } finally {
            Reference.reachabilityFence(p);
        }
    }

    public int flock(int fd, int operation) {
        return (int) flock.call(fd, operation);
    }

    /** {@code fds}: 8 bytes, for the two descriptors. */
    public int pipe2(NativeMemory fds, int flags) {
        fds.requireRoom(8, "fds, bytes");
        return onMemory(pipe2, fds, flags);
    }

    public int inotify_init1(int flags) {
        return (int) inotifyInit1.call(flags);
    }

    public int inotify_add_watch(int fd, String path, int mask) {
        NativeMemory p = NativeMemory.cString(path);
        try {
            return (int) inotifyAddWatch.call(fd, p.address(), mask);
        } finally {
            Reference.reachabilityFence(p);
        }
    }

    /** {@code getpriority(which, who)}: -1 is a valid nice value, so clear errno before and check it after. */
    public int getpriority(int which, int who) {
        return (int) getpriority.call(which, who);
    }

    public int setpriority(int which, int who, int prio) {
        return (int) setpriority.call(which, who, prio);
    }

    /** {@code pid} 0: the calling thread. */
    public int sched_getaffinity(int pid, long size, NativeMemory mask) {
        return affinity(schedGetaffinity, pid, size, mask);
    }

    public int sched_setaffinity(int pid, long size, NativeMemory mask) {
        return affinity(schedSetaffinity, pid, size, mask);
    }

    private static int affinity(NativeFunction f, int pid, long size, NativeMemory mask) {
        mask.requireRoom(size, "size");
        try {
            return (int) f.call(pid, size, mask.address());
        } finally {
            Reference.reachabilityFence(mask);
        }
    }

    private static int onMemory(NativeFunction f, NativeMemory m) {
        try {
            return (int) f.call(address(m));
        } finally {
            Reference.reachabilityFence(m);
        }
    }

    private static int onMemory(NativeFunction f, NativeMemory m, NativeMemory n) {
        try {
            return (int) f.call(address(m), address(n));
        } finally {
            Reference.reachabilityFence(m);
            Reference.reachabilityFence(n);
        }
    }

    private static int onMemory(NativeFunction f, NativeMemory m, int arg) {
        try {
            return (int) f.call(address(m), arg);
        } finally {
            Reference.reachabilityFence(m);
        }
    }

    private static int onMemory(NativeFunction f, int arg, NativeMemory m, NativeMemory n) {
        try {
            return (int) f.call(arg, address(m), address(n));
        } finally {
            Reference.reachabilityFence(m);
            Reference.reachabilityFence(n);
        }
    }
}
