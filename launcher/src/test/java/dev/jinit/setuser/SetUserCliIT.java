package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built {@code bin/setuser} (JINIT_DIST, rebuilt by {@code mvn -pl launcher package}), started the way a
 * container starts it: the command runs in place (same pid) as the user, with that user's ids, groups and
 * environment, only fds 0-2 (its JVM held ~20), an empty signal mask and no ignored signal, although every run here
 * starts with HUP, INT and USR1 ignored ({@link Probe#DIRTY}). Root only.
 */
class SetUserCliIT {
    private static Path setuser;
    private static TestUser user;

    @BeforeAll
    static void setUp() throws Exception {
        Probe.assumeRoot();
        String dist = System.getenv("JINIT_DIST");
        Assertions.assertNotNull(dist, "JINIT_DIST names launcher/target/jinit (set by Failsafe)");
        setuser = Path.of(dist, "bin", "setuser");
        // This test lives in the launcher module, whose package phase builds the dist before its ITs run.
        Assertions.assertTrue(Files.isExecutable(setuser), setuser + " is missing: the launcher's package phase builds it");
        user = TestUser.create();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (user != null) {
            user.remove();
        }
    }

    private static Probe.Result setuser(String... args) throws Exception {
        List<String> command = new ArrayList<>(Probe.DIRTY);
        command.add(setuser.toString());
        command.addAll(List.of(args));
        return Probe.run(command, Map.of());
    }

    private static Probe.Result probeAs(String... userAndOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(userAndOptions));
        command.addAll(Probe.COMMAND);
        Probe.Result r = setuser(command.toArray(new String[0]));
        assertEquals(0, r.exit(), r.describe());
        assertEquals(List.of(), r.err(), "nothing on stderr");
        return r;
    }

    @Test
    void controlWithoutSetuserTheProbeSeesIgnoredSignals() throws Exception {
        // What setuser has to undo: the ignored HUP, INT and USR1 every setuser run here starts with (and, from a
        // Maven-started JVM, glibc's 32 and 33).
        List<String> command = new ArrayList<>(Probe.DIRTY);
        command.addAll(Probe.COMMAND);
        Probe p = Probe.parse(Probe.run(command, Map.of()).out());
        long ignored = Long.parseLong(p.get("SigIgn"), 16);
        assertEquals(0x203L, ignored & 0x203L, "HUP, INT and USR1 ignored: " + p.facts);
    }

    @Test
    void nobody() throws Exception {
        String[] pw = Probe.getent("passwd", "nobody");
        int uid = Integer.parseInt(pw[2]);
        int gid = Integer.parseInt(pw[3]);
        Probe.Result r = probeAs("nobody");
        Probe p = Probe.parse(r.out());
        p.assertRunsCleanlyAs(r.pid(), uid, gid, Set.of(gid), pw[5], "nobody");
        assertEquals("0", p.get("NoNewPrivs"));
    }

    @Test
    void aNumericUidWithoutPasswdEntryGetsItsNumberAsGidHomeSlashAndNoGroups() throws Exception {
        int id = Probe.unusedId();
        Probe.Result r = probeAs(Integer.toString(id));
        Probe.parse(r.out()).assertRunsCleanlyAs(r.pid(), id, id, Set.of(id), "/", Integer.toString(id));
    }

    @Test
    void userColonGroupTakesThatGroupAndNoOther() throws Exception {
        Probe.Result r = probeAs(user.name + ":" + user.group1);
        Probe.parse(r.out()).assertRunsCleanlyAs(r.pid(), user.uid, user.gid1, Set.of(user.gid1), user.home, user.name);
        int id = Probe.unusedId();
        Probe.Result numeric = probeAs(id + ":" + user.gid2);
        Probe.parse(numeric.out()).assertRunsCleanlyAs(numeric.pid(), id, user.gid2, Set.of(user.gid2), "/", Integer.toString(id));
    }

    @Test
    void aCreatedUserGetsItsSupplementaryGroups() throws Exception {
        Probe.Result r = probeAs(user.name);
        Probe.parse(r.out()).assertRunsCleanlyAs(r.pid(), user.uid, user.gid, user.allGroups(), user.home, user.name);
        Probe.Result byUid = probeAs(Integer.toString(user.uid));
        Probe.parse(byUid.out()).assertRunsCleanlyAs(byUid.pid(), user.uid, user.gid, user.allGroups(), user.home, user.name);
    }

    @Test
    void noNewPrivsIsSet() throws Exception {
        Probe.Result r = probeAs("--no-new-privs", user.name);
        Probe p = Probe.parse(r.out());
        p.assertRunsCleanlyAs(r.pid(), user.uid, user.gid, user.allGroups(), user.home, user.name);
        assertEquals("1", p.get("NoNewPrivs"));
    }

    private static void assertOneLineError(Probe.Result r, int exit, String prefix) {
        assertEquals(exit, r.exit(), r.describe());
        assertEquals(List.of(), r.out(), r.describe());
        assertEquals(1, r.err().size(), "one line on stderr: " + r.describe());
        assertTrue(r.err().get(0).startsWith(prefix), r.describe());
    }

    @Test
    void anUnknownUserIsExitOneWithPhusionsLine() throws Exception {
        Probe.Result r = setuser("no-such-user-jinit", "true");
        assertOneLineError(r, 1, "setuser: user no-such-user-jinit not found");
        assertEquals(List.of("setuser: user no-such-user-jinit not found"), r.err());
    }

    @Test
    void anUnknownGroupIsExitOne() throws Exception {
        assertOneLineError(setuser("nobody:no-such-group-jinit", "true"), 1, "setuser: group no-such-group-jinit not found");
    }

    @Test
    void notRootIsExitOne() throws Exception {
        // The outer setuser becomes nobody and execs the inner one, which is then not root.
        assertOneLineError(setuser("nobody", setuser.toString(), user.name, "true"), 1,
                "setuser: must run as root to change user: running as uid " + Probe.getent("passwd", "nobody")[2]);
    }

    @Test
    void aMissingCommandIs127AndANonExecutableOne126() throws Exception {
        assertOneLineError(setuser("nobody", "no-such-command-jinit"), 127, "setuser: no-such-command-jinit: command not found");
        Path dir = Files.createTempDirectory("jinit-setuser-it");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\necho ran\n");
            Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
            assertOneLineError(setuser("nobody", plain.toString()), 126, "setuser: " + plain + ": permission denied");
            Path rootOnly = Files.writeString(dir.resolve("root-only"), "#!/bin/sh\necho ran\n");
            Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwx------"));
            assertOneLineError(setuser("nobody", rootOnly.toString()), 126, "setuser: " + rootOnly + ":");
            Probe.Result asRoot = setuser("root", rootOnly.toString());
            assertEquals(0, asRoot.exit(), "root may run it: " + asRoot.describe());
            assertEquals(List.of("ran"), asRoot.out());
            Files.delete(plain);
            Files.delete(rootOnly);
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void badUsageIsExitTwo() throws Exception {
        assertOneLineError(setuser(), 2, "setuser: missing USER");
        assertOneLineError(setuser("nobody"), 2, "setuser: missing COMMAND");
        assertOneLineError(setuser("--bogus", "nobody", "true"), 2, "setuser: unknown option --bogus");
        assertOneLineError(setuser("a:b:c", "true"), 2, "setuser: USER must be");
    }
}
