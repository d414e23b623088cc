package dev.jinit.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.supervisor.Readiness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service directory's s6-style notification-fd file, and jinit's essential file. */
class LaunchTest {

    @Test
    void withoutTheFileItIsReadyAtOnce(@TempDir Path dir) {
        assertEquals(Readiness.immediate(), Launch.ofDirectory(dir, false).readiness());
    }

    @Test
    void theFileNamesTheFd(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notification-fd"), " 7\n");
        assertEquals(Readiness.notificationFd(7), Launch.ofDirectory(dir, false).readiness());
        assertEquals(Readiness.immediate(), Launch.ofDirectory(dir, true).readiness(), "not for a log service");
    }

    @Test
    void aBadFileIsRefusedWithItsPath(@TempDir Path dir) throws Exception {
        for (String bad : new String[] {"x", "2", ""}) {
            Files.writeString(dir.resolve("notification-fd"), bad);
            String m = assertThrows(IllegalArgumentException.class, () -> Launch.ofDirectory(dir, false)).getMessage();
            assertTrue(m.startsWith(dir.resolve("notification-fd") + ":1: must hold a file descriptor number of 3 or"
                    + " more, but held '" + bad + "'"), m);
        }
    }

    @Test
    void anEssentialFileMakesItEssentialWithTheDefaultLimit(@TempDir Path dir) throws Exception {
        assertEquals(java.util.Optional.empty(), Launch.essential(dir));
        Files.writeString(dir.resolve("essential"), "");
        assertEquals(java.util.Optional.of(dev.jinit.supervisor.RestartPolicy.FailureLimit.DEFAULT),
                Launch.essential(dir));
        MachineConfig c = MachineConfig.runit(java.time.Duration.ofSeconds(2), Launch.essential(dir));
        assertEquals(java.util.Optional.of(dev.jinit.supervisor.RestartPolicy.FailureLimit.DEFAULT),
                c.restartPolicy().failureLimit());
        assertEquals(java.time.Duration.ofSeconds(2), c.stopTimeout());
    }
}
