package dev.jinit.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.ExitStatus;
import dev.jinit.core.Signal;
import dev.jinit.supervisor.RestartPolicy;
import dev.jinit.supervisor.ServiceDefinition;
import dev.jinit.supervisor.ServiceEvent;
import dev.jinit.supervisor.runit.StatFile;
import dev.jinit.supervisor.runit.StatusFile;
import dev.jinit.supervisor.runit.SuperviseStatus;
import dev.jinit.supervisor.runit.SvStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sequences of events, checked against what runsv wrote and did (runit-supervise.md) and jinit's additions. */
class ServiceMachineScenarioTest {

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static SuperviseStatus lastStatus(Driver d) {
        SuperviseStatus s = null;
        for (Action a : d.last) {
            if (a instanceof Action.WriteStatus w) {
                s = w.status();
            }
        }
        return s;
    }

    private static Instant unix(long seconds, long micros) {
        return Instant.ofEpochSecond(seconds, micros * 1000 + 123); // the sub-microsecond part is dropped by runsv
    }

    @Test
    void writesTheStatusBytesRunsvWroteInTheSpecsCaptures() {
        // Row "running (want up)": ./run started at unix 1795824051.660927 as pid 25784.
        Driver d = Driver.begin(MachineConfig.runit(), false, unix(1795824051L, 660927)).spawned(25784);
        assertArrayEquals(hex("40000000 6b0a19bd 2764f40c b8640000 00 75 00 01"), StatusFile.encode(lastStatus(d)));
        d.at(unix(1795824052L, 0)).control('p');
        assertArrayEquals(hex("40000000 6b0a19bd 2764f40c b8640000 01 75 00 01"), StatusFile.encode(lastStatus(d)));
        assertEquals("run, paused\n", StatFile.text(lastStatus(d)));
        d.control('c').control('o');
        assertArrayEquals(hex("40000000 6b0a19bd 2764f40c b8640000 00 64 00 01"), StatusFile.encode(lastStatus(d)));
        assertEquals("run, want down\n", StatFile.text(lastStatus(d)));

        // Rows "want down / want exit, TERM ignored": a new run at .615371 as pid 26149, then d, then x.
        Driver t = Driver.begin(MachineConfig.runit(), false, unix(1795824053L, 615371)).spawned(26149);
        t.at(unix(1795824054L, 0)).control('d');
        assertArrayEquals(hex("40000000 6b0a19bf 24add2ec 25660000 00 64 01 01"), StatusFile.encode(lastStatus(t)));
        assertEquals("run, got TERM, want down\n", StatFile.text(lastStatus(t)));
        t.control('x');
        assertArrayEquals(hex("40000000 6b0a19bf 24add2ec 25660000 00 64 01 01"), StatusFile.encode(lastStatus(t)));
        assertEquals("run, got TERM, want exit\n", StatFile.text(lastStatus(t)));

        // Rows "finish running (want down)" and "down": a run at .256711, d, killed by TERM, ./finish as 27884,
        // which exits at unix 1795824059.764507.
        Driver f = Driver.begin(MachineConfig.runit(), false, unix(1795824056L, 256711)).spawned(27000);
        f.at(unix(1795824057L, 0)).control('d').exited(27000, ExitStatus.signaled(15, false), true);
        assertEquals("spawn finish -1 15", Describe.action(f.last.get(f.last.size() - 1)));
        f.spawned(27884);
        assertArrayEquals(hex("40000000 6b0a19c2 0f4d1b4c ec6c0000 00 64 00 02"), StatusFile.encode(lastStatus(f)));
        assertEquals("finish, want down\n", StatFile.text(lastStatus(f)));
        f.at(unix(1795824059L, 764507)).exited(27884, ExitStatus.exited(0), true);
        assertArrayEquals(hex("40000000 6b0a19c5 2d91756c 00000000 00 64 00 00"), StatusFile.encode(lastStatus(f)));
        assertEquals("down\n", StatFile.text(lastStatus(f)));
        assertEquals("down: D: 1s, normally up\n", SvStatus.output("D",
                new SvStatus.Part(StatusFile.encode(lastStatus(f)), false), Optional.empty(),
                Instant.ofEpochSecond(1795824060L)));
    }

