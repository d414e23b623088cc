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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

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
    /** Pointer size: the struct offsets below are LP64's, like every 64-bit Linux's. */
    private static final int A = 8;

    public JnrCredentials(LibC libc) {
        this.libc = libc;
    }

    /** A {@code get*_r} call, given its struct and buffer. */
    private interface Lookup {
        int call(NativeMemory struct, NativeMemory buf, long len, NativeMemory result);
    }

    /** Runs a {@code get*_r} lookup and reads the entry; empty when there is no such entry. */
    private <T> Optional<T> lookup(String call, Lookup lookup, Function<NativeMemory, T> read) {
        for (int len = 1024; ; len *= 2) {
            NativeMemory struct = NativeMemory.allocate(8 * A);
            NativeMemory buf = NativeMemory.allocate(len);
            NativeMemory result = NativeMemory.allocate(A);
            int rc = lookup.call(struct, buf, len, result);
            if (rc == Errno.ERANGE && len < MAX_BUFFER) {
                continue;
            }
            try {
                // Man page: 0 with a NULL result, or ENOENT, ESRCH, EBADF or EPERM, all mean "not found".
                if (rc == 0) {
                    return result.getAddress(0) == 0 ? Optional.empty() : Optional.of(read.apply(struct));
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
    private User user(NativeMemory pw) {
        return new User(pw.getString(0), pw.getInt(2L * A), pw.getInt(2L * A + 4), pw.getString(3L * A + 8),
                pw.getString(4L * A + 8));
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
    private Group group(NativeMemory gr) {
        List<String> members = new ArrayList<>();
        long mem = gr.getAddress(3L * A); // char **gr_mem, NULL-terminated, pointing into the lookup's buffer
        if (mem != 0) {
            for (int i = 0; i < MAX_BUFFER / A; i++) { // bounded by the buffer the entry lives in
                long m = NativeMemory.addressAt(mem + (long) i * A);
                if (m == 0) {
                    break;
                }
                members.add(NativeMemory.string(m));
            }
        }
        return new Group(gr.getString(0), gr.getInt(2L * A), members);
    }

    @Override
    public List<Integer> groupList(String user, int gid) {
        int room = 64;
        for (int attempt = 0; attempt < 4; attempt++) {
            NativeMemory groups = NativeMemory.allocate(4 * room);
            NativeMemory n = NativeMemory.allocate(4);
            n.putInt(0, room);
            int rc = libc.getgrouplist(user, gid, groups, n);
            if (rc >= 0) {
                return ints(groups, n.getInt(0));
            }
            room = Math.max(n.getInt(0), room * 2);
        }
        throw new IllegalStateException("getgrouplist(" + user + ") kept growing; the group database is changing");
    }

    @Override
    public Ids uids() {
        NativeMemory ids = NativeMemory.allocate(12);
        if (libc.getresuid(ids) != 0) {
            throw fail("getresuid()");
        }
        return new Ids(ids.getInt(0), ids.getInt(4), ids.getInt(8));
    }

    @Override
    public Ids gids() {
        NativeMemory ids = NativeMemory.allocate(12);
        if (libc.getresgid(ids) != 0) {
            throw fail("getresgid()");
        }
        return new Ids(ids.getInt(0), ids.getInt(4), ids.getInt(8));
    }

    @Override
    public List<Integer> groups() {
        for (int attempt = 0; attempt < 4; attempt++) {
            int n = libc.getgroups(0, null);
            if (n < 0) {
                throw fail("getgroups(0)");
            }
            int room = Math.max(n, 1);
            NativeMemory list = NativeMemory.allocate(4 * room);
            int got = libc.getgroups(room, list);
            if (got >= 0) {
                return ints(list, got);
            }
            if (NativeFunction.errno() != Errno.EINVAL) { // EINVAL: the list grew between the two calls
                throw fail("getgroups(" + room + ")");
            }
        }
        throw new IllegalStateException("getgroups kept failing with EINVAL: the groups are changing");
    }

    @Override
    public void setGroups(List<Integer> gids) {
        NativeMemory list = NativeMemory.allocate(4 * Math.max(1, gids.size()));
        for (int i = 0; i < gids.size(); i++) {
            list.putInt(4L * i, gids.get(i));
        }
        if (libc.setgroups(gids.size(), list) != 0) {
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
        int errno = NativeFunction.errno();
        return new NativeException(call, errno, libc.strerror(errno));
    }

    private static List<Integer> ints(NativeMemory values, int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(values.getInt(4L * i));
        }
        return List.copyOf(out);
    }
}
