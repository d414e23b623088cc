package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejection the builders make, and the defaults they give. */
class ServiceDefinitionBuilderTest {

    private static ServiceDefinition.Builder web() {
        return ServiceDefinition.builder("web").command("nginx", "-g", "daemon off;");
    }

    @Test
    void defaultsAreRunitsBehaviour() {
        ServiceDefinition d = web().build();
        assertEquals(ServiceName.of("web"), d.name());
        assertEquals(new Program.Command(List.of("nginx", "-g", "daemon off;")), d.run());
        assertEquals(Optional.empty(), d.finish());
        assertEquals(Map.of(), d.environment());
        assertEquals(Optional.empty(), d.user());
        assertEquals(Optional.empty(), d.workingDirectory());
        assertEquals(RestartPolicy.runit(), d.restartPolicy());
        assertEquals(Signal.TERM, d.stopSignal());
        assertEquals(Duration.ofSeconds(7), d.stopTimeout());
        assertEquals(List.of(), d.dependencies());
        assertEquals(Readiness.immediate(), d.readiness());
        assertEquals(false, d.essential());
        assertEquals(false, d.startDown());
        assertEquals(Optional.empty(), d.log());
    }

    @Test
    void keepsEverythingItWasGiven() {
        ServiceDefinition d = ServiceDefinition.builder("api")
                .script(Path.of("/etc/sv/api/run"))
                .finish(Program.script(Path.of("finish")))
                .env("PORT", "8080")
                .environment(Map.of("MODE", "prod"))
                .user("www-data:www-data")
                .workingDirectory(Path.of("/srv/api"))
                .restartPolicy(RestartPolicy.builder().exponentialBackoff(Duration.ofSeconds(1),
                        Duration.ofSeconds(30)).build())
                .stopSignal(Signal.INT)
                .stopTimeout(Duration.ofSeconds(20))
                .dependsOn("db", "cache")
                .readiness(Readiness.tcpPort(8080))
                .essential(3, Duration.ofMinutes(1))
                .startDown(true)
                .log(LogService.of("svlogd", "-tt", "/var/log/api"))
                .build();
        assertEquals(Map.of("PORT", "8080", "MODE", "prod"), d.environment());
        assertEquals(List.of(ServiceName.of("db"), ServiceName.of("cache")), d.dependencies());
        assertEquals(Optional.of(new RestartPolicy.FailureLimit(3, Duration.ofMinutes(1))),
                d.restartPolicy().failureLimit());
        assertEquals(new RestartPolicy.Backoff.Exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0,
                Duration.ofSeconds(30)), d.restartPolicy().backoff());
        assertTrue(d.essential());
        assertTrue(d.startDown());
        assertEquals(new Readiness.TcpPort("127.0.0.1", 8080, Readiness.DEFAULT_INTERVAL, Readiness.DEFAULT_TIMEOUT),
                d.readiness());
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                rejects("empty name", () -> ServiceDefinition.builder(""), "name must not be empty, but was ''"),
                rejects("name with a slash", () -> ServiceDefinition.builder("a/b"), "name must not contain '/'"),
                rejects("name starting with a dot", () -> ServiceDefinition.builder(".hidden"),
                        "name must not start with '.' (runsvdir skips such entries), but was '.hidden'"),
                rejects("name '..'", () -> ServiceDefinition.builder(".."), "name must not start with '.'"),
                rejects("name with NUL", () -> ServiceDefinition.builder("a\0b"), "name must not contain NUL"),
                rejects("name over 255 bytes", () -> ServiceDefinition.builder("é".repeat(128)),
                        "name must be at most 255 bytes in UTF-8"),
                rejects("no command", () -> ServiceDefinition.builder("web").build(),
                        "service 'web': run must be set with command(...) or script(...), but was unset"),
                rejects("empty command", () -> ServiceDefinition.builder("web").command(List.of()),
                        "service 'web': command must name a program, but was []"),
                rejects("empty program name", () -> ServiceDefinition.builder("web").command("", "x"),
                        "service 'web': command must name a program"),
                rejects("NUL in an argument", () -> ServiceDefinition.builder("web").command("echo", "a\0"),
                        "service 'web': command[1] must not contain NUL"),
                rejects("empty script path", () -> ServiceDefinition.builder("web").script(Path.of("")),
                        "service 'web': script must be a file, but was the empty path"),
                rejects("empty environment name", () -> web().env("", "x"),
                        "service 'web': environment names must be non-empty without '=' or NUL, but was ''"),
                rejects("'=' in an environment name", () -> web().env("A=B", "x"),
                        "service 'web': environment names must be non-empty without '=' or NUL, but was 'A=B'"),
                rejects("NUL in an environment value", () -> web().env("A", "x\0"),
                        "service 'web': environment[A] must be a string without NUL"),
                rejects("empty user", () -> web().user(""), "service 'web': user must be a non-empty"),
                rejects("user with a space", () -> web().user("www data"), "service 'web': user must be"),
                rejects("relative working directory", () -> web().workingDirectory(Path.of("srv")),
                        "service 'web': workingDirectory must be an absolute path, but was 'srv'"),
                rejects("STOP as stop signal", () -> web().stopSignal(Signal.STOP),
                        "service 'web': stopSignal must be a signal whose default action ends a process, but was SIGSTOP"),
                rejects("CHLD as stop signal", () -> web().stopSignal(Signal.CHLD), "stopSignal must be"),
                rejects("zero stop timeout", () -> web().stopTimeout(Duration.ZERO),
                        "service 'web': stopTimeout must be greater than 0 and at most PT24H, but was PT0S"),
                rejects("negative stop timeout", () -> web().stopTimeout(Duration.ofSeconds(-1)), "stopTimeout must be"),
                rejects("stop timeout over a day", () -> web().stopTimeout(Duration.ofDays(2)), "stopTimeout must be"),
                rejects("bad dependency name", () -> web().dependsOn("db/x"),
                        "service 'web': dependencies: name must not contain '/'"),
                rejects("dependency on itself", () -> web().dependsOn("web").build(),
                        "service 'web': dependencies must not name the service itself, but was 'web'"),
                rejects("dependency twice", () -> web().dependsOn("db", "db").build(),
                        "service 'web': dependencies must not name a service twice, but was 'db' twice"),
                rejects("essential without a failure limit", () -> web().essential(true).build(),
                        "service 'web': essential needs restartPolicy.failureLimit"),
                rejects("essential with 0 failures", () -> web().essential(0, Duration.ofMinutes(1)),
                        "service 'web': essential: failureLimit.failures must be at least 1, but was 0"),
                rejects("essential with a zero window", () -> web().essential(3, Duration.ZERO),
                        "service 'web': essential: failureLimit.window must be greater than 0, but was PT0S"),
                rejects("TCP port 0", () -> Readiness.tcpPort(0), "readiness.port must be 1-65535, but was 0"),
                rejects("TCP port 65536", () -> Readiness.tcpPort(65536), "readiness.port must be 1-65535"),
                rejects("blank TCP host", () -> new Readiness.TcpPort(" ", 80, Duration.ofSeconds(1),
                        Duration.ofSeconds(1)), "readiness.host must not be blank"),
                rejects("zero check interval", () -> new Readiness.CheckCommand(List.of("true"), Duration.ZERO,
                        Duration.ofSeconds(1)), "readiness.interval must be greater than 0, but was PT0S"),
                rejects("zero check timeout", () -> new Readiness.CheckCommand(List.of("true"), Duration.ofSeconds(1),
                        Duration.ZERO), "readiness.timeout must be greater than 0"),
                rejects("empty check command", () -> Readiness.checkCommand(), "command must name a program"),
                rejects("notification fd 2", () -> Readiness.notificationFd(2),
                        "readiness.fd must be >= 3 (0-2 are stdin, stdout, stderr), but was 2"),
                rejects("zero initial backoff", () -> RestartPolicy.Backoff.exponential(Duration.ZERO,
                        Duration.ofSeconds(1)), "backoff.initial must be greater than 0, but was PT0S"),
                rejects("cap under initial backoff", () -> RestartPolicy.Backoff.exponential(Duration.ofSeconds(5),
                        Duration.ofSeconds(1)), "backoff.max must be at least backoff.initial (PT5S), but was PT1S"),
                rejects("cap over a day", () -> RestartPolicy.Backoff.exponential(Duration.ofSeconds(1),
                        Duration.ofDays(2)), "backoff.max must be at most PT24H, but was PT48H"),
                rejects("multiplier under 1", () -> new RestartPolicy.Backoff.Exponential(Duration.ofSeconds(1),
                        Duration.ofSeconds(2), 0.5, Duration.ofSeconds(2)),
                        "backoff.multiplier must be a finite number >= 1, but was 0.5"),
                rejects("NaN multiplier", () -> new RestartPolicy.Backoff.Exponential(Duration.ofSeconds(1),
                        Duration.ofSeconds(2), Double.NaN, Duration.ofSeconds(2)), "backoff.multiplier must be"),
                rejects("zero reset time", () -> new RestartPolicy.Backoff.Exponential(Duration.ofSeconds(1),
                        Duration.ofSeconds(2), 2, Duration.ZERO), "backoff.resetAfter must be greater than 0"),
                rejects("failure limit window over a day", () -> RestartPolicy.builder().failureLimit(3,
                        Duration.ofDays(3)), "failureLimit.window must be at most PT24H"),
                rejects("log with a relative working directory", () -> LogService.builder(Program.command("cat"))
                        .workingDirectory(Path.of("log")), "log service: workingDirectory must be an absolute path"),
                rejects("log with '=' in an environment name", () -> LogService.builder(Program.command("cat"))
                        .env("A=", "x"), "log service: environment names must be non-empty"),
                rejects("log with an empty user", () -> LogService.builder(Program.command("cat")).user(""),
                        "log service: user must be"));
    }

    private static Arguments rejects(String what, Executable call, String message) {
        return Arguments.of(what, call, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejectsInvalidInputNamingTheFieldTheRuleAndTheValue(String what, Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }

    @Test
    void isImmutableOnceBuilt() {
        ServiceDefinition.Builder b = web().env("A", "1");
        ServiceDefinition first = b.build();
        b.env("B", "2").dependsOn("db");
        assertEquals(Map.of("A", "1"), first.environment());
        assertEquals(List.of(), first.dependencies());
        Supplier<Map<String, String>> env = first::environment;
        assertThrows(UnsupportedOperationException.class, () -> env.get().put("C", "3"));
    }
}
