package dev.jinit.core.internal;

import dev.jinit.core.Child;
import dev.jinit.core.ChildTable;
import dev.jinit.core.CommandResolver;
import dev.jinit.core.Errno;
import dev.jinit.core.NativeException;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnException;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Spawner} over glibc's {@code posix_spawn}. Internal: obtain it from {@link dev.jinit.core.Natives}.
 *
 * <p>The child gets an empty signal mask and default dispositions for every signal (a JVM thread blocks SIGQUIT and
 * the JVM may ignore signals; both would otherwise be inherited), fds 0–2 and the named extra fds only
 * ({@code addclosefrom_np} closes the ~20 fds a JVM holds open), its own working directory and environment.
 */
public final class JnrSpawner implements Spawner {
    // glibc's <spawn.h>
    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    // glibc's posix_spawnattr_t is 336 bytes and posix_spawn_file_actions_t 80 on 64-bit Linux; sigset_t 128.
    private static final int ATTR_SIZE = 512;
    private static final int ACTIONS_SIZE = 256;
    private static final int SIGSET_SIZE = 128;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final int O_APPEND = 02000;

    private final LibC libc;
    private final ChildTable table;

    public JnrSpawner(LibC libc, ChildTable table) {
        this.libc = libc;
        this.table = table;
    }

