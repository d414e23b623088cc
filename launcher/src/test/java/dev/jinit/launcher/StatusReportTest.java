package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.spi.ComponentStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status text and the verdict jinit status --check reads from it; and the environment services get. */
class StatusReportTest {
    @Test
    void componentsWithTheirLinesIndentedThenTheVerdict() {
        String r = StatusReport.format(List.of(
                ComponentStatus.healthy("supervisor", List.of("run: web: (pid 12) 30s", "down: db: 3s")),
                ComponentStatus.healthy("my_init", List.of("running"))));
        assertEquals("supervisor: ok\n  run: web: (pid 12) 30s\n  down: db: 3s\nmy_init: ok\n  running\nhealthy\n", r);
        assertTrue(StatusReport.healthy(r));
        assertTrue(StatusReport.complete(r));
    }

    @Test
    void oneUnhealthyComponentMakesTheWholeUnhealthy() {
        String r = StatusReport.format(List.of(ComponentStatus.healthy("a", List.of()),
                new ComponentStatus("supervisor", false, List.of("down: web (essential)"))));
        assertTrue(r.contains("supervisor: UNHEALTHY\n"), r);
        assertTrue(r.endsWith("\nunhealthy\n"), r);
        assertFalse(StatusReport.healthy(r));
        assertTrue(StatusReport.complete(r));
    }

    @Test
    void aCutAnswerIsNeitherCompleteNorHealthy() {
        String r = StatusReport.format(List.of(ComponentStatus.healthy("a", List.of("x"))));
        String cut = r.substring(0, r.length() - 5);
        assertFalse(StatusReport.complete(cut));
        assertFalse(StatusReport.healthy(cut));
        assertFalse(StatusReport.complete(""));
        // a component line that happens to read "healthy" is indented, never the verdict
        assertFalse(StatusReport.complete("a: ok\n  healthy"));
    }

    @Test
    void servicesGetTheContainerEnvironmentPlusWhatTheyDefinedThemselves() {
        Map<String, String> jvm = Map.of("PATH", "/bin", "JAVA_HOME", "/jdk", "FOO", "old");
        Map<String, String> container = Map.of("PATH", "/bin", "FOO", "new", "ADDED", "by a script");
        Map<String, String> spec = Map.of("PATH", "/bin", "JAVA_HOME", "/jdk", "FOO", "old", "OWN", "x", "PORT", "8080");
        assertEquals(Map.of("PATH", "/bin", "FOO", "new", "ADDED", "by a script", "OWN", "x", "PORT", "8080"),
                WithEnvironment.apply(spec, jvm, container));
        Map<String, String> overriding = Map.of("FOO", "own");
        assertEquals("own", WithEnvironment.apply(overriding, jvm, container).get("FOO"), "a service's own value wins");
    }
}
