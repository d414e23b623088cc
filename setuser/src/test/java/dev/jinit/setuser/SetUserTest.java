package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Errno;
import dev.jinit.core.FakeCredentials;
import dev.jinit.core.FakeExec;
import dev.jinit.core.FakeProcesses;
import dev.jinit.core.NativeException;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnException;
import dev.jinit.core.SpawnSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SetUser's rules on in-memory credentials: who a USER is, the setpriv trampoline, and how a switch goes. */
class SetUserTest {
    private static final Identity APP = new Identity("app", 1001, 1001, List.of(1001, 29, 44), Path.of("/home/app"));

    /** A passwd/group database: app (1001) is listed in audio and video, not in other. */
    private static FakeCredentials database(FakeCredentials c) {
        return c.addUser("root", 0, 0, "/root").addUser("app", 1001, 1001, "/home/app")
                .addUser("nobody", 65534, 65534, "/nonexistent")
                .addGroup("root", 0).addGroup("app", 1001).addGroup("audio", 29, "app")
                .addGroup("video", 44, "other", "app").addGroup("other", 50, "someone").addGroup("nogroup", 65534);
    }

    private static final class Harness {
        final FakeCredentials credentials;
        final FakeExec exec = new FakeExec();
        final List<String> noNewPrivs = new ArrayList<>();
        final List<List<String>> halted = new ArrayList<>();
        final SetUser setUser;

        Harness(FakeCredentials credentials, String setprivSearchPath) {
            this.credentials = database(credentials);
            FakeProcesses processes = new FakeProcesses(1) {
                @Override
                public void setNoNewPrivileges() {
                    noNewPrivs.add("prctl(PR_SET_NO_NEW_PRIVS, 1)");
                }
            };
            this.setUser = SetUser.builder().credentials(this.credentials).processes(processes).exec(exec)
                    .setprivSearchPath(setprivSearchPath).onPartialSwitch(halted::add).build();
        }

        Harness(FakeCredentials credentials) {
            this(credentials, SetUser.SETPRIV_SEARCH_PATH);
        }
    }

    // --- who -------------------------------------------------------------------------------------------------

    @Test
    void aNameGetsItsEntryAndEveryGroupListingIt() {
        SetUser s = new Harness(new FakeCredentials()).setUser;
        assertEquals(APP, s.resolve("app"));
        assertEquals(APP, s.resolve("1001"), "a uid with a passwd entry is that entry");
        assertEquals(new Identity("nobody", 65534, 65534, List.of(65534), Path.of("/nonexistent")), s.resolve("nobody"));
    }

    @Test
    void aUidWithoutEntryGetsItsOwnNumberAsGidHomeSlashAndNoGroups() {
        Identity id = new Harness(new FakeCredentials()).setUser.resolve("4242");
        assertEquals(new Identity("4242", 4242, 4242, List.of(), Path.of("/")), id);
        assertEquals(Map.of("HOME", "/", "USER", "4242", "LOGNAME", "4242", "UID", "4242"), id.environment());
    }

    @Property(tries = 200)
    void aUidWithoutEntryNeverGetsRootsGroup(@ForAll @IntRange(min = 70000) int uid) {
        Identity id = new Harness(new FakeCredentials()).setUser.resolve(Integer.toString(uid));
        assertEquals(uid, id.gid());
        assertTrue(id.groups().isEmpty());
    }

    @Test
    void anExplicitGroupIsTheGidAndTheOnlyGroup() {
        SetUser s = new Harness(new FakeCredentials()).setUser;
        assertEquals(new Identity("app", 1001, 29, List.of(), Path.of("/home/app")), s.resolve("app:audio"));
        assertEquals(new Identity("app", 1001, 7, List.of(), Path.of("/home/app")), s.resolve("app:7"));
        assertEquals(new Identity("4242", 4242, 65534, List.of(), Path.of("/")), s.resolve("4242:nogroup"));
        assertEquals(new Identity("4242", 4242, 5678, List.of(), Path.of("/")), s.resolve("4242:5678"));
    }

    @Test
    void unknownUsersAndGroupsSayWhich() {
        SetUser s = new Harness(new FakeCredentials()).setUser;
        SetUserException user = assertThrows(SetUserException.class, () -> s.resolve("ghost"));
        assertEquals(SetUserException.Reason.USER_NOT_FOUND, user.reason());
        assertEquals("user ghost not found", user.getMessage());
        SetUserException group = assertThrows(SetUserException.class, () -> s.resolve("app:ghosts"));
        assertEquals(SetUserException.Reason.GROUP_NOT_FOUND, group.reason());
        assertTrue(group.getMessage().startsWith("group ghosts not found"), group.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.resolve("a:b:c"));
    }

