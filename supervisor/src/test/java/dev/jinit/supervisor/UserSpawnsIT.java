package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.ExitStatus;
import dev.jinit.setuser.StatusProbe;
import dev.jinit.setuser.UserSpawner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A service with a {@code user} started by a supervisor with {@code userSpawns(SWITCH_PER_SPAWN)} (and PER_THREAD):
 * the service's own shell reports, from its {@code /proc/self/status} read with builtins only (dash blocks every
 * signal around the vfork of a non-final command, so a {@code grep} child could see a mask that is not the shell's),
 * its ids, groups, mask, ignored signals, capabilities, environment and fds; the pid the supervisor tracks is the
 * shell's own (spawned through the shared spawner, reaped by the init); a restart works the same; one spawn thread of
 * the supervisor exists while it runs and none after it stopped. The user is made with useradd (its own group and two
 * more) and removed after. Root only.
 */
class UserSpawnsIT {
    private String user;
    private String group1;
    private String group2;
    private SvRig rig;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "spawning as another user needs root (CI runs as root)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "needs useradd to make a test user");
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        user = "jinit-s-" + suffix;
        group1 = "jinit-c-" + suffix;
        group2 = "jinit-d-" + suffix;
        StatusProbe.run("groupadd", group1);
        StatusProbe.run("groupadd", group2);
        StatusProbe.run("useradd", "-M", "-U", "-G", group1 + "," + group2, "-d", "/home/" + user, "-s", "/bin/sh",
                user);
        rig = new SvRig();
        // the user must reach the results directory: the temporary root is 0700
        Files.setPosixFilePermissions(rig.root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(rig.results, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (user != null) {
            runQuietly("userdel", user); // removes the user's own group too
            runQuietly("groupdel", user);
            runQuietly("groupdel", group1);
            runQuietly("groupdel", group2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = UserSpawner.Mode.class, names = {"SWITCH_PER_SPAWN", "PER_THREAD"})
    void aServiceRunsCleanlyAsItsUserAndRestarts(UserSpawner.Mode mode) throws Exception {
        String[] pw = getent("passwd", user);
        int uid = Integer.parseInt(pw[2]);
        int gid = Integer.parseInt(pw[3]);
        Set<Integer> groups = Set.of(gid, Integer.parseInt(getent("group", group1)[2]),
                Integer.parseInt(getent("group", group2)[2]));
        rig.start(Supervisor.builder().stateDirectory(rig.root.resolve("state")).userSpawns(mode)
                .service(ServiceDefinition.builder("probe").user(user).workingDirectory(Path.of("/"))
                        .command("sh", "-c", probe(rig.results))
                        // the readiness check starts as the user too, through the same spawner
                        .readiness(Readiness.checkCommand("sh", "-c", "id -u > " + rig.results + "/check.tmp && mv "
                                + rig.results + "/check.tmp " + rig.results + "/check"))
                        .build()));
        assertEquals(mode, rig.supervisor().userSpawns());

        long first = rig.awaitStarted("probe");
        rig.await("probe", e -> e instanceof ServiceEvent.Ready);
        assertEquals(List.of(Integer.toString(uid)), SvRig.awaitLine(rig.results.resolve("check"), l -> true),
                "the readiness check ran as the user");
        assertRunsCleanly(report(first), first, user, uid, gid, groups, pw[5]);
        if (mode == UserSpawner.Mode.SWITCH_PER_SPAWN) {
            // the switching thread is kept between spawns: its presence shows the fast path was taken (setpriv has none)
            List<String> threads = StatusProbe.spawnThreads();
            assertEquals(1, threads.size(), "one spawn thread of the supervisor: " + threads);
        } else {
            // a per-user thread ends once idle (SetUser's default idle timeout is zero)
            List<String> threads = StatusProbe.spawnThreads();
            assertTrue(threads.size() <= 1, "at most one spawn thread of the supervisor: " + threads);
        }

        rig.supervisor().restart("probe").get(SvRig.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Supervisor.Event exited = rig.await("probe", e -> e instanceof ServiceEvent.Exited);
        assertEquals(new ExitStatus.Signaled(15, false), ((ServiceEvent.Exited) exited.event()).status(),
                "the first instance ended by its stop signal (TERM): " + exited);
        long second = rig.awaitStarted("probe");
        assertNotEquals(first, second);
        assertFalse(Files.exists(Path.of("/proc/" + first)), "the first instance was reaped: pid " + first);
        assertRunsCleanly(report(second), second, user, uid, gid, groups, pw[5]);

        rig.close(); // the init stops the supervisor, which closes its UserSpawner
        assertEquals(List.of(), StatusProbe.spawnThreads(), "no spawn thread is left after the stop");
    }

    /**
     * The shell writes its report to {@code DIR/report-PID}, ending with {@code end}, then execs sleep. Its stdout is
     * replaced with {@code exec >}, so no fd is kept to restore it; {@code ls} lists the shell's fds, last.
     */
    private static String probe(Path dir) {
        return "exec > " + dir + "/report-$$.tmp; echo \"pid: $$\"; " + StatusProbe.SCRIPT + "; echo end;"
                + " mv " + dir + "/report-$$.tmp " + dir + "/report-$$;"
                + " exec sleep 100000";
    }

    /** Waits (inotify) for the report of {@code pid}. */
    private List<String> report(long pid) throws Exception {
        Path file = rig.results.resolve("report-" + pid);
        return SvRig.awaitLine(file, "end"::equals);
    }

    private static void assertRunsCleanly(List<String> report, long pid, String name, int uid, int gid,
                                          Set<Integer> groups, String home) {
        StatusProbe probe = StatusProbe.parse(report);
        assertEquals(Long.toString(pid), probe.get("pid"), "the supervised pid is the shell's own: "
                + probe.describe());
        probe.assertRunsCleanlyAs(name, uid, gid, groups, home);
    }

    private static String[] getent(String db, String key) throws Exception {
        String out = StatusProbe.run("getent", db, key);
        return out.strip().split(":", -1);
    }

    private static void runQuietly(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
