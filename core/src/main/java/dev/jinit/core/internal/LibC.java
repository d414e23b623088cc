package dev.jinit.core.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.annotations.Variadic;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * The libc functions jinit binds with JNR-FFI. This is an internal interface: it must be public only because
 * JNR-FFI generates its implementation. Nothing outside {@code dev.jinit.core} should use it.
 *
 * <p>jnr-posix is not used for these calls: it leaves posix_spawn's signal-mask and signal-default attributes
 * unimplemented and quietly falls back to a pure-Java emulation when its natives do not load.
 */
public interface LibC {
    // --- processes --------------------------------------------------------------------------------------
    int getpid();

    @SaveError int kill(int pid, int sig);

    @SaveError int killpg(int pgrp, int sig);

    @SaveError int waitid(int idtype, int id, @Out Pointer siginfo, int options);

    @SaveError int setsid();

    @SaveError int setpgid(int pid, int pgid);

    @SaveError int getpgid(int pid);

    @SaveError int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    @SaveError int close_range(int first, int last, int flags);

    @SaveError int execve(@In String path, @In String[] argv, @In String[] envp);

    // --- posix_spawn (returns an error number, does not set errno) ----------------------------------------
    int posix_spawn(@Out IntByReference pid, @In String path, Pointer fileActions, Pointer attr,
                    @In String[] argv, @In String[] envp);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int posix_spawnattr_setpgroup(Pointer attr, int pgroup);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, @In String path, int oflag, int mode);

    int posix_spawn_file_actions_addclose(Pointer actions, int fd);

    /** glibc 2.34+. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    /** glibc 2.29+. */
    int posix_spawn_file_actions_addchdir_np(Pointer actions, @In String path);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    // --- users and credentials ----------------------------------------------------------------------------
    @SaveError Pointer getpwnam(@In String name);

    @SaveError Pointer getpwuid(int uid);

    @SaveError Pointer getgrnam(@In String name);

    @SaveError Pointer getgrgid(int gid);

    @SaveError int initgroups(@In String user, int group);

    @SaveError int setgroups(long size, @In int[] list);

    @SaveError int getgroups(int size, @Out int[] list);

    @SaveError int setresgid(int rgid, int egid, int sgid);

    @SaveError int setresuid(int ruid, int euid, int suid);

    @SaveError int getresuid(@Out int[] ruid, @Out int[] euid, @Out int[] suid);

    @SaveError int getresgid(@Out int[] rgid, @Out int[] egid, @Out int[] sgid);

    /** Reentrant lookups (return an error number; {@code *result} is NULL when there is no such entry). */
    int getpwnam_r(@In String name, Pointer pwd, Pointer buf, long buflen, PointerByReference result);

    int getpwuid_r(int uid, Pointer pwd, Pointer buf, long buflen, PointerByReference result);

    int getgrnam_r(@In String name, Pointer grp, Pointer buf, long buflen, PointerByReference result);

    int getgrgid_r(int gid, Pointer grp, Pointer buf, long buflen, PointerByReference result);

    /** The groups {@code initgroups(user, group)} would set; -1 when {@code *ngroups} is too small (then updated). */
    int getgrouplist(@In String user, int group, @Out int[] groups, IntByReference ngroups);

    // --- signals of the calling thread (exec in place) -----------------------------------------------------
    /** Returns an error number, does not set errno. Changes the calling thread's mask only. */
    int pthread_sigmask(int how, Pointer set, Pointer oldset);

    /**
     * {@code long syscall(long number, ...)}: for calls glibc refuses, such as {@code rt_sigaction} on its internal
     * signals 32 and 33.
     */
    @SaveError
    @Variadic(fixedCount = 1)
    long syscall(long number, long arg1, long arg2, long arg3, long arg4);

    // --- misc ---------------------------------------------------------------------------------------------
    int isatty(int fd);

    String strerror(int errnum);

    // --- signalfd backend of SignalRegistry (JnrSignalFd) ------------------------------------------------
    /** {@code signalfd(-1, mask, flags)}: a descriptor that reads the signals in {@code mask} (blocked by every thread). */
    @SaveError int signalfd(int fd, Pointer mask, int flags);

    /** {@code eventfd(initval, flags)}: the owner thread's wake-up descriptor. */
    @SaveError int eventfd(int initval, int flags);

    @SaveError int poll(Pointer fds, long nfds, int timeout);

    @SaveError long read(int fd, @Out byte[] buf, long count);

    @SaveError long write(int fd, @In byte[] buf, long count);

    @SaveError int close(int fd);

    // --- scheduling of the calling thread (ThreadIdentity: a spawn thread resets what a user may have changed) ---
    /** {@code getpriority(PRIO_PROCESS, 0)}: the calling thread's nice value (-1 is valid: check errno). */
    @SaveError int getpriority(int which, int who);

    @SaveError int setpriority(int which, int who, int prio);

    /** {@code pid} 0: the calling thread. */
    @SaveError int sched_getaffinity(int pid, long size, Pointer mask);

    @SaveError int sched_setaffinity(int pid, long size, Pointer mask);
}
