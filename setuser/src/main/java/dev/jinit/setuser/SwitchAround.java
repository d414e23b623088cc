package dev.jinit.setuser;

import dev.jinit.core.Child;
import dev.jinit.core.NativeException;
import dev.jinit.core.ThreadIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link UserSpawner.Mode#SWITCH_PER_SPAWN} path: one kept root thread (one more with no-new-privs set, which is
 * per thread and irreversible) switches to the user around each spawn only and back, keeping root as its saved ids
 * the while: {@code setgroups(user's)}, {@code setresgid(g, g, 0)}, {@code setresuid(u, u, 0)}, the spawn, then
 * {@code setresuid(0, 0, 0)}, {@code setresgid(0, 0, 0)}, {@code setgroups(root's)}, and its nice value and CPU
 * affinity put back (defence in depth: the kernel refuses the user both while the thread keeps its capabilities).
 *
 * <p>What stays open: for the length of the spawn call (resolving the command, {@code posix_spawn} until the
 * child's exec: 0.8 ms median here) a process of the user may send any signal to the whole JVM through this
 * thread's tid ({@code kill(tid, sig)}). A handled signal can be dropped by the sender's uid (a signalfd listener
 * sees it: no process but root's may signal this JVM otherwise); a fault signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE)
 * makes HotSpot write hs_err and abort; SIGKILL and SIGSTOP act unless the JVM is PID 1 of its namespace.
 *
 * <p>A failure to switch back leaves a thread of this JVM running as the user: that is a partial switch, handed to
 * {@link SetUser.Builder#onPartialSwitch} (which halts the JVM by default); the thread never spawns again either way.
 */
final class SwitchAround {
    /** How long the switching thread waits for work before it ends: long, it runs as root between spawns. */
    static final Duration KEPT = Duration.ofMinutes(10);

    private final ThreadIdentity ids;
    private final List<Integer> rootGroups;
    private final Consumer<List<String>> onPartialSwitch;
    private final IdentityKey root;
    private final IdentityKey rootNoNewPrivileges;
    private volatile String broken;

    SwitchAround(ThreadIdentity ids, List<Integer> rootGroups, Consumer<List<String>> onPartialSwitch) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.rootGroups = List.copyOf(new TreeSet<>(rootGroups));
        this.onPartialSwitch = Objects.requireNonNull(onPartialSwitch, "onPartialSwitch");
        Identity rootIdentity = Identity.builder().name("root").uid(0).gid(0).groups(this.rootGroups)
                .home(Path.of("/root")).build();
        this.root = IdentityKey.of(rootIdentity, false);
        this.rootNoNewPrivileges = IdentityKey.of(rootIdentity, true);
    }

    /** The key of the switching thread: root, with or without no-new-privs. */
    IdentityKey rootKey(boolean noNewPrivileges) {
        return noNewPrivileges ? rootNoNewPrivileges : root;
    }

    /**
     * On the switching thread: switches it to {@code who}, runs {@code spawn}, switches back.
     *
     * @throws IllegalStateException when an earlier switch back failed (no spawn runs on a thread that did)
     */
    Child spawnAs(IdentityKey who, Supplier<Child> spawn) {
        if (broken != null) {
            throw new IllegalStateException("the spawn thread could not switch back to root earlier (" + broken
                    + "): no more spawns as other users in this JVM");
        }
        ThreadIdentity.Scheduling scheduling = ids.saveScheduling();
        try {
            ids.enterKeepingRoot(who.uid(), who.gid(), who.groups());
            return spawn.get();
        } finally {
            back(scheduling);
        }
    }

    private void back(ThreadIdentity.Scheduling scheduling) {
        try {
            ids.returnToRoot(rootGroups);
            scheduling.restore();
        } catch (NativeException e) {
            broken = e.getMessage();
            onPartialSwitch.accept(List.of("thread " + Thread.currentThread().getName() + ": could not switch back"
                    + " to root after a spawn: " + e.getMessage()));
            throw new IllegalStateException("the spawn thread could not switch back to root: " + e.getMessage(), e);
        }
    }
}
