package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.FakeCredentials;
import dev.jinit.core.FakeExec;
import dev.jinit.core.FakeProcesses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/setuser's arguments, messages and exit codes, on in-memory credentials. */
class SetUserCliTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "USER", "root", "HOME", "/root");

    private FakeCredentials credentials = new FakeCredentials().addUser("app", 1001, 1001, "/home/app")
            .addGroup("app", 1001).addGroup("audio", 29, "app");
    private final FakeExec exec = new FakeExec();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        FakeCredentials c = credentials;
        Supplier<SetUser> setUser = () -> SetUser.builder().credentials(c).processes(new FakeProcesses(1)).exec(exec)
                .onPartialSwitch(d -> { }).build();
        return SetUserCli.run(Arrays.asList(args), ENV, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), setUser);
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void runsTheCommandAsTheUserWithItsEnvironment() {
        assertEquals(0, run("app", "sh", "-c", "id"));
        assertEquals(List.of("setgroups([1001, 29])", "setresgid(1001)", "setresuid(1001)"), credentials.calls());
        assertEquals(List.of("sh", "-c", "id"), exec.call().argv());
        assertEquals("app", exec.call().environment().get("USER"));
        assertEquals("/home/app", exec.call().environment().get("HOME"));
        assertEquals("1001", exec.call().environment().get("UID"));
        assertEquals(List.of(), errLines());
    }

    @Test
    void optionsComeBeforeUserAndDoubleDashEndsThem() {
        assertEquals(0, run("--no-new-privs", "--", "app", "true", "--not-an-option-either"));
        assertEquals(List.of("true", "--not-an-option-either"), exec.call().argv());
    }

    @Test
    void helpGoesToStdoutAndExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: setuser [--no-new-privs] USER COMMAND"));
        assertNull(exec.call());
    }

    @Test
    void badUsageIsOneLineAndExitTwo() {
        for (String[] args : new String[][] {{}, {"app"}, {"--bogus", "app", "true"}, {"a:b:c", "true"}, {"--no-new-privs"},
                {"app:", "true"}}) {
            err.reset();
            assertEquals(2, run(args), Arrays.toString(args));
            assertEquals(1, errLines().size(), errLines().toString());
            assertTrue(errLines().get(0).startsWith("setuser: "), errLines().toString());
        }
        assertNull(exec.call());
    }

    @Test
    void anUnknownUserIsPhusionsLineAndExitOne() {
        assertEquals(1, run("ghost", "true"));
        assertEquals(List.of("setuser: user ghost not found"), errLines());
    }

    @Test
    void anUnknownGroupIsOneLineAndExitOne() {
        assertEquals(1, run("app:ghosts", "true"));
        assertEquals(1, errLines().size());
        assertTrue(errLines().get(0).startsWith("setuser: group ghosts not found"), errLines().toString());
    }

    @Test
    void notRootIsOneLineAndExitOne() {
        credentials = new FakeCredentials(1000, 1000, List.of()).addUser("app", 1001, 1001, "/home/app");
        assertEquals(1, run("app", "true"));
        assertEquals(1, errLines().size());
        assertTrue(errLines().get(0).startsWith("setuser: must run as root to change user"), errLines().toString());
        assertNull(exec.call());
    }

    @Test
    void aMissingCommandIs127AndANonExecutableOne126(@TempDir Path tmp) throws IOException {
        assertEquals(127, run("app", "no-such-command-jinit"));
        assertEquals(1, errLines().size());
        assertTrue(errLines().get(0).startsWith("setuser: no-such-command-jinit: command not found"), errLines().toString());
        err.reset();
        credentials = new FakeCredentials().addUser("app", 1001, 1001, "/home/app");
        Path script = Files.writeString(tmp.resolve("script"), "#!/bin/sh\n");
        assertEquals(126, run("app", script.toString()));
        assertEquals(List.of("setuser: " + script + ": permission denied"), errLines());
    }

    @Test
    void nativesThatCannotLoadAreOneLineAndExitOne() {
        int code = SetUserCli.run(List.of("app", "true"), ENV, new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> {
                    throw new IllegalStateException("jinit could not bind libc");
                });
        assertEquals(1, code);
        assertEquals(List.of("setuser: jinit could not bind libc"), errLines());
    }
}
