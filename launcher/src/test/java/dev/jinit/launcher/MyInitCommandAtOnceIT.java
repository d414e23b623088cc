package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When syslog is all my_init's sequence puts before the command (no start-up file to run, no service), the JVM starts
 * the command as soon as libc and {@code /dev/log} are bound, before the rest of the init: what the command logs at
 * once waits in the socket's queue and is written; its environment is the container's. With a start-up script or a
 * service the usual order holds: the command starts after them.
 */
@Timeout(120)
class MyInitCommandAtOnceIT {
    private static final int MESSAGES = 200; // many more than the ~10 datagrams the kernel queues: the sender waits

    @TempDir
    Path root;

    private List<String> args(String... command) {
        List<String> a = new java.util.ArrayList<>(List.of("--root", root.toString(), "--"));
        a.addAll(List.of(command));
        return a;
    }

    /** The command: logs MESSAGES lines through /dev/log at its first instruction, then prints $GREETING. */
    private String[] logAtOnce() throws IOException {
        Path in = Files.writeString(root.resolve("in"), IntStream.range(0, MESSAGES).mapToObj(i -> "at-once " + i)
                .collect(Collectors.joining("\n", "", "\n")));
        return new String[] {"sh", "-c", "logger -u \"$0/dev/log\" --socket-errors=on -t cmd -f \"$1\" && echo \"$GREETING\"",
                root.toString(), in.toString()};
    }

    @Test
    void withSyslogFirstTheCommandStartsBeforeTheRestAndLosesNoMessage() throws IOException {
        Assumptions.assumeTrue(DistProcess.run(List.of("logger", "--version"), java.time.Duration.ofSeconds(10)) == 0,
                "util-linux logger is not installed");
        Files.createDirectories(root.resolve("etc/container_environment"));
        Files.writeString(root.resolve("etc/container_environment/GREETING"), "hello from the container\n");
        try (DistProcess p = DistProcess.myInitAsPid1(args(logAtOnce()))) {
            assertEquals(0, p.awaitExit(), p.describe());
            assertEquals(List.of("hello from the container"), p.outLines().stream()
                    .filter(l -> !l.contains(" cmd: ")).toList(), p.describe()); // stdout also has syslog's copy
            List<String> err = p.errLines();
            int running = indexOf(err, "(started once " + root.resolve("dev/log") + " was bound, before the rest of the init)");
            int listening = indexOf(err, "syslog - listening on");
            assertTrue(running >= 0 && listening > running, "started before syslog's server ran" + p.describe());
            List<String> lines = Files.readAllLines(root.resolve("var/log/syslog")).stream()
                    .filter(l -> l.contains(" cmd: ")).toList();
            assertEquals(MESSAGES, lines.size(), p.describe());
            for (int i = 0; i < MESSAGES; i++) {
                assertTrue(lines.get(i).endsWith(" cmd: at-once " + i), lines.get(i));
            }
        }
    }

    /** An init does not fail for its logging: a socket path that cannot be bound leaves syslog out, with a warning. */
    @Test
    void aSyslogSocketThatCannotBeBoundIsLeftOutAndTheCommandRuns() throws IOException {
        Path notADirectory = Files.writeString(root.resolve("file"), "x");
        List<String> a = new java.util.ArrayList<>(List.of("--syslog-socket", notADirectory.resolve("log").toString()));
        a.addAll(args("sh", "-c", "echo ran"));
        try (DistProcess p = DistProcess.myInitAsPid1(a)) {
            assertEquals(0, p.awaitExit(), p.describe());
            assertEquals(List.of("ran"), p.outLines(), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains("cannot bind syslog's socket")
                    && l.contains("running without syslog")), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains("(started before the rest of the init)")),
                    p.describe());
        }
    }

    @Test
    void aStartupScriptKeepsTheUsualOrder() throws IOException {
        DistProcess.script(root.resolve("etc/my_init.d/10_mark"), "echo ran > " + root.resolve("mark"));
        try (DistProcess p = DistProcess.myInitAsPid1(args("cat", root.resolve("mark").toString()))) {
            assertEquals(0, p.awaitExit(), p.describe());
            assertEquals(List.of("ran"), p.outLines(), "the command ran after the start-up script" + p.describe());
            assertFalse(p.errLines().stream().anyMatch(l -> l.contains("before the rest of the init")), p.describe());
        }
    }

    @Test
    void aServiceKeepsTheUsualOrder() throws IOException {
        DistProcess.script(root.resolve("etc/service/svc/run"), "exec sleep 1000");
        try (DistProcess p = DistProcess.myInitAsPid1(args("sh", "-c", "echo running"))) {
            assertEquals(0, p.awaitExit(), p.describe());
            assertFalse(p.errLines().stream().anyMatch(l -> l.contains("before the rest of the init")), p.describe());
            int supervising = indexOf(p.errLines(), "supervisor - supervising the services in");
            int running = indexOf(p.errLines(), "running sh -c echo running as pid");
            assertTrue(supervising >= 0 && running > supervising, "the supervisor started first" + p.describe());
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
