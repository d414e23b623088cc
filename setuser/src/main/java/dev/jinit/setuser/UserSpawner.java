package dev.jinit.setuser;

import dev.jinit.core.Child;
import dev.jinit.core.Descriptors;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.NativeException;
import dev.jinit.core.Processes;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnException;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.core.ThreadCredentials;
import dev.jinit.core.ThreadIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spawns children as other users with no exec in between. By default (when root, {@link Mode#SWITCH_PER_SPAWN}) one
 * kept root thread switches to the user around each spawn only, saved ids kept root ({@link SwitchAround}); the rest
 * of this comment describes {@link Mode#PER_THREAD}, whose preparation that thread shares: for each identity in use (uid, gid, groups, no-new-privs)
 * one named thread, started on first use, switches <em>itself alone</em> to that identity with raw syscalls
 * ({@link ThreadIdentity}) and then runs the core {@link Spawner} for every spawn as that identity. {@code
 * posix_spawn} clones the calling thread, so the child starts with the identity's real, effective and saved ids, its
 * groups and no capability, and execs the command as that user — exactly as {@code bin/setuser} would, with no
 * setpriv and no env hop. Obtain it from {@link SetUser#spawner(Spawner)}.
 *
 * <p>Before it switches, the thread blocks every signal it may (so that a process of the user, which may now send
 * signals to this thread, can only leave them pending on it) and, once per spawner, runs the spawn path as root with
 * a spawn that fails inside {@code posix_spawn}, so that no class has to be read from the class path after the
 * switch. Then it checks its own {@code /proc/thread-self/status}: four uids, four gids, the groups, no capability.
 * A thread that does not check out ends and its spawns fail; nothing else in the JVM changed.
 *
 * <p>Files the spec redirects to are opened by the caller's thread (as root) and handed over as fds, as with
 * setpriv. The working directory and the command are checked and entered as the user.
 *
 * <p>Idle threads end after the idle timeout ({@link SetUser.Builder#spawnerIdleTimeout}); {@link #close()} ends them
 * all and waits until the kernel no longer lists them. <b>It must be closed before the whole JVM switches user</b>
 * (glibc's setxid broadcast would reach these threads, which cannot follow, and abort the process):
 * {@link SetUser#dropPrivileges} closes every spawner of its {@code SetUser} first.
 *
 * <p>When threads cannot be switched alone (not root, an architecture without known syscall numbers, no native
 * binding) it falls back, once and with a logged reason, to {@link SetUser#asUser}'s setpriv trampoline.
 *
 * <p>Thread-safe.
 */
public final class UserSpawner implements Spawner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UserSpawner.class);
    private static final int O_TRUNC = 01000;
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    /** How children are started as another user. */
    public enum Mode {
        /**
         * On one kept thread that stays root between spawns and switches around each spawn only, keeping root as
         * its saved ids ({@link ThreadIdentity#enterKeepingRoot}): no exec in between; the user's processes can
         * neither prlimit nor ptrace the thread, and can signal the JVM through it only during {@code posix_spawn}
         * (until the child's exec). The default when root.
         */
        SWITCH_PER_SPAWN,
        /** On a thread switched to the user for as long as it lives: no exec in between. */
        PER_THREAD,
        /** Through util-linux setpriv (and env for a command not everyone may run): {@link SetUser#asUser}. */
        SETPRIV
    }

    private final SetUser setUser;
    private final Spawner base;
    private final Descriptors descriptors;
    private final IdentityThread.Preparation preparation;
    private final Duration idleTimeout;
    private final Mode mode;
    private final String reason;
    private final Object lock = new Object();
    private final Map<IdentityKey, IdentityThread> threads = new HashMap<>();
    private final SwitchAround switchAround;
    private final List<IdentityThread> ending = new ArrayList<>();
    private boolean closed;

    UserSpawner(SetUser setUser, Spawner base, Descriptors descriptors, IdentityThread.Preparation preparation,
                Duration idleTimeout, Mode mode, String reason) {
        this(setUser, base, descriptors, preparation, idleTimeout, mode, reason, null);
    }

    UserSpawner(SetUser setUser, Spawner base, Descriptors descriptors, IdentityThread.Preparation preparation,
                Duration idleTimeout, Mode mode, String reason, SwitchAround switchAround) {
        if (mode == Mode.SWITCH_PER_SPAWN && switchAround == null) {
            throw new IllegalArgumentException("SWITCH_PER_SPAWN needs the thread identity and root's groups");
        }
        this.switchAround = switchAround;
        this.setUser = setUser;
        this.base = base;
        this.descriptors = descriptors;
        this.preparation = preparation;
        this.idleTimeout = idleTimeout;
        this.mode = mode;
        this.reason = reason;
        if (mode == Mode.SWITCH_PER_SPAWN) {
            LOG.info("setuser - spawning as other users on a root thread switched around each spawn: {}", reason);
        } else if (mode == Mode.PER_THREAD) {
            LOG.info("setuser - spawning as other users on per-user threads: {}", reason);
        } else {
            LOG.info("setuser - spawning as other users through setpriv: {}", reason);
        }
    }

    /** The real preparation: block signals, warm the spawn path up once, switch, read /proc/thread-self. */
    static IdentityThread.Preparation preparation(ThreadIdentity ids, Processes processes, Spawner base) {
        return preparation(ids, processes, base, true);
    }

    /**
     * As {@link #preparation(ThreadIdentity, Processes, Spawner)}; with {@code switchThread} false the thread stays
     * root (the {@link Mode#SWITCH_PER_SPAWN} thread, switched around each spawn instead) and is checked as root.
     */
    static IdentityThread.Preparation preparation(ThreadIdentity ids, Processes processes, Spawner base,
                                                  boolean switchThread) {
        return new IdentityThread.Preparation() {
            private volatile boolean warm;

            @Override
            public long beforeSwitch() {
                ids.blockSignalsOfCallingThread();
                if (warm) {
                    return -1; // the tid comes with the check after the switch
                }
                long tid = ids.callingThread().tid(); // reads /proc once: the check after the switch loads nothing
                warmUp(base);
                warm = true;
                return tid;
            }

            @Override
            public ThreadCredentials switchTo(IdentityKey key) {
                if (key.noNewPrivileges()) {
                    processes.setNoNewPrivileges(); // per thread too; before the switch, while prctl is warm as root
                }
                if (switchThread) {
                    ids.switchCallingThread(key.uid(), key.gid(), key.groups());
                }
                return ids.callingThread();
            }
        };
    }

    /**
     * Runs the whole spawn path once as root, so that after the switch no class is loaded (a class path only root
     * may read, /root/.m2 say, would fail) and every native binding exists: a spawn whose stdin cannot be opened fails in
     * glibc's child before any exec, and glibc reaps that child itself.
     */
    private static void warmUp(Spawner base) {
        for (Class<?> c : List.of(Child.class, ExitStatus.class, ExitStatus.Exited.class, SpawnException.class,
                NativeException.class, Redirect.Fd.class, CompletableFuture.class)) {
            c.getName(); // referencing the class literal loads it
        }
        try {
            // A class no jar holds: the class loader opens every jar of the class path looking for it, and open jars
            // stay readable after the switch (a class path in /root/.m2 would not be).
            Class.forName("dev.jinit.setuser.NoSuchClassWarmUp", false, UserSpawner.class.getClassLoader());
        } catch (ClassNotFoundException expected) {
            // every jar is open now
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        SpawnSpec failing = SpawnSpec.builder(java.toString(), "-version").directory(Path.of("/"))
                .stdin(Redirect.file(Path.of("/nonexistent-jinit-warm-up", "stdin"))).stdout(Redirect.discard())
                .stderr(Redirect.discard()).build();
        try {
            Child c = base.spawn(failing);
            c.onExit().get(SPAWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS); // cannot happen; if it does, wait its end
        } catch (SpawnException expected) {
            LOG.debug("setuser - warm-up spawn failed as it should: {}", expected.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the warm-up spawn", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the warm-up spawn did not end: " + e, e);
        }
    }

    /** How this spawner starts children as other users; chosen once, when it was made. */
    public Mode mode() {
        return mode;
    }

    /** Why {@link #mode()} was chosen. */
    public String modeReason() {
        return reason;
    }

    /** The per-identity threads alive now (one per identity in use). */
    public int threads() {
        synchronized (lock) {
            return threads.size();
        }
    }

    /** Spawns {@code spec} as it is, as this JVM's user: the {@link Spawner} this one wraps. */
    @Override
    public Child spawn(SpawnSpec spec) {
        return base.spawn(spec);
    }

    /**
     * Spawns {@code spec} as {@code who}: its environment gets {@link Identity#environment()} on top.
     *
     * @throws SpawnException         as a plain spawn: the command not found (127) or not executable by {@code who}
     *                                (126), the working directory not there or not enterable by {@code who}
     * @throws SetUserException       NOT_ROOT, SETPRIV_NOT_FOUND (in setpriv mode)
     * @throws IllegalStateException  when closed, or when the thread for {@code who} could not switch fully
     */
    public Child spawn(SpawnSpec spec, Identity who, SetUser.Option... options) {
        Set<SetUser.Option> opts = EnumSet.noneOf(SetUser.Option.class);
        opts.addAll(List.of(options));
        if (mode == Mode.SETPRIV || (opts.isEmpty() && setUser.isCurrently(who))) {
            return base.spawn(setUser.asUser(spec, who, options));
        }
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        env.putAll(who.environment());
        IdentityKey key = IdentityKey.of(who, opts.contains(SetUser.Option.NO_NEW_PRIVILEGES));
        List<Integer> opened = new ArrayList<>();
        try {
            SpawnSpec asIs = new SpawnSpec(spec.command(), env, spec.directory(), opened(spec.stdin(), 0, opened),
                    opened(spec.stdout(), 1, opened), opened(spec.stderr(), 2, opened), spec.extraFds(),
                    spec.grouping());
            boolean rootSeesDirectory = Files.isDirectory(spec.directory());
            CompletableFuture<Child> child;
            synchronized (lock) {
                if (closed) {
                    throw new IllegalStateException("this UserSpawner was closed (SetUser.dropPrivileges closes them):"
                            + " get a new one from SetUser.spawner");
                }
                if (mode == Mode.SWITCH_PER_SPAWN) {
                    IdentityKey root = switchAround.rootKey(key.noNewPrivileges());
                    child = threads.computeIfAbsent(root, this::startThread).submit(() -> switchAround.spawnAs(key,
                            () -> spawnChecked(spec, asIs, who, rootSeesDirectory)));
                } else {
                    child = threads.computeIfAbsent(key, this::startThread).submit(
                            () -> spawnChecked(spec, asIs, who, rootSeesDirectory));
                }
            }
            return await(child, key);
        } finally {
            for (int fd : opened) {
                descriptors.close(fd);
            }
        }
    }

    /** On the spawn thread, as the user. */
    private Child spawnChecked(SpawnSpec spec, SpawnSpec asIs, Identity who, boolean rootSeesDirectory) {
        // Checked again as the user: a directory root may enter but the user may not is said so here (the spawner
        // would only say it "does not exist").
        if (rootSeesDirectory && !Files.isDirectory(asIs.directory())) {
            throw new SpawnException(SpawnException.Reason.OTHER, spec.command().get(0) + ": working directory "
                    + asIs.directory() + " is not accessible to " + who.name() + " (uid " + who.uid() + ")", null);
        }
        return base.spawn(asIs);
    }

    /** A file redirect opened here, as this thread's user (root), and passed as an fd; anything else as it is. */
    private Redirect opened(Redirect r, int target, List<Integer> opened) {
        if (!(r instanceof Redirect.File f)) {
            return r;
        }
        int flags = target == 0 ? Descriptors.READ
                : Descriptors.WRITE | Descriptors.CREATE | (f.append() ? Descriptors.APPEND : O_TRUNC);
        try {
            int fd = descriptors.open(f.path().toAbsolutePath(), flags, 0644);
            opened.add(fd);
            return Redirect.fd(fd);
        } catch (NativeException e) {
            throw new SpawnException(SpawnException.Reason.OTHER, "cannot open " + f.path() + " for fd " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private IdentityThread startThread(IdentityKey key) {
        // The switching thread is root between spawns: nothing to gain by ending it, a thread start to lose.
        Duration idle = mode == Mode.SWITCH_PER_SPAWN ? SwitchAround.KEPT : idleTimeout;
        IdentityThread t = new IdentityThread(key, preparation, idle, this::retire);
        t.start();
        LOG.debug("setuser - started {}", t.thread().getName());
        return t;
    }

    /** On an idle thread: ends it unless a spawn was queued meanwhile (both under the lock). */
    private boolean retire(IdentityThread t) {
        synchronized (lock) {
            if (!t.isIdle() && !t.ready().isCompletedExceptionally()) {
                return false;
            }
            threads.remove(t.key(), t);
            ending.removeIf(e -> !e.thread().isAlive());
            ending.add(t);
            return true;
        }
    }

    private static Child await(CompletableFuture<Child> child, IdentityKey key) {
        try {
            return child.get(SPAWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpawnException(SpawnException.Reason.OTHER, "interrupted while spawning as " + key.describe(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the spawn thread for " + key.describe() + " did not answer in "
                    + SPAWN_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Ends every per-user thread and waits until the kernel no longer lists any (bounded): after this, nothing in
     * the JVM runs with credentials of its own, and the whole JVM may switch. Spawns queued before are served first;
     * later ones throw. Idempotent.
     *
     * @throws IllegalStateException when a thread is still listed in /proc/self/task after the bound
     */
    @Override
    public void close() {
        List<IdentityThread> all;
        setUser.forget(this);
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(threads.values());
            all.addAll(ending);
            threads.clear();
            ending.clear();
        }
        for (IdentityThread t : all) {
            t.stop();
        }
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        for (IdentityThread t : all) {
            awaitGone(t, deadline);
        }
    }

    /**
     * Joins the thread, then waits for its task to leave /proc/self/task: HotSpot's threads are detached, so the
     * kernel task outlives {@code join} by a little and there is no event for its end; a bounded poll it is.
     */
    private static void awaitGone(IdentityThread t, long deadline) {
        try {
            t.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            long tid = t.tid();
            Path task = tid < 0 ? null : Path.of("/proc/self/task", Long.toString(tid));
            while (t.thread().isAlive() || (task != null && Files.exists(task))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the spawn thread " + t.thread().getName() + (tid < 0 ? ""
                            : " (tid " + tid + ")") + " has not ended after " + EXIT_TIMEOUT.toSeconds() + " s;"
                            + " the JVM must not switch user while it runs");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ending " + t.thread().getName(), e);
        }
    }
}