    @Test
    void givesFinishTheExitCodeOrMinusOneAndTheSignalAsRunsv() {
        // Observed: exit 3 -> "3 0"; SIGTERM -> "-1 15"; SIGKILL -> "-1 9" (sv force-stop).
        assertEquals(List.of("3", "0"), finishArgs(ExitStatus.exited(3)));
        assertEquals(List.of("-1", "15"), finishArgs(ExitStatus.signaled(15, false)));
        assertEquals(List.of("-1", "9"), finishArgs(ExitStatus.signaled(9, false)));
        assertEquals(List.of("-1", "134"), finishArgs(ExitStatus.signaled(6, true)), "+128 for a core dump");
        assertEquals(List.of("255", "0"), finishArgs(ExitStatus.exited(255)));
    }

    private static List<String> finishArgs(ExitStatus status) {
        Driver d = Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100).at("5")
                .exited(100, status, true);
        return ((Action.SpawnFinish) d.last.get(d.last.size() - 1)).args();
    }

    @Test
    void restartsAtOnceAfterACrashOfAServiceThatRanOverOneSecond() {
        Driver d = Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100).at("1.001")
                .exited(100, ExitStatus.signaled(11, false), false);
        assertTrue(d.last.contains(new Action.SpawnRun()), d.lastActions());
        assertTrue(d.last.stream().noneMatch(a -> a instanceof Action.ScheduleStart), d.lastActions());
    }

    @Test
    void forceStopSendsTermThenKillAndFinishGetsMinusOneNine() {
        // sv -w 2 force-stop on a TERM-ignoring service: d, then k on timeout; ./finish got "-1 9".
        Driver d = Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100).at("5").control('d');
        assertEquals("status \"run, want down\" 100; kill 100 TERM; status \"run, got TERM, want down\" 100; "
                + "kill 100 CONT; control d 100", d.lastActions());
        d.at("7").control('k');
        assertEquals("kill 100 KILL", d.lastActions());
        d.exited(100, ExitStatus.signaled(9, false), true);
        assertEquals("publish exited \"killed by SIGKILL\"; status \"finish, want down\" 0; spawn finish -1 9",
                d.lastActions());
    }

    @Test
    void restartIsTermContUpAndWaitsForTheNewStamp() {
        // sv restart writes "tcu"; its wait compares the status stamp with its own start.
        Driver d = Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100).at("10");
        d.control('t').control('c').control('u');
        assertEquals("status \"run, got TERM\" 100", d.lastActions());
        d.at("10.2").exited(100, ExitStatus.signaled(15, false), false);
        d.spawned(101);
        assertEquals(Describe.at("10.2").getEpochSecond(), lastStatus(d).stamp().getEpochSecond());
    }

    @Test
    void killDuringFinishRunsFinishAgainAsRunsvDoes() {
        Driver d = Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100).at("5")
                .exited(100, ExitStatus.exited(3), true).spawned(200);
        d.control('k');
        assertEquals("down want=up pid=200", d.describe());
        d.at("6").exited(200, ExitStatus.exited(7), true);
        assertEquals("publish exited \"exit code 7\"; status \"finish\" 0; spawn finish 7 0", d.lastActions());
    }

    @Test
    void onceAfterKillStartsWhenTheKilledProcessIsReapedNotBefore() {
        Driver d = Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100).at("0.2").control('k')
                .control('o');
        assertEquals("down want=down pid=100 startAt=+0.2", d.describe());
        d.at("0.4").exited(100, ExitStatus.signaled(9, false), false);
        assertEquals("publish exited \"killed by SIGKILL\"; status \"down\" 0; schedule start +1.4", d.lastActions());
        d.at("1.4").feed(new Event.RestartDue());
        assertEquals("control u 0; spawn run", d.lastActions());
    }

    @Test
    void anEssentialServiceFailsPermanentlyAtItsLimitAndUpRevivesIt() {
        ServiceDefinition def = ServiceDefinition.builder("db").command("postgres").essential(3,
                Duration.ofSeconds(60)).build();
        Driver d = Driver.begin(MachineConfig.of(def), false, Describe.T0);
        long pid = 100;
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            d.spawned(pid);
            d.clock.advance(Duration.ofSeconds(5));
            d.exited(pid++, ExitStatus.exited(1), false);
            d.last.stream().filter(a -> a instanceof Action.Publish).map(Describe::action).forEach(published::add);
        }
        assertEquals(List.of("publish exited \"exit code 1\"", "publish exited \"exit code 1\"",
                "publish exited \"exit code 1\"", "publish failed permanently"), published);
        assertEquals("down want=down", d.describe());
        assertEquals("status \"down\" 0", Describe.action(d.last.get(1)), "want is 'd' so that sv up is sent");
        assertEquals(List.of(), d.last.stream().filter(a -> a instanceof Action.SpawnRun).toList());

        d.control('u');
        assertEquals("status \"down\" 0; control u 0; spawn run", d.lastActions());
        d.spawned(pid);
        d.clock.advance(Duration.ofSeconds(5));
        d.exited(pid, ExitStatus.exited(1), false);
        assertTrue(d.lastActions().contains("spawn run"), "the failures before u are forgiven: " + d.lastActions());
    }

    @Test
    void exponentialBackoffDelaysRestartsAfterConsecutiveFailures() {
        MachineConfig config = new MachineConfig(false, Signal.TERM, Duration.ofSeconds(7), RestartPolicy.builder()
                .exponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(8)).build());
        Driver d = Driver.begin(config, false, Describe.T0);
        List<Duration> waits = new ArrayList<>();
        long pid = 100;
        for (int i = 0; i < 5; i++) {
            d.spawned(pid);
            d.clock.advance(Duration.ofMillis(1500));
            Instant down = d.clock.instant();
            d.exited(pid++, ExitStatus.exited(1), false);
            Action.ScheduleStart s = (Action.ScheduleStart) d.last.stream()
                    .filter(a -> a instanceof Action.ScheduleStart).findFirst().orElseThrow();
            waits.add(Duration.between(down, s.at()));
            d.at(s.at()).feed(new Event.RestartDue());
        }
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(8), Duration.ofSeconds(8)), waits);
    }

    @Test
    void aConfiguredStopSignalReplacesTermForDownTermExitAndShutdown() {
        MachineConfig config = new MachineConfig(false, Signal.INT, Duration.ofSeconds(3), RestartPolicy.runit());
        Driver d = Driver.begin(config, false, Describe.T0).spawned(100).at("5").control('t');
        assertEquals("kill 100 INT; status \"run, got TERM\" 100", d.lastActions());
        d.feed(new Event.Shutdown(false));
        assertEquals("status \"run, got TERM, want exit\" 100; kill 100 INT; status \"run, got TERM, want exit\" 100; "
                + "kill 100 CONT; control x 100; schedule kill +8", d.lastActions());
    }

    @Test
    void aShutdownDeadlineEarlierThanTheStopTimeoutBringsTheKillForwardAndALaterOneDoesNot() {
        java.util.function.Function<String, String> killAt = killBy -> {
            Driver d = Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100).at("5");
            d.feed(new Event.Shutdown(false, java.util.Optional.of(Describe.at(killBy))));
            String a = d.lastActions();
            return a.substring(a.lastIndexOf("schedule kill"));
        };
        assertEquals("schedule kill +6.5", killAt.apply("6.5"));
        assertEquals("schedule kill +12", killAt.apply("30"), "runit's 7 s stop timeout comes first");
        assertEquals("schedule kill +5", killAt.apply("1"), "a deadline already past: KILL at once");
    }

    @Test
    void shutdownStopsTheServiceThenDrainsItsLogThenBothAreDone() {
        Driver main = Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100);
        Driver log = Driver.begin(MachineConfig.runitLog(), false, Describe.T0).spawned(99);
        assertEquals("status \"down\" 0; spawn run", Describe.actions(log.all.subList(0, 2)),
                "a log service runs no control/u");

        main.at("5").feed(new Event.Shutdown(false));
        main.at("5.5").exited(100, ExitStatus.signaled(15, false), false);
        assertTrue(main.last.contains(new Action.Done()), main.lastActions());

        // The driver then stops the log: its want becomes exit, the pipe is closed, it ends at EOF.
        log.at("5.5").feed(new Event.Shutdown(false));
        assertEquals("status \"run, want exit\" 99; release log pipe; schedule kill +12.5", log.lastActions());
        log.at("5.6").exited(99, ExitStatus.exited(0), false);
        assertEquals("publish exited \"exit code 0\"; status \"down\" 0; done", log.lastActions());
    }

    @Test
    void startFailureIsAnExit111ThatStillRespectsTheOneSecondRule() {
        Driver d = Driver.begin(MachineConfig.runit(), false, Describe.T0)
                .feed(new Event.SpawnFailed("./run: Permission denied", false));
        assertEquals("publish start failed; status \"down\" 0; schedule start +1; publish restarting +1",
                d.lastActions());
        assertEquals(new ServiceEvent.StartFailed("./run: Permission denied"),
                ((Action.Publish) d.last.get(0)).event());
    }
}
