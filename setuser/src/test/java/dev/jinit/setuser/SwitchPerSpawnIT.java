package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Natives;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnSpec;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default spawn-as-user path when root ({@link UserSpawner.Mode#SWITCH_PER_SPAWN}): one root thread switched to
 * the user around each spawn only, saved ids kept root. The shared checks ({@link SpawnAsUserContract}); the child's
 * four uids and gids are the user's and it holds no capability (execve copied the effective ids to the saved ones);
 * between spawns the thread is root again, with root's groups; a process of the user is refused prlimit and ptrace
 * on that thread whenever it tries (during a switch the thread's saved uid is 0, after it all three are). Root only.
 */
class SwitchPerSpawnIT extends SpawnAsUserContract {
    private static Init init;
    private static SetUser setUser;
    private static UserSpawner spawner;
    private static TestUser user;

    @BeforeAll
    static void setUp() throws Exception {
        Probe.assumeRoot();
        init = Init.builder().shutdownOn(Set.of()).start();
        setUser = SetUser.ofDefaults();
        spawner = setUser.spawner(init.spawner());
        user = TestUser.create();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (spawner != null) {
            spawner.close();
        }
        if (user != null) {
            user.remove();
        }
        if (init != null) {
            init.close();
        }
    }

    @Override
    SetUser setUser() {
        return setUser;
    }

    @Override
    TestUser user() {
        return user;
    }

    @Override
    Probe probe(Path tmp, Identity who, long[] pid, SetUser.Option... options) throws Exception {
        Path out = tmp.resolve("out-" + System.nanoTime());
        SpawnSpec spec = SpawnSpec.builder(Probe.COMMAND).env("PATH", Probe.PATH).directory(Path.of("/"))
                .stdout(Redirect.file(out)).build();
        Child child = spawner.spawn(spec, who, options);
        assertEquals(new ExitStatus.Exited(0), child.onExit().get(30, TimeUnit.SECONDS), Files.readString(out));
        pid[0] = child.pid();
        return Probe.parse(Files.readAllLines(out));
    }

    @Test
    void rootPicksTheSwitchPerSpawnPathByDefault() {
        assertEquals(UserSpawner.Mode.SWITCH_PER_SPAWN, spawner.mode(), spawner.modeReason());
    }

    @Test
    void theChildHasTheUsersFourUidsAndGidsAndNoCapabilityAndTheThreadIsRootAgain(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("status");
        Identity who = setUser.resolve(user.name);
        Child c = spawner.spawn(SpawnSpec.builder("grep", "-E", "^(Uid|Gid|Groups|Cap[A-Za-z]+):", "/proc/self/status")
                .env("PATH", Probe.PATH).stdout(Redirect.file(out)).build(), who);
        assertEquals(new ExitStatus.Exited(0), c.onExit().get(30, TimeUnit.SECONDS));
        String s = Files.readString(out);
        String u = user.uid + "\t" + user.uid + "\t" + user.uid + "\t" + user.uid;
        String g = user.gid + "\t" + user.gid + "\t" + user.gid + "\t" + user.gid;
        assertTrue(s.contains("Uid:\t" + u + "\n"), s);
        assertTrue(s.contains("Gid:\t" + g + "\n"), s);
        for (String cap : List.of("CapInh", "CapPrm", "CapEff", "CapAmb")) {
            assertTrue(s.contains(cap + ":\t0000000000000000"), cap + ": " + s);
        }
        String thread = spawnThreadStatus();
        assertTrue(thread.contains("Uid:\t0\t0\t0\t0\n") && thread.contains("Gid:\t0\t0\t0\t0\n"),
                "the spawn thread is root between spawns: " + thread);
        String own = Files.readString(Path.of("/proc/thread-self/status"));
        assertEquals(line(own, "Groups:"), line(thread, "Groups:"), "root's groups back");
        assertEquals(line(own, "CapEff:"), line(thread, "CapEff:"), "its capabilities back");
        assertTrue(spawner.threads() <= 2, "one kept thread for every user (two with no-new-privs): " + spawner.threads());
    }

    /**
     * prlimit and ptrace need the caller's uid to equal the target's real, effective and saved uid: the thread's
     * saved uid stays 0 during a switch, so the answer is EPERM whether the child's call lands in the window or not.
     */
    @Test
    void aProcessOfTheUserIsRefusedPrlimitAndPtraceOnTheSpawnThread(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 makes the raw calls");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Identity nobody = setUser.resolve("nobody");
        assertEquals(new ExitStatus.Exited(0), spawner.spawn(SpawnSpec.builder("true").env("PATH", Probe.PATH).build(),
                nobody).onExit().get(30, TimeUnit.SECONDS));
        String tid = line(spawnThreadStatus(), "Pid:");
        long pid = ProcessHandle.current().pid();
        Path out = tmp.resolve("out");
        // Tried right away (while the spawn thread may still be switched) and 200 times more.
        String py = "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nlim = (ctypes.c_ulong * 2)()\n"
                + "res = set()\nfor i in range(200):\n"
                + "  ctypes.set_errno(0)\n  r = libc.prlimit(" + tid + ", 7, None, lim)\n"
                + "  res.add('prlimit %d %d' % (r, ctypes.get_errno()))\n"
                + "  ctypes.set_errno(0)\n  r = libc.ptrace(16, " + tid + ", None, None)\n"
                + "  res.add('ptrace %d %d' % (r, ctypes.get_errno()))\n"
                + "print('\\n'.join(sorted(res)))\n";
        Child c = spawner.spawn(SpawnSpec.builder("python3", "-c", py).env("PATH", Probe.PATH)
                .stdout(Redirect.file(out)).build(), nobody);
        assertEquals(new ExitStatus.Exited(0), c.onExit().get(30, TimeUnit.SECONDS), Files.readString(out));
        assertEquals(List.of("prlimit -1 1", "ptrace -1 1"), Files.readAllLines(out), "EPERM every time");
    }

    private static String line(String status, String key) {
        return status.lines().filter(l -> l.startsWith(key)).findFirst().orElseThrow().substring(key.length()).trim();
    }

    /** The status of the switching thread (jinit-spawn-as-root-…; the kernel keeps the first 15 characters). */
    private static String spawnThreadStatus() throws Exception {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String status = Files.readString(task.resolve("status"));
                    if (status.contains("Name:\tjinit-spawn-as-\n")) { // comm keeps 15 characters
                        return status;
                    }
                } catch (NoSuchFileException e) {
                    // a thread of the JVM that ended between the listing and the read
                }
            }
        }
        throw new AssertionError("no jinit-spawn-as-root thread in /proc/self/task");
    }
}
