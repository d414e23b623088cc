package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** bin/my_init exits with its command's exit code, 128+N for a death by signal N, and 2/126/127 for bad input. */
@Timeout(60)
class MyInitExitCodeIT {

    private static int exitOf(DistProcess p) {
        try (p) {
            return p.awaitExit();
        }
    }

    @ParameterizedTest(name = "exit {0}")
    @ValueSource(ints = {0, 1, 2, 42, 126, 127, 128, 255})
    void asPid1ItExitsWithTheCommandsExitCode(int code) {
        DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", "exit " + code));
        assertEquals(code, exitOf(p), p.describe());
    }

    @ParameterizedTest(name = "kill -{0}")
    @CsvSource({"TERM, 143", "KILL, 137", "SEGV, 139"})
    void asPid1ItExits128PlusTheSignalThatKilledTheCommand(String signal, int expected) {
        // ulimit -c 0: a SEGV leaves no core file behind (and is reported the same either way).
        DistProcess p = DistProcess.myInitAsPid1(List.of("sh", "-c", "ulimit -c 0; kill -" + signal + " $$; exit 3"));
        assertEquals(expected, exitOf(p), p.describe());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"exit 0|0", "exit 42|42", "exit 255|255", "kill -TERM $$; exit 3|143",
            "ulimit -c 0; kill -SEGV $$|139"})
    void notAsPid1ItPassesExitCodesOnTheSameWay(String script, int expected) {
        DistProcess p = DistProcess.myInit(List.of("sh", "-c", script));
        assertEquals(expected, exitOf(p), p.describe());
    }

    @Test
    void theCommandsOutputPassesThroughUnchanged() {
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--quiet", "sh", "-c", "echo out; echo err >&2; exit 5"))) {
            assertEquals(5, p.awaitExit(), p.describe());
            assertEquals(List.of("out"), p.outLines());
            assertEquals(List.of("err"), p.errLines(), "--quiet: nothing of my_init's own on stderr");
        }
    }

    // ---- bad input: one line on stderr naming the problem, and the exit code of a shell --------------------------

    private static String onlyStderrLine(DistProcess p) {
        List<String> err = p.errLines();
        assertEquals(1, err.size(), "exactly one line on stderr" + p.describe());
        assertEquals(List.of(), p.outLines(), "nothing on stdout" + p.describe());
        return err.get(0);
    }

    @Test
    void anUnknownOptionExits2WithOneLineNamingIt() {
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--quiet", "--no-such-option", "true"))) {
            assertEquals(2, p.awaitExit(), p.describe());
            assertEquals("my_init: unknown option --no-such-option (see --help)", onlyStderrLine(p));
        }
    }

    @ParameterizedTest(name = "my_init {0}")
    @ValueSource(strings = {"", "--", "--quiet", "--quiet --"})
    void withoutACommandMyInitWaitsAndExits0AfterTerm(String args, @TempDir Path root) {
        // phusion's my_init without a command runs the services until stopped; so does jinit's (it once exited 2)
        List<String> a = new java.util.ArrayList<>(List.of("--root", root.toString()));
        a.addAll(args.isEmpty() ? List.of() : List.of(args.split(" ")));
        try (DistProcess p = DistProcess.myInitAsPid1(a)) {
            // running (not only started) once jinit status --check says healthy; each check is a JVM: few, bounded
            DistProcess.pollUntil("my_init to answer jinit status --check with 0", Duration.ofSeconds(40),
                    () -> DistProcess.run(List.of(DistProcess.bin("jinit").toString(), "status", "--check", "--root",
                            root.toString()), Duration.ofSeconds(20)) == 0);
            p.signal("TERM");
            assertEquals(0, p.awaitExit(), p.describe());
            assertTrue(p.errLines().stream().noneMatch(l -> l.contains("[ERROR]") || l.contains("[WARN]")), p.describe());
        }
    }

    @Test
    void aBadEnvironmentVariableExits2WithOneLineNamingIt() {
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("true"), java.util.Map.of("KILL_PROCESS_TIMEOUT", "soon"))) {
            assertEquals(2, p.awaitExit(), p.describe());
            String line = onlyStderrLine(p);
            assertTrue(line.startsWith("my_init: KILL_PROCESS_TIMEOUT ") && line.contains("'soon'"), line);
        }
    }

    @Test
    void aCommandNotFoundExits127WithOneLineNamingIt() {
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--quiet", "no-such-command-jinit-it"))) {
            assertEquals(127, p.awaitExit(), p.describe());
            String line = onlyStderrLine(p);
            assertTrue(line.startsWith("my_init: no-such-command-jinit-it: ") && line.contains("not found"), line);
        }
    }

    @Test
    void aCommandThatIsNotExecutableExits126WithOneLineNamingIt(@TempDir Path tmp) throws IOException {
        Path script = Files.writeString(tmp.resolve("not-executable.sh"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--quiet", script.toString()))) {
            assertEquals(126, p.awaitExit(), p.describe());
            String line = onlyStderrLine(p);
            assertTrue(line.startsWith("my_init: " + script + ": "), line);
        }
    }

    @Test
    void notAsPid1BadInputGivesTheSameCodes() {
        try (DistProcess p = DistProcess.myInit(List.of("--quiet", "no-such-command-jinit-it"))) {
            assertEquals(127, p.awaitExit(), p.describe());
            assertTrue(onlyStderrLine(p).contains("no-such-command-jinit-it"));
        }
        try (DistProcess p = DistProcess.myInit(List.of("-z"))) {
            assertEquals(2, p.awaitExit(), p.describe());
            assertEquals("my_init: unknown option -z (see --help)", onlyStderrLine(p));
        }
    }

    @Test
    void helpAndVersionExit0OnStdout() {
        try (DistProcess p = DistProcess.myInit(List.of("--help"))) {
            assertEquals(0, p.awaitExit(), p.describe());
            assertEquals(MyInitOptions.help("my_init").lines().toList(), p.outLines());
            assertEquals(List.of(), p.errLines());
        }
        try (DistProcess p = DistProcess.myInit(List.of("--version"))) {
            assertEquals(0, p.awaitExit(), p.describe());
            List<String> out = p.outLines();
            assertEquals(1, out.size(), p.describe());
            assertTrue(out.get(0).matches("jinit \\d+\\.\\d+\\.\\d+\\S*"), out.get(0));
        }
    }
}
