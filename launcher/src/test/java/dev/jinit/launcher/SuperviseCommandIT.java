package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jinit supervise DIR} as PID 1, driven by {@code bin/sv}: the log service prints to jinit's stdout, so
 * every wait is on an output line. TERM stops the service (./finish runs and its output still reaches the logger),
 * then the logger, and jinit exits 0.
 */
@Timeout(120)
class SuperviseCommandIT {
    @TempDir
    Path tmp;

    static void script(Path file, String... lines) throws IOException {
        DistProcess.script(file, String.join("\n", lines));
    }

    /** bin/sv ARGS: {exit code, output}. */
    static Object[] sv(String... args) {
        try (DistProcess p = DistProcess.program("sv", List.of(args))) {
            int rc = p.awaitExit();
            return new Object[] {rc, String.join("\n", p.outLines())};
        }
    }

    static long pid(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "'" + text + "' does not match " + regex);
        return Long.parseLong(m.group(1));
    }

    @Test
    void superviseRunsTheServicesSvDrivesThemAndTermStopsThemInOrderAndExits0() throws Exception {
        Path services = Files.createDirectory(tmp.resolve("service"));
        Path svc = services.resolve("svc");
        script(svc.resolve("run"), "echo \"svc started $$\"", "exec sleep 100000");
        script(svc.resolve("finish"), "echo \"svc finish $1 $2\"");
        script(svc.resolve("log/run"), "exec sed -u 's/^/log: /'");
        try (DistProcess p = DistProcess.programAsPid1("jinit", List.of("supervise", services.toString()))) {
            String first = p.awaitOut(l -> l.startsWith("log: svc started "), "the service's first line via its logger");

            Object[] status = sv("status", svc.toString());
            assertEquals(0, status[0], String.valueOf(status[1]));
            String s = (String) status[1];
            assertTrue(s.matches("run: " + Pattern.quote(svc.toString()) + ": \\(pid \\d+\\) \\d+s; run: log: \\(pid \\d+\\) \\d+s"), s);
            long logPid = pid(s, "run: log: \\(pid (\\d+)\\)");
            assertEquals(Long.parseLong(first.substring("log: svc started ".length())), pid(s, "^run: [^;]*\\(pid (\\d+)\\)"));

            Object[] restart = sv("-w", "10", "restart", svc.toString());
            assertEquals(0, restart[0], String.valueOf(restart[1]));
            p.awaitOutLine("log: svc finish -1 15");
            p.awaitOut(l -> l.startsWith("log: svc started ") && !l.equals(first), "the second start");
            Object[] after = sv("status", svc.toString());
            assertEquals(logPid, pid((String) after[1], "run: log: \\(pid (\\d+)\\)"), "the logger was restarted");

            Object[] down = sv("-w", "10", "down", svc.toString());
            assertEquals(0, down[0], String.valueOf(down[1]));
            assertTrue(((String) down[1]).startsWith("ok: down: " + svc + ": "), String.valueOf(down[1]));
            Object[] up = sv("-w", "10", "up", svc.toString());
            assertEquals(0, up[0], String.valueOf(up[1]));

            p.signal("TERM");
            assertEquals(0, p.awaitExit(), p.describe());
            List<String> out = p.outLines();
            // the last start's ./finish ran at shutdown, and its line went through the pipe before the logger ended
            assertEquals("log: svc finish -1 15", out.get(out.size() - 1), p.describe());
        }
        Object[] gone = sv("status", svc.toString());
        assertEquals(1, gone[0]);
        assertEquals("fail: " + svc + ": runsv not running", gone[1]);
    }

    @Test
    void aMissingDirectoryIsAnError() {
        try (DistProcess p = DistProcess.program("jinit", List.of("supervise", tmp.resolve("nope").toString()))) {
            assertEquals(111, p.awaitExit(), p.describe());
            assertEquals(List.of("jinit supervise: " + tmp.resolve("nope") + " is not a directory"), p.errLines());
        }
    }
}
