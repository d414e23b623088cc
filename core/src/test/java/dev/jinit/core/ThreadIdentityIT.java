package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One thread switched alone with raw syscalls: its own /proc status shows the new ids and no capability, the rest
 * of the JVM stays root, it cannot go back, and a child posix_spawn starts on it runs as the new ids. Root only.
 * No test here switches the whole process (glibc would abort on the switched threads: see {@link ThreadIdentity}).
 */
class ThreadIdentityIT {
    private static final int NOBODY = 65534;
    private static final int EXTRA_GROUP = 4_000_123;
    private static Natives natives;
    private static Init init;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(ThreadIdentity.supported(), "no syscall numbers for " + System.getProperty("os.arch"));
        natives = Natives.load();
        Assumptions.assumeTrue(natives.credentials().uids().effective() == 0, "switching a thread needs root (CI is root)");
        init = Init.builder().shutdownOn(Set.of()).start();
    }

    @AfterAll
    static void stop() {
        if (init != null) {
            init.close();
        }
    }

    /** Runs {@code body} on a new thread that first switches to nobody with one extra group. */
    private static <T> T onSwitchedThread(java.util.function.Function<ThreadIdentity, T> body) throws Exception {
        ThreadIdentity ids = ThreadIdentity.of(natives);
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ids.blockSignalsOfCallingThread();
                ids.switchCallingThread(NOBODY, NOBODY, List.of(NOBODY, EXTRA_GROUP));
                result.complete(body.apply(ids));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "jinit-test-switched-thread");
        t.start();
        T out = result.get(30, TimeUnit.SECONDS);
        t.join(TimeUnit.SECONDS.toMillis(30));
        return out;
    }

    /**
     * The switch-per-spawn path's thread: while switched with root kept as saved uid, a child it spawns as nobody
     * (a process of that user, run while the thread is still switched: the thread waits for its end) may not
     * prlimit it (all three uids must match), nor renice it or pin it to a CPU (commoncap's cap_safe_nice: the
     * thread's permitted capabilities, kept by the saved uid 0, are not a subset of the caller's). Back at root the
     * thread has root's ids, groups and capabilities, and {@link ThreadIdentity.Scheduling#restore()} puts back a
     * nice value and affinity changed meanwhile (here by root, the only one who can).
     */
    @Test
    void aThreadSwitchedKeepingRootGoesBackAndGetsItsNiceAndAffinityBack() throws Exception {
        ThreadIdentity ids = ThreadIdentity.of(natives);
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ThreadCredentials before = ids.callingThread();
                String tid = Long.toString(before.tid());
                ThreadIdentity.Scheduling saved = ids.saveScheduling();
                String niceBefore = nice();
                String cpusBefore = cpus();
                ids.enterKeepingRoot(NOBODY, NOBODY, List.of(NOBODY));
                String whileSwitched;
                try {
                    whileSwitched = runAsThisThread("id -u;"
                            + " renice -n 7 -p " + tid + " >/dev/null 2>&1 || echo renice-refused;"
                            + " taskset -p -c 0 " + tid + " >/dev/null 2>&1 || echo taskset-refused;"
                            + " prlimit --pid " + tid + " --nofile >/dev/null 2>&1 || echo prlimit-refused");
                } finally {
                    ids.returnToRoot(before.groups());
                }
                String asRoot = runAsThisThread("renice -n 7 -p " + tid + " >/dev/null && echo reniced;"
                        + (Runtime.getRuntime().availableProcessors() > 1
                        ? " taskset -p -c 0 " + tid + " >/dev/null && echo pinned" : " echo pinned"));
                String niceSwitched = nice();
                String cpusSwitched = cpus();
                saved.restore();
                ThreadCredentials after = ids.callingThread();
                result.complete(List.of(whileSwitched + "|" + asRoot, niceBefore + " " + cpusBefore, niceSwitched + " " + cpusSwitched,
                        nice() + " " + cpus(), after.uids() + " " + after.gids() + " " + after.groups() + " "
                                + (after.capEff() == before.capEff()), before.groups().toString()));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "jinit-test-keep-root");
        t.start();
        List<String> r = result.get(60, TimeUnit.SECONDS);
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(NOBODY + " renice-refused taskset-refused prlimit-refused|reniced pinned",
                r.get(0).replace('\n', ' ').replace(" |", "|").trim(), r.toString());
        assertTrue(r.get(2).startsWith("7 "), "root's renice took: " + r);
        assertEquals(r.get(1), r.get(3), "nice and affinity back: " + r);
        assertEquals("[0, 0, 0, 0] [0, 0, 0, 0] " + r.get(5) + " true", r.get(4), r.toString());
    }

    /** Runs {@code script} with sh, spawned on the calling thread (its credentials), and returns its stdout. */
    private static String runAsThisThread(String script) {
        try {
            Path out = Files.createTempFile("jinit-keep-root", ".out");
            Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            try {
                Child c = init.spawner().spawn(SpawnSpec.builder("sh", "-c", "{ " + script + "; } > " + out)
                        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").directory(Path.of("/")).build());
                c.onExit().get(30, TimeUnit.SECONDS);
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The calling thread's nice value (field 19 of its stat). */
    private static String nice() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
    }

    private static String cpus() throws java.io.IOException {
        return Files.readString(Path.of("/proc/thread-self/status")).lines()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
    }

    @Test
    void theSwitchedThreadAloneHasTheNewIdsAndNoCapability() throws Exception {
        ThreadCredentials after = onSwitchedThread(ThreadIdentity::callingThread);
        assertEquals(List.of(NOBODY, NOBODY, NOBODY, NOBODY), after.uids(), after.toString());
        assertEquals(List.of(NOBODY, NOBODY, NOBODY, NOBODY), after.gids(), after.toString());
        assertEquals(Set.of(NOBODY, EXTRA_GROUP), Set.copyOf(after.groups()), after.toString());
        assertEquals(0, after.capPrm(), after.toString());
        assertEquals(0, after.capEff(), after.toString());
        assertEquals("jinit-test-swit", after.name(), "the tid read is this thread's own (comm is 15 chars): " + after);
        assertTrue(natives.credentials().uids().allAre(0), "the process (and this thread) is still root");
        assertNotEquals(0, ThreadIdentity.of(natives).callingThread().capEff(), "this thread kept its capabilities");
    }

    @Test
    void theBlockedSignalsLeaveOutGlibcsAndTheFaultsHotSpotHandles() throws Exception {
        String status = onSwitchedThread(ids -> {
            try {
                return Files.readString(Path.of("/proc/thread-self/status"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String blk = status.lines().filter(l -> l.startsWith("SigBlk:")).findFirst().orElseThrow().substring(7).trim();
        long mask = Long.parseUnsignedLong(blk, 16);
        for (int sig : new int[] {4, 5, 7, 8, 11, 31, 32, 33}) {
            assertEquals(0, mask & (1L << (sig - 1)), "signal " + sig + " must not be blocked: " + blk);
        }
        for (int sig : new int[] {1, 2, 3, 10, 12, 15, 17, 34, 64}) {
            assertNotEquals(0, mask & (1L << (sig - 1)), "signal " + sig + " blocked: " + blk);
        }
    }

    /**
     * A blocked SIGSEGV would kill the JVM the first time compiled code on the switched thread meets an armed
     * safepoint poll (a fault on the polling page): run a hot loop there while this thread forces safepoints.
     */
    @Test
    void javaCodeOnTheSwitchedThreadSurvivesSafepoints() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Long> spun = CompletableFuture.supplyAsync(() -> {
            try {
                return onSwitchedThread(ids -> {
                    long s = 0;
                    for (long i = 0; i < 20_000_000_000L && !done.get(); i++) {
                        s += i ^ (s >>> 3);
                    }
                    return s;
                });
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        for (int i = 0; i < 200; i++) {
            System.gc(); // a safepoint: every thread running compiled code must hit its poll
        }
        done.set(true);
        spun.get(60, TimeUnit.SECONDS);
    }

    @Test
    void theSwitchedThreadCannotGoBackToRoot() throws Exception {
        NativeException e = onSwitchedThread(ids -> assertThrows(NativeException.class,
                () -> ids.switchCallingThread(0, 0, List.of())));
        assertEquals(Errno.EPERM, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains("setgroups"), e.getMessage());
    }

    @Test
    void aChildSpawnedOnTheSwitchedThreadRunsAsItsIds() throws Exception {
        Path out = Files.createTempFile("jinit-thread-identity", ".txt");
        try {
            Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            Child child = onSwitchedThread(ids -> init.spawner().spawn(SpawnSpec.builder("sh", "-c",
                    "grep -E '^(Uid|Gid|Groups|CapPrm|CapEff|SigBlk):' /proc/$$/status > " + out).build()));
            assertEquals(new ExitStatus.Exited(0), child.onExit().get(30, TimeUnit.SECONDS));
            String status = Files.readString(out);
            assertTrue(status.matches("(?s).*Uid:\\s+65534\\s+65534\\s+65534\\s+65534\\n.*"), status);
            assertTrue(status.matches("(?s).*Gid:\\s+65534\\s+65534\\s+65534\\s+65534\\n.*"), status);
            assertTrue(status.matches("(?s).*Groups:\\s+65534 4000123\\s*\\n.*"), status);
            assertTrue(status.contains("CapPrm:\t0000000000000000"), status);
            assertTrue(status.contains("CapEff:\t0000000000000000"), status);
            assertTrue(status.contains("SigBlk:\t0000000000000000"), "the spawner empties the mask: " + status);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
