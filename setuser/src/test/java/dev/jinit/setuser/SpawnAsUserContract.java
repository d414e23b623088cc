package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks every way of spawning as another user must pass — ids, groups, environment, fds, signal mask and
 * ignored signals, same pid ({@link Probe#assertRunsCleanlyAs}) — for nobody, a uid with no passwd entry,
 * {@code user:group} and a created user with supplementary groups, with and without no-new-privs. setpriv
 * ({@link SpawnAsUserIT}) and per-user threads ({@link UserSpawnerIT}) each implement {@link #probe}.
 */
abstract class SpawnAsUserContract {

    /** Spawns the probe as {@code who}; returns what it saw, and its pid in {@code pid[0]}. */
    abstract Probe probe(Path tmp, Identity who, long[] pid, SetUser.Option... options) throws Exception;

    abstract SetUser setUser();

    /** The user the test class created (with two groups, one supplementary). */
    abstract TestUser user();

    @Test
    void nobody(@TempDir Path tmp) throws Exception {
        String[] pw = Probe.getent("passwd", "nobody");
        int gid = Integer.parseInt(pw[3]);
        long[] pid = new long[1];
        Probe p = probe(tmp, setUser().resolve("nobody"), pid);
        p.assertRunsCleanlyAs(pid[0], Integer.parseInt(pw[2]), gid, Set.of(gid), pw[5], "nobody");
        assertEquals("0", p.get("NoNewPrivs"));
    }

    @Test
    void aNumericUidWithoutPasswdEntry(@TempDir Path tmp) throws Exception {
        int id = Probe.unusedId();
        long[] pid = new long[1];
        probe(tmp, setUser().resolve(Integer.toString(id)), pid)
                .assertRunsCleanlyAs(pid[0], id, id, Set.of(id), "/", Integer.toString(id));
    }

    @Test
    void userColonGroup(@TempDir Path tmp) throws Exception {
        TestUser user = user();
        long[] pid = new long[1];
        probe(tmp, setUser().resolve(user.name + ":" + user.group2), pid)
                .assertRunsCleanlyAs(pid[0], user.uid, user.gid2, Set.of(user.gid2), user.home, user.name);
    }

    @Test
    void aCreatedUserWithSupplementaryGroupsAndNoNewPrivs(@TempDir Path tmp) throws Exception {
        TestUser user = user();
        long[] pid = new long[1];
        probe(tmp, setUser().resolve(user.name), pid)
                .assertRunsCleanlyAs(pid[0], user.uid, user.gid, user.allGroups(), user.home, user.name);
        Probe p = probe(tmp, setUser().resolve(user.name), pid, SetUser.Option.NO_NEW_PRIVILEGES);
        p.assertRunsCleanlyAs(pid[0], user.uid, user.gid, user.allGroups(), user.home, user.name);
        assertEquals("1", p.get("NoNewPrivs"));
    }
}
