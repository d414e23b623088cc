package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.spi.FakeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths where no socket call is needed to decide (absent, a plain file); the socket cases are in the IT. */
class SyslogComponentProviderTest {
    @TempDir
    Path dir;

    @Test
    void offersSlf4jSyslogWhenTheSocketPathIsFree() {
        SyslogServer s = (SyslogServer) SyslogComponentProvider.createDefault(dir.resolve("log"), "true").orElseThrow();
        assertEquals(dir.resolve("log"), s.socket());
        assertTrue(s.config().slf4j().isPresent());
        assertTrue(s.config().files().isEmpty());
        assertEquals(10, new SyslogComponentProvider().order());
    }

    @Test
    void offersNothingWhenSwitchedOffOrThePathIsTaken() throws Exception {
        assertTrue(SyslogComponentProvider.createDefault(dir.resolve("log"), "false").isEmpty());
        Path file = Files.writeString(dir.resolve("log"), "");
        assertTrue(SyslogComponentProvider.createDefault(file, "true").isEmpty());
        assertTrue(SyslogComponentProvider.createDefault(dir.resolve("missing/log"), "true").isEmpty());
    }

    @Test
    void theSocketIsDevLogUnderTheInitsRoot() throws Exception {
        assertTrue(new SyslogComponentProvider().createDefault(new FakeContext(dir)).isEmpty(), "no dev/ under it");
        Files.createDirectories(dir.resolve("dev"));
        SyslogServer s = (SyslogServer) new SyslogComponentProvider().createDefault(new FakeContext(dir)).orElseThrow();
        assertEquals(dir.resolve("dev/log"), s.socket());
    }
}
