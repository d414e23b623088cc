package dev.jinit.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jinit.core.ExitStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The supervisor's state × event table, in the manner of s6-supervise's {@code actions[state][event]}: each row puts
 * a service in a named state (reached through the machine itself from its start, at T0), applies one event some
 * seconds after T0, and states the new state and the actions in order. Runs are runsv's: stop signal TERM, runit's
 * restart rule, stop timeout 7 s. pid 100 is {@code ./run}, 200 {@code ./finish}, 300 a log service's
 * {@code log/run}.
 *
 * <p>Events: a control byte ({@code !} = its control script exited 0 and overrode it; {@code 0x0a} a newline);
 * {@code exit CODE PID [finish]} and {@code killed SIG PID [core] [finish]} ({@code finish}: a finish program exists);
 * {@code spawned PID}; {@code spawn-failed [finish]}; {@code restart-due}; {@code shutdown[!]};
 * {@code stop-timeout}.
 */
class ServiceMachineTableTest {

    private static final Map<String, Supplier<Driver>> FIXTURES = Map.ofEntries(
            Map.entry("down", () -> Driver.begin(MachineConfig.runit(), true, Describe.T0)),
            Map.entry("gone", () -> Driver.begin(MachineConfig.runit(), true, Describe.T0).control('x')),
            Map.entry("spawning", () -> Driver.begin(MachineConfig.runit(), false, Describe.T0)),
            Map.entry("up", ServiceMachineTableTest::up),
            Map.entry("paused", () -> up().control('p')),
            Map.entry("once", () -> up().control('o')),
            Map.entry("stopping", () -> up().control('d')),
            Map.entry("exiting", () -> up().control('x')),
            Map.entry("killed", () -> up().control('k')),
            Map.entry("finish", () -> up().control('d').exited(100, ExitStatus.signaled(15, false), true)
                    .spawned(200)),
            Map.entry("finish-up", () -> up().at("5").exited(100, ExitStatus.exited(3), true).spawned(200)),
            Map.entry("finish-quick", () -> up().at("0.3").exited(100, ExitStatus.exited(1), true).spawned(200)),
            Map.entry("throttled", () -> up().at("0.3").exited(100, ExitStatus.exited(1), false)),
            Map.entry("shutting", () -> up().feed(new Event.Shutdown(false))),
            Map.entry("log-up", () -> Driver.begin(MachineConfig.runitLog(), false, Describe.T0).spawned(300)),
            Map.entry("log-down", () -> Driver.begin(MachineConfig.runitLog(), true, Describe.T0)),
            Map.entry("log-draining", () -> Driver.begin(MachineConfig.runitLog(), false, Describe.T0).spawned(300)
                    .feed(new Event.Shutdown(false))));

    private static Driver up() {
        return Driver.begin(MachineConfig.runit(), false, Describe.T0).spawned(100);
    }

