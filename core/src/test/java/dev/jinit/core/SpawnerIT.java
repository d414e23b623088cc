package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real children through posix_spawn: exit values, clean signal state, fds, environment, groups, bad commands. */
class SpawnerIT {
    private static Init init;

    @BeforeAll
    static void start() {
        init = Init.builder().shutdownOn(Set.of()).start();
    }

    @AfterAll
    static void stop() {
        init.close();
    }

    private static ExitStatus run(SpawnSpec spec) throws Exception {
        return init.spawner().spawn(spec).onExit().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyExitCodeArrivesExactly() throws Exception {
        List<CompletableFuture<ExitStatus>> ends = new ArrayList<>();
        for (int code = 0; code < 256; code++) {
            ends.add(init.spawner().spawn(SpawnSpec.builder("sh", "-c", "exit " + code).build()).onExit());
        }
        for (int code = 0; code < 256; code++) {
            assertEquals(new ExitStatus.Exited(code), ends.get(code).get(20, TimeUnit.SECONDS), "exit " + code);
        }
    }

    @Test
    void signalDeathsArriveAsSignals() throws Exception {
        for (Signal s : List.of(Signal.TERM, Signal.KILL, Signal.INT, Signal.HUP, Signal.USR1)) {
            ExitStatus st = run(SpawnSpec.builder("sh", "-c", "kill -" + s.name() + " $$; sleep 5").build());
            assertEquals(new ExitStatus.Signaled(s.number(), false), st, s.name());
            assertEquals(128 + s.number(), st.shellCode());
        }
        // A core dump is flagged when the kernel writes one; with a core limit of 0 it is a plain death.
        ExitStatus abrt = run(SpawnSpec.builder("sh", "-c", "ulimit -c 0; kill -ABRT $$").build());
        assertEquals(new ExitStatus.Signaled(Signal.ABRT.number(), false), abrt);
    }

    @Test
    void childStartsWithEmptyMaskDefaultDispositionsAndOnlyStdio(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        // The shell lists its own fds (ls runs as its child and sees the parent's directory) and prints its mask.
        ExitStatus st = run(SpawnSpec.builder("sh", "-c", "while IFS= read -r l; do case \"$l\" in SigBlk:*|SigIgn:*) echo \"$l\";; esac; done < /proc/$$/status; ls /proc/$$/fd")
                .stdout(Redirect.file(out)).build());
        assertEquals(new ExitStatus.Exited(0), st);
        List<String> lines = Files.readAllLines(out);
        assertEquals("SigBlk:\t0000000000000000", lines.get(0));
        assertEquals("SigIgn:\t0000000000000000", lines.get(1));
        assertEquals(List.of("0", "1", "2"), lines.subList(2, lines.size()));
    }

    @Test
    void extraFdsEnvironmentAndDirectoryAreExplicit(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path passed = tmp.resolve("passed");
        try (var ch = java.nio.channels.FileChannel.open(passed, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            int fd = fdOf(ch);
            ExitStatus st = run(SpawnSpec.builder("sh", "-c", "echo via-fd >&5; pwd; echo $ONLY; env | wc -l; ls /proc/$$/fd")
                    .environment(java.util.Map.of("ONLY", "this", "PATH", "/usr/bin:/bin"))
                    .directory(tmp).passFd(5, fd).stdout(Redirect.file(out)).build());
            assertEquals(new ExitStatus.Exited(0), st);
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(tmp.toRealPath().toString(), lines.get(0));
        assertEquals("this", lines.get(1));
        assertEquals(List.of("0", "1", "2", "5"), lines.subList(3, lines.size()));
        assertEquals("via-fd", Files.readString(passed).trim());
    }

    private static int fdOf(java.nio.channels.FileChannel ch) throws IOException {
        // The fd a FileChannel holds is the newest entry in /proc/self/fd pointing at its file.
        int found = -1;
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    if (Files.readSymbolicLink(p).toString().endsWith("/passed")) {
                        found = Math.max(found, Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // the fd of the listing itself is gone already
                }
            }
        }
        assertTrue(found > 2, "fd of the channel");
        return found;
    }

    @Test
    void newProcessGroupAndSession(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Child c = init.spawner().spawn(SpawnSpec.builder("sh", "-c", "cut -d' ' -f5,6 /proc/$$/stat")
                .grouping(SpawnSpec.Grouping.NEW_PROCESS_GROUP).stdout(Redirect.file(out)).build());
        c.onExit().get(10, TimeUnit.SECONDS);
        String[] pgrpSession = Files.readString(out).trim().split(" ");
        assertEquals(Long.toString(c.pid()), pgrpSession[0], "pgrp is the child's pid");
        assertTrue(!pgrpSession[1].equals(Long.toString(c.pid())), "same session as the JVM, not a new one");
        Child s = init.spawner().spawn(SpawnSpec.builder("sh", "-c", "cut -d' ' -f5,6 /proc/$$/stat")
                .grouping(SpawnSpec.Grouping.NEW_SESSION).stdout(Redirect.file(out)).build());
        s.onExit().get(10, TimeUnit.SECONDS);
        assertEquals(s.pid() + " " + s.pid(), Files.readString(out).trim(), "pgrp and session are the child's pid");
    }

    @Test
    void missingAndNonExecutableCommandsFailLikeAShell(@TempDir Path tmp) throws IOException {
        SpawnException nf = assertThrows(SpawnException.class,
                () -> init.spawner().spawn(SpawnSpec.builder("no-such-command-jinit").build()));
        assertEquals(127, nf.shellCode());
        Path script = Files.writeString(tmp.resolve("script"), "#!/bin/sh\nexit 0\n");
        SpawnException ne = assertThrows(SpawnException.class,
                () -> init.spawner().spawn(SpawnSpec.builder(script.toString()).build()));
        assertEquals(126, ne.shellCode());
        Path noShebang = Files.writeString(tmp.resolve("noshebang"), "exit 0\n");
        noShebang.toFile().setExecutable(true);
        SpawnException nx = assertThrows(SpawnException.class,
                () -> init.spawner().spawn(SpawnSpec.builder(noShebang.toString()).build()));
        assertEquals(126, nx.shellCode());
    }
}