    /** Calls the glibc 2.29/2.34 functions once, so that a too-old glibc fails at load with a clear message. */
    public static void probe(LibC libc) {
        NativeMemory actions = NativeMemory.allocate(ACTIONS_SIZE);
        libc.posix_spawn_file_actions_init(actions);
        try {
            libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);
            libc.posix_spawn_file_actions_addchdir_np(actions, "/");
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
        }
    }

    @Override
    public Child spawn(SpawnSpec spec) {
        Path dir = spec.directory();
        if (!Files.isDirectory(dir)) {
            throw new SpawnException(SpawnException.Reason.OTHER,
                    spec.command().get(0) + ": working directory " + dir + " does not exist", null);
        }
        Path exe = CommandResolver.resolve(spec.command().get(0), spec.environment().get("PATH"), dir);
        NativeMemory argv = NativeMemory.cStrings(spec.command());
        NativeMemory envp = NativeMemory.cStrings(spec.environmentStrings());
        NativeMemory path = NativeMemory.cString(exe.toString());

        NativeMemory attr = NativeMemory.allocate(ATTR_SIZE);
        NativeMemory actions = NativeMemory.allocate(ACTIONS_SIZE);
        NativeMemory sigset = NativeMemory.allocate(SIGSET_SIZE);
        check(libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
        check(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
            check(libc.sigemptyset(sigset), "sigemptyset");
            check(libc.posix_spawnattr_setsigmask(attr, sigset), "posix_spawnattr_setsigmask");
            // Every signal 1-64 back to SIG_DFL. Not sigfillset: glibc leaves its internal signals 32 and 33 out
            // of it, and a JVM started by a parent that ignored them passes that on to every child.
            sigset.putLong(0, -1L);
            check(libc.posix_spawnattr_setsigdefault(attr, sigset), "posix_spawnattr_setsigdefault");
            switch (spec.grouping()) {
                case NEW_PROCESS_GROUP -> {
                    flags |= POSIX_SPAWN_SETPGROUP;
                    check(libc.posix_spawnattr_setpgroup(attr, 0), "posix_spawnattr_setpgroup");
                }
                case NEW_SESSION -> flags |= POSIX_SPAWN_SETSID;
                case INHERIT -> { }
            }
            check(libc.posix_spawnattr_setflags(attr, flags), "posix_spawnattr_setflags");
            addFileActions(actions, spec);

            boolean newGroup = spec.grouping() != SpawnSpec.Grouping.INHERIT;
            return table.register(() -> {
                NativeMemory pid = NativeMemory.allocate(4);
                int rc = libc.posix_spawn(pid, path, actions, attr, argv, envp);
                if (rc != 0) {
                    throw spawnFailure(spec, exe, rc);
                }
                return pid.getInt(0);
            }, newGroup);
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            libc.posix_spawnattr_destroy(attr);
        }
    }

    /**
     * Every source fd is first copied above every fd involved, then onto its target, so that one mapping can never
     * clobber another's source; then files are opened; then everything above the highest target is closed.
     */
    private void addFileActions(NativeMemory actions, SpawnSpec spec) {
        check(libc.posix_spawn_file_actions_addchdir_np(actions, spec.directory().toString()),
                "posix_spawn_file_actions_addchdir_np(" + spec.directory() + ")");
        List<int[]> dups = new ArrayList<>(); // {source, target}
        List<Object[]> opens = new ArrayList<>(); // {target, Redirect.File}
        Redirect[] stdio = {spec.stdin(), spec.stdout(), spec.stderr()};
        for (int fd = 0; fd < 3; fd++) {
            if (stdio[fd] instanceof Redirect.Fd f) {
                dups.add(new int[] {f.fd(), fd});
            } else if (stdio[fd] instanceof Redirect.File file) {
                opens.add(new Object[] {fd, file});
            }
        }
        spec.extraFds().forEach((target, source) -> dups.add(new int[] {source, target}));
        int maxTarget = 2;
        int highest = 2;
        for (int[] d : dups) {
            maxTarget = Math.max(maxTarget, d[1]);
            highest = Math.max(highest, Math.max(d[0], d[1]));
        }
        int temp = highest + 1;
        for (int i = 0; i < dups.size(); i++) {
            check(libc.posix_spawn_file_actions_adddup2(actions, dups.get(i)[0], temp + i), "posix_spawn_file_actions_adddup2");
        }
        for (int i = 0; i < dups.size(); i++) {
            check(libc.posix_spawn_file_actions_adddup2(actions, temp + i, dups.get(i)[1]), "posix_spawn_file_actions_adddup2");
        }
        for (Object[] o : opens) {
            int fd = (Integer) o[0];
            Redirect.File file = (Redirect.File) o[1];
            int oflag = fd == 0 ? O_RDONLY : O_WRONLY | O_CREAT | (file.append() ? O_APPEND : O_TRUNC);
            check(libc.posix_spawn_file_actions_addopen(actions, fd, file.path().toAbsolutePath().toString(), oflag, 0644),
                    "posix_spawn_file_actions_addopen(" + file.path() + ")");
        }
        for (int fd = 3; fd < maxTarget; fd++) {
            if (!spec.extraFds().containsKey(fd)) {
                check(libc.posix_spawn_file_actions_addclose(actions, fd), "posix_spawn_file_actions_addclose");
            }
        }
        check(libc.posix_spawn_file_actions_addclosefrom_np(actions, maxTarget + 1), "posix_spawn_file_actions_addclosefrom_np");
    }

    private SpawnException spawnFailure(SpawnSpec spec, Path exe, int errno) {
        NativeException cause = new NativeException("posix_spawn(" + exe + ")", errno, libc.strerror(errno));
        SpawnException.Reason reason = switch (errno) {
            case Errno.ENOENT -> SpawnException.Reason.NOT_FOUND;
            case Errno.EACCES, Errno.ENOEXEC, Errno.EPERM -> SpawnException.Reason.NOT_EXECUTABLE;
            default -> SpawnException.Reason.OTHER;
        };
        String why = switch (errno) {
            case Errno.ENOEXEC -> "exec format error (a script needs a #! line)";
            case Errno.ENOENT -> "not found (or its #! interpreter is missing)";
            default -> libc.strerror(errno);
        };
        return new SpawnException(reason, spec.command().get(0) + ": " + why, cause);
    }

    private void check(int rc, String call) {
        if (rc != 0) {
            throw new NativeException(call, rc, libc.strerror(rc));
        }
    }
}
