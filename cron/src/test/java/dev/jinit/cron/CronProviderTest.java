package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.setuser.UserSpawner;
import dev.jinit.setuser.UserSpawnsProperty;
import dev.jinit.spi.Context;
import dev.jinit.spi.FakeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code Init.run()} gets from the cron module: a daemon reading the crontabs under the root, when one exists or
 * a {@link CronJobSource} offers jobs; {@code -Djinit.cron} overrides. The daemon is only built, never started here.
 */
class CronProviderTest {
    private final String before = System.getProperty("jinit.cron");
    private final String spawnsBefore = System.getProperty(UserSpawnsProperty.NAME);

    @TempDir
    Path root;

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("jinit.cron");
        } else {
            System.setProperty("jinit.cron", before);
        }
        if (spawnsBefore == null) {
            System.clearProperty(UserSpawnsProperty.NAME);
        } else {
            System.setProperty(UserSpawnsProperty.NAME, spawnsBefore);
        }
    }

    static final class Reports implements CronJobSource {
        @Override
        public List<JavaJob> jobs(Context context) {
            return List.of(JavaJob.of("report", "0 * * * *", OverlapPolicy.SKIP, () -> { }),
                    JavaJob.of("hello", "@reboot", OverlapPolicy.SKIP, () -> { }));
        }
    }

    static final class AlsoReport implements CronJobSource {
        @Override
        public List<JavaJob> jobs(Context context) {
            return List.of(JavaJob.of("report", "@daily", OverlapPolicy.ALLOW, () -> { }));
        }
    }

    @Test
    void trueOffersCronWithoutCrontabsAndFalseNeverOffersIt() throws Exception {
        System.setProperty("jinit.cron", "true");
        assertTrue(new CronProvider().createDefault(new FakeContext(root)).isPresent());
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/crontab"), "");
        System.setProperty("jinit.cron", "false");
        assertFalse(new CronProvider().createDefault(new FakeContext(root)).isPresent());
    }

    @Test
    void theCrontabsAndTheSyslogSocketAreThoseUnderTheRoot() throws Exception {
        assertEquals(Optional.empty(), CronProvider.create(new FakeContext(root), List.of(), false));
        Files.createDirectories(root.resolve("etc/cron.d"));
        Files.writeString(root.resolve("etc/cron.d/backup"), "");
        CronDaemon d = (CronDaemon) CronProvider.create(new FakeContext(root), List.of(), false).orElseThrow();
        assertEquals(root.resolve("etc/crontab"), d.config().crontabPath());
        assertEquals(root.resolve("etc/cron.d"), d.config().cronDirPath());
        assertEquals(root.resolve("var/spool/cron/crontabs"), d.config().spoolPath());
        assertEquals(root.resolve("dev/log"), d.config().syslogSocket());
    }

    @Test
    void jobsFromSourcesMakeADaemonWithoutCrontabs() {
        CronDaemon d = (CronDaemon) CronProvider.create(new FakeContext(root), List.of(new Reports()), false)
                .orElseThrow();
        assertEquals(List.of("report", "hello"), d.jobs().stream().map(JobInfo::id).toList());
        assertEquals(List.of(JobInfo.Kind.JAVA, JobInfo.Kind.JAVA), d.jobs().stream().map(JobInfo::kind).toList());
        assertEquals(Optional.empty(), CronProvider.create(new FakeContext(root), List.of(c -> List.of()), false));
    }

    @Test
    void anIdTwiceIsAnErrorNamingBothSources() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CronProvider.create(new FakeContext(root), List.of(new Reports(), new AlsoReport()), false));
        assertEquals("cron job 'report' is defined twice: by " + Reports.class.getName() + " (a CronJobSource) and by "
                + AlsoReport.class.getName() + " (a CronJobSource); rename one of them", e.getMessage());
    }

    @Test
    void aFailingSourceIsAnErrorNamingIt() {
        CronJobSource broken = c -> {
            throw new IllegalStateException("no schedule configured");
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CronProvider.create(new FakeContext(root), List.of(broken), false));
        assertTrue(e.getMessage().startsWith(broken.getClass().getName() + " (a CronJobSource) failed: ")
                && e.getMessage().contains("no schedule configured"), e.getMessage());
    }

    @Test
    void aJavaJobChecksItsIdAndExpressionWhereItIsMade() {
        assertThrows(IllegalArgumentException.class, () -> JavaJob.of("", "@daily", OverlapPolicy.SKIP, () -> { }));
        CronSyntaxException bad = assertThrows(CronSyntaxException.class,
                () -> JavaJob.of("x", "61 * * * *", OverlapPolicy.SKIP, () -> { }));
        assertTrue(bad.getMessage().contains("minute"), bad.getMessage());
        assertThrows(NullPointerException.class, () -> new JavaJob("x", "@daily", OverlapPolicy.SKIP, null));
    }

    @Test
    void thePropertyChoosesHowJobsOfOtherUsersStartAndABadValueFailsTheStartNamingIt() {
        System.setProperty("jinit.cron", "true");
        System.clearProperty(UserSpawnsProperty.NAME);
        assertEquals(UserSpawner.Mode.SETPRIV, defaultDaemon().userSpawns(), "setpriv unless asked");
        System.setProperty(UserSpawnsProperty.NAME, "switch-per-spawn");
        assertEquals(UserSpawner.Mode.SWITCH_PER_SPAWN, defaultDaemon().userSpawns());
        System.setProperty(UserSpawnsProperty.NAME, "per-thread");
        assertEquals(UserSpawner.Mode.PER_THREAD, defaultDaemon().userSpawns());
        System.setProperty(UserSpawnsProperty.NAME, "setpriv");
        assertEquals(UserSpawner.Mode.SETPRIV, defaultDaemon().userSpawns());
        System.setProperty(UserSpawnsProperty.NAME, "per_thread");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CronProvider().createDefault(new FakeContext(root)));
        assertEquals("-Djinit.setuser.spawns=per_thread is not a valid value; accepted: setpriv, switch-per-spawn,"
                + " per-thread (default setpriv)", e.getMessage());
    }

    @Test
    void theBuilderDefaultsToSetprivAndRefusesNull() {
        assertEquals(UserSpawner.Mode.SETPRIV, CronDaemon.builder().build().userSpawns());
        assertEquals(UserSpawner.Mode.PER_THREAD,
                CronDaemon.builder().userSpawns(UserSpawner.Mode.PER_THREAD).build().userSpawns());
        NullPointerException e = assertThrows(NullPointerException.class, () -> CronDaemon.builder().userSpawns(null));
        assertTrue(e.getMessage().contains("userSpawns"), e.getMessage());
    }

    private CronDaemon defaultDaemon() {
        return (CronDaemon) new CronProvider().createDefault(new FakeContext(root)).orElseThrow();
    }

    @Test
    void jinitCronRefusesABadValueBeforeStartingAnything() throws Exception {
        System.setProperty(UserSpawnsProperty.NAME, "fast");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int code = CronMain.run(List.of("--root", root.toString()), new java.io.PrintStream(bytes, true,
                java.nio.charset.StandardCharsets.UTF_8), List.of());
        assertEquals(1, code);
        assertEquals("jinit cron: -Djinit.setuser.spawns=fast is not a valid value; accepted: setpriv, switch-per-spawn,"
                + " per-thread (default setpriv)", bytes.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
    }
}
