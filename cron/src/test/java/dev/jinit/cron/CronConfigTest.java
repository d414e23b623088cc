package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config's defaults and rejections, {@code jinit cron}'s options, and when the provider offers cron. */
class CronConfigTest {
    @Test
    void defaultsAreDebiansPaths() {
        CronConfig c = CronConfig.ofDefaults();
        assertEquals(Path.of("/etc/crontab"), c.crontabPath());
        assertEquals(Path.of("/etc/cron.d"), c.cronDirPath());
        assertEquals(Path.of("/var/spool/cron/crontabs"), c.spoolPath());
        assertEquals(OverlapPolicy.ALLOW, c.overlap());
        assertEquals(ZoneId.systemDefault(), c.zone());
        assertEquals(4, c.javaJobThreads());
        assertTrue(c.inheritEnvironment());
    }

    @Test
    void pathsAreReadUnderTheRoot() {
        CronConfig c = CronConfig.builder().root(Path.of("/tmp/r")).crontab(Path.of("/srv/crontab")).build();
        assertEquals(Path.of("/tmp/r/srv/crontab"), c.crontabPath());
        assertEquals(Path.of("/tmp/r/etc/cron.d"), c.cronDirPath());
        assertEquals(Path.of("/tmp/r/var/spool/cron/crontabs"), c.spoolPath());
    }

    @Test
    void theBuilderRejectsBadValuesNamingThem() {
        CronConfig.Builder b = CronConfig.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.root(Path.of("rel"))).getMessage()
                .startsWith("root must be an absolute path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.crontab(Path.of("etc/crontab")))
                .getMessage().startsWith("crontab must be an absolute path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.cronDir(Path.of("d"))).getMessage()
                .startsWith("cronDir"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.spool(Path.of("s"))).getMessage()
                .startsWith("spool"));
        assertEquals("javaJobThreads must be between 1 and 1024, but was 0",
                assertThrows(IllegalArgumentException.class, () -> b.javaJobThreads(0)).getMessage());
        assertEquals("outputLines must be >= 0, but was -1",
                assertThrows(IllegalArgumentException.class, () -> b.outputLines(-1)).getMessage());
        assertThrows(NullPointerException.class, () -> b.zone(null));
        assertThrows(NullPointerException.class, () -> b.overlap(null));
    }

    @Test
    void cronMainReadsItsOptions() {
        CronConfig c = CronMain.parse("--crontab", "/a/crontab", "--cron-dir=/a/cron.d", "--spool", "/a/spool",
                "--root", "/r", "--tz", "Europe/Berlin", "--overlap", "skip");
        assertEquals(Path.of("/r/a/crontab"), c.crontabPath());
        assertEquals(Path.of("/r/a/cron.d"), c.cronDirPath());
        assertEquals(Path.of("/r/a/spool"), c.spoolPath());
        assertEquals(ZoneId.of("Europe/Berlin"), c.zone());
        assertEquals(OverlapPolicy.SKIP, c.overlap());
        assertEquals(Path.of("/dev/log"), c.syslogSocket(), "the syslog socket is not under --root");
        assertFalse(c.stdout());
        CronConfig out = CronMain.parse("--syslog-socket", "/run/jinit/log", "--stdout");
        assertEquals(Path.of("/run/jinit/log"), out.syslogSocket());
        assertTrue(out.stdout());
        assertEquals(Path.of("/tmp/log"), CronMain.parse("--syslog-socket=/tmp/log").syslogSocket());
        assertEquals(CronConfig.ofDefaults(), CronMain.parse());
        assertNull(CronMain.parse("--help"));
    }

    @Test
    void cronMainRejectsBadOptionsNamingThem() {
        assertEquals("unknown option --nope",
                assertThrows(IllegalArgumentException.class, () -> CronMain.parse("--nope")).getMessage());
        assertEquals("--spool needs a value",
                assertThrows(IllegalArgumentException.class, () -> CronMain.parse("--spool")).getMessage());
        assertEquals("--tz: unknown zone 'Mars/Olympus'",
                assertThrows(IllegalArgumentException.class, () -> CronMain.parse("--tz", "Mars/Olympus")).getMessage());
        assertEquals("--overlap must be allow or skip, but was 'never'",
                assertThrows(IllegalArgumentException.class, () -> CronMain.parse("--overlap=never")).getMessage());
        assertEquals("--syslog-socket needs a value",
                assertThrows(IllegalArgumentException.class, () -> CronMain.parse("--syslog-socket")).getMessage());
    }

    @Test
    void theProviderOffersCronOnlyWhenThereIsACrontab(@TempDir Path root) throws Exception {
        CronConfig c = CronConfig.builder().root(root).build();
        assertFalse(CronProvider.hasCrontabs(c));
        Files.createDirectories(c.cronDirPath());
        Files.writeString(c.cronDirPath().resolve("ignored.dpkg-old"), "");
        assertFalse(CronProvider.hasCrontabs(c), "a cron.d name cron would ignore does not count");
        Files.writeString(c.cronDirPath().resolve("backup"), "");
        assertTrue(CronProvider.hasCrontabs(c));
        assertEquals(30, new CronProvider().order());
    }
}
