package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.core.UnixDatagramServer;
import dev.jinit.spi.ComponentStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs' output to a real syslog socket (core's datagram server on a temporary path) and to stdout: real jobs spawned
 * inside an {@link Init}, waits on the daemon's job-finished events and on received datagrams, with timeouts. Root
 * only (crontabs must belong to root).
 */
class CronOutputIT {
    private static final long TIMEOUT_SECONDS = 30;
    /** cron.info (9 * 8 + 6), an RFC 3164 stamp, TAG[PID]: and the line. */
    private static final Pattern MESSAGE = Pattern.compile(
            "<78>[A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] ([^\\[ ]+)\\[(\\d+)\\]: (.*)");

    @TempDir
    Path tmp;
    private Path root;
    private Init init;
    private CronDaemon daemon;
    private UnixDatagramServer server;
    private Thread receiver;
    private final BlockingQueue<String> datagrams = new LinkedBlockingQueue<>();
    private final BlockingQueue<JobFinished> finished = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue("0".equals(uid()), "needs root: crontabs must belong to root");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc/cron.d"));
        Files.createDirectories(root.resolve("var/spool/cron/crontabs"));
    }

    private static String uid() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .map(l -> l.split("\\s+")[1]).findFirst().orElse("?");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(10));
        }
        if (init != null) {
            init.close();
        }
        if (server != null) {
            server.shutdownInput();
            receiver.join(TimeUnit.SECONDS.toMillis(10));
            server.close();
        }
    }

    private void listen(Path socket) {
        server = UnixDatagramServer.open(socket, 0666);
        receiver = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocate(70_000);
            int n;
            while ((n = server.receive(b.clear())) != UnixDatagramServer.END) {
                datagrams.add(new String(b.array(), 0, Math.min(n, b.capacity()), StandardCharsets.UTF_8));
            }
        }, "test-syslog-receiver");
        receiver.start();
    }

    /** Starts the daemon on {@code clock}, or on the system clock when null. */
    private void start(String crontab, CronConfig.Builder config, java.time.InstantSource clock) throws Exception {
        Path tab = root.resolve("etc/crontab");
        Files.writeString(tab, crontab);
        Files.setPosixFilePermissions(tab, PosixFilePermissions.fromString("rw-r--r--"));
        init = Init.builder().shutdownOn(Set.of()).start();
        CronDaemon.Builder b = CronDaemon.builder().config(config.root(root).build())
                .stdout(new PrintStream(stdout, true, StandardCharsets.UTF_8))
                .listener(new CronListener() {
                    @Override
                    public void jobFinished(JobFinished f) {
                        finished.add(f);
                    }
                });
        if (clock != null) {
            b.clock(clock);
        }
        daemon = b.build();
        daemon.start(init.context());
    }

    private JobFinished awaitFinished() throws InterruptedException {
        JobFinished f = finished.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(f, "no job finished within " + TIMEOUT_SECONDS + " s");
        return f;
    }

    private Matcher awaitMessage() throws InterruptedException {
        String d = datagrams.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(d, "no datagram within " + TIMEOUT_SECONDS + " s");
        Matcher m = MESSAGE.matcher(d);
        assertTrue(m.matches(), "not an RFC 3164 cron.info message: " + d);
        return m;
    }

    private static final String JOB = "echo pid=$$; for i in 1 2 3; do echo out$i; echo err$i >&2; done; "
            + "printf 'x\\%.0s' $(seq 1 9000); echo; printf 'no newline'";

    private static List<String> expectedLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            lines.add("out" + i);
            lines.add("err" + i);
        }
        lines.add("x".repeat(8192)); // a long line, split at 8 KiB
        lines.add("x".repeat(9000 - 8192));
        lines.add("no newline");
        return lines;
    }

    @Test
    void stdoutAndStderrLinesReachSyslogInOrderWithTagAndPidAndStdoutToo() throws Exception {
        Path socket = tmp.resolve("log");
        listen(socket);
        start("@reboot root " + JOB + "\n", CronConfig.builder().syslogSocket(socket).stdout(true),
                null);
        Matcher first = awaitMessage();
        assertEquals("CRON", first.group(1));
        String pid = first.group(2);
        assertEquals("pid=" + pid, first.group(3), "the tag's pid is the job's");
        List<String> received = new ArrayList<>();
        for (int i = 0; i < expectedLines().size(); i++) {
            Matcher m = awaitMessage();
            assertEquals("CRON", m.group(1));
            assertEquals(pid, m.group(2));
            received.add(m.group(3));
        }
        assertEquals(expectedLines(), received);
        JobFinished f = awaitFinished();
        assertTrue(f.succeeded(), f.toString());
        List<String> all = new ArrayList<>(List.of("pid=" + pid));
        all.addAll(expectedLines());
        assertEquals(all, f.output(), "the finished event carries the same lines");
        List<String> printed = new ArrayList<>();
        for (String l : all) {
            printed.add("CRON[" + pid + "]: " + l);
        }
        assertEquals(printed, stdout.toString(StandardCharsets.UTF_8).lines().toList(),
                "--stdout prints the same lines, once each");
        ComponentStatus st = daemon.status();
        assertTrue(st.healthy());
        assertEquals(root.resolve("etc/crontab") + ":1 root '@reboot' next never idle, last exit 0", st.lines().get(0));
        assertEquals("output: " + all.size() + " lines sent to " + socket + ", 0 to the fallback", st.lines().get(1));
    }

    @Test
    void aCodeJobIsTaggedWithItsNameAndAMissingSyslogLosesNothing() throws Exception {
        CronDaemonIT.ShiftedClock clock = new CronDaemonIT.ShiftedClock();
        Path socket = tmp.resolve("nobody-listens");
        clock.aimBefore(Duration.ofSeconds(3));
        start("", CronConfig.builder().syslogSocket(socket).stdout(true).zone(java.time.ZoneId.of("UTC")),
                clock);
        daemon.addCommandJob("nightly-backup", "* * * * * root echo saved; echo warned >&2; exit 3",
                OverlapPolicy.ALLOW);
        JobFinished f = awaitFinished();
        assertEquals("nightly-backup", f.id());
        assertEquals(3, f.status().shellCode());
        assertEquals(List.of("saved", "warned"), f.output());
        List<String> printed = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, printed.size(), printed.toString());
        assertTrue(printed.get(0).matches("nightly-backup\\[\\d+\\]: saved"), printed.get(0));
        assertTrue(printed.get(1).matches("nightly-backup\\[\\d+\\]: warned"), printed.get(1));
        List<String> lines = daemon.status().lines();
        assertTrue(lines.get(0).matches("nightly-backup root '\\* \\* \\* \\* \\*' next \\S+Z idle, last exit 3"),
                lines.get(0));
        assertEquals("output: 0 lines sent to " + socket + ", 2 to the fallback", lines.get(1));
    }
}