    @Test
    void theEnvironmentComesFromThePasswdEntry() {
        assertEquals(Map.of("HOME", "/home/app", "USER", "app", "LOGNAME", "app", "UID", "1001"), APP.environment());
    }

    @Test
    void anIdentityIsValidWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> Identity.builder().uid(5).build(), "gid is never guessed");
        assertThrows(IllegalArgumentException.class, () -> Identity.builder().uid(-1).gid(1).build());
        assertThrows(IllegalArgumentException.class, () -> Identity.builder().uid(1).gid(1).home(Path.of("rel")).build());
        assertThrows(IllegalArgumentException.class, () -> Identity.builder().uid(1).gid(1).groups(List.of(-3)).build());
        assertEquals(new Identity("7", 7, 8, List.of(), Path.of("/")), Identity.builder().uid(7).gid(8).build());
    }

    // --- the setpriv trampoline -------------------------------------------------------------------------------

    /** Fake setpriv and env in {@code dir}; returns setpriv's path. */
    private static Path fakeSetpriv(Path dir) throws IOException {
        for (String tool : List.of("env", "setpriv")) {
            Path p = Files.writeString(dir.resolve(tool), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir.resolve("setpriv");
    }

    @Test
    void aSpawnRunsThroughSetprivWithTheIdentityAndKeepsEverythingElse(@TempDir Path tmp) throws IOException {
        Path setpriv = fakeSetpriv(tmp);
        SetUser s = new Harness(new FakeCredentials(), "/no/such/dir:" + tmp).setUser;
        SpawnSpec spec = SpawnSpec.builder("sh", "-c", "echo hi").environment(Map.of("PATH", "/usr/bin:/bin", "USER", "root", "KEEP", "1"))
                .directory(tmp).stdout(Redirect.discard()).passFd(5, 7).grouping(SpawnSpec.Grouping.NEW_SESSION).build();
        SpawnSpec as = s.asUser(spec, APP);
        assertEquals(List.of(setpriv.toString(), "--reuid=1001", "--regid=1001", "--groups=1001,29,44", "--", "sh", "-c",
                "echo hi"), as.command(), "sh may be run by anyone: setpriv execs it directly");
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "KEEP", "1", "HOME", "/home/app", "USER", "app", "LOGNAME", "app",
                "UID", "1001"), as.environment());
        assertEquals(spec.directory(), as.directory());
        assertEquals(spec.stdout(), as.stdout());
        assertEquals(spec.extraFds(), as.extraFds());
        assertEquals(spec.grouping(), as.grouping());
    }

    @Test
    void noGroupsClearThemAndNoNewPrivsIsPassedOn(@TempDir Path tmp) throws IOException {
        Path setpriv = fakeSetpriv(tmp);
        SetUser s = new Harness(new FakeCredentials(), tmp.toString()).setUser;
        SpawnSpec as = s.asUser(SpawnSpec.builder("true").build(), s.resolve("4242"), SetUser.Option.NO_NEW_PRIVILEGES);
        assertEquals(List.of(setpriv.toString(), "--reuid=4242", "--regid=4242", "--clear-groups", "--no-new-privs", "--",
                "true"), as.command());
    }

    @Test
    void aMissingSetprivSaysToInstallUtilLinux(@TempDir Path tmp) {
        SetUser s = new Harness(new FakeCredentials(), tmp.toString()).setUser;
        SetUserException e = assertThrows(SetUserException.class, () -> s.asUser(SpawnSpec.builder("true").build(), APP));
        assertEquals(SetUserException.Reason.SETPRIV_NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("install util-linux"), e.getMessage());
    }

    private static Path file(Path dir, String name, String mode) throws IOException {
        Files.createDirectories(dir);
        Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void aCommandNotEveryoneMayRunGoesThroughEnvSoItIsCheckedAsTheUser(@TempDir Path tmp) throws IOException {
        Path tools = tmp.resolve("tools");
        Path setpriv = fakeSetpriv(Files.createDirectories(tools));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        SetUser s = new Harness(new FakeCredentials(), tools.toString()).setUser;
        Path env = tools.resolve("env");
        List<String> viaEnv = List.of(setpriv.toString(), "--reuid=1001", "--regid=1001", "--groups=1001,29,44", "--",
                env.toString(), "--");
        Path open = file(tmp.resolve("open"), "tool", "rwxr-xr-x");
        Files.setPosixFilePermissions(open.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(List.of(setpriv.toString(), "--reuid=1001", "--regid=1001", "--groups=1001,29,44", "--",
                open.toString()), s.asUser(SpawnSpec.builder(open.toString()).build(), APP).command(), "everyone may run it");
        for (Path p : List.of(file(tmp.resolve("open"), "owner-only", "rwx------"),
                file(tmp.resolve("open"), "group-only", "rwxr-x---"),
                file(tmp.resolve("closed"), "in-a-closed-dir", "rwxr-xr-x"))) {
            if (p.getParent().endsWith("closed")) {
                Files.setPosixFilePermissions(p.getParent(), PosixFilePermissions.fromString("rwx------"));
            }
            List<String> expected = new ArrayList<>(viaEnv);
            expected.add(p.toString());
            assertEquals(expected, s.asUser(SpawnSpec.builder(p.toString()).build(), APP).command(), p.toString());
        }
        Path link = Files.createSymbolicLink(tmp.resolve("open").resolve("link"), tmp.resolve("closed").resolve("in-a-closed-dir"));
        assertEquals(env.toString(), s.asUser(SpawnSpec.builder(link.toString()).build(), APP).command().get(5),
                "a link into a closed directory");
    }

    @Test
    void aMissingEnvIsAsClearAndACommandNamedWithEqualsIsRefused(@TempDir Path tmp) throws IOException {
        fakeSetpriv(tmp);
        Files.delete(tmp.resolve("env"));
        SetUser s = new Harness(new FakeCredentials(), tmp.toString()).setUser;
        Path ownerOnly = file(tmp, "owner-only", "rwx------");
        SetUserException e = assertThrows(SetUserException.class,
                () -> s.asUser(SpawnSpec.builder(ownerOnly.toString()).build(), APP));
        assertTrue(e.getMessage().startsWith("env not found in " + tmp), e.getMessage());
        Path odd = file(tmp, "a=b", "rwx------");
        assertThrows(IllegalArgumentException.class, () -> s.asUser(SpawnSpec.builder(odd.toString()).build(), APP));
    }

    @Test
    void aMissingCommandFailsAtOnceAsAPlainSpawnWould(@TempDir Path tmp) throws IOException {
        fakeSetpriv(tmp);
        SetUser s = new Harness(new FakeCredentials(), tmp.toString()).setUser;
        SpawnException e = assertThrows(SpawnException.class,
                () -> s.asUser(SpawnSpec.builder("no-such-command-jinit").build(), APP));
        assertEquals(127, e.shellCode());
    }

    @Test
    void withoutRootOnlyTheSameUserIsPossibleAndNeedsNoSetpriv(@TempDir Path tmp) {
        SetUser s = new Harness(new FakeCredentials(1001, 1001, List.of(1001, 29, 44)), tmp.toString()).setUser;
        SpawnSpec same = s.asUser(SpawnSpec.builder("true").build(), APP);
        assertEquals(List.of("true"), same.command());
        assertEquals("app", same.environment().get("USER"));
        SetUserException e = assertThrows(SetUserException.class,
                () -> s.asUser(SpawnSpec.builder("true").build(), s.resolve("nobody")));
        assertEquals(SetUserException.Reason.NOT_ROOT, e.reason());
    }

    // --- switching this process -------------------------------------------------------------------------------

    @Test
    void aDropSetsGroupsThenGidThenUidAndChecksEveryThread() {
        Harness h = new Harness(new FakeCredentials());
        assertEquals(APP, h.setUser.dropPrivileges(APP, SetUser.Option.NO_NEW_PRIVILEGES));
        assertEquals(List.of("setgroups([1001, 29, 44])", "setresgid(1001)", "setresuid(1001)"), h.credentials.calls());
        assertTrue(h.credentials.uids().allAre(1001));
        assertTrue(h.halted.isEmpty());
        assertEquals(List.of("prctl(PR_SET_NO_NEW_PRIVS, 1)"), h.noNewPrivs);
    }

    @Test
    void aThreadLeftBehindIsAPartialSwitchThatHalts() {
        Harness h = new Harness(new FakeCredentials().missThread(101));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.setUser.dropPrivileges(APP));
        assertEquals(1, h.halted.size(), "the partial-switch action ran once");
        List<String> diffs = h.halted.get(0);
        assertTrue(diffs.contains("thread 101 (GC Thread#0): Uid 0 0 0 0; expected 1001 1001 1001 1001"), diffs.toString());
        assertTrue(diffs.contains("thread 101 (GC Thread#0): Gid 0 0 0 0; expected 1001 1001 1001 1001"), diffs.toString());
        assertTrue(diffs.stream().anyMatch(d -> d.startsWith("thread 101 (GC Thread#0): still holds capabilities")), diffs.toString());
        assertFalse(diffs.stream().anyMatch(d -> d.startsWith("thread 100")), "thread 100 switched: " + diffs);
        assertTrue(e.getMessage().startsWith("partial switch to app"), e.getMessage());
        assertTrue(h.noNewPrivs.isEmpty());
    }

    @Test
    void aCallFailingAfterAnotherSucceededIsAPartialSwitch() {
        Harness h = new Harness(new FakeCredentials().failOn("setresuid", Errno.EAGAIN));
        assertThrows(IllegalStateException.class, () -> h.setUser.dropPrivileges(APP));
        List<String> diffs = h.halted.get(0);
        assertTrue(diffs.get(0).startsWith("setresuid(1001) failed: errno 11 (EAGAIN"), diffs.toString());
        assertTrue(diffs.contains("uids are real 0, effective 0, saved 0; expected 1001 for all three"), diffs.toString());
    }

    @Test
    void aFirstCallFailingChangesNothingAndThrowsWithoutHalting() {
        Harness h = new Harness(new FakeCredentials().failOn("setgroups", Errno.EPERM));
        NativeException e = assertThrows(NativeException.class, () -> h.setUser.dropPrivileges(APP));
        assertEquals(Errno.EPERM, e.errno());
        assertTrue(h.halted.isEmpty());
    }

    @Test
    void withoutRootADropToAnotherUserIsRefusedBeforeAnyCall() {
        Harness h = new Harness(new FakeCredentials(1000, 1000, List.of(1000)));
        SetUserException e = assertThrows(SetUserException.class, () -> h.setUser.dropPrivileges(APP));
        assertEquals(SetUserException.Reason.NOT_ROOT, e.reason());
        assertTrue(e.getMessage().startsWith("must run as root to change user: running as uid 1000, gid 1000"), e.getMessage());
        assertEquals(List.of(), h.credentials.calls());
        Harness same = new Harness(new FakeCredentials(1001, 1001, List.of(44, 29, 1001)));
        assertEquals(APP, same.setUser.dropPrivileges(APP), "already app: nothing to change, still checked");
        assertEquals(List.of(), same.credentials.calls());
    }

    @Test
    void execSwitchesThenRunsTheCommandFoundOnPathWithTheUsersEnvironment() {
        Harness h = new Harness(new FakeCredentials());
        h.setUser.exec(APP, List.of("sh", "-c", "id"), Map.of("PATH", "/usr/bin:/bin", "USER", "root", "TERM", "xterm"));
        assertEquals(List.of("setgroups([1001, 29, 44])", "setresgid(1001)", "setresuid(1001)"), h.credentials.calls());
        FakeExec.Call call = h.exec.call();
        assertTrue(call.executable().endsWith("sh") && call.executable().isAbsolute(), call.toString());
        assertEquals(List.of("sh", "-c", "id"), call.argv());
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "TERM", "xterm", "HOME", "/home/app", "USER", "app", "LOGNAME", "app",
                "UID", "1001"), call.environment());
    }

    @Test
    void execOfANonExecutableFileIs126AndNothingIsExeced(@TempDir Path tmp) throws IOException {
        Path script = Files.writeString(tmp.resolve("script"), "#!/bin/sh\n");
        Harness h = new Harness(new FakeCredentials());
        SpawnException e = assertThrows(SpawnException.class, () -> h.setUser.exec(APP, List.of(script.toString()), Map.of()));
        assertEquals(126, e.shellCode());
        assertNull(h.exec.call());
    }

    @Test
    void theBuilderNamesWhatIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SetUser.builder().build());
        assertTrue(e.getMessage().contains("credentials, processes and exec"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SetUser.builder().setprivSearchPath(" "));
    }
}
