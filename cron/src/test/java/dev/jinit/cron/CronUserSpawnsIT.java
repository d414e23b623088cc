package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.setuser.StatusProbe;
import dev.jinit.setuser.UserSpawner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Jobs of nobody's crontab run by a daemon with {@code userSpawns(SWITCH_PER_SPAWN)} (and PER_THREAD), inside an
 * {@link Init}: two {@code @reboot} jobs (so no minute is waited for; two spawns through the daemon's one spawner)
 * report, from their shell's own {@code /proc/self/status} read with builtins only (dash blocks every signal around
 * the vfork of a non-final command), their ids, groups, mask, ignored signals, capabilities, environment and fds on
 * stdout, which the daemon collects. While the daemon runs in SWITCH_PER_SPAWN there is one spawn thread; after its
 * stop, none. Root only.
 */
class CronUserSpawnsIT {
    private static final long TIMEOUT_SECONDS = 30;
    /** The job: its report (no '%': cron's), on stdout, which the daemon collects. */
    private static final String PROBE = StatusProbe.SCRIPT;

    private Path root;
    private Init init;
    private CronDaemon daemon;
    private final BlockingQueue<JobFinished> finished = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")),
                "needs root: crontabs must belong to root, and jobs of other users need root to switch");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc/cron.d"));
        Files.createDirectories(root.resolve("var/spool/cron/crontabs"));
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

    @ParameterizedTest
    @EnumSource(value = UserSpawner.Mode.class, names = {"SWITCH_PER_SPAWN", "PER_THREAD"})
    void jobsOfAnotherUserRunCleanlyAsThatUser(UserSpawner.Mode mode) throws Exception {
        Path tab = root.resolve("var/spool/cron/crontabs/nobody");
        Files.writeString(tab, "@reboot " + PROBE + "\n@reboot " + PROBE + "\n");
        Files.setPosixFilePermissions(tab, PosixFilePermissions.fromString("rw-------"));
        init = Init.builder().shutdownOn(Set.of()).start();
        daemon = CronDaemon.builder().config(CronConfig.builder().root(root).zone(ZoneId.of("UTC")).build())
                .userSpawns(mode).listener(new CronListener() {
                    @Override
                    public void jobFinished(JobFinished f) {
                        finished.add(f);
                    }
                }).build();
        assertEquals(mode, daemon.userSpawns());
        daemon.start(init.context());

        String[] pw = StatusProbe.run("getent", "passwd", "nobody").strip().split(":", -1);
        int uid = Integer.parseInt(pw[2]);
        int gid = Integer.parseInt(pw[3]);
        Set<Integer> groups = new TreeSet<>(StatusProbe.ints(StatusProbe.run("id", "-G", "nobody")));
        for (int i = 0; i < 2; i++) {
            JobFinished f = finished.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(f, "job " + (i + 1) + " of 2 did not finish within " + TIMEOUT_SECONDS + " s");
            assertTrue(f.succeeded(), f.toString());
            StatusProbe probe = StatusProbe.parse(f.output());
            probe.assertRunsCleanlyAs("nobody", uid, gid, groups, pw[5]);
            assertEquals(Integer.toString(uid), probe.get("UID"), "UID is set, as bin/setuser sets it: "
                    + probe.describe());
        }
        if (mode == UserSpawner.Mode.SWITCH_PER_SPAWN) {
            // the switching thread is kept between spawns: its presence shows the fast path was taken (setpriv has none)
            List<String> threads = StatusProbe.spawnThreads();
            assertEquals(1, threads.size(), "one spawn thread of the daemon: " + threads);
        }
        daemon.stop(Duration.ofSeconds(10));
        daemon = null;
        assertEquals(List.of(), StatusProbe.spawnThreads(), "no spawn thread is left after the stop");
    }
}
