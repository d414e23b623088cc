package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SyslogMainTest {

    @Test
    void withoutOutputsWritesDebiansSyslogFile() throws Exception {
        SyslogServerConfig c = SyslogMain.parse(new String[0]);
        assertEquals(Path.of("/dev/log"), c.socket());
        assertEquals(new FileRoute(Path.of("/var/log/syslog"), FileLayouts.DEBIAN_SYSLOG), c.files().get(0).route());
        assertEquals(1, c.files().size());
    }

    @Test
    void everyOption() throws Exception {
        SyslogServerConfig c = SyslogMain.parse(new String[] {
            "--socket", "/run/log", "--mode", "0600", "--host", "web", "--max-message", "4096",
            "--file", "/l/all", "--selector", "*.*", "--file", "/l/mail", "--layout", "baseimage", "/b",
            "--rotate-size", "1M", "--rotate-keep", "2", "--stdout", "--selector", "*.err",
            "--stdout-format", "traditional", "--slf4j"});
        assertEquals(Path.of("/run/log"), c.socket());
        assertEquals(0600, c.socketMode());
        assertEquals("web", c.parser().localHost());
        assertEquals(4096, c.parser().maxMessageBytes());
        assertEquals(2 + 9, c.files().size());
        assertEquals(Selector.ALL, c.files().get(0).route().selector());
        assertEquals(FileLayouts.DEBIAN_SYSLOG, c.files().get(1).route().selector());
        assertEquals(new RotationPolicy(1024 * 1024, 2), c.files().get(0).rotation());
        assertEquals(Selector.parse("*.err"), c.stdout().orElseThrow().selector());
        assertInstanceOf(TraditionalFormat.class, c.stdout().orElseThrow().format());
        assertEquals(Selector.ALL, c.slf4j().orElseThrow().selector());
    }

    @Test
    void rejectsWrongCommandLines() {
        for (String[] args : new String[][] {
            {"--bogus"}, {"--socket"}, {"--selector", "*.*"}, {"--mode", "999"}, {"--layout", "other", "/x"},
            {"--rotate-size", "ten"}, {"--stdout", "--stdout"}, {"--stdout", "--stdout-format", "json"},
            {"--udp", "127.0.0.1"}, {"--tcp", "127.0.0.1:70000"}, {"--tcp", "127.0.0.1:x"}, {"--udp"},
            {"--max-connections", "many"},
        }) {
            SyslogMain.UsageException e = assertThrows(SyslogMain.UsageException.class, () -> SyslogMain.parse(args),
                    String.join(" ", args));
            assertTrue(!e.getMessage().isEmpty());
        }
        assertThrows(IllegalArgumentException.class, () -> SyslogMain.parse(new String[] {"--file", "/x", "--selector", "bad"}));
        assertEquals("", assertThrows(SyslogMain.UsageException.class,
                () -> SyslogMain.parse(new String[] {"--help"})).getMessage());
    }

    @Test
    void listenerOptions() throws Exception {
        SyslogServerConfig c = SyslogMain.parse(new String[] {
            "--stream-socket", "/run/log.stream", "--udp", "127.0.0.1:514", "--tcp", "[::1]:1514",
            "--max-connections", "8"});
        assertEquals(java.util.Optional.of(Path.of("/run/log.stream")), c.streamSocket());
        assertEquals(new java.net.InetSocketAddress("127.0.0.1", 514), c.udp().orElseThrow());
        assertEquals(new java.net.InetSocketAddress("::1", 1514), c.tcp().orElseThrow());
        assertEquals(8, c.maxConnections());
        assertEquals(new java.net.InetSocketAddress(514), SyslogMain.address(":514", "--udp"));
        SyslogServerConfig none = SyslogMain.parse(new String[0]);
        assertTrue(none.streamSocket().isEmpty() && none.udp().isEmpty() && none.tcp().isEmpty(),
                "network listeners are off by default");
        assertThrows(IllegalArgumentException.class,
                () -> SyslogMain.parse(new String[] {"--socket", "/run/l", "--stream-socket", "/run/l"}));
        assertThrows(IllegalArgumentException.class,
                () -> SyslogMain.parse(new String[] {"--max-connections", "0"}));
    }
}
