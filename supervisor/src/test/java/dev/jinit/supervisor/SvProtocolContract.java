package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.supervisor.runit.StatusFile;
import dev.jinit.supervisor.runit.SuperviseStatus;
import dev.jinit.supervisor.runit.Want;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Drives jinit-supervised service directories with an sv client through every command, as a user of runit would:
 * the output and exit codes are runit 2.1.2's. Subclasses supply the client (Debian's sv, or jinit's own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SvProtocolContract {
    /** What an sv invocation printed (stdout and stderr together, as a user sees them) and its exit code. */
    record Result(int code, String output) {
    }

    static final dev.jinit.core.Descriptors DESCRIPTORS = dev.jinit.core.Natives.load().descriptors();

    SvRig rig;
    int lockedFd = -1;

    /** Runs the client with {@code args}. */
    abstract Result sv(String... args) throws Exception;

    @BeforeAll
    void supervise() throws Exception {
        rig = new SvRig();
        Path r = rig.results;
        SvRig.script(rig.service("svc").resolve("run"), "echo \"svc start $$\"", "exec sleep 100000");
        SvRig.script(rig.service("svc").resolve("finish"), "echo \"$1 $2\" >> " + r.resolve("svc.finish"));
        SvRig.script(rig.service("svc").resolve("check"), "exit 0");
        SvRig.script(rig.service("svc").resolve("log/run"), "exec cat >> " + r.resolve("svc.log"));

        SvRig.script(rig.service("stubborn").resolve("run"), "trap '' TERM", "exec sleep 100000");
        SvRig.script(rig.service("stubborn").resolve("finish"), "echo \"$1 $2\" >> " + r.resolve("stubborn.finish"));

        SvRig.script(rig.service("sig").resolve("run"),
                "for s in HUP ALRM INT QUIT USR1 USR2; do trap \"echo got $s\" $s; done",
                "trap 'kill $child; exit 0' TERM",
                "sleep 100000 &",
                "child=$!",
                "echo ready",
                "while :; do wait $child; done");
        SvRig.script(rig.service("sig").resolve("log/run"), "exec cat >> " + r.resolve("sig.log"));

        SvRig.script(rig.service("off").resolve("run"), "exec sleep 100000");
        Files.createFile(rig.service("off").resolve("down"));

        SvRig.script(rig.service("bye").resolve("run"), "echo bye-start", "exec sleep 100000");
        SvRig.script(rig.service("bye").resolve("log/run"), "exec cat >> " + r.resolve("bye.log"));

        // held as a real runsv would hold it: the supervisor must leave this one alone until it is released
        Files.createDirectories(rig.service("locked").resolve("supervise"));
        SvRig.script(rig.service("locked").resolve("run"), "exec sleep 100000");
        lockedFd = DESCRIPTORS.open(rig.service("locked").resolve("supervise/lock"),
                dev.jinit.core.Descriptors.WRITE | dev.jinit.core.Descriptors.CREATE, 0600);
        assertTrue(DESCRIPTORS.tryLockExclusive(lockedFd));

        rig.start(Duration.ofSeconds(2));
        rig.awaitAllStarted(List.of("svc", "svc/log", "stubborn", "sig", "sig/log", "bye", "bye/log"));
        SvRig.awaitLine(r.resolve("sig.log"), "ready"::equals);
    }

    @AfterAll
    void stop() throws Exception {
        if (lockedFd >= 0) {
            DESCRIPTORS.close(lockedFd);
        }
        rig.close();
    }

    String path(String name) {
        return rig.service(name).toString();
    }

    static long group(String text, String regex, int group) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "'" + text + "' does not match " + regex);
        return Long.parseLong(m.group(group));
    }

    static void assertMatches(String regex, String actual) {
        assertTrue(Pattern.compile(regex, Pattern.DOTALL).matcher(actual).matches(),
                "expected to match " + regex + " but was '" + actual + "'");
    }

    SuperviseStatus status(String name) throws IOException {
        return StatusFile.decode(Files.readAllBytes(rig.service(name).resolve("supervise/status")));
    }

    @Test
    void statusShowsTheServiceAndItsLogService() throws Exception {
        Result r = sv("status", path("svc"));
        String q = Pattern.quote(path("svc"));
        assertMatches("run: " + q + ": \\(pid \\d+\\) \\d+s; run: log: \\(pid \\d+\\) \\d+s\n", r.output());
        assertEquals(0, r.code());
        long pid = group(r.output(), "\\(pid (\\d+)\\)", 1);
        assertEquals(pid + "\n", Files.readString(rig.service("svc").resolve("supervise/pid")));
        assertEquals("run\n", Files.readString(rig.service("svc").resolve("supervise/stat")));
        assertTrue(Files.isDirectory(rig.service("svc").resolve("log/supervise")));
    }

    /**
     * sv's waits compare whole seconds (a {@code term} or {@code restart} may be "ok" on the old process started in
     * the same second, and a {@code kill} during ./finish makes ./finish run again, as runsv does): tests that need
     * the service running first wait for that with {@code up}, and then for the supervisor's own events.
     */
    void ensureUp(String name) throws Exception {
        Result up = sv("-w", "10", "up", path(name));
        assertEquals(0, up.code(), up.output());
    }

    Path finishFile(String name) {
        return rig.results.resolve(name + ".finish");
    }

    @Test
    void downRunsFinishWithTheTermArgumentsAndUpStartsAgain() throws Exception {
        ensureUp("svc");
        int lines = SvRig.lineCount(finishFile("svc"));
        Result down = sv("-w", "10", "down", path("svc"));
        assertMatches("ok: down: " + Pattern.quote(path("svc")) + ": \\d+s, normally up\n", down.output());
        assertEquals(0, down.code());
        SvRig.awaitLine(finishFile("svc"), lines, "-1 15"::equals);
        assertEquals("down\n", Files.readString(rig.service("svc").resolve("supervise/stat")));
        assertEquals("", Files.readString(rig.service("svc").resolve("supervise/pid")));
        assertEquals(Want.DOWN, status("svc").want());

        Result up = sv("-w", "10", "up", path("svc"));
        assertMatches("ok: run: " + Pattern.quote(path("svc")) + ": \\(pid \\d+\\) \\d+s\n", up.output());
        assertEquals(0, up.code());
    }

    @Test
    void killRunsFinishWithTheKillArgumentsAndTheServiceComesBack() throws Exception {
        ensureUp("svc");
        long before = status("svc").pid();
        int lines = SvRig.lineCount(finishFile("svc"));
        rig.events.clear();
        Result r = sv("kill", path("svc"));
        assertEquals(0, r.code(), r.output());
        assertEquals("", r.output());
        SvRig.awaitLine(finishFile("svc"), lines, "-1 9"::equals);
        long after = rig.awaitStarted("svc");
        assertNotEquals(before, after);
    }

    @Test
    void restartStartsANewProcessAndTheLoggerKeepsRunningAndReadingThePipe() throws Exception {
        ensureUp("svc");
        String before = sv("status", path("svc")).output();
        long oldPid = group(before, "^run: [^;]*\\(pid (\\d+)\\)", 1);
        long logPid = group(before, "run: log: \\(pid (\\d+)\\)", 1);
        int lines = SvRig.lineCount(finishFile("svc"));
        rig.events.clear();
        Result r = sv("-w", "10", "restart", path("svc"));
        assertMatches("ok: run: " + Pattern.quote(path("svc")) + ": \\(pid \\d+\\) \\d+s\n", r.output());
        assertEquals(0, r.code());
        long newPid = rig.awaitStarted("svc");
        assertNotEquals(oldPid, newPid);
        SvRig.awaitLine(finishFile("svc"), lines, "-1 15"::equals);
        String after = sv("status", path("svc")).output();
        assertEquals(newPid, group(after, "^run: [^;]*\\(pid (\\d+)\\)", 1));
        assertEquals(logPid, group(after, "run: log: \\(pid (\\d+)\\)", 1), "the log service was restarted");
        List<String> log = SvRig.awaitLine(rig.results.resolve("svc.log"), ("svc start " + newPid)::equals);
        assertTrue(log.contains("svc start " + oldPid), "lost the line of the previous run: " + log);
    }

    @Test
    void termWithWantUpRestartsAfterFinish() throws Exception {
        ensureUp("svc");
        long before = status("svc").pid();
        int lines = SvRig.lineCount(finishFile("svc"));
        rig.events.clear();
        Result r = sv("-w", "10", "term", path("svc"));
        assertEquals(0, r.code(), r.output());
        assertNotEquals(before, rig.awaitStarted("svc"));
        SvRig.awaitLine(finishFile("svc"), lines, "-1 15"::equals);
    }

    @Test
    void pauseStopsAndContResumes() throws Exception {
        ensureUp("svc");
        Result p = sv("-w", "10", "pause", path("svc"));
        assertMatches("ok: run: " + Pattern.quote(path("svc")) + ": \\(pid \\d+\\) \\d+s, paused\n", p.output());
        assertTrue(status("svc").paused());
        assertMatches("run: .*, paused; run: log: .*", sv("status", path("svc")).output());
        Result c = sv("-w", "10", "cont", path("svc"));
        assertMatches("ok: run: " + Pattern.quote(path("svc")) + ": \\(pid \\d+\\) \\d+s\n", c.output());
        assertTrue(!status("svc").paused());
    }

    @Test
    void eachSignalVerbReachesTheService() throws Exception {
        String[][] verbs = {{"hup", "HUP"}, {"alarm", "ALRM"}, {"interrupt", "INT"}, {"quit", "QUIT"},
                {"1", "USR1"}, {"2", "USR2"}};
        for (String[] v : verbs) {
            Result r = sv(v[0], path("sig"));
            assertEquals(0, r.code(), v[0] + ": " + r.output());
            SvRig.awaitLine(rig.results.resolve("sig.log"), ("got " + v[1])::equals);
        }
        assertMatches("run: .*", sv("status", path("sig")).output());
    }

    @Test
    void onceStartsADownServiceWithoutRestartingIt() throws Exception {
        String q = Pattern.quote(path("off"));
        assertMatches("down: " + q + ": \\d+s\n", sv("status", path("off")).output());
        Result once = sv("-w", "10", "once", path("off"));
        assertEquals(0, once.code(), once.output());
        assertMatches("run: " + q + ": \\(pid \\d+\\) \\d+s, normally down, want down\n", sv("status", path("off")).output());
        assertEquals(Want.DOWN, status("off").want());
        // once: when it ends, it stays down
        Result kill = sv("kill", path("off"));
        assertEquals(0, kill.code(), kill.output());
        rig.await("off", e -> e instanceof ServiceEvent.Exited);
        Result down = sv("-w", "10", "down", path("off"));
        assertMatches("ok: down: " + q + ": \\d+s\n", down.output());
        assertEquals(0, status("off").pid());
        assertEquals(Want.DOWN, status("off").want(), "a want-down service is never restarted");
    }

    @Test
    void forceStopKillsAServiceThatIgnoresTerm() throws Exception {
        String q = Pattern.quote(path("stubborn"));
        ensureUp("stubborn");
        int lines = SvRig.lineCount(finishFile("stubborn"));
        Result r = sv("-w", "1", "force-stop", path("stubborn"));
        assertMatches("kill: run: " + q + ": \\(pid \\d+\\) \\d+s, want down, got TERM\n", r.output());
        assertEquals(1, r.code());
        SvRig.awaitLine(finishFile("stubborn"), lines, "-1 9"::equals);
        Result up = sv("-w", "10", "up", path("stubborn"));
        assertEquals(0, up.code(), up.output());
    }

    @Test
    void checkRunsTheCheckScript() throws Exception {
        ensureUp("svc");
        Result r = sv("-w", "5", "check", path("svc"));
        assertMatches("ok: run: " + Pattern.quote(path("svc")) + ": \\(pid \\d+\\) \\d+s\n", r.output());
        assertEquals(0, r.code());
    }

    @Test
    void exitStopsTheServiceThenTheLoggerDrainsAndSupervisionEnds() throws Exception {
        Result r = sv("-w", "10", "exit", path("bye"));
        assertEquals(0, r.code(), r.output());
        Result st = sv("status", path("bye"));
        assertMatches("fail: " + Pattern.quote(path("bye")) + ": runsv not running\n", st.output());
        assertEquals(1, st.code());
        assertTrue(Files.readAllLines(rig.results.resolve("bye.log")).contains("bye-start"));
        // as runsvdir does, the next scan supervises it again
        rig.awaitStarted("bye");
    }

    @Test
    void newDirectoriesArePickedUpAndRemovedOnesStop() throws Exception {
        Path late = rig.service("late");
        SvRig.script(rig.root.resolve("late-tmp").resolve("run"), "exec sleep 100000");
        Files.move(rig.root.resolve("late-tmp"), late);
        long pid = rig.awaitStarted("late");
        Path gone = rig.root.resolve("late-gone");
        Files.move(late, gone);
        rig.await("late", e -> e instanceof ServiceEvent.Exited);
        assertTrue(!SvRig.alive(pid) || SvRig.procState(pid) == 'Z');
    }

    @Test
    void badInputIsReportedAsRunitsSvReportsIt() throws Exception {
        Path plain = Files.createDirectories(rig.root.resolve("plain"));
        Path stopped = Files.createDirectories(rig.root.resolve("stopped/supervise"));
        dev.jinit.core.Natives.load().descriptors().mkfifo(stopped.resolve("ok"), 0600);
        String nope = rig.root.resolve("nope").toString();

        assertEquals(new Result(1, "fail: " + nope + ": unable to change to service directory: file does not exist\n"),
                sv("status", nope));
        assertEquals(new Result(1, "warning: " + plain + ": unable to open supervise/ok: file does not exist\n"),
                sv("up", plain.toString()));
        assertEquals(new Result(1, "fail: " + stopped.getParent() + ": runsv not running\n"),
                sv("status", stopped.getParent().toString()));
        assertEquals(new Result(0, "ok: " + stopped.getParent() + ": runsv not running\n"),
                sv("-w", "2", "exit", stopped.getParent().toString()));
        assertEquals(new Result(2, "fail: " + nope + ": unable to change to service directory: file does not exist\n"
                        + "warning: " + plain + ": unable to open supervise/ok: file does not exist\n"),
                sv("status", nope, plain.toString()));
        assertEquals(new Result(100, "usage: sv [-v] [-w sec] command service ...\n\n"), sv("bogus", plain.toString()));
        assertEquals(new Result(100, "usage: sv [-v] [-w sec] command service ...\n\n"), sv("status"));
    }

    @Test
    void aDirectoryLockedByAnotherSupervisorIsLeftAloneUntilReleased() throws Exception {
        // the first scan tried it before the other services started (one scan starts them all)
        Result r = sv("status", path("locked"));
        assertEquals(new Result(1, "warning: " + path("locked") + ": unable to open supervise/ok: file does not exist\n"), r);
        DESCRIPTORS.close(lockedFd);
        lockedFd = -1;
        rig.awaitStarted("locked");
        assertMatches("run: " + Pattern.quote(path("locked")) + ": \\(pid \\d+\\) \\d+s, normally up\n|"
                + "run: " + Pattern.quote(path("locked")) + ": \\(pid \\d+\\) \\d+s\n", sv("status", path("locked")).output());
    }
}
