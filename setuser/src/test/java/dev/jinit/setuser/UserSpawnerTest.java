package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.ChildTable;
import dev.jinit.core.FakeCredentials;
import dev.jinit.core.FakeExec;
import dev.jinit.core.FakeProcesses;
import dev.jinit.core.Natives;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.core.ThreadCredentials;
import dev.jinit.core.ThreadIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * UserSpawner's threads with a fake switch (no root): a thread that does not report the identity never spawns, one
 * thread per identity, spawns run on it, close ends them; and which mode is chosen, with which reason.
 */
class UserSpawnerTest {
    private static final Identity APP = new Identity("app", 1001, 1001, List.of(1001, 29), Path.of("/home/app"));
    private static final Identity OTHER = new Identity("other", 1002, 1002, List.of(), Path.of("/"));

    /** A tid /proc/self/task never lists, so close() waits for the Java thread alone. */
    private static final long NO_SUCH_TID = Integer.MAX_VALUE + 1L;

    private final ConcurrentLinkedQueue<String> spawnedOn = new ConcurrentLinkedQueue<>();
    private final ChildTable table = new ChildTable(new FakeProcesses(1));
    private final AtomicLong pids = new AtomicLong(1000);
    private final Spawner base = spec -> {
        spawnedOn.add(Thread.currentThread().getName() + " " + spec.command() + " " + spec.environment().get("USER"));
        return table.register(pids::incrementAndGet, false);
    };
    private final SetUser setUser = SetUser.builder().credentials(new FakeCredentials()).processes(new FakeProcesses(1))
            .exec(new FakeExec()).build();

    /** A switch that reports {@code reported(key)} as the thread's credentials afterwards. */
    private static IdentityThread.Preparation fakeSwitch(java.util.function.Function<IdentityKey, ThreadCredentials> reported) {
        return new IdentityThread.Preparation() {
            @Override
            public long beforeSwitch() {
                return -1;
            }

            @Override
            public ThreadCredentials switchTo(IdentityKey key) {
                return reported.apply(key);
            }
        };
    }

    private static ThreadCredentials as(IdentityKey k) {
        int u = k.uid();
        int g = k.gid();
        return new ThreadCredentials(NO_SUCH_TID, "jinit-spawn-as-", List.of(u, u, u, u), List.of(g, g, g, g), k.groups(), 0, 0, 0);
    }

    private UserSpawner spawner(IdentityThread.Preparation prep) {
        return new UserSpawner(setUser, base, null, prep, Duration.ofSeconds(30), UserSpawner.Mode.PER_THREAD, "test");
    }

    @Test
    void spawnsRunOnOneThreadPerIdentityWithTheIdentitysEnvironment() {
        try (UserSpawner s = spawner(fakeSwitch(UserSpawnerTest::as))) {
            s.spawn(SpawnSpec.builder("a").build(), APP);
            s.spawn(SpawnSpec.builder("b").build(), OTHER);
            // same ids under another name and home: the same thread (the environment is the caller's to choose)
            s.spawn(SpawnSpec.builder("c").build(), new Identity("1001", 1001, 1001, List.of(29, 1001), Path.of("/")));
            assertEquals(2, s.threads());
            assertEquals(List.of("jinit-spawn-as-app-1001:1001 [a] app", "jinit-spawn-as-other-1002:1002 [b] other",
                    "jinit-spawn-as-app-1001:1001 [c] 1001"), List.copyOf(spawnedOn));
            s.spawn(SpawnSpec.builder("d").build(), APP, SetUser.Option.NO_NEW_PRIVILEGES);
            assertEquals(3, s.threads(), "no-new-privs is per thread: a thread of its own");
        }
    }

    @Test
    void aThreadThatDoesNotReportTheIdentityNeverSpawnsAndEnds() {
        IdentityThread.Preparation stillRoot = fakeSwitch(k -> new ThreadCredentials(NO_SUCH_TID, "jinit-spawn-as-",
                List.of(0, 0, k.uid(), 0), List.of(k.gid(), k.gid(), k.gid(), k.gid()), k.groups(), 0, 0x1ff, 0));
        try (UserSpawner s = spawner(stillRoot)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> s.spawn(SpawnSpec.builder("a").build(), APP));
            assertTrue(e.getMessage().contains("did not switch fully"), e.getMessage());
            assertTrue(e.getMessage().contains("Uid 0 0 1001 0; expected 1001 1001 1001 1001"), e.getMessage());
            assertTrue(e.getMessage().contains("still holds capabilities"), e.getMessage());
            assertEquals(List.of(), List.copyOf(spawnedOn), "nothing spawned");
            assertEquals(0, s.threads(), "the thread ended");
        }
    }

    @Test
    void closeEndsTheThreadsAndLaterSpawnsThrow() {
        UserSpawner s = spawner(fakeSwitch(UserSpawnerTest::as));
        s.spawn(SpawnSpec.builder("a").build(), APP);
        Thread t = Thread.getAllStackTraces().keySet().stream()
                .filter(x -> x.getName().equals("jinit-spawn-as-app-1001:1001")).findFirst().orElseThrow();
        s.close();
        assertFalse(t.isAlive());
        assertEquals(0, s.threads());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.spawn(SpawnSpec.builder("b").build(), APP));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        s.close(); // idempotent
    }

    @Test
    void withoutThreadCredentialsOrRootItIsSetprivWithAReason() {
        UserSpawner noBinding = setUser.spawner(base);
        assertEquals(UserSpawner.Mode.SETPRIV, noBinding.mode());
        assertTrue(noBinding.modeReason().contains("no per-thread credentials"), noBinding.modeReason());
        if (ThreadIdentity.supported()) {
            Natives natives = Natives.load();
            SetUser notRoot = SetUser.builder().credentials(new FakeCredentials(1000, 1000, List.of()))
                    .processes(new FakeProcesses(1)).exec(new FakeExec())
                    .threadIdentity(ThreadIdentity.of(natives), natives.descriptors()).build();
            UserSpawner s = notRoot.spawner(base);
            assertEquals(UserSpawner.Mode.SETPRIV, s.mode());
            assertTrue(s.modeReason().startsWith("not root (uid 1000"), s.modeReason());
            SetUser root = SetUser.builder().credentials(new FakeCredentials()).processes(new FakeProcesses(1))
                    .exec(new FakeExec()).threadIdentity(ThreadIdentity.of(natives), natives.descriptors()).build();
            assertEquals(UserSpawner.Mode.SWITCH_PER_SPAWN, root.spawner(base).mode(), "the default when root");
            for (UserSpawner.Mode asked : UserSpawner.Mode.values()) {
                SetUser chosen = SetUser.builder().credentials(new FakeCredentials()).processes(new FakeProcesses(1))
                        .exec(new FakeExec()).threadIdentity(ThreadIdentity.of(natives), natives.descriptors())
                        .spawnerMode(asked).build();
                assertEquals(asked, chosen.spawner(base).mode());
            }
        }
    }
}
