package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jinit.core.UnixDatagramServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a real unix datagram socket in a temporary directory, with real clients: util-linux {@code logger} in
 * each of its formats, Python's {@code SysLogHandler}, Perl's {@code Sys::Syslog}, glibc's {@code syslog(3)} (with
 * the socket bind-mounted on {@code /dev/log} in a private mount namespace: root only), and {@code jinit syslog} as a
 * process stopped by TERM.
 */
class SyslogServerIT {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-27T23:53:10Z"));
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A client's own timestamp, which the test cannot know. */
    private static final String TS = "[A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9]";

    @TempDir
    Path dir;

    private final List<SyslogServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(SyslogServer::close);
    }

    private Path socket() {
        return dir.resolve("log");
    }

    private SyslogServerConfig.Builder config() {
        return SyslogServerConfig.builder().socket(socket()).localHost("testhost").zone(ZoneOffset.UTC);
    }

    private SyslogServer start(SyslogServerConfig config) {
        SyslogServer s = SyslogServer.create(config);
        servers.add(s);
        s.start(CLOCK);
        return s;
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private void logger(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("logger", "--socket", socket().toString(), "--socket-errors=on"));
        cmd.addAll(List.of(args));
        run(cmd.toArray(String[]::new));
    }

    private static String kernelHostName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    private static void assertLines(List<String> patterns, List<String> lines) {
        assertEquals(patterns.size(), lines.size(), "lines: " + lines);
        for (int i = 0; i < patterns.size(); i++) {
            assertTrue(Pattern.matches(patterns.get(i), lines.get(i)),
                    "line " + i + ": " + lines.get(i) + " does not match " + patterns.get(i));
        }
    }

    @Test
    void loggerInEachFormatToAFileStdoutAndSlf4jEachWithItsSelector() throws Exception {
        assumeTrue(onPath("logger"), "util-linux logger is not installed");
        Path file = dir.resolve("var/log/syslog");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordingLoggers slf4j = new RecordingLoggers();
        SyslogServer server = start(config().file(file)
                .stdout(Selector.parse("daemon.*"), new StdoutFormat(), out)
                .slf4j(Selector.ALL, Slf4jMapping.ofDefaults(), slf4j).build());
        logger("-t", "app", "--id=4242", "-p", "daemon.err", "hello default");
        logger("-t", "app", "--id=4242", "-p", "user.info", "--rfc3164", "hello 3164");
        logger("-t", "app", "--id=4242", "-p", "local0.notice", "--rfc5424=notime,nohost", "hello notime");
        logger("-t", "app", "--id=4242", "-p", "daemon.warning", "--rfc5424=notq", "--msgid", "M1",
                "--sd-id", "x@1", "--sd-param", "a=\"b\"", "hello sd");
        logger("-t", "sshd", "-p", "auth.info", "not for the file");
        server.stop(WAIT);

        String host = Pattern.quote(kernelHostName());
        assertLines(List.of(
                TS + " testhost app\\[4242\\]: hello default",
                TS + " " + host + " app\\[4242\\]: hello 3164",
                Pattern.quote("Nov 27 23:53:10 testhost app[4242]: hello notime"),
                TS + " " + host + " app\\[4242\\]: hello sd"), Files.readAllLines(file));
        assertEquals("daemon.err app[4242]: hello default\ndaemon.warning app[4242]: hello sd\n",
                out.toString(StandardCharsets.UTF_8));
        List<String> events = slf4j.lines();
        assertEquals(5, events.size(), events.toString());
        assertEquals("syslog.app INFO hello notime [facility=local0, severity=notice, host=testhost, pid=4242,"
                + " timestamp=2026-11-27T23:53:10Z]", events.get(2));
        assertTrue(Pattern.matches("syslog\\.app WARN hello sd \\[facility=daemon, severity=warning, host=" + host
                + ", pid=4242, msgid=M1, timestamp=[^,]+, sd\\.x@1\\.a=b]", events.get(3)), events.get(3));
        assertTrue(events.get(4).startsWith("syslog.sshd INFO not for the file [facility=auth,"), events.get(4));
        assertEquals(new SyslogServer.Stats(5, 0, 5, 0, 0), server.stats());
    }

    @Test
    void pythonsSysLogHandler() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed");
        Path file = dir.resolve("syslog");
        start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never()).build());
        run("python3", "-c", String.join("\n",
                "import logging, logging.handlers, sys",
                "h = logging.handlers.SysLogHandler(address=sys.argv[1], facility='local3')",
                "log = logging.getLogger('py')",
                "log.addHandler(h)",
                "log.warning('hello from python')",
                "h.close()"), socket().toString());
        servers.get(0).stop(WAIT);
        assertEquals(List.of("Nov 27 23:53:10 testhost hello from python"), Files.readAllLines(file));
    }

    @Test
    void perlsSysSyslog() throws Exception {
        assumeTrue(onPath("perl"), "perl is not installed");
        Path file = dir.resolve("syslog");
        start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never()).build());
        run("perl", "-MSys::Syslog=:standard,:extended", "-e", String.join("\n",
                "setlogsock({type => 'unix', path => $ARGV[0]}) or die 'setlogsock';",
                "openlog('perlapp', 'pid', 'local1');",
                "syslog('info', 'hello from %s', 'perl');",
                "closelog();"), socket().toString());
        servers.get(0).stop(WAIT);
        assertLines(List.of(TS + " testhost perlapp\\[[0-9]+\\]: hello from perl"), Files.readAllLines(file));
    }

    @Test
    void glibcSyslogThroughDevLogInAPrivateMountNamespace() throws Exception {
        assumeTrue("0".equals(run("id", "-u").strip()), "mounting over /dev/log needs root");
        assumeTrue(onPath("gcc") && onPath("unshare"), "gcc or unshare is not installed");
        Path source = Files.writeString(dir.resolve("hello.c"), """
                #include <syslog.h>
                int main(void) {
                    openlog("cprog", LOG_PID, LOG_LOCAL2);
                    syslog(LOG_NOTICE, "hello from glibc %d", 42);
                    syslog(LOG_ERR, "two\\nlines");
                    closelog();
                    return 0;
                }
                """);
        Path program = dir.resolve("hello");
        run("gcc", "-o", program.toString(), source.toString());
        Path file = dir.resolve("syslog");
        start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never()).build());
        // A fresh /dev in a private mount namespace: the host's /dev/log (if any) is neither used nor touched.
        run("unshare", "--mount", "--propagation", "private", "sh", "-ec",
                "mount -t tmpfs tmpfs /dev && touch /dev/log && mount --bind \"$1\" /dev/log && exec \"$2\"", "sh",
                socket().toString(), program.toString());
        servers.get(0).stop(WAIT);
        assertLines(List.of(TS + " testhost cprog\\[[0-9]+\\]: hello from glibc 42",
                TS + " testhost cprog\\[[0-9]+\\]: two#012lines"), Files.readAllLines(file));
    }

    @Test
    void aStaleSocketIsReplacedTheModeIs0666AndTheFileIsRemovedAtStop() throws Exception {
        try (SocketChannel stale = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket())); // bound, then closed: its file stays behind
        }
        assertEquals(UnixDatagramServer.PathState.STALE_SOCKET, UnixDatagramServer.probe(socket()));
        assertTrue(SyslogComponentProvider.createDefault(socket(), "true").isPresent());
        SyslogServer server = start(config().slf4j(Selector.ALL, Slf4jMapping.ofDefaults(), new RecordingLoggers())
                .build());
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(socket(), LinkOption.NOFOLLOW_LINKS)));
        assertEquals(UnixDatagramServer.PathState.LIVE_SOCKET, UnixDatagramServer.probe(socket()));
        assertTrue(SyslogComponentProvider.createDefault(socket(), "true").isEmpty(), "a live /dev/log is left alone");
        SyslogServer second = SyslogServer.create(config().slf4j().build());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.start(CLOCK));
        assertTrue(e.getMessage().contains("another process"), e.getMessage());
        server.stop(WAIT);
        assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * my_init's order: the socket bound, then a client started (which sends more than the kernel queues, ~10
     * datagrams, and so waits), then the server made on that socket and started. Nothing is lost.
     */
    @Test
    void aClientStartedBetweenBindAndStartLosesNothing() throws Exception {
        assumeTrue(onPath("logger"), "util-linux logger is not installed");
        int n = 200;
        Path file = dir.resolve("syslog");
        UnixDatagramServer bound = UnixDatagramServer.open(socket(), 0666);
        assertEquals(UnixDatagramServer.PathState.LIVE_SOCKET, UnixDatagramServer.probe(socket()));
        Path input = Files.writeString(dir.resolve("in"),
                IntStream.range(0, n).mapToObj(i -> "early " + i).collect(Collectors.joining("\n", "", "\n")));
        Process client = new ProcessBuilder("logger", "--socket", socket().toString(), "--socket-errors=on", "-t", "t",
                "-f", input.toString()).redirectErrorStream(true).start();
        SyslogServer server = SyslogServer.create(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never())
                .build(), bound);
        servers.add(server);
        try {
            server.start(CLOCK);
            assertTrue(client.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "logger finished");
            assertEquals(0, client.exitValue(), new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            client.destroyForcibly();
        }
        server.stop(WAIT);
        assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
        List<String> lines = Files.readAllLines(file);
        assertEquals(n, lines.size());
        for (int i = 0; i < n; i++) {
            assertTrue(lines.get(i).endsWith(" testhost t: early " + i), lines.get(i));
        }
        assertEquals(0, server.stats().dropped());
    }

    @Test
    void aSocketThatCameBoundIsClosedAndRemovedAtStopWithoutAStart() throws Exception {
        UnixDatagramServer bound = UnixDatagramServer.open(socket(), 0666);
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> SyslogServer.create(config().socket(dir.resolve("other")).slf4j().build(), bound));
            assertEquals(UnixDatagramServer.PathState.LIVE_SOCKET, UnixDatagramServer.probe(socket()),
                    "a socket refused stays the caller's, open");
            SyslogServer server = SyslogServer.create(config().slf4j().build(), bound);
            servers.add(server);
            server.stop(WAIT);
            assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
            assertThrows(IllegalStateException.class, () -> server.start(CLOCK));
        } finally {
            bound.close();
        }
    }

    /** A start that fails (a log file that cannot be opened) closes the socket that came bound. */
    @Test
    void aFailedStartClosesTheSocketThatCameBound() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        SyslogServer server = SyslogServer.create(config().file(new FileRoute(notADirectory.resolve("syslog"),
                Selector.ALL), RotationPolicy.never()).build(), UnixDatagramServer.open(socket(), 0666));
        servers.add(server);
        assertThrows(RuntimeException.class, () -> server.start(CLOCK));
        assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void rotationOnTheRealSocket() throws Exception {
        assumeTrue(onPath("logger"), "util-linux logger is not installed");
        Path file = dir.resolve("syslog");
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), new RotationPolicy(100, 2))
                .build());
        Path input = Files.writeString(dir.resolve("in"),
                IntStream.range(10, 30).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n")));
        logger("-t", "t", "--rfc5424=notime,nohost", "-f", input.toString());
        server.stop(WAIT);
        // "Nov 27 23:53:10 testhost t: NN\n" is 31 bytes: 3 lines per 100-byte file, from 10-12 to 25-27, then 28-29
        assertEquals(List.of(28, 29), numbers(file));
        assertEquals(List.of(25, 26, 27), numbers(RotationPolicy.numbered(file, 1)));
        assertEquals(List.of(22, 23, 24), numbers(RotationPolicy.numbered(file, 2)));
        assertFalse(Files.exists(RotationPolicy.numbered(file, 3)));
    }

    private static List<Integer> numbers(Path f) throws IOException {
        return Files.readAllLines(f).stream().map(l -> Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1))).toList();
    }

    @Test
    void nothingIsLostWhenTheServerStopsRightAfterTheClientFinishes() throws Exception {
        assumeTrue(onPath("logger"), "util-linux logger is not installed");
        int n = 10_000;
        Path file = dir.resolve("syslog");
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never()).build());
        Path input = Files.writeString(dir.resolve("in"),
                IntStream.range(0, n).mapToObj(i -> "message " + i).collect(Collectors.joining("\n", "", "\n")));
        logger("-t", "load", "-f", input.toString());
        server.stop(WAIT);
        List<String> lines = Files.readAllLines(file);
        assertEquals(n, lines.size());
        for (int i = 0; i < n; i++) {
            String l = lines.get(i);
            assertTrue(l.endsWith(" testhost load: message " + i), l);
        }
        assertEquals(0, server.stats().dropped());
    }

    @Test
    void jinitSyslogRunsInTheForegroundAndWritesEverythingOnTerm() throws Exception {
        assumeTrue(onPath("logger"), "util-linux logger is not installed");
        Path file = dir.resolve("syslog");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.jinit.syslog.SyslogMain", "--socket", socket().toString(), "--host", "fg",
                "--file", file.toString(), "--selector", "*.*").start();
        try {
            CountDownLatch listening = new CountDownLatch(1);
            StringBuffer stderr = new StringBuffer();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        stderr.append(line).append('\n');
                        if (line.contains("syslog - listening on")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException e) {
                    stderr.append(e);
                }
            }, "stderr-reader");
            reader.setDaemon(true);
            reader.start();
            assertTrue(listening.await(60, TimeUnit.SECONDS), "jinit syslog did not start: " + stderr);
            Path input = Files.writeString(dir.resolve("in"),
                    IntStream.range(0, 1000).mapToObj(i -> "m" + i).collect(Collectors.joining("\n", "", "\n")));
            logger("-t", "fg", "-p", "auth.info", "-f", input.toString());
            p.destroy(); // TERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jinit syslog did not stop on TERM");
            assertEquals(128 + 15, p.exitValue(), stderr.toString());
            List<String> lines = Files.readAllLines(file);
            assertEquals(1000, lines.size());
            assertTrue(lines.get(999).endsWith(" fg fg: m999"), lines.get(999));
            assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void loggerOverTheStreamSocketTcpAndUdpInEachFraming() throws Exception {
        assumeTrue(onPath("logger"), "util-linux logger is not installed");
        Path file = dir.resolve("syslog");
        Path stream = dir.resolve("log.stream");
        java.net.InetSocketAddress loopback = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never())
                .streamSocket(stream).tcp(loopback).udp(loopback).build());
        String tcpPort = Integer.toString(server.tcpAddress().getPort());
        String udpPort = Integer.toString(server.udpAddress().getPort());
        // a datagram client on a stream socket: logger falls back to stream on EPROTOTYPE (LF-framed)
        run("logger", "-u", stream.toString(), "--socket-errors=on", "-t", "s", "fallback");
        run("logger", "-u", stream.toString(), "-T", "--socket-errors=on", "-t", "s", "stream only");
        run("logger", "-u", stream.toString(), "--octet-count", "--socket-errors=on", "-t", "s", "octet counted");
        run("logger", "-n", "127.0.0.1", "-P", tcpPort, "-T", "-t", "t", "tcp lf");
        run("logger", "-n", "127.0.0.1", "-P", tcpPort, "-T", "--octet-count", "-t", "t", "tcp octet counted");
        run("logger", "-n", "127.0.0.1", "-P", udpPort, "-d", "-t", "u", "udp");
        if (onPath("python3")) {
            run("python3", "-c", String.join("\n",
                    "import logging, logging.handlers, socket, sys",
                    "h = logging.handlers.SysLogHandler(address=sys.argv[1], socktype=socket.SOCK_STREAM)",
                    "log = logging.getLogger('py')",
                    "log.addHandler(h)",
                    "log.warning('python on stream')",
                    "h.close()"), stream.toString());
        }
        server.stop(WAIT);
        String host = Pattern.quote(kernelHostName());
        List<String> expected = new ArrayList<>(List.of(
                TS + " testhost s: fallback",
                TS + " testhost s: stream only",
                TS + " testhost s: octet counted",
                TS + " " + host + " t: tcp lf",
                TS + " " + host + " t: tcp octet counted",
                TS + " " + host + " u: udp"));
        if (onPath("python3")) {
            expected.add("Nov 27 23:53:10 testhost python on stream");
        }
        assertLines(expected, Files.readAllLines(file));
        assertFalse(Files.exists(stream, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void nothingIsLostOnTheStreamSocketAndTcpWhenTheServerStopsRightAfterTheClientsFinish() throws Exception {
        assumeTrue(onPath("logger"), "util-linux logger is not installed");
        int n = 10_000;
        Path file = dir.resolve("syslog");
        Path stream = dir.resolve("log.stream");
        java.net.InetSocketAddress loopback = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
        SyslogServer server = start(config().file(new FileRoute(file, Selector.ALL), RotationPolicy.never())
                .streamSocket(stream).tcp(loopback).build());
        Path input = Files.writeString(dir.resolve("in"),
                IntStream.range(0, n).mapToObj(i -> "message " + i).collect(Collectors.joining("\n", "", "\n")));
        run("logger", "-u", stream.toString(), "-T", "--socket-errors=on", "-t", "s", "-f", input.toString());
        run("logger", "-n", "127.0.0.1", "-P", Integer.toString(server.tcpAddress().getPort()), "-T",
                "--octet-count", "--rfc3164", "-t", "t", "-f", input.toString());
        server.stop(WAIT);
        List<String> lines = Files.readAllLines(file);
        assertEquals(2 * n, lines.size());
        for (int i = 0; i < n; i++) {
            assertTrue(lines.get(i).endsWith(" testhost s: message " + i), lines.get(i));
            assertTrue(lines.get(n + i).endsWith(" t: message " + i), lines.get(n + i));
        }
        assertEquals(0, server.stats().dropped());
    }

    @Test
    void jinitSyslogReopensItsFileOnHupAndStreamMessagesInFlightAreWrittenOnTerm() throws Exception {
        assumeTrue(onPath("logger"), "util-linux logger is not installed");
        Path file = dir.resolve("syslog");
        Path moved = dir.resolve("syslog.1");
        Path stream = dir.resolve("log.stream");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.jinit.syslog.SyslogMain", "--socket", socket().toString(), "--host", "fg",
                "--stream-socket", stream.toString(), "--file", file.toString(), "--selector", "*.*").start();
        try {
            CountDownLatch listening = new CountDownLatch(1);
            StringBuffer stderr = new StringBuffer();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        stderr.append(line).append('\n');
                        if (line.contains("syslog - listening on")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException e) {
                    stderr.append(e);
                }
            }, "stderr-reader");
            reader.setDaemon(true);
            reader.start();
            assertTrue(listening.await(60, TimeUnit.SECONDS), "jinit syslog did not start: " + stderr);
            logger("-t", "fg", "before");
            FileWatch.awaitLines(file, 1, WAIT);
            Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE); // logrotate, then its postrotate:
            run("kill", "-HUP", Long.toString(p.pid()));
            FileWatch.await(file, Files::exists, WAIT, "the file opened again after HUP: " + stderr);
            assertTrue(p.isAlive(), "HUP must not stop jinit syslog");
            int n = 5000;
            Path input = Files.writeString(dir.resolve("in"),
                    IntStream.range(0, n).mapToObj(i -> "m" + i).collect(Collectors.joining("\n", "", "\n")));
            run("logger", "-u", stream.toString(), "-T", "--socket-errors=on", "-t", "fg", "-f", input.toString());
            logger("-t", "fg", "-f", input.toString());
            p.destroy(); // TERM, with what the two loggers sent possibly still queued
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jinit syslog did not stop on TERM");
            assertEquals(128 + 15, p.exitValue(), stderr.toString());
            assertEquals(List.of("before"), Files.readAllLines(moved).stream()
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList());
            List<String> lines = Files.readAllLines(file);
            assertEquals(2 * n, lines.size());
            assertTrue(lines.get(n - 1).endsWith(" fg fg: m" + (n - 1)), lines.get(n - 1));
            assertTrue(lines.get(2 * n - 1).endsWith(" fg fg: m" + (n - 1)), lines.get(2 * n - 1));
            assertFalse(Files.exists(stream, LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS));
        } finally {
            p.destroyForcibly();
        }
    }
}
