package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bin/jinit SUBCOMMAND: help, version, run (my_init), and what it says to anything else. */
@Timeout(60)
class JinitCommandIT {

    @Test
    void helpListsTheSubcommandsAndExits0() {
        try (DistProcess p = DistProcess.program("jinit", List.of("help"))) {
            assertEquals(0, p.awaitExit(), p.describe());
            List<String> out = p.outLines();
            assertEquals("Usage: jinit SUBCOMMAND [ARGS...]", out.get(0));
            for (String sub : List.of("run", "version", "help")) {
                assertTrue(out.stream().anyMatch(l -> l.startsWith("  " + sub + " ")), sub + " in " + out);
            }
            assertEquals(List.of(), p.errLines());
        }
    }

    @Test
    void versionPrintsOneLineAndExits0() {
        try (DistProcess p = DistProcess.program("jinit", List.of("version"))) {
            assertEquals(0, p.awaitExit(), p.describe());
            List<String> out = p.outLines();
            assertEquals(1, out.size(), p.describe());
            assertTrue(out.get(0).matches("jinit \\d+\\.\\d+\\.\\d+\\S*"), "a version from the jar's manifest: " + out);
        }
    }

    @Test
    void anUnknownSubcommandExits2WithOneLineNamingIt() {
        try (DistProcess p = DistProcess.program("jinit", List.of("bogus"))) {
            assertEquals(2, p.awaitExit(), p.describe());
            assertEquals(List.of("jinit: unknown subcommand 'bogus' (see jinit help)"), p.errLines());
            assertEquals(List.of(), p.outLines());
        }
    }

    @Test
    void noSubcommandExits2WithOneLine() {
        try (DistProcess p = DistProcess.program("jinit", List.of())) {
            assertEquals(2, p.awaitExit(), p.describe());
            assertEquals(List.of("jinit: missing SUBCOMMAND (see jinit help)"), p.errLines());
        }
    }

    @Test
    void runIsMyInitAndPassesTheExitCodeOn() {
        try (DistProcess p = DistProcess.program("jinit", withScratchRoot("run", "--", "sh", "-c", "exit 3"))) {
            assertEquals(3, p.awaitExit(), p.describe());
        }
    }

    @Test
    void runWithBadOptionsExits2() {
        try (DistProcess p = DistProcess.program("jinit", List.of("run", "--bogus", "true"))) {
            assertEquals(2, p.awaitExit(), p.describe());
            assertEquals(1, p.errLines().size(), p.describe());
        }
    }

    private static List<String> withScratchRoot(String run, String... rest) {
        List<String> a = new java.util.ArrayList<>(List.of(run));
        a.addAll(DistProcess.scratchRoot());
        a.addAll(List.of(rest));
        return a;
    }
}
