package dev.jinit.core.internal;

import dev.jinit.core.Credentials;
import dev.jinit.core.Errno;
import dev.jinit.core.NativeException;
import dev.jinit.core.ThreadCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;

/**
 * {@link Credentials} over glibc. Internal: obtain it from {@link dev.jinit.core.Natives}.
 *
 * <p>Lookups use the reentrant {@code get*_r} functions (the JDK and other libraries may call the plain ones from
 * other threads), growing the buffer on ERANGE. The setters are glibc's, never raw syscalls: glibc's setxid
 * broadcast is what makes every JVM thread change.
 */
public final class JnrCredentials implements Credentials {
    private static final int MAX_BUFFER = 1 << 20;
    private static final Path TASKS = Path.of("/proc/self/task");

    private final LibC libc;
    private final Runtime runtime;
    private final int a; // address size: struct offsets below are for LP64 and ILP32 alike

    public JnrCredentials(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
        this.a = runtime.addressSize();
    }

    /** A {@code get*_r} call, given its struct and buffer. */
    private interface Lookup {
        int call(Pointer struct, Pointer buf, long len, PointerByReference result);
    }

    /** Runs a {@code get*_r} lookup and reads the entry; empty when there is no such entry. */
    private <T> Optional<T> lookup(String call, Lookup lookup, Function<Pointer, T> read) {
        for (int len = 1024; ; len *= 2) {
            Pointer struct = Memory.allocateDirect(runtime, 8 * a, true);
            Pointer buf = Memory.allocateDirect(runtime, len, true);
            PointerByReference result = new PointerByReference();
            int rc = lookup.call(struct, buf, len, result);
            if (rc == Errno.ERANGE && len < MAX_BUFFER) {
                continue;
            }
            try {
                // Man page: 0 with a NULL result, or ENOENT, ESRCH, EBADF or EPERM, all mean "not found".
                if (rc == 0) {
                    Pointer found = result.getValue();
                    return found == null || found.address() == 0 ? Optional.empty() : Optional.of(read.apply(struct));
                }
                if (rc == Errno.ENOENT || rc == Errno.ESRCH || rc == Errno.EBADF || rc == Errno.EPERM) {
                    return Optional.empty();
                }
                throw new NativeException(call, rc, libc.strerror(rc));
            } finally {
                Reference.reachabilityFence(buf); // the entry's strings live in buf, freed when it is collected
            }
        }
    }

    @Override
    public Optional<User> userByName(String name) {
        return lookup("getpwnam_r(" + name + ")", (s, b, l, r) -> libc.getpwnam_r(name, s, b, l, r), this::user);
    }

    @Override
    public Optional<User> userById(int uid) {
        return lookup("getpwuid_r(" + Integer.toUnsignedString(uid) + ")",
                (s, b, l, r) -> libc.getpwuid_r(uid, s, b, l, r), this::user);
    }

    // struct passwd { char *pw_name, *pw_passwd; uid_t pw_uid; gid_t pw_gid; char *pw_gecos, *pw_dir, *pw_shell; }
    private User user(Pointer pw) {
        return new User(string(pw, 0), pw.getInt(2L * a), pw.getInt(2L * a + 4), string(pw, 3L * a + 8),
                string(pw, 4L * a + 8));
    }

    @Override
    public Optional<Group> groupByName(String name) {
        return lookup("getgrnam_r(" + name + ")", (s, b, l, r) -> libc.getgrnam_r(name, s, b, l, r), this::group);
    }

    @Override
    public Optional<Group> groupById(int gid) {
        return lookup("getgrgid_r(" + Integer.toUnsignedString(gid) + ")",
                (s, b, l, r) -> libc.getgrgid_r(gid, s, b, l, r), this::group);
    }

