package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line and environment of my_init, parsed without starting anything. */
class MyInitOptionsTest {

    /** Every flag the parser knows, with the option it sets. */
    private static final Map<String, Predicate<MyInitOptions>> FLAGS = Map.ofEntries(
            Map.entry("--quiet", MyInitOptions::quiet),
            Map.entry("--no-kill-all-on-exit", o -> !o.killAllOnExit()),
            Map.entry("--kill-all-on-exit", MyInitOptions::killAllOnExit),
            Map.entry("--skip-startup-files", MyInitOptions::skipStartupFiles),
            Map.entry("--skip-runit", MyInitOptions::skipRunit),
            Map.entry("--enable-insecure-key", MyInitOptions::enableInsecureKey),
            Map.entry("--no-syslog", MyInitOptions::noSyslog),
            Map.entry("--no-cron", MyInitOptions::noCron),
            Map.entry("--no-syslog-stdout", MyInitOptions::noSyslogStdout),
            Map.entry("-g", MyInitOptions::forwardToGroup),
            Map.entry("--forward-to-group", MyInitOptions::forwardToGroup),
            Map.entry("-h", MyInitOptions::help),
            Map.entry("--help", MyInitOptions::help),
            Map.entry("--version", MyInitOptions::version));

    private static MyInitOptions parse(String... args) throws UsageException {
        return MyInitOptions.parse(List.of(args), Map.of());
    }

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> parse(args), String.join(" ", args)).getMessage();
    }

    @Test
    void defaultsAreThoseOfPhusionMyInit() throws UsageException {
        MyInitOptions o = parse("true");
        assertFalse(o.quiet());
        assertTrue(o.killAllOnExit());
        assertFalse(o.skipStartupFiles());
        assertFalse(o.skipRunit());
        assertFalse(o.enableInsecureKey());
        assertFalse(o.noSyslog());
        assertFalse(o.noCron());
        assertFalse(o.forwardToGroup());
        assertFalse(o.help());
        assertFalse(o.version());
        assertEquals(Path.of("/"), o.root());
        assertEquals(Duration.ofSeconds(30), o.killProcessTimeout());
        assertEquals(Duration.ofSeconds(30), o.killAllProcessesTimeout());
        for (Signal s : Signal.values()) {
            assertEquals(Optional.of(s), o.rewrite().apply(s), "no rewrite of " + s + " by default");
        }
        assertEquals(List.of("true"), o.command());
    }

    @Test
    void everyFlagSetsItsOptionAndNothingElse() throws UsageException {
        MyInitOptions defaults = parse("true");
        for (var e : FLAGS.entrySet()) {
            MyInitOptions o = parse(e.getKey(), "true");
            assertTrue(e.getValue().test(o), e.getKey() + " sets its option");
            assertEquals(List.of("true"), o.command(), e.getKey() + " is no part of the command");
            // Only the flag's own component differs from the defaults (the aliases share one component).
            int differences = 0;
            var components = MyInitOptions.class.getRecordComponents();
            for (var c : components) {
                try {
                    if (!c.getAccessor().invoke(o).equals(c.getAccessor().invoke(defaults))) {
                        differences++;
                    }
                } catch (ReflectiveOperationException ex) {
                    throw new AssertionError(ex);
                }
            }
            int expected = e.getKey().equals("--kill-all-on-exit") ? 0 : 1; // it is the default
            assertEquals(expected, differences, e.getKey() + " changes exactly its own option");
        }
    }

    @Test
    void allFlagsCombine() throws UsageException {
        List<String> args = new ArrayList<>(FLAGS.keySet());
        args.remove("--kill-all-on-exit"); // the two kill-all flags contradict each other: tested below
        args.add("cmd");
        MyInitOptions o = MyInitOptions.parse(args, Map.of());
        for (String flag : args.subList(0, args.size() - 1)) {
            assertTrue(FLAGS.get(flag).test(o), flag);
        }
        assertEquals(List.of("cmd"), o.command());
    }

    @Test
    void theLastKillAllFlagWins() throws UsageException {
        assertFalse(parse("--kill-all-on-exit", "--no-kill-all-on-exit", "x").killAllOnExit());
        assertTrue(parse("--no-kill-all-on-exit", "--kill-all-on-exit", "x").killAllOnExit());
    }

    @Test
    void theFirstNonOptionStartsTheCommandAndEverythingAfterItBelongsToIt() throws UsageException {
        assertEquals(List.of("ls", "-l"), parse("ls", "-l").command());
        MyInitOptions o = parse("--quiet", "ls", "--quiet", "--", "-g");
        assertTrue(o.quiet());
        assertFalse(o.forwardToGroup());
        assertEquals(List.of("ls", "--quiet", "--", "-g"), o.command());
    }

    @Test
    void doubleDashEndsTheOptionsEvenBeforeOptionLookingWords() throws UsageException {
        MyInitOptions o = parse("-g", "--", "--quiet", "-l");
        assertTrue(o.forwardToGroup());
        assertFalse(o.quiet());
        assertEquals(List.of("--quiet", "-l"), o.command());
        assertEquals(List.of("--"), parse("--", "--").command(), "only the first -- is a separator");
        assertEquals(List.of(), parse("--").command(), "-- alone: no command");
        assertEquals(List.of(), parse().command());
        assertEquals(List.of(), parse("--quiet").command());
    }

    @Test
    void aLoneDashIsACommandNotAnOption() throws UsageException {
        assertEquals(List.of("-", "x"), parse("-", "x").command());
    }

    @Test
    void theCommandIsACopy() throws UsageException {
        List<String> args = new ArrayList<>(List.of("--quiet", "echo", "hi"));
        MyInitOptions o = MyInitOptions.parse(args, Map.of());
        args.set(2, "changed");
        assertEquals(List.of("echo", "hi"), o.command());
        assertThrows(UnsupportedOperationException.class, () -> o.command().add("more"));
    }

    @Test
    void rewriteTakesFromColonToAsNextArgumentOrAfterEquals() throws UsageException {
        MyInitOptions o = parse("--rewrite", "TERM:QUIT", "--rewrite=SIGUSR1:0", "--rewrite", "1:usr2,WINCH:none", "x");
        assertEquals(Optional.of(Signal.QUIT), o.rewrite().apply(Signal.TERM));
        assertEquals(Optional.empty(), o.rewrite().apply(Signal.USR1), "TO of 0 drops the signal");
        assertEquals(Optional.of(Signal.USR2), o.rewrite().apply(Signal.HUP), "numbers and lower case");
        assertEquals(Optional.empty(), o.rewrite().apply(Signal.WINCH), "TO of none drops the signal");
        assertEquals(Optional.of(Signal.INT), o.rewrite().apply(Signal.INT), "signals without a rule pass unchanged");
        assertEquals(List.of("x"), o.command());
    }

    @Test
    void aLaterRewriteOfTheSameSignalWins() throws UsageException {
        MyInitOptions o = parse("--rewrite", "TERM:QUIT", "--rewrite", "TERM:INT", "x");
        assertEquals(Optional.of(Signal.INT), o.rewrite().apply(Signal.TERM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "TERM:", ":QUIT", "", "TERM:QUIT,,USR1:0"})
    void aRewriteRuleThatIsNotFromColonToIsAUsageError(String rule) {
        String m = usageError("--rewrite", rule, "x");
        assertTrue(m.startsWith("--rewrite: "), m);
        assertTrue(m.contains("FROM:TO"), m);
    }

    @Test
    void aRewriteOfAnUnknownSignalNamesIt() {
        String m = usageError("--rewrite", "NOPE:TERM", "x");
        assertTrue(m.startsWith("--rewrite: ") && m.contains("'NOPE'"), m);
        m = usageError("--rewrite=TERM:99", "x");
        assertTrue(m.contains("'99'"), m);
    }

    @Test
    void rewriteAndRootWithoutValueAreUsageErrors() {
        assertEquals("option --rewrite needs a value", usageError("--rewrite"));
        assertEquals("option --root needs a value", usageError("--quiet", "--root"));
    }

    @Test
    void rootTakesADirectory() throws UsageException {
        assertEquals(Path.of("/srv/image"), parse("--root", "/srv/image", "x").root());
        assertEquals(Path.of("rel/dir"), parse("--root=rel/dir", "x").root());
        assertEquals(List.of("x"), parse("--root", "/srv/image", "x").command(), "the value is not the command");
    }

    @Test
    void aFlagGivenAValueIsAUsageError() {
        assertEquals("option --quiet takes no value, but was given 'yes'", usageError("--quiet=yes", "x"));
        assertEquals("option --forward-to-group takes no value, but was given ''", usageError("--forward-to-group=", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "-x", "--bogus=1", "--quiet-please", "-gq", "---"})
    void anUnknownOptionIsNamedInTheMessage(String option) {
        assertEquals("unknown option " + option + " (see --help)", usageError("--quiet", option, "cmd"));
    }

    @Test
    void killProcessTimeoutsAreSecondsWithFractions() throws UsageException {
        MyInitOptions o = MyInitOptions.parse(List.of("x"),
                Map.of("KILL_PROCESS_TIMEOUT", "1.5", "KILL_ALL_PROCESSES_TIMEOUT", " 2 "));
        assertEquals(Duration.ofMillis(1500), o.killProcessTimeout());
        assertEquals(Duration.ofSeconds(2), o.killAllProcessesTimeout());
        o = MyInitOptions.parse(List.of("x"), Map.of("KILL_PROCESS_TIMEOUT", "0", "KILL_ALL_PROCESSES_TIMEOUT", "0.001"));
        assertEquals(Duration.ZERO, o.killProcessTimeout());
        assertEquals(Duration.ofMillis(1), o.killAllProcessesTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void anEmptyKillProcessTimeoutMeansTheDefault(String value) throws UsageException {
        MyInitOptions o = MyInitOptions.parse(List.of("x"),
                Map.of("KILL_PROCESS_TIMEOUT", value, "KILL_ALL_PROCESSES_TIMEOUT", value));
        assertEquals(Duration.ofSeconds(30), o.killProcessTimeout());
        assertEquals(Duration.ofSeconds(30), o.killAllProcessesTimeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1s", "NaN", "Infinity", "1e400", "0x10", "1,5"})
    void aBadKillProcessTimeoutIsAUsageErrorNamingTheVariable(String value) {
        for (String name : List.of("KILL_PROCESS_TIMEOUT", "KILL_ALL_PROCESSES_TIMEOUT")) {
            String m = assertThrows(UsageException.class,
                    () -> MyInitOptions.parse(List.of("x"), Map.of(name, value)), name + "=" + value).getMessage();
            assertTrue(m.startsWith(name + " "), m);
            assertTrue(m.contains("'" + value + "'"), m);
        }
    }

    @Test
    void otherEnvironmentVariablesAreIgnored() throws UsageException {
        MyInitOptions o = MyInitOptions.parse(List.of("x"), Map.of("KILL_TIMEOUT", "bad", "PATH", "/bin"));
        assertEquals(Duration.ofSeconds(30), o.killProcessTimeout());
    }

    @Test
    void helpListsEveryOptionAndEveryVariable() {
        String help = MyInitOptions.help("my_init");
        assertTrue(help.startsWith("Usage: my_init [OPTIONS] [--] [COMMAND [ARGS...]]\n"), help);
        Set<String> expected = new LinkedHashSet<>(FLAGS.keySet());
        expected.addAll(List.of("--rewrite FROM:TO", "--root DIR", "KILL_PROCESS_TIMEOUT", "KILL_ALL_PROCESSES_TIMEOUT",
                "ENV_INIT_DIRECTORY", "JINIT_JAVA_OPTS", "JINIT_EARLY_START"));
        for (LauncherPath p : LauncherPath.values()) {
            expected.add(p.option());
            assertTrue(help.contains("(default " + p.defaultPath() + ")"), "help gives the default of " + p);
        }
        for (String option : expected) {
            assertTrue(Pattern.compile("(^|[\\s,])" + Pattern.quote(option) + "([\\s,]|$)", Pattern.MULTILINE)
                    .matcher(help).find(), "help lists " + option + ":\n" + help);
        }
    }

    @Test
    void everyOptionTheHelpListsIsAccepted() throws UsageException {
        Matcher m = Pattern.compile("^\\s+((?:-[a-z], )?--[a-z-]+)( [A-Z:]+)?", Pattern.MULTILINE)
                .matcher(MyInitOptions.help("my_init"));
        int n = 0;
        while (m.find()) {
            for (String option : m.group(1).split(", ")) {
                List<String> args = new ArrayList<>(List.of(option));
                if (m.group(2) != null) {
                    args.add(option.equals("--rewrite") ? "TERM:QUIT" : "/tmp");
                }
                args.add("x");
                MyInitOptions.parse(args, Map.of()); // throws for an option the parser does not know
                n++;
            }
        }
        assertEquals(FLAGS.size() + 2 + LauncherPath.values().length, n,
                "options in the help: every flag, --rewrite, --root and one per path");
    }

    @Test
    void helpNamesTheProgram() {
        assertTrue(MyInitOptions.help("jinit run").startsWith("Usage: jinit run "));
    }

    @Test
    void theHandledSignalsAreTheForwardedOnes() {
        assertEquals(Set.of(Signal.TERM, Signal.INT, Signal.HUP, Signal.USR1, Signal.WINCH, Signal.CONT, Signal.TSTP,
                Signal.TTIN, Signal.TTOU, Signal.ALRM, Signal.PWR), MyInitOptions.handled());
    }

    @Test
    void everyDefaultPathIsResolvedUnderTheRoot() throws UsageException {
        LauncherPaths paths = parse("--root", "/srv/r", "x").launcherPaths();
        for (LauncherPath p : LauncherPath.values()) {
            assertEquals(Path.of("/srv/r").resolve(Path.of("/").relativize(p.defaultPath())), paths.get(p), p.toString());
        }
        assertEquals(Path.of("/srv/r/etc/container_environment.sh"), paths.environmentShell());
        assertEquals(Path.of("/srv/r/etc/container_environment.json"), paths.environmentJson());
        LauncherPaths plain = parse("x").launcherPaths();
        for (LauncherPath p : LauncherPath.values()) {
            assertEquals(p.defaultPath(), plain.get(p), "without --root, " + p + " is its default");
        }
    }

    @Test
    void aGivenPathIsTakenAsGivenEvenWithARoot() throws UsageException {
        for (LauncherPath p : LauncherPath.values()) {
            MyInitOptions o = parse("--root", "/srv/r", p.option(), "/elsewhere/x", "cmd");
            assertEquals(Path.of("/elsewhere/x"), o.launcherPaths().get(p), p.option());
            assertEquals(List.of("cmd"), o.command());
            MyInitOptions eq = parse(p.option() + "=/elsewhere/y", "cmd");
            assertEquals(Path.of("/elsewhere/y"), eq.launcherPaths().get(p), p.option() + "=");
        }
        assertTrue(usageError("--service-dir").contains("--service-dir needs a value"));
        assertTrue(usageError("--service-dir=", "x").contains("needs a path"));
    }

    @Test
    void envInitDirectoryMovesTheStartupScriptsUnderTheRoot() throws UsageException {
        MyInitOptions o = MyInitOptions.parse(List.of("--root", "/r", "x"), Map.of("ENV_INIT_DIRECTORY", "/opt/init.d"));
        assertEquals(Path.of("/r/opt/init.d"), o.launcherPaths().get(LauncherPath.STARTUP_DIR));
        MyInitOptions given = MyInitOptions.parse(List.of("--startup-dir", "/s", "x"),
                Map.of("ENV_INIT_DIRECTORY", "/opt/init.d"));
        assertEquals(Path.of("/s"), given.launcherPaths().get(LauncherPath.STARTUP_DIR), "the option wins");
    }

    @Test
    void noCommandIsAllowedAndMeansWait() throws UsageException {
        assertEquals(List.of(), parse().command());
        assertEquals(List.of(), parse("--quiet", "--").command());
    }
}
