package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Descriptors;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Redirect;
import dev.jinit.core.SpawnSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The daemon's decisions on a fake clock, in-memory files and a spawner that starts nothing: which jobs run at which
 * wake-up, reloads, refusals, {@code @reboot}, overlap, Java jobs, the specs of the spawns.
 */
class CronDaemonTest {
    private static final int ROOT = 0;
    private static final int SYSTEM_MODE = 0644;

    private static DaemonRig rig(String start) {
        return new DaemonRig(Instant.parse(start));
    }

    @Test
    void sleepsToTheNextMinuteBoundaryAndRunsThatMinutesJobs() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root echo every\n5 * * * * root echo five\n");
            r.start();
            assertEquals(Instant.parse("2024-05-01T10:01:00Z"), r.asleepUntil, "one wake-up at the next boundary");
            assertEquals(List.of(), r.spawner.commands(), "the start minute's jobs do not run (as in Vixie)");

            assertEquals(Instant.parse("2024-05-01T10:02:00Z"), r.tick("2024-05-01T10:01:00Z"));
            assertEquals(List.of("echo every"), r.spawner.commands());

            r.tick("2024-05-01T10:01:59.999Z"); // an early or spurious wake-up: same minute, nothing
            assertEquals(List.of("echo every"), r.spawner.commands());
        }
    }

    @Test
    void aLateWakeUpCatchesUpEveryMissedMinute() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root echo every\n3 * * * * root echo three\n");
            r.start();
            r.tick("2024-05-01T10:04:10Z"); // 4 minutes late: 10:01 to 10:04, in order
            assertEquals(List.of("echo every", "echo every", "echo every", "echo three", "echo every"),
                    r.spawner.commands());
        }
    }

    @Test
    void aForwardClockChangeRunsSkippedFixedTimeJobsOnceAndSkipsWildcardOnes() throws Exception {
        // New York, 2024-03-10: 02:00 EST becomes 03:00 EDT (07:00Z).
        try (DaemonRig r = new DaemonRig(Instant.parse("2024-03-10T06:59:30Z"),
                b -> b.zone(ZoneId.of("America/New_York")))) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "30 2 * * * root echo fixed\n* 2 * * * root echo wild\n");
            r.start();
            r.tick("2024-03-10T07:00:00Z");
            assertEquals(List.of("echo fixed"), r.spawner.commands());
            r.tick("2024-03-10T07:01:00Z");
            assertEquals(List.of("echo fixed"), r.spawner.commands());
        }
    }

    @Test
    void aBackwardClockChangeRunsFixedTimeJobsInTheFirstPassOnlyAndWildcardJobsInBoth() throws Exception {
        // New York, 2024-11-03: 01:59 EDT (05:59Z) is followed by 01:00 EST (06:00Z).
        try (DaemonRig r = new DaemonRig(Instant.parse("2024-11-03T04:59:30Z"),
                b -> b.zone(ZoneId.of("America/New_York")))) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "30 1 * * * root echo fixed\n*/30 1 * * * root echo wild\n");
            r.start();
            for (Instant t = Instant.parse("2024-11-03T05:00:00Z"); !t.isAfter(Instant.parse("2024-11-03T07:10:00Z"));
                    t = t.plusSeconds(60)) {
                assertEquals(t.plusSeconds(60), r.tick(t.toString()), "one wake-up a minute");
            }
            assertEquals(List.of("echo wild", "echo fixed", "echo wild", "echo wild", "echo wild"),
                    r.spawner.commands());
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheDaemon() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.daemon.addListener(new CronListener() {
                @Override
                public void jobStarted(String id, boolean skipped) {
                    throw new IllegalStateException("listener bug");
                }
            });
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root echo every\n");
            r.start();
            r.tick("2024-05-01T10:01:00Z");
            r.tick("2024-05-01T10:02:00Z");
            assertEquals(List.of("echo every", "echo every"), r.spawner.commands());
        }
    }

    @Test
    void aCommandRunsAsShellDashCWithTheCrontabsEnvironmentInputAndNewGroup() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/cron.d/job", ROOT, SYSTEM_MODE,
                    "SHELL=/bin/bash\nFOO = bar baz\n* * * * * root cat > /tmp/x%line one%line two\n");
            r.start();
            r.spawner.output = "hello\r\nworld";
            r.tick("2024-05-01T10:01:00Z");
            SpawnSpec s = r.spawner.specs.get(0);
            assertEquals(List.of("/bin/bash", "-c", "cat > /tmp/x"), s.command());
            assertEquals(Map.of("SHELL", "/bin/bash", "FOO", "bar baz", "HOME", "/root", "PATH", "/usr/bin:/bin",
                    "LOGNAME", "root", "USER", "root"), s.environment());
            assertEquals(Files.isDirectory(Path.of("/root")) ? Path.of("/root") : Path.of("/"), s.directory(),
                    "in HOME, or in / when HOME is no directory");
            Path in = ((Redirect.File) s.stdin()).path();
            assertEquals("line one\nline two\n", Files.readString(in));
            assertEquals(s.stdout(), s.stderr(), "stdout and stderr are merged");
            assertEquals(SpawnSpec.Grouping.NEW_PROCESS_GROUP, s.grouping());
            assertTrue(s.stdout() instanceof Redirect.Fd, "a pipe, read while the job runs");
            r.spawner.endAll(3);
            JobFinished f = r.awaitFinished();
            assertEquals("/etc/cron.d/job:3", f.id());
            assertEquals(new ExitStatus.Exited(3), f.status());
            assertEquals(List.of("hello", "world"), f.output(), "CR LF ends a line too, and so does the end");
            assertFalse(Files.exists(in), "the stdin file is deleted");
        }
    }

    @Test
    void aJobWithoutInputGetsAnEmptyStdin() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root true\n");
            r.start();
            r.tick("2024-05-01T10:01:00Z");
            assertEquals(Redirect.discard(), r.spawner.specs.get(0).stdin());
        }
    }

    @Test
    void anotherUsersJobRunsThroughSetprivWithTheCrontabsHome() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/var/spool/cron/crontabs/nobody", 65534, 0600, "* * * * * id -u\n");
            r.files.put("/var/spool/cron/crontabs/alice", ROOT, 0600, "HOME=/srv\n* * * * * pwd\n");
            r.start();
            r.tick("2024-05-01T10:01:00Z");
            assertEquals(2, r.spawner.specs.size());
            SpawnSpec alice = r.spawner.specs.get(0);
            SpawnSpec nobody = r.spawner.specs.get(1);
            assertTrue(nobody.command().get(0).endsWith("setpriv"), nobody.command().toString());
            assertTrue(nobody.command().contains("--reuid=65534"), nobody.command().toString());
            assertEquals(List.of("/bin/sh", "-c", "id -u"),
                    nobody.command().subList(nobody.command().size() - 3, nobody.command().size()));
            assertEquals("nobody", nobody.environment().get("USER"));
            assertEquals("nobody", nobody.environment().get("LOGNAME"));
            assertEquals("/nonexistent", nobody.environment().get("HOME"));
            assertFalse(nobody.environment().containsKey("UID"), "cron sets no UID variable");
            assertTrue(alice.command().contains("--reuid=1000"), alice.command().toString());
            assertEquals("/srv", alice.environment().get("HOME"), "the crontab's HOME wins over passwd's");
        }
    }

    @Test
    void aChangedFileIsReadAgainAtTheNextMinuteAndARemovedOneDropsItsJobs() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/cron.d/a", ROOT, SYSTEM_MODE, "* * * * * root echo old\n");
            r.start();
            r.tick("2024-05-01T10:01:00Z");
            r.files.put("/etc/cron.d/a", ROOT, SYSTEM_MODE, "* * * * * root echo new\n");
            r.files.put("/etc/cron.d/b", ROOT, SYSTEM_MODE, "* * * * * root echo added\n");
            r.tick("2024-05-01T10:02:00Z");
            assertEquals(List.of("echo old", "echo new", "echo added"), r.spawner.commands());
            r.drain(Object.class);
            r.files.remove("/etc/cron.d/a");
            r.tick("2024-05-01T10:03:00Z");
            assertEquals(List.of("echo old", "echo new", "echo added", "echo added"), r.spawner.commands());
            assertEquals(List.of(new DaemonRig.Removed(Path.of("/etc/cron.d/a"))), r.drain(DaemonRig.Removed.class));
        }
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root true\n");
            r.start();
            assertEquals(1, r.drain(DaemonRig.Loaded.class).size());
            r.tick("2024-05-01T10:01:00Z");
            r.tick("2024-05-01T10:02:00Z");
            assertEquals(0, r.drain(DaemonRig.Loaded.class).size());
        }
    }

    @Test
    void filesWithTheWrongOwnerOrModeAreRefusedOnceEachAndTheirJobsNeverRun() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/cron.d/theirs", 1000, SYSTEM_MODE, "* * * * * root echo theirs\n");
            r.files.put("/etc/cron.d/writable", ROOT, 0664, "* * * * * root echo writable\n");
            r.files.put("/etc/cron.d/skipped.dpkg-old", ROOT, SYSTEM_MODE, "* * * * * root echo dotted\n");
            r.files.put("/var/spool/cron/crontabs/alice", 1000, 0644, "* * * * * echo alice\n");
            r.files.put("/var/spool/cron/crontabs/ghost", ROOT, 0600, "* * * * * echo ghost\n");
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root echo good\n");
            r.start();
            r.tick("2024-05-01T10:01:00Z");
            r.tick("2024-05-01T10:02:00Z");
            assertEquals(List.of("echo good", "echo good"), r.spawner.commands());
            List<DaemonRig.Refused> refused = r.drain(DaemonRig.Refused.class);
            assertEquals(4, refused.size(), refused.toString());
            assertTrue(refused.get(0).reason().startsWith("WRONG FILE OWNER"), refused.toString());
            assertEquals(Path.of("/etc/cron.d/theirs"), refused.get(0).file());
            assertTrue(refused.get(1).reason().startsWith("INSECURE MODE"), refused.toString());
            assertTrue(refused.get(2).reason().startsWith("BAD FILE MODE"), refused.toString());
            assertTrue(refused.get(3).reason().startsWith("ORPHAN"), refused.toString());

            r.files.put("/etc/cron.d/writable", ROOT, 0644, "* * * * * root echo writable\n"); // fixed
            r.tick("2024-05-01T10:03:00Z");
            assertEquals(List.of("echo good", "echo good", "echo good", "echo writable"), r.spawner.commands());
        }
    }

    @Test
    void badLinesAreReportedAsFileAndLineAndTheRestRuns() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE,
                    "* * * * * root echo one\n61 * * * * root echo bad\n* * * * * nosuchuser echo x\n"
                            + "* * * * * root echo two\n");
            r.start();
            DaemonRig.Loaded loaded = r.drain(DaemonRig.Loaded.class).get(0);
            assertEquals(2, loaded.crontab().problems().size());
            assertTrue(loaded.crontab().problems().get(0).toString().startsWith("/etc/crontab:2: "),
                    loaded.crontab().problems().toString());
            assertTrue(loaded.crontab().problems().get(1).toString().startsWith("/etc/crontab:3: "),
                    loaded.crontab().problems().toString());
            r.tick("2024-05-01T10:01:00Z");
            assertEquals(List.of("echo one", "echo two"), r.spawner.commands());
        }
    }

    @Test
    void rebootJobsRunOncePerStart() throws Exception {
        String crontab = "@reboot root echo booted\n";
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, crontab);
            r.start();
            assertEquals(List.of("echo booted"), r.spawner.commands());
            r.tick("2024-05-01T10:01:00Z");
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, crontab + "# touched\n"); // a reload is no reboot
            r.tick("2024-05-01T10:02:00Z");
            assertEquals(List.of("echo booted"), r.spawner.commands());
            assertThrows(IllegalStateException.class, () -> r.daemon.start(r.spawner));
        }
        try (DaemonRig again = rig("2024-05-01T10:05:30Z")) {
            again.files.put("/etc/crontab", ROOT, SYSTEM_MODE, crontab);
            again.start();
            assertEquals(List.of("echo booted"), again.spawner.commands(), "a new start runs them again");
        }
    }

    @Test
    void overlappingRunsStartByDefaultAsInVixie() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root sleep 600\n");
            r.start();
            r.tick("2024-05-01T10:01:00Z");
            r.tick("2024-05-01T10:02:00Z");
            assertEquals(2, r.spawner.specs.size());
            assertEquals(2, r.daemon.jobs().get(0).running());
        }
    }

    @Test
    void overlapSkipSkipsWhileThePreviousRunIsGoing() throws Exception {
        try (DaemonRig r = new DaemonRig(Instant.parse("2024-05-01T10:00:30Z"),
                b -> b.overlap(OverlapPolicy.SKIP))) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root sleep 600\n");
            r.start();
            r.tick("2024-05-01T10:01:00Z");
            r.tick("2024-05-01T10:02:00Z");
            assertEquals(1, r.spawner.specs.size());
            assertEquals(List.of(new DaemonRig.Started("/etc/crontab:1", false),
                    new DaemonRig.Started("/etc/crontab:1", true)), r.drain(DaemonRig.Started.class));
            r.spawner.endAll(0);
            r.awaitFinished();
            r.tick("2024-05-01T10:03:00Z");
            assertEquals(2, r.spawner.specs.size(), "runs again once the previous run has ended");
        }
    }

    @Test
    void theOutputIsBoundAtTheFirstCommandJobNotAtTheStart() throws Exception {
        // The descriptors (pipes, poll) and the syslog client cost ~30 ms of my_init's start when bound there.
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Descriptors recording = (Descriptors) java.lang.reflect.Proxy.newProxyInstance(
                Descriptors.class.getClassLoader(), new Class<?>[]{Descriptors.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    throw new UnsupportedOperationException("no " + method.getName() + " here");
                });
        try (DaemonRig r = new DaemonRig(Instant.parse("2024-05-01T10:00:30Z"), c -> { },
                d -> d.descriptors(recording))) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "*/15 * * * * root echo later\n");
            r.start();
            assertEquals(List.of(), calls, "nothing bound while no job has run");
            assertEquals("output: 0 lines sent to /nonexistent/jinit-cron-test/log, 0 to the fallback",
                    r.daemon.status().lines().get(1));
            r.tick("2024-05-01T10:15:00Z");
            JobFinished f = r.awaitFinished();
            assertEquals(List.of("pipe"), calls, "the first job asks for its output pipe");
            assertEquals(1, f.status().shellCode(), "this fake's pipe fails, so the job could not start");
        }
    }

    @Test
    void statusHasOneLinePerJobWithItsNextRunStateAndLastExitThenTheOutputCounters() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "*/15 * * * * root sleep 600\n@reboot root true\n"
                    + "0 0 30 2 * root never\n");
            r.daemon.addJavaJob("nightly", "@daily", OverlapPolicy.SKIP, () -> { });
            r.start();
            r.spawner.endAll(0); // the @reboot job
            assertEquals("/etc/crontab:2", r.awaitFinished().id());
            r.clock.set(Instant.parse("2024-05-01T10:14:00Z"));
            assertEquals(List.of(
                    "/etc/crontab:1 root '*/15 * * * *' next 2024-05-01T10:15:00Z idle, never run",
                    "/etc/crontab:2 root '@reboot' next never idle, last exit 0",
                    "/etc/crontab:3 root '0 0 30 2 *' next never idle, never run",
                    "nightly - '0 0 * * *' next 2024-05-02T00:00:00Z idle, never run",
                    "output: 0 lines sent to /nonexistent/jinit-cron-test/log, 0 to the fallback"),
                    r.daemon.status().lines());
            r.tick("2024-05-01T10:15:00Z");
            assertEquals("/etc/crontab:1 root '*/15 * * * *' next 2024-05-01T10:30:00Z running, never run",
                    r.daemon.status().lines().get(0));
            r.spawner.endAll(143);
            r.awaitFinished();
            assertEquals("/etc/crontab:1 root '*/15 * * * *' next 2024-05-01T10:30:00Z idle, last exit 143",
                    r.daemon.status().lines().get(0));
            assertTrue(r.daemon.status().healthy());
            assertEquals("cron", r.daemon.status().component());
        }
    }

    @Test
    void javaJobsRunOnThePoolAndReportTheirEnd() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            CountDownLatch ran = new CountDownLatch(1);
            String[] thread = new String[1];
            r.daemon.addJavaJob("tick", "*/2 * * * *", OverlapPolicy.ALLOW, () -> {
                thread[0] = Thread.currentThread().getName();
                ran.countDown();
            });
            r.daemon.addJavaJob("boom", "1 * * * *", OverlapPolicy.ALLOW, () -> {
                throw new IllegalStateException("boom");
            });
            r.start();
            r.tick("2024-05-01T10:01:00Z");
            JobFinished boom = r.awaitFinished();
            assertEquals("boom", boom.id());
            assertEquals(new ExitStatus.Exited(1), boom.status());
            assertEquals("boom", boom.failure().orElseThrow().getMessage());
            r.tick("2024-05-01T10:02:00Z");
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            assertTrue(thread[0].startsWith("jinit-cron-job-"), thread[0]);
            JobFinished tick = r.awaitFinished();
            assertEquals("tick", tick.id());
            assertTrue(tick.succeeded());
            assertEquals(List.of(), r.spawner.specs, "Java jobs spawn nothing");
            assertThrows(IllegalArgumentException.class,
                    () -> r.daemon.addJavaJob("tick", "* * * * *", OverlapPolicy.ALLOW, () -> { }));
            assertThrows(CronSyntaxException.class,
                    () -> r.daemon.addJavaJob("bad", "* * *", OverlapPolicy.ALLOW, () -> { }));
        }
    }

    @Test
    void aRebootJobAddedAfterTheStartRunsOnceWhenAdded() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            r.daemon.addJavaJob("before", "@reboot", OverlapPolicy.SKIP, () -> { });
            r.start();
            assertEquals("before", r.awaitFinished().id(), "added before the start: runs at the start");
            r.daemon.addJavaJob("late", "@reboot", OverlapPolicy.SKIP, runs::incrementAndGet);
            JobFinished late = r.awaitFinished();
            assertEquals("late", late.id());
            assertTrue(late.succeeded());
            r.daemon.addCommandJob("late-command", "@reboot root echo late", OverlapPolicy.SKIP);
            assertEquals(List.of("echo late"), r.spawner.commands());
            r.tick("2024-05-01T10:01:00Z");
            r.tick("2024-05-01T10:02:00Z");
            assertEquals(1, runs.get(), "once, not at every minute");
            assertEquals(List.of("echo late"), r.spawner.commands());
            r.daemon.addJavaJob("minutely", "* * * * *", OverlapPolicy.SKIP, () -> { });
            assertEquals(List.of(), r.drain(JobFinished.class), "an expression job waits for its minute");
        }
    }

    @Test
    void commandJobsCanBeAddedInCodeAsCrontabLines() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.start();
            r.daemon.addCommandJob("backup", "*/5 * * * * nobody run-backup%x", OverlapPolicy.SKIP);
            assertThrows(IllegalArgumentException.class,
                    () -> r.daemon.addCommandJob("broken", "61 * * * * root x", OverlapPolicy.ALLOW));
            r.tick("2024-05-01T10:01:00Z");
            assertEquals(List.of(), r.spawner.specs);
            r.tick("2024-05-01T10:05:00Z"); // 10:02 to 10:05 caught up (late): 10:05 matches
            assertEquals(1, r.spawner.specs.size());
            assertTrue(r.spawner.specs.get(0).command().contains("--reuid=65534"));
            assertTrue(r.daemon.removeJob("backup"));
            assertFalse(r.daemon.removeJob("backup"));
        }
    }

    @Test
    void jobsAreListedWithTheirNextRun() throws Exception {
        try (DaemonRig r = rig("2024-05-01T10:00:30Z")) {
            r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "@reboot root echo b\n15 10 * * * root echo c\n");
            r.daemon.addJavaJob("j", "@hourly", OverlapPolicy.ALLOW, () -> { });
            r.start();
            List<JobInfo> jobs = r.daemon.jobs();
            assertEquals(List.of("/etc/crontab:1", "/etc/crontab:2", "j"), jobs.stream().map(JobInfo::id).toList());
            assertEquals(java.util.Optional.empty(), jobs.get(0).next());
            assertEquals(Instant.parse("2024-05-01T10:15:00Z"), jobs.get(1).next().orElseThrow());
            assertEquals(Instant.parse("2024-05-01T11:00:00Z"), jobs.get(2).next().orElseThrow());
            assertEquals(JobInfo.Kind.JAVA, jobs.get(2).kind());
            assertEquals(java.util.Optional.of("root"), jobs.get(1).user());
            assertEquals("echo c", jobs.get(1).description());
        }
    }

    @Test
    void stopStopsSchedulingAndWaitsForRunningJobsUpToTheTimeout() throws Exception {
        DaemonRig r = rig("2024-05-01T10:00:30Z");
        r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root sleep 600\n");
        r.start();
        r.tick("2024-05-01T10:01:00Z");
        long t0 = System.nanoTime();
        r.daemon.stop(Duration.ofMillis(200)); // the job never ends
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(took >= 150 && took < 5000, "stop took " + took + " ms");
        r.daemon.stop(Duration.ofMillis(200)); // idempotent
    }

    @Test
    void stopReturnsOnceTheRunningJobsHaveEnded() throws Exception {
        DaemonRig r = rig("2024-05-01T10:00:30Z");
        r.files.put("/etc/crontab", ROOT, SYSTEM_MODE, "* * * * * root sleep 1\n");
        r.start();
        r.tick("2024-05-01T10:01:00Z");
        Thread ender = new Thread(() -> r.spawner.endAll(0));
        ender.start();
        long t0 = System.nanoTime();
        r.daemon.stop(Duration.ofSeconds(30));
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 10);
        ender.join();
        assertEquals(0, r.daemon.jobs().get(0).running());
    }
}
