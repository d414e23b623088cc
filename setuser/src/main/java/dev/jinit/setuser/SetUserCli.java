package dev.jinit.setuser;

import dev.jinit.core.NativeException;
import dev.jinit.core.SpawnException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code bin/setuser [--no-new-privs] USER COMMAND [ARG…]}: runs COMMAND as USER in place of this process (same
 * pid; no TTY, no su/sudo session), like phusion's setuser and gosu. See {@link #help()}.
 *
 * <p>Exit codes: COMMAND's own once it runs; 1 for an unknown user or group, not root, or a failed switch; 2 for bad
 * usage; 126 when COMMAND is not executable (by USER); 127 when it is not found; 70 after a partial switch. Each
 * error is one line on stderr.
 */
public final class SetUserCli {
    static final int USAGE = 2;
    static final int FAILED = 1;

    private SetUserCli() {
    }

    public static void main(String[] args) {
        // Library logging at warn: on success the only output is the command's.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        forgetPerfData();
        System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err, SetUser::ofDefaults));
    }

    /**
     * Runs the CLI. Returns an exit code on failure; on success the process is the command now, and this returns
     * only when {@code setUser} holds a fake exec.
     */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Supplier<SetUser> setUser) {
        List<SetUser.Option> options = new ArrayList<>();
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                i++;
                break;
            }
            switch (a) {
                case "-h", "--help" -> {
                    out.print(help());
                    return 0;
                }
                case "--no-new-privs" -> options.add(SetUser.Option.NO_NEW_PRIVILEGES);
                default -> {
                    return usage(err, "unknown option " + a);
                }
            }
        }
        if (i >= args.size()) {
            return usage(err, "missing USER");
        }
        if (i + 1 >= args.size()) {
            return usage(err, "missing COMMAND");
        }
        UserSpec spec;
        try {
            spec = UserSpec.parse(args.get(i));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        List<String> command = args.subList(i + 1, args.size());
        try {
            SetUser s = setUser.get();
            s.exec(s.resolve(spec), command, env, options.toArray(new SetUser.Option[0]));
            return 0;
        } catch (SetUserException | NativeException | IllegalStateException | IllegalArgumentException e) {
            err.println("setuser: " + e.getMessage());
            return FAILED;
        } catch (SpawnException e) {
            err.println("setuser: " + e.getMessage());
            return e.shellCode();
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("setuser: " + message + " (usage: setuser [--no-new-privs] USER COMMAND [ARG...]; see setuser --help)");
        return USAGE;
    }

    static String help() {
        return """
                Usage: setuser [--no-new-privs] USER COMMAND [ARG...]

                Runs COMMAND as USER in place of this process: same pid, no TTY needed, no su/sudo session.
                Supplementary groups, then gid, then uid change; HOME, USER, LOGNAME and UID are set from USER's
                passwd entry; COMMAND is found on PATH; every fd but 0-2 is closed, the signal mask is emptied and
                every signal gets its default action.

                USER is NAME, UID, NAME:GROUP or UID:GID (GROUP a name or a numeric gid).
                  NAME or a UID with a passwd entry: its gid, home and the groups that list it (initgroups).
                  A UID without one: gid = UID (never root's 0), HOME=/, USER=LOGNAME=UID, no supplementary groups.
                  :GROUP sets the gid; there are then no supplementary groups.

                Options:
                  --no-new-privs  set PR_SET_NO_NEW_PRIVS: COMMAND and its children can never gain privileges
                                  (setuid binaries and file capabilities grant nothing)
                  -h, --help      show this help

                Exit status: COMMAND's own; 1 unknown user or group, not root, or the switch failed; 2 bad usage;
                126 COMMAND not executable by USER; 127 COMMAND not found; 70 the switch was partial (halted).
                """;
    }

    /**
     * HotSpot's perf-data file, {@code /tmp/hsperfdata_<user>/<pid>}, is deleted when the JVM exits, and an exec is
     * no exit: the command would keep the pid and leave a stale file that makes {@code jps} list it as a JVM. It is
     * deleted now, while this is still root and owns it, and only when this JVM has that very file mapped (a JVM in
     * another PID namespace sharing {@code /tmp} may have the same pid). Best effort.
     */
    private static void forgetPerfData() {
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"),
                Long.toString(ProcessHandle.current().pid()));
        try {
            if (!Files.exists(file)) {
                return; // -XX:-UsePerfData, or another tmp directory
            }
            Object inode = Files.getAttribute(file, "unix:ino");
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] f = line.trim().split("\\s+", 6);
                if (f.length == 6 && f[5].equals(file.toString()) && f[4].equals(String.valueOf(inode))) {
                    Files.deleteIfExists(file);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not ours to fix: a stale perf-data file is harmless
        }
    }
}
