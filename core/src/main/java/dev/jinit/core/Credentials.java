package dev.jinit.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Users, groups and this process's credentials: the passwd and group databases (through glibc, so NSS applies),
 * {@code getresuid}/{@code getresgid}/{@code getgroups}, and {@code setgroups}/{@code setresgid}/{@code setresuid}.
 *
 * <p>The setters go through glibc, whose "setxid broadcast" makes every thread of the process change: the kernel
 * keeps credentials per thread, so a raw syscall would change the calling thread only and leave the JVM's other
 * threads (GC, compiler, signal dispatcher, …) as root. {@link #threads()} reads every thread's credentials back
 * from {@code /proc/self/task}, so a caller can check that none was missed.
 *
 * <p>The native implementation comes from {@link Natives#credentials()}; tests of pure logic use the in-memory fake in
 * core's test-jar. Implementations are thread-safe.
 */
public interface Credentials {

    /** A passwd entry. */
    record User(String name, int uid, int gid, String home, String shell) {
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(shell, "shell");
        }
    }

    /** A group entry and its listed members (not the users whose primary group it is). */
    record Group(String name, int gid, List<String> members) {
        public Group {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }
    }

    /** A real, effective and saved id, as {@code getresuid}/{@code getresgid} report them. */
    record Ids(int real, int effective, int saved) {
        /** Whether all three are {@code id}. */
        public boolean allAre(int id) {
            return real == id && effective == id && saved == id;
        }

        @Override
        public String toString() {
            return "real " + Integer.toUnsignedString(real) + ", effective " + Integer.toUnsignedString(effective)
                    + ", saved " + Integer.toUnsignedString(saved);
        }
    }

    /** {@code getpwnam_r}: the passwd entry named {@code name}. */
    Optional<User> userByName(String name);

    /** {@code getpwuid_r}: the (first) passwd entry for {@code uid}. */
    Optional<User> userById(int uid);

    /** {@code getgrnam_r}. */
    Optional<Group> groupByName(String name);

    /** {@code getgrgid_r}. */
    Optional<Group> groupById(int gid);

    /**
     * {@code getgrouplist}: the supplementary groups {@code initgroups(user, gid)} would set, that is {@code gid}
     * and every group that lists {@code user} as a member, in the database's order.
     */
    List<Integer> groupList(String user, int gid);

    /** {@code getresuid}. */
    Ids uids();

    /** {@code getresgid}. */
    Ids gids();

    /** {@code getgroups}: this process's supplementary groups. */
    List<Integer> groups();

    /**
     * {@code setgroups}: sets the supplementary groups of every thread (needs {@code CAP_SETGID}).
     *
     * @throws NativeException naming the call and the errno (EPERM when not privileged)
     */
    void setGroups(List<Integer> gids);

    /**
     * {@code setresgid(gid, gid, gid)} through glibc, for every thread.
     *
     * @throws NativeException naming the call and the errno
     */
    void setGids(int gid);

    /**
     * {@code setresuid(uid, uid, uid)} through glibc, for every thread. From root to another uid this also clears
     * the permitted and effective capabilities: there is no way back.
     *
     * @throws NativeException naming the call and the errno
     */
    void setUids(int uid);

    /**
     * Every thread's credentials as the kernel reports them in {@code /proc/self/task/<tid>/status}. A thread that
     * ends while the list is read is left out.
     */
    List<ThreadCredentials> threads();
}
