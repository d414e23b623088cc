package dev.jinit.launcher;

import dev.jinit.core.Signal;
import dev.jinit.reaper.SignalRewrite;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of {@code my_init}: phusion's flags, its environment variables, and jinit's additions.
 *
 * @param command                 the main command and its arguments; empty when none was given
 * @param killProcessTimeout      {@code KILL_PROCESS_TIMEOUT}: how long the main command may ignore TERM before KILL
 * @param killAllProcessesTimeout {@code KILL_ALL_PROCESSES_TIMEOUT}: the same for every process left at exit
 */
public record MyInitOptions(boolean quiet, boolean killAllOnExit, boolean skipStartupFiles, boolean skipRunit,
                            boolean enableInsecureKey, boolean noSyslog, boolean noCron, boolean noSyslogStdout,
                            boolean forwardToGroup, SignalRewrite rewrite, Path root, Map<LauncherPath, Path> paths,
                            Optional<Path> initDirectory, Duration killProcessTimeout,
                            Duration killAllProcessesTimeout, boolean help, boolean version, List<String> command) {

    public MyInitOptions {
        command = List.copyOf(command);
        paths = Map.copyOf(paths);
    }

    /** Every path of this run: given ones as given, defaults under {@link #root}. */
    LauncherPaths launcherPaths() {
        return new LauncherPaths(root, paths, initDirectory.orElse(null));
    }

    /** The help text: every option with its default. */
    public static String help(String program) {
        List<String> l = new ArrayList<>(List.of(
                "Usage: " + program + " [OPTIONS] [--] [COMMAND [ARGS...]]",
                "",
                "Runs a container's init sequence as PID 1, like phusion's my_init: imports and exports the container",
                "environment, starts syslog, runs the start-up scripts, supervises the services and runs cron, then",
                "runs COMMAND (or waits for TERM/INT); then pre-shutdown scripts, services and cron stopped,",
                "post-shutdown scripts, every remaining process ended, syslog flushed and stopped. Exits with",
                "COMMAND's code (128+N when signal N killed it); without COMMAND 0 after TERM/INT; 1 when a start-up",
                "script failed or an essential service failed.",
                "",
                "Options (phusion my_init's):",
                "  --quiet                  only log warnings and errors (default: info)",
                "  --no-kill-all-on-exit    leave other processes alone on exit (default: TERM, then KILL, all of them)",
                "  --kill-all-on-exit       the default, accepted for compatibility",
                "  --skip-startup-files     do not run the start-up scripts and rc.local (default: run them)",
                "  --skip-runit             do not supervise services, nor run cron (default: both)",
                "  --enable-insecure-key    accepted for compatibility; jinit installs no SSH key",
                "Options (jinit's):",
                "  -g, --forward-to-group   start COMMAND in its own process group and signal the group (like tini -g)",
                "  --rewrite FROM:TO        forward signal FROM as TO; TO of 0 drops FROM (like dumb-init); repeatable",
                "  --no-syslog              do not start the syslog server (default: start it unless the socket is live)",
                "  --no-syslog-stdout       syslog only to files (default: also baseimage's 'syslog' messages to stdout)",
                "  --no-cron                do not run cron (default: run it)",
                "  --root DIR               resolve every default path below under DIR (default /)",
                "  -h, --help               print this help",
                "  --version                print the version",
                "",
                "Paths (each default resolved under --root; one given here is taken as given):"));
        for (LauncherPath p : LauncherPath.values()) {
            l.add(String.format("  %-35s %s (default %s)", p.option() + " PATH", p.meaning(), p.defaultPath()));
        }
        l.addAll(List.of(
                "",
                "Environment:",
                "  KILL_PROCESS_TIMEOUT       seconds COMMAND, a start-up script being stopped and each shutdown script",
                "                             get after TERM before KILL (default 30); a shutdown script may run this",
                "                             long before its TERM. Services: their own stop timeout (7 s) for now",
                "  KILL_ALL_PROCESSES_TIMEOUT seconds the remaining processes get between TERM and KILL on exit (default 30)",
                "  ENV_INIT_DIRECTORY         the start-up scripts' directory (default /etc/my_init.d, under --root)",
                "  JINIT_JAVA_OPTS            extra options for the JVM (read by the bin/ wrappers)",
                "  JINIT_EARLY_START          0: the wrapper never starts COMMAND itself before the JVM (by default it",
                "                             does when nothing runs first: --no-syslog, no start-up files, services",
                "                             or container environment)",
                ""));
        return String.join("\n", l);
    }

    /**
     * Parses {@code args} and the environment. Options end at {@code --} or at the first argument that is not an
     * option, which starts the command.
     *
     * @throws UsageException naming the bad option or value
     */
    public static MyInitOptions parse(List<String> args, Map<String, String> env) throws UsageException {
        boolean quiet = false;
        boolean killAll = true;
        boolean skipStartup = false;
        boolean skipRunit = false;
        boolean insecureKey = false;
        boolean noSyslog = false;
        boolean noCron = false;
        boolean noSyslogStdout = false;
        Map<LauncherPath, Path> paths = new EnumMap<>(LauncherPath.class);
        boolean group = false;
        boolean help = false;
        boolean version = false;
        Path root = Path.of("/");
        List<String> rewrites = new ArrayList<>();
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--quiet" -> quiet = true;
                case "--no-kill-all-on-exit" -> killAll = false;
                case "--kill-all-on-exit" -> killAll = true;
                case "--skip-startup-files" -> skipStartup = true;
                case "--skip-runit" -> skipRunit = true;
                case "--enable-insecure-key" -> insecureKey = true;
                case "--no-syslog" -> noSyslog = true;
                case "--no-cron" -> noCron = true;
                case "--no-syslog-stdout" -> noSyslogStdout = true;
                case "-g", "--forward-to-group" -> group = true;
                case "-h", "--help" -> help = true;
                case "--version" -> version = true;
                case "--rewrite" -> {
                    if (value == null) {
                        value = next(args, ++i, a);
                    }
                    rewrites.add(value);
                }
                case "--root" -> {
                    if (value == null) {
                        value = next(args, ++i, a);
                    }
                    root = Path.of(value);
                }
                default -> {
                    LauncherPath p = LauncherPath.byOption(a);
                    if (p == null) {
                        throw new UsageException("unknown option " + args.get(i) + " (see --help)");
                    }
                    if (value == null) {
                        value = next(args, ++i, a);
                    }
                    if (value.isEmpty()) {
                        throw new UsageException("option " + a + " needs a path, but was given ''");
                    }
                    paths.put(p, Path.of(value));
                }
            }
            if (value != null && !a.equals("--rewrite") && !a.equals("--root") && LauncherPath.byOption(a) == null) {
                throw new UsageException("option " + a + " takes no value, but was given '" + value + "'");
            }
        }
        List<String> command = args.subList(Math.min(i, args.size()), args.size());
        SignalRewrite rewrite;
        try {
            rewrite = SignalRewrite.parse(rewrites);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rewrite: " + e.getMessage());
        }
        String initDir = env.get("ENV_INIT_DIRECTORY");
        return new MyInitOptions(quiet, killAll, skipStartup, skipRunit, insecureKey, noSyslog, noCron, noSyslogStdout,
                group, rewrite, root, paths,
                initDir == null || initDir.isBlank() ? Optional.empty() : Optional.of(Path.of(initDir.trim())),
                seconds(env, "KILL_PROCESS_TIMEOUT"), seconds(env, "KILL_ALL_PROCESSES_TIMEOUT"), help, version,
                command);
    }

    private static String next(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException("option " + option + " needs a value");
        }
        return args.get(i);
    }

    /** Seconds from the environment, like phusion's {@code float(os.environ.get(NAME, 30))}. */
    static Duration seconds(Map<String, String> env, String name) throws UsageException {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return Duration.ofSeconds(30);
        }
        return seconds(v, name);
    }

    /** A number of seconds, 0 or more, with fractions; {@code name} names it in the error. */
    static Duration seconds(String v, String name) throws UsageException {
        try {
            BigDecimal s = new BigDecimal(v.trim());
            if (s.signum() < 0 || s.compareTo(BigDecimal.valueOf(86_400L * 365)) > 0) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos(s.movePointRight(9).longValue());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number of seconds (0 or more), but was '" + v + "'");
        }
    }

    /** For tests and messages. */
    static List<String> list(String... a) {
        return Arrays.asList(a);
    }

    /** The signals my_init asks its init to handle: every one it forwards (the init handles CHLD itself). */
    static java.util.Set<Signal> handled() {
        return dev.jinit.reaper.SignalForwarder.DEFAULT_SIGNALS;
    }
}
