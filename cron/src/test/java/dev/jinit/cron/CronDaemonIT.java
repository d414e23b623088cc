package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with real crontab files in a temporary root, real jobs spawned through core's spawner (and setpriv for
 * nobody), inside an {@link Init}. To avoid waiting for a real minute, the daemon's clock is the system clock shifted
 * to a few hundred milliseconds before a minute boundary; the daemon sleeps on it like on any clock. Waits are on the
 * daemon's job-finished events, with timeouts. Root only (files must belong to root; setpriv needs root).
 */
class CronDaemonIT {
    private static final Duration BEFORE_BOUNDARY = Duration.ofMillis(700);
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path tmp;
    private Path root;
    private Path out;
    private ShiftedClock clock;
    private ClockScheduler scheduler;
    private Init init;
    private CronDaemon daemon;
    private final BlockingQueue<JobFinished> finished = new LinkedBlockingQueue<>();
    private final Map<Path, String> refused = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue("0".equals(uid()),
                "needs root: crontabs must belong to root, and jobs of other users run through setpriv");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(tmp.resolve("root"));
        out = Files.createDirectories(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(root.resolve("etc/cron.d"));
        Files.createDirectories(root.resolve("var/spool/cron/crontabs"));
        clock = new ShiftedClock();
        scheduler = new ClockScheduler(clock);
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[1]).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(10));
        }
        if (init != null) {
            init.close();
        }
    }

    private void write(String path, String mode, String text) throws IOException {
        Path p = root.resolve(path);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    /** Starts the daemon with its clock just before a minute boundary. */
    private void startBeforeABoundary() throws Exception {
        startBeforeABoundary(b -> b);
    }

    /** The same, with more builder settings. */
    private void startBeforeABoundary(java.util.function.UnaryOperator<CronDaemon.Builder> more) throws Exception {
        // The init first: binding libc takes a while the first time, which must not eat the few hundred ms.
        init = Init.builder().shutdownOn(Set.of()).start();
        daemon = more.apply(CronDaemon.builder())
                .config(CronConfig.builder().root(root).zone(ZoneId.of("UTC")).build())
                .clock(clock).scheduler(c -> scheduler)
                .listener(new CronListener() {
                    @Override
                    public void jobFinished(JobFinished f) {
                        finished.add(f);
                    }

                    @Override
                    public void fileRefused(Path file, String reason) {
                        refused.put(file, reason);
                    }
                }).build();
        clock.aimBefore(BEFORE_BOUNDARY);
        daemon.start(init.context());
    }

    private static boolean readsAs(Path file, String text) {
        try {
            return Files.readString(file).equals(text);
        } catch (IOException e) {
            return false; // not there yet
        }
    }

    private JobFinished awaitFinished() throws InterruptedException {
        JobFinished f = finished.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(f, "no job finished within " + TIMEOUT_SECONDS + " s");
        return f;
    }

    @Test
    void aJobRunsAtTheNextMinuteBoundaryWithCronsEnvironmentAndStdin() throws Exception {
        Path env = out.resolve("env");
        Path in = out.resolve("in");
        write("etc/crontab", "rw-r--r--", "FOO = bar baz\n"
                + "* * * * * root echo \"$SHELL|$PATH|$HOME|$LOGNAME|$USER|$FOO|$(pwd)\" > " + env + "\n"
                + "* * * * * root cat > " + in + "%hello%world \\% done\n");
        startBeforeABoundary();
        Instant boundary = clock.boundary();
        JobFinished a = awaitFinished();
        JobFinished b = awaitFinished();
        assertTrue(a.succeeded() && b.succeeded(), a + " " + b);
        assertFalse(a.started().isBefore(boundary), a.started() + " is before the boundary " + boundary);
        String home = Files.isDirectory(Path.of("/root")) ? "/root" : "/";
        assertEquals("/bin/sh|/usr/bin:/bin|/root|root|root|bar baz|" + home + "\n", Files.readString(env));
        assertEquals("hello\nworld % done\n", Files.readString(in));
    }

    /**
     * A job that has not ended when the daemon's stop gives up waiting for it: its stdin file (the line's % text) is
     * deleted by the stop, not left in the temporary directory (it was, once per such job, before).
     */
    @Test
    void theStdinFileOfAJobStillRunningAtStopIsDeleted() throws Exception {
        Path inputs = Files.createDirectories(tmp.resolve("inputs"));
        Path started = out.resolve("started");
        write("etc/crontab", "rw-r--r--", "* * * * * root cat > " + started + "; sleep 3%some input\n");
        startBeforeABoundary(b -> b.tempDir(inputs));
        // The job's own output says it has read its stdin file: only the file system shows it, so check it, bounded.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (int i = 0; i < 100_000 && !readsAs(started, "some input\n"); i++) {
            assertTrue(System.nanoTime() < deadline, "the job did not start within " + TIMEOUT_SECONDS + " s");
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
        try (var files = Files.list(inputs)) {
            assertEquals(1, files.count(), "the job's stdin file while it runs");
        }
        daemon.stop(Duration.ofMillis(100)); // the job sleeps 3 s: still running when the stop ends
        try (var files = Files.list(inputs)) {
            assertEquals(List.of(), files.toList(), "no stdin file left after the stop");
        }
    }

    @Test
    void aUserCrontabRunsAsItsUser() throws Exception {
        Path id = out.resolve("id");
        write("var/spool/cron/crontabs/nobody", "rw-------",
                "* * * * * echo \"$(id -u) $(id -g) $HOME $LOGNAME $USER $(pwd)\" > " + id + "; echo done\n");
        startBeforeABoundary();
        JobFinished f = awaitFinished();
        assertTrue(f.succeeded(), f.toString());
        assertEquals(List.of("done"), f.output(), "the job's output is collected and logged");
        String[] pw = getent("nobody");
        assertEquals(pw[2] + " " + pw[3] + " " + pw[5] + " nobody nobody " + (Files.isDirectory(Path.of(pw[5]))
                ? pw[5] : "/") + "\n", Files.readString(id));
    }

    @Test
    void aChangedFileIsPickedUpAtTheNextMinuteWithoutARestart() throws Exception {
        Path log = out.resolve("log");
        write("etc/cron.d/job", "rw-r--r--", "* * * * * root echo one >> " + log + "\n");
        startBeforeABoundary();
        assertTrue(awaitFinished().succeeded());
        write("etc/cron.d/job", "rw-r--r--", "* * * * * root echo two >> " + log + "\n");
        clock.aimBefore(BEFORE_BOUNDARY); // the next boundary, soon
        scheduler.wake();                 // the clock was changed: sleep again on it
        assertTrue(awaitFinished().succeeded());
        assertEquals("one\ntwo\n", Files.readString(log));
    }

    @Test
    void aRefusedFileIsReportedAndItsJobsNeverRun() throws Exception {
        Path good = out.resolve("good");
        Path bad = out.resolve("bad");
        write("etc/cron.d/writable", "rw-rw-rw-", "* * * * * root touch " + bad + "\n");
        write("etc/cron.d/good", "rw-r--r--", "* * * * * root touch " + good + "\n# a bad line next\n61 * * * * root x\n");
        startBeforeABoundary();
        assertTrue(refused.get(root.resolve("etc/cron.d/writable")).startsWith("INSECURE MODE"), refused.toString());
        JobFinished f = awaitFinished();
        assertEquals(root.resolve("etc/cron.d/good") + ":1", f.id());
        assertTrue(Files.exists(good));
        assertFalse(Files.exists(bad));
        assertEquals(1, daemon.jobs().size(), "only the good file's good line is a job");
    }

    @Test
    void rebootJobsRunAtStart() throws Exception {
        Path booted = out.resolve("booted");
        write("etc/crontab", "rw-r--r--", "@reboot root echo up > " + booted + "\n");
        startBeforeABoundary();
        JobFinished f = awaitFinished();
        assertEquals(root.resolve("etc/crontab") + ":1", f.id());
        assertTrue(f.started().isBefore(clock.boundary()), "at start, not at the minute");
        assertEquals("up\n", Files.readString(booted));
    }

    private static String[] getent(String user) throws Exception {
        Process p = new ProcessBuilder("getent", "passwd", user).start();
        String line = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return line.split(":");
    }

    /** The system clock shifted by an offset that can be re-aimed at "just before the next minute boundary". */
    static final class ShiftedClock implements InstantSource {
        private volatile Duration offset = Duration.ZERO;
        private volatile Instant boundary;

        /** Shifts the clock so that it now reads {@code before} ahead of a minute boundary. */
        void aimBefore(Duration before) {
            Instant now = instant();
            Instant b = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), 60) * 60 + 60);
            if (Duration.between(now, b).compareTo(before) < 0) {
                b = b.plusSeconds(60);
            }
            Instant real = Instant.now();
            offset = Duration.between(real, b.minus(before));
            boundary = b;
        }

        Instant boundary() {
            return boundary;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