    private static final String TABLE = """
            # state       | at  | event                     | new state                                   | actions
            up            | 5   | u                         | run want=up pid=100                         | status "run" 100
            up            | 5   | d                         | run want=down pid=100 term                  | status "run, want down" 100; kill 100 TERM; status "run, got TERM, want down" 100; kill 100 CONT; control d 100
            up            | 5   | d!                        | run want=down pid=100                       | status "run, want down" 100; kill 100 CONT; control d 100
            up            | 5   | o                         | run want=down pid=100                       | status "run, want down" 100
            up            | 5   | p                         | run want=up pid=100 paused                  | kill 100 STOP; status "run, paused" 100
            up            | 5   | p!                        | run want=up pid=100 paused                  | status "run, paused" 100
            up            | 5   | c                         | run want=up pid=100                         | kill 100 CONT; status "run" 100
            up            | 5   | c!                        | run want=up pid=100                         | status "run" 100
            up            | 5   | h                         | run want=up pid=100                         | kill 100 HUP
            up            | 5   | h!                        | run want=up pid=100                         | -
            up            | 5   | a                         | run want=up pid=100                         | kill 100 ALRM
            up            | 5   | i                         | run want=up pid=100                         | kill 100 INT
            up            | 5   | q                         | run want=up pid=100                         | kill 100 QUIT
            up            | 5   | 1                         | run want=up pid=100                         | kill 100 USR1
            up            | 5   | 2                         | run want=up pid=100                         | kill 100 USR2
            up            | 5   | 2!                        | run want=up pid=100                         | -
            up            | 5   | t                         | run want=up pid=100 term                    | kill 100 TERM; status "run, got TERM" 100
            up            | 5   | t!                        | run want=up pid=100                         | -
            up            | 5   | k                         | down want=up pid=100                        | kill 100 KILL
            up            | 5   | k!                        | down want=up pid=100                        | -
            up            | 5   | x                         | run want=exit pid=100 term                  | status "run, want exit" 100; kill 100 TERM; status "run, got TERM, want exit" 100; kill 100 CONT; control x 100
            up            | 5   | x!                        | run want=exit pid=100                       | status "run, want exit" 100; kill 100 CONT; control x 100
            up            | 5   | z                         | run want=up pid=100                         | -
            up            | 5   | 0x0a                      | run want=up pid=100                         | -
            up            | 5   | exit 0 100                | down want=up spawning=run                   | publish exited "exit code 0"; status "down" 0; control u 0; spawn run
            up            | 1   | exit 0 100                | down want=up spawning=run                   | publish exited "exit code 0"; status "down" 0; control u 0; spawn run
            up            | 0.5 | exit 0 100                | down want=up startAt=+1.5                   | publish exited "exit code 0"; status "down" 0; schedule start +1.5; publish restarting +1.5
            up            | 5   | exit 3 100 finish         | finish want=up spawning=finish              | publish exited "exit code 3"; status "finish" 0; spawn finish 3 0
            up            | 5   | killed 15 100 finish      | finish want=up spawning=finish              | publish exited "killed by SIGTERM"; status "finish" 0; spawn finish -1 15
            up            | 5   | killed 11 100 core finish | finish want=up spawning=finish              | publish exited "killed by SIGSEGV (core dumped)"; status "finish" 0; spawn finish -1 139
            up            | 5   | exit 0 999                | run want=up pid=100                         | -
            up            | 5   | restart-due               | run want=up pid=100                         | -
            up            | 5   | stop-timeout              | run want=up pid=100                         | -
            up            | 5   | shutdown                  | run want=exit pid=100 term deadline=+12     | status "run, want exit" 100; kill 100 TERM; status "run, got TERM, want exit" 100; kill 100 CONT; control x 100; schedule kill +12
            up            | 5   | shutdown!                 | run want=exit pid=100 deadline=+12          | status "run, want exit" 100; kill 100 CONT; control x 100; schedule kill +12
            up            | 5   | spawned 300               | IllegalStateException                       | -
            up            | 5   | spawn-failed              | IllegalStateException                       | -

            paused        | 5   | t                         | run want=up pid=100 paused term             | kill 100 TERM; status "run, paused, got TERM" 100
            paused        | 5   | d                         | run want=down pid=100 paused term           | status "run, paused, want down" 100; kill 100 TERM; status "run, paused, got TERM, want down" 100; kill 100 CONT; control d 100
            paused        | 5   | c                         | run want=up pid=100                         | kill 100 CONT; status "run" 100
            paused        | 5   | u                         | run want=up pid=100 paused                  | status "run, paused" 100
            paused        | 5   | exit 0 100                | down want=up paused spawning=run            | publish exited "exit code 0"; status "down, paused" 0; control u 0; spawn run

            once          | 5   | exit 0 100                | down want=down                              | publish exited "exit code 0"; status "down" 0
            once          | 5   | t                         | run want=down pid=100 term                  | kill 100 TERM; status "run, got TERM, want down" 100; kill 100 CONT; control d 100
            once          | 5   | u                         | run want=up pid=100                         | status "run" 100

            stopping      | 5   | killed 15 100             | down want=down                              | publish exited "killed by SIGTERM"; status "down" 0
            stopping      | 0.5 | killed 15 100             | down want=down                              | publish exited "killed by SIGTERM"; status "down" 0
            stopping      | 5   | killed 15 100 finish      | finish want=down spawning=finish            | publish exited "killed by SIGTERM"; status "finish, want down" 0; spawn finish -1 15
            stopping      | 5   | d                         | run want=down pid=100 term                  | status "run, got TERM, want down" 100; kill 100 TERM; status "run, got TERM, want down" 100; kill 100 CONT; control d 100
            stopping      | 5   | u                         | run want=up pid=100 term                    | status "run, got TERM" 100
            stopping      | 5   | k                         | down want=down pid=100 term                 | kill 100 KILL
            stopping      | 5   | x                         | run want=exit pid=100 term                  | status "run, got TERM, want exit" 100; kill 100 TERM; status "run, got TERM, want exit" 100; kill 100 CONT; control x 100

            exiting       | 5   | killed 15 100             | down want=exit done                         | publish exited "killed by SIGTERM"; status "down" 0; done
            exiting       | 5   | killed 15 100 finish      | finish want=exit spawning=finish            | publish exited "killed by SIGTERM"; status "finish, want exit" 0; spawn finish -1 15
            exiting       | 5   | k                         | down want=exit pid=100 term done            | kill 100 KILL; done
            exiting       | 5   | u                         | run want=up pid=100 term                    | status "run, got TERM" 100

            killed        | 5   | killed 9 100              | down want=up spawning=run                   | publish exited "killed by SIGKILL"; status "down" 0; control u 0; spawn run
            killed        | 0.5 | killed 9 100              | down want=up startAt=+1.5                   | publish exited "killed by SIGKILL"; status "down" 0; schedule start +1.5; publish restarting +1.5
            killed        | 5   | killed 9 100 finish       | finish want=up spawning=finish              | publish exited "killed by SIGKILL"; status "finish" 0; spawn finish -1 9
            killed        | 0.5 | u                         | down want=up pid=100 startAt=+0.5           | status "down" 100
            killed        | 0.5 | o                         | down want=down pid=100 startAt=+0.5         | status "down" 100
            killed        | 0.5 | x                         | down want=exit pid=100 done                 | status "down" 100; done
            killed        | 0.5 | k                         | down want=up pid=100                        | -
            killed        | 0.5 | t                         | down want=up pid=100                        | -
            killed        | 0.5 | restart-due               | down want=up pid=100                        | -

            finish        | 6   | exit 0 200                | down want=down                              | status "down" 0
            finish        | 6   | exit 0 200 finish         | down want=down                              | status "down" 0
            finish        | 5   | u                         | finish want=up pid=200                      | status "finish" 200
            finish        | 5   | d                         | finish want=down pid=200                    | status "finish, want down" 200
            finish        | 5   | o                         | finish want=down pid=200                    | status "finish, want down" 200
            finish        | 5   | t                         | finish want=down pid=200                    | -
            finish        | 5   | h                         | finish want=down pid=200                    | -
            finish        | 5   | p                         | finish want=down pid=200 paused             | status "finish, paused, want down" 200
            finish        | 5   | k                         | down want=down pid=200                      | -
            finish        | 5   | x                         | finish want=exit pid=200                    | status "finish, want exit" 200
            finish        | 5   | shutdown                  | finish want=exit pid=200 deadline=+12       | status "finish, want exit" 200; schedule kill +12
            finish        | 5   | exit 0 100                | finish want=down pid=200                    | -
            finish-up     | 5.5 | exit 0 200                | down want=up spawning=run                   | status "down" 0; control u 0; spawn run
            finish-quick  | 0.5 | exit 0 200                | down want=up startAt=+1.5                   | status "down" 0; schedule start +1.5; publish restarting +1.5

            down          | 5   | u                         | down want=up spawning=run                   | status "down" 0; control u 0; spawn run
            down          | 0   | u                         | down want=up spawning=run                   | status "down" 0; control u 0; spawn run
            down          | 5   | o                         | down want=down spawning=run                 | status "down" 0; control u 0; spawn run
            down          | 5   | d                         | down want=down                              | status "down" 0
            down          | 5   | x                         | down want=exit done                         | status "down" 0; done
            down          | 5   | p                         | down want=down paused                       | status "down, paused" 0
            down          | 5   | c                         | down want=down                              | status "down" 0
            down          | 5   | t                         | down want=down                              | -
            down          | 5   | k                         | down want=down                              | -
            down          | 5   | h                         | down want=down                              | -
            down          | 5   | restart-due               | down want=down                              | -
            down          | 5   | exit 0 100                | down want=down                              | -
            down          | 5   | shutdown                  | down want=exit deadline=+12 done            | status "down" 0; done
            down          | 5   | stop-timeout              | down want=down                              | -
            down          | 5   | spawned 100               | IllegalStateException                       | -
            gone          | 5   | u                         | down want=exit done                         | -

            spawning      | 0   | spawned 100               | run want=up pid=100                         | status "run" 100; publish started 100
            spawning      | 0   | spawn-failed              | down want=up startAt=+1                     | publish start failed; status "down" 0; schedule start +1; publish restarting +1
            spawning      | 0   | spawn-failed finish       | finish want=up spawning=finish              | publish start failed; status "finish" 0; spawn finish 111 0
            spawning      | 0   | u                         | IllegalStateException                       | -
            spawning      | 0   | exit 0 100                | IllegalStateException                       | -
            spawning      | 0   | restart-due               | IllegalStateException                       | -
            spawning      | 0   | shutdown                  | IllegalStateException                       | -

            throttled     | 1.3 | restart-due               | down want=up spawning=run                   | control u 0; spawn run
            throttled     | 1.2 | restart-due               | down want=up startAt=+1.3                   | -
            throttled     | 0.5 | u                         | down want=up startAt=+1.3                   | status "down" 0
            throttled     | 1.5 | u                         | down want=up spawning=run                   | status "down" 0; cancel start; control u 0; spawn run
            throttled     | 0.5 | o                         | down want=down startAt=+1.3                 | status "down" 0
            throttled     | 0.5 | d                         | down want=down                              | cancel start; status "down" 0
            throttled     | 0.5 | x                         | down want=exit done                         | cancel start; status "down" 0; done
            throttled     | 0.5 | p                         | down want=up paused startAt=+1.3            | status "down, paused" 0
            throttled     | 0.5 | k                         | down want=up startAt=+1.3                   | -
            throttled     | 0.5 | shutdown                  | down want=exit deadline=+7.5 done           | cancel start; status "down" 0; done
            throttled     | 0.5 | exit 0 100                | down want=up startAt=+1.3                   | -

            shutting      | 7   | stop-timeout              | run want=exit pid=100 term deadline=+7      | kill 100 KILL
            shutting      | 6.9 | stop-timeout              | run want=exit pid=100 term deadline=+7      | -
            shutting      | 3   | killed 15 100 finish      | finish want=exit spawning=finish deadline=+7 | publish exited "killed by SIGTERM"; status "finish, want exit" 0; spawn finish -1 15
            shutting      | 7   | killed 9 100 finish       | down want=exit deadline=+7 done             | publish exited "killed by SIGKILL"; status "down" 0; done
            shutting      | 3   | killed 15 100             | down want=exit deadline=+7 done             | publish exited "killed by SIGTERM"; status "down" 0; done
            shutting      | 1   | shutdown                  | run want=exit pid=100 term deadline=+7      | status "run, got TERM, want exit" 100; kill 100 TERM; status "run, got TERM, want exit" 100; kill 100 CONT; control x 100; schedule kill +7
            shutting      | 1   | u                         | run want=exit pid=100 term deadline=+7      | -
            shutting      | 1   | o                         | run want=exit pid=100 term deadline=+7      | -

            log-up        | 5   | x                         | run want=up pid=300                         | -
            log-up        | 5   | d                         | run want=down pid=300 term                  | status "run, want down" 300; kill 300 TERM; status "run, got TERM, want down" 300; kill 300 CONT
            log-up        | 5   | d!                        | run want=down pid=300 term                  | status "run, want down" 300; kill 300 TERM; status "run, got TERM, want down" 300; kill 300 CONT
            log-up        | 5   | h!                        | run want=up pid=300                         | kill 300 HUP
            log-up        | 5   | u                         | run want=up pid=300                         | status "run" 300
            log-up        | 5   | exit 0 300 finish         | down want=up spawning=run                   | publish exited "exit code 0"; status "down" 0; spawn run
            log-up        | 5   | shutdown                  | run want=exit pid=300 deadline=+12          | status "run, want exit" 300; release log pipe; schedule kill +12
            log-down      | 5   | shutdown                  | down want=exit deadline=+12 done            | done
            log-draining  | 1   | exit 0 300                | down want=exit deadline=+7 done             | publish exited "exit code 0"; status "down" 0; done
            log-draining  | 7   | stop-timeout              | run want=exit pid=300 deadline=+7           | kill 300 KILL
            log-draining  | 1   | shutdown                  | run want=exit pid=300 deadline=+7           | schedule kill +7
            log-draining  | 1   | u                         | run want=exit pid=300 deadline=+7           | -
            """;

