package dev.jinit.supervisor.internal;

import dev.jinit.core.Child;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.setuser.Identity;
import dev.jinit.setuser.SetUser;
import dev.jinit.setuser.UserSpawner;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the supervisor starts a process of a service with a {@code user}: through setpriv ({@link SetUser#asUser}, one
 * exec more, the default) or, when asked, through ONE {@link UserSpawner} of the supervisor, made at the first such
 * spawn and closed with the supervisor. Either way the process is spawned by the shared {@code base} spawner, so the
 * init's child table owns its pid. Thread-safe; units call it on the loop thread. This is an internal class.
 */
public final class UserSpawns implements AutoCloseable {
    private final Spawner base;
    private final Supplier<SetUser> setUser;
    private final UserSpawner.Mode mode;
    private UserSpawner spawner; // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param setUser made on first use (it binds libc)
     * @param mode    {@link UserSpawner.Mode#SETPRIV}: {@code base.spawn(setUser.asUser(...))}, as before; any other:
     *                a {@link SetUser#spawner(Spawner, UserSpawner.Mode) UserSpawner} in that mode
     */
    public UserSpawns(Spawner base, Supplier<SetUser> setUser, UserSpawner.Mode mode) {
        this.base = Objects.requireNonNull(base, "base");
        this.setUser = Objects.requireNonNull(setUser, "setUser");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    public UserSpawner.Mode mode() {
        return mode;
    }

    /**
     * Spawns {@code spec} as {@code user} ({@code NAME}, {@code UID}, {@code NAME:GROUP}, {@code UID:GID}), resolved
     * now.
     *
     * @throws RuntimeException as a failed start: SpawnException, SetUserException (unknown user, not root),
     *                          IllegalStateException (closed, or a spawn thread that could not switch)
     */
    public Child spawn(SpawnSpec spec, String user) {
        SetUser su = setUser.get();
        Identity who = su.resolve(user);
        if (mode == UserSpawner.Mode.SETPRIV) {
            return base.spawn(su.asUser(spec, who));
        }
        return spawner(su).spawn(spec, who);
    }

    private synchronized UserSpawner spawner(SetUser su) {
        if (closed) {
            throw new IllegalStateException("the supervisor is stopped: no more spawns as another user");
        }
        if (spawner == null) {
            spawner = su.spawner(base, mode);
        }
        return spawner;
    }

    /** Ends the spawner's thread, if one was made (bounded: {@link UserSpawner#close()}). Idempotent. */
    @Override
    public void close() {
        UserSpawner s;
        synchronized (this) {
            closed = true;
            s = spawner;
            spawner = null;
        }
        if (s != null) {
            s.close();
        }
    }
}
