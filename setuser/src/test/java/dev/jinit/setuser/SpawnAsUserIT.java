package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnException;
import dev.jinit.core.SpawnSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spawning as another user through the core spawner and setpriv, with no JVM per spawn: the same checks as
 * {@link SetUserCliIT}, for a command anyone may run (setpriv execs it) and one only the user's group may run
 * (setpriv execs env, which execs it). Each hop execs in place, so the command's pid is the spawned pid. Root only.
 */
class SpawnAsUserIT extends SpawnAsUserContract {
    private static Init init;
    private static SetUser setUser;
    private static TestUser user;

    @BeforeAll
    static void setUp() throws Exception {
        Probe.assumeRoot();
        init = Init.builder().shutdownOn(Set.of()).start();
        setUser = SetUser.ofDefaults();
        user = TestUser.create();
    }

    @AfterAll
    static void tearDown() throws Exception {
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

    /** Spawns the probe as {@code who}; returns what it saw and its pid. */
    @Override
    Probe probe(Path tmp, Identity who, long[] pid, SetUser.Option... options) throws Exception {
        Path out = tmp.resolve("out-" + System.nanoTime());
        SpawnSpec spec = SpawnSpec.builder(Probe.COMMAND).env("PATH", Probe.PATH).directory(Path.of("/"))
                .stdout(Redirect.file(out)).build();
        Child child = init.spawner().spawn(setUser.asUser(spec, who, options));
        assertEquals(new ExitStatus.Exited(0), child.onExit().get(30, TimeUnit.SECONDS), Files.readString(out));
        pid[0] = child.pid();
        return Probe.parse(Files.readAllLines(out));
    }

    @Test
    void aCommandOnlyTheUsersGroupMayRunGoesThroughEnvAndRunsJustAsClean(@TempDir Path tmp) throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A copy of the shell binary (a script would show the fd its shell reads it from).
        Path shell = Files.copy(Path.of("/bin/sh").toRealPath(), tmp.resolve("group-sh"));
        Files.setAttribute(shell, "posix:group",
                shell.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(user.group1));
        Files.setPosixFilePermissions(shell, PosixFilePermissions.fromString("rwxr-x---"));
        Identity who = setUser.resolve(user.name);
        SpawnSpec spec = setUser.asUser(SpawnSpec.builder(shell.toString(), "-c", Probe.COMMAND.get(2))
                .env("PATH", Probe.PATH).build(), who);
        assertTrue(spec.command().contains("/usr/bin/env") || spec.command().contains("/bin/env"), spec.command().toString());
        Path out = tmp.resolve("out");
        Child child = init.spawner().spawn(new SpawnSpec(spec.command(), spec.environment(), Path.of("/"), spec.stdin(),
                Redirect.file(out), spec.stderr(), spec.extraFds(), spec.grouping()));
        assertEquals(new ExitStatus.Exited(0), child.onExit().get(30, TimeUnit.SECONDS), Files.readString(out));
        Probe.parse(Files.readAllLines(out))
                .assertRunsCleanlyAs(child.pid(), user.uid, user.gid, user.allGroups(), user.home, user.name);
    }

    @Test
    void aMissingCommandFailsAt127AndOneTheUserMayNotRunExits126(@TempDir Path tmp) throws Exception {
        Identity nobody = setUser.resolve("nobody");
        SpawnException e = assertThrows(SpawnException.class,
                () -> setUser.asUser(SpawnSpec.builder("no-such-command-jinit").env("PATH", Probe.PATH).build(), nobody));
        assertEquals(127, e.shellCode());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path rootOnly = Files.writeString(tmp.resolve("root-only"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwx------"));
        Child c = init.spawner().spawn(setUser.asUser(SpawnSpec.builder(rootOnly.toString()).stderr(Redirect.discard())
                .build(), nobody));
        assertEquals(new ExitStatus.Exited(126), c.onExit().get(30, TimeUnit.SECONDS), "setpriv: permission denied");
        Child asRoot = init.spawner().spawn(setUser.asUser(SpawnSpec.builder(rootOnly.toString()).build(),
                setUser.resolve("root")));
        assertEquals(new ExitStatus.Exited(0), asRoot.onExit().get(30, TimeUnit.SECONDS));
    }
}
