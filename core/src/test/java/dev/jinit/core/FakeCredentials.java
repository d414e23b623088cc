package dev.jinit.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory {@link Credentials} for tests of pure logic: a passwd and group database, the process's ids, and a
 * few threads that follow every change, except those told to {@link #missThread miss} one (a partial switch). The
 * setters need effective uid 0, like the kernel's; a change of uid away from 0 clears the capabilities. Calls are
 * recorded, and {@link #failOn} makes one fail. Shipped in core's test-jar. Thread-safe (synchronized).
 */
public class FakeCredentials implements Credentials {
    /** All capabilities of a root process on a recent kernel (CapPrm/CapEff of 0x1ffffffffff). */
    public static final long ROOT_CAPS = 0x1ffffffffffL;

    private final Map<String, User> usersByName = new LinkedHashMap<>();
    private final Map<String, Group> groupsByName = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<Long, ThreadCredentials> threads = new LinkedHashMap<>();
    private final Set<Long> missing = new LinkedHashSet<>();
    private Ids uids;
    private Ids gids;
    private List<Integer> groups;

    /** Runs as root (uid 0, gid 0, no supplementary groups) with threads 100 ("java") and 101 ("GC Thread#0"). */
    public FakeCredentials() {
        this(0, 0, List.of());
    }

    public FakeCredentials(int uid, int gid, List<Integer> groups) {
        this.uids = new Ids(uid, uid, uid);
        this.gids = new Ids(gid, gid, gid);
        this.groups = List.copyOf(groups);
        addThread(100, "java");
        addThread(101, "GC Thread#0");
    }

    public synchronized FakeCredentials addUser(String name, int uid, int gid, String home) {
        usersByName.put(name, new User(name, uid, gid, home, "/bin/sh"));
        return this;
    }

    public synchronized FakeCredentials addGroup(String name, int gid, String... members) {
        groupsByName.put(name, new Group(name, gid, List.of(members)));
        return this;
    }

    /** Adds a thread with the process's current credentials. */
    public synchronized FakeCredentials addThread(long tid, String name) {
        threads.put(tid, snapshot(tid, name));
        return this;
    }

    /** Thread {@code tid} keeps its credentials through every later change, as a thread glibc did not know of would. */
    public synchronized FakeCredentials missThread(long tid) {
        missing.add(tid);
        return this;
    }

    /** The next call whose recorded text starts with {@code callPrefix} (e.g. "setresuid") fails with {@code errno}. */
    public synchronized FakeCredentials failOn(String callPrefix, int errno) {
        failures.put(callPrefix, errno);
        return this;
    }

    /** Calls made to the setters, as {@code "setgroups([1, 2])"}, {@code "setresgid(5)"}, {@code "setresuid(5)"}. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized Optional<User> userByName(String name) {
        return Optional.ofNullable(usersByName.get(name));
    }

    @Override
    public synchronized Optional<User> userById(int uid) {
        return usersByName.values().stream().filter(u -> u.uid() == uid).findFirst();
    }

    @Override
    public synchronized Optional<Group> groupByName(String name) {
        return Optional.ofNullable(groupsByName.get(name));
    }

    @Override
    public synchronized Optional<Group> groupById(int gid) {
        return groupsByName.values().stream().filter(g -> g.gid() == gid).findFirst();
    }

    @Override
    public synchronized List<Integer> groupList(String user, int gid) {
        Set<Integer> out = new LinkedHashSet<>();
        out.add(gid);
        for (Group g : groupsByName.values()) {
            if (g.members().contains(user)) {
                out.add(g.gid());
            }
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized Ids uids() {
        return uids;
    }

    @Override
    public synchronized Ids gids() {
        return gids;
    }

    @Override
    public synchronized List<Integer> groups() {
        return groups;
    }

    @Override
    public synchronized void setGroups(List<Integer> gids) {
        call("setgroups(" + gids + ")");
        this.groups = List.copyOf(gids);
        follow();
    }

    @Override
    public synchronized void setGids(int gid) {
        call("setresgid(" + gid + ")");
        this.gids = new Ids(gid, gid, gid);
        follow();
    }

    @Override
    public synchronized void setUids(int uid) {
        call("setresuid(" + uid + ")");
        this.uids = new Ids(uid, uid, uid);
        follow();
    }

    @Override
    public synchronized List<ThreadCredentials> threads() {
        return List.copyOf(threads.values());
    }

    private void call(String call) {
        calls.add(call);
        for (var f : failures.entrySet()) {
            if (call.startsWith(f.getKey())) {
                failures.remove(f.getKey());
                throw new NativeException(call, f.getValue(), "injected by FakeCredentials");
            }
        }
        if (uids.effective() != 0) {
            throw new NativeException(call, Errno.EPERM, "Operation not permitted");
        }
    }

    private void follow() {
        for (var e : threads.entrySet()) {
            if (!missing.contains(e.getKey())) {
                e.setValue(snapshot(e.getKey(), e.getValue().name()));
            }
        }
    }

    private ThreadCredentials snapshot(long tid, String name) {
        long caps = uids.allAre(0) ? ROOT_CAPS : 0;
        return new ThreadCredentials(tid, name,
                List.of(uids.real(), uids.effective(), uids.saved(), uids.effective()),
                List.of(gids.real(), gids.effective(), gids.saved(), gids.effective()), groups, caps, caps, 0);
    }
}