    // struct group { char *gr_name, *gr_passwd; gid_t gr_gid; char **gr_mem; }
    private Group group(Pointer gr) {
        long memOffset = a == 8 ? 24 : 12;
        List<String> members = new ArrayList<>();
        Pointer mem = gr.getPointer(memOffset);
        if (mem != null) {
            for (int i = 0; ; i++) {
                Pointer m = mem.getPointer((long) i * a);
                if (m == null || m.address() == 0) {
                    break;
                }
                members.add(m.getString(0));
            }
        }
        return new Group(string(gr, 0), gr.getInt(2L * a), members);
    }

    private static String string(Pointer struct, long offset) {
        Pointer p = struct.getPointer(offset);
        return p == null || p.address() == 0 ? "" : p.getString(0);
    }

    @Override
    public List<Integer> groupList(String user, int gid) {
        int[] groups = new int[64];
        for (int attempt = 0; attempt < 4; attempt++) {
            IntByReference n = new IntByReference(groups.length);
            int rc = libc.getgrouplist(user, gid, groups, n);
            if (rc >= 0) {
                return boxed(groups, n.intValue());
            }
            groups = new int[Math.max(n.intValue(), groups.length * 2)];
        }
        throw new IllegalStateException("getgrouplist(" + user + ") kept growing; the group database is changing");
    }

    @Override
    public Ids uids() {
        int[] r = new int[1];
        int[] e = new int[1];
        int[] s = new int[1];
        if (libc.getresuid(r, e, s) != 0) {
            throw fail("getresuid()");
        }
        return new Ids(r[0], e[0], s[0]);
    }

    @Override
    public Ids gids() {
        int[] r = new int[1];
        int[] e = new int[1];
        int[] s = new int[1];
        if (libc.getresgid(r, e, s) != 0) {
            throw fail("getresgid()");
        }
        return new Ids(r[0], e[0], s[0]);
    }

    @Override
    public List<Integer> groups() {
        for (int attempt = 0; attempt < 4; attempt++) {
            int n = libc.getgroups(0, null);
            if (n < 0) {
                throw fail("getgroups(0)");
            }
            int[] list = new int[Math.max(n, 1)];
            int got = libc.getgroups(list.length, list);
            if (got >= 0) {
                return boxed(list, got);
            }
            if (runtime.getLastError() != Errno.EINVAL) { // EINVAL: the list grew between the two calls
                throw fail("getgroups(" + list.length + ")");
            }
        }
        throw new IllegalStateException("getgroups kept failing with EINVAL: the groups are changing");
    }

    @Override
    public void setGroups(List<Integer> gids) {
        int[] list = gids.stream().mapToInt(Integer::intValue).toArray();
        if (libc.setgroups(list.length, list) != 0) {
            throw fail("setgroups(" + gids + ")");
        }
    }

    @Override
    public void setGids(int gid) {
        if (libc.setresgid(gid, gid, gid) != 0) {
            String g = Integer.toUnsignedString(gid);
            throw fail("setresgid(" + g + ", " + g + ", " + g + ")");
        }
    }

    @Override
    public void setUids(int uid) {
        if (libc.setresuid(uid, uid, uid) != 0) {
            String u = Integer.toUnsignedString(uid);
            throw fail("setresuid(" + u + ", " + u + ", " + u + ")");
        }
    }

    @Override
    public List<ThreadCredentials> threads() {
        List<ThreadCredentials> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : tasks.sorted().toList()) {
                long tid = Long.parseLong(task.getFileName().toString());
                String status;
                try {
                    status = Files.readString(task.resolve("status"));
                } catch (NoSuchFileException e) {
                    continue; // the thread ended meanwhile
                }
                out.add(ThreadCredentials.parse(tid, status));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + TASKS + "/*/status: " + e.getMessage(), e);
        }
        return out;
    }

    private NativeException fail(String call) {
        int errno = runtime.getLastError();
        return new NativeException(call, errno, libc.strerror(errno));
    }

    private static List<Integer> boxed(int[] values, int n) {
        return Arrays.stream(values, 0, n).boxed().toList();
    }
}