    static Stream<Arguments> rows() {
        return TABLE.lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> Arrays.stream(l.split("\\|")).map(String::strip).toArray(String[]::new))
                .map(c -> Arguments.of(c[0], c[1], c[2], c[3], c[4]));
    }

    @ParameterizedTest(name = "{0} + {2} @{1} -> {3}")
    @MethodSource("rows")
    void eachStateAndEventGiveRunsvsNextStateAndActions(String fixture, String at, String event, String newState,
                                                         String actions) {
        Driver d = FIXTURES.get(fixture).get().at(at);
        Event e = parse(event);
        if (newState.equals("IllegalStateException")) {
            assertThrows(IllegalStateException.class, () -> d.feed(e));
            return;
        }
        d.feed(e);
        assertEquals(newState + " | " + actions, d.describe() + " | " + d.lastActions());
    }

    static Event parse(String token) {
        List<String> w = Arrays.asList(token.split(" +"));
        boolean finish = w.contains("finish");
        switch (w.get(0)) {
            case "exit":
                return new Event.Exited(Long.parseLong(w.get(2)), ExitStatus.exited(Integer.parseInt(w.get(1))),
                        finish);
            case "killed":
                return new Event.Exited(Long.parseLong(w.get(2)),
                        ExitStatus.signaled(Integer.parseInt(w.get(1)), w.contains("core")), finish);
            case "spawned":
                return new Event.Spawned(Long.parseLong(w.get(1)));
            case "spawn-failed":
                return new Event.SpawnFailed("No such file or directory", finish);
            case "restart-due":
                return new Event.RestartDue();
            case "shutdown":
                return new Event.Shutdown(false);
            case "shutdown!":
                return new Event.Shutdown(true);
            case "stop-timeout":
                return new Event.StopTimeoutElapsed();
            case "0x0a":
                return new Event.Control((byte) '\n', false);
            default:
                String c = w.get(0);
                return new Event.Control((byte) c.charAt(0), c.endsWith("!"));
        }
    }
}
