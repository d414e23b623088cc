package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SyslogServerConfigTest {

    private static void rejects(String expected, Supplier<SyslogServerConfig> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void defaults() {
        SyslogServerConfig c = SyslogServerConfig.builder().file(Path.of("/var/log/syslog")).build();
        assertEquals(Path.of("/dev/log"), c.socket());
        assertEquals(0666, c.socketMode());
        assertEquals(16_384, c.queueCapacity());
        assertEquals(1024, c.batchSize());
        assertEquals(Duration.ofMillis(200), c.queueFullWait());
        assertEquals(8192, c.parser().maxMessageBytes());
        assertEquals(FileLayouts.DEBIAN_SYSLOG, c.files().get(0).route().selector());
        assertEquals(RotationPolicy.ofDefaults(), c.files().get(0).rotation());
        assertTrue(c.stdout().isEmpty());
        assertTrue(c.slf4j().isEmpty());
    }

    @Test
    void rejectsWhatCannotWork() {
        rejects("at least one output", () -> SyslogServerConfig.builder().build());
        rejects("/x/syslog is there twice", () -> SyslogServerConfig.builder().file(Path.of("/x/syslog"))
                .file(Path.of("/x/../x/syslog")).build());
        rejects("socketMode must be between 0 and 0777, but was 01000",
                () -> SyslogServerConfig.builder().slf4j().socketMode(01000).build());
        rejects("queueCapacity must be between 1 and 1048576, but was 0",
                () -> SyslogServerConfig.builder().slf4j().queueCapacity(0).build());
        rejects("batchSize must be between 1 and queueCapacity (10), but was 11",
                () -> SyslogServerConfig.builder().slf4j().queueCapacity(10).batchSize(11).build());
        rejects("queueFullWait must be between 0 and PT10S, but was PT-1S",
                () -> SyslogServerConfig.builder().slf4j().queueFullWait(Duration.ofSeconds(-1)).build());
        rejects("maxMessageBytes must be between 480",
                () -> SyslogServerConfig.builder().slf4j().maxMessageBytes(100).build());
        rejects("localHost must be 1-255 printable ASCII",
                () -> SyslogServerConfig.builder().slf4j().localHost("a b").build());
    }

    @Test
    void theBaseimageLayoutIsItsNineFiles() {
        SyslogServerConfig c = SyslogServerConfig.builder()
                .files(FileLayouts.baseimageDocker(Path.of("/var/log")), RotationPolicy.never()).build();
        assertEquals(FileLayouts.baseimageDocker(Path.of("/var/log")),
                c.files().stream().map(SyslogServerConfig.FileOutput::route).toList());
    }
}
