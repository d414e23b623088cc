package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The shell a test runs as another user, and what it reports about itself: its pid, ids, groups, environment,
 * signal mask and ignored signals, no-new-privs, and its open fds (listed last, by {@code ls} as a child of the shell,
 * so only the shell's own fds show). Also the helpers the integration tests share.
 */
final class Probe {
    /**
     * The command: a shell that prints the facts, then its fds. It reads its own status first and with builtins only
     * ({@link #STATUS_BY_THE_SHELL_ITSELF}): a child such as {@code grep /proc/$$/status} could read it while dash
     * 0.5.11+ has every signal blocked around the vfork of that very child (its {@code vforkexec}: sigfillset,
     * vfork, and the mask cleared only once the child has exec'd), and report SigBlk fffffffe7ffbfeff for a shell
     * that started with an empty mask — about 1 run in 300 on this machine, any spawner.
     */
    static final List<String> COMMAND = List.of("sh", "-c", Probe.STATUS_BY_THE_SHELL_ITSELF
            + " echo \"pid=$$\"; echo \"uid=$(id -u)\"; echo \"gid=$(id -g)\";"
            + " echo \"groups=$(id -G)\"; echo \"HOME=$HOME\"; echo \"USER=$USER\"; echo \"LOGNAME=$LOGNAME\";"
            + " echo \"UID=$UID\"; echo fds:; ls /proc/$$/fd");
    /** Prints the shell's SigBlk, SigIgn, NoNewPrivs and CapEff lines with no child process (read, case, echo). */
    static final String STATUS_BY_THE_SHELL_ITSELF = "while IFS= read -r l; do case \"$l\" in"
            + " SigBlk:*|SigIgn:*|NoNewPrivs:*|CapEff:*) echo \"$l\";; esac; done < /proc/$$/status;";
    /** A prefix that starts a command with HUP, INT and USR1 ignored, as a careless parent would: SIG_IGN survives exec. */
    static final List<String> DIRTY = List.of("sh", "-c", "trap '' HUP INT USR1; exec \"$0\" \"$@\"");
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Pattern LINE = Pattern.compile("^(\\w+)[:=]\\s*(.*)$");

    final Map<String, String> facts = new HashMap<>();
    final List<String> fds = new ArrayList<>();

    private Probe(List<String> lines) {
        boolean inFds = false;
        for (String line : lines) {
            if (line.equals("fds:")) {
                inFds = true;
            } else if (inFds) {
                fds.add(line);
            } else {
                Matcher m = LINE.matcher(line);
                if (m.matches()) {
                    facts.put(m.group(1), m.group(2));
                }
            }
        }
    }

    static Probe parse(List<String> lines) {
        return new Probe(lines);
    }

    String get(String key) {
        return facts.get(key);
    }

    Set<Integer> groups() {
        Set<Integer> out = new TreeSet<>();
        for (String g : facts.getOrDefault("groups", "").split(" ")) {
            if (!g.isEmpty()) {
                out.add(Integer.parseInt(g));
            }
        }
        return out;
    }

    /** Everything setuser promises about the command it runs as {@code uid}/{@code gid}. */
    void assertRunsCleanlyAs(long pid, int uid, int gid, Set<Integer> groups, String home, String name) {
        String all = facts + " fds " + fds;
        assertEquals(Long.toString(pid), get("pid"), "same pid (exec in place): " + all);
        assertEquals(Integer.toString(uid), get("uid"), all);
        assertEquals(Integer.toString(gid), get("gid"), all);
        assertEquals(groups, groups(), "id -G: " + all);
        assertEquals(home, get("HOME"), all);
        assertEquals(name, get("USER"), all);
        assertEquals(name, get("LOGNAME"), all);
        assertEquals(Integer.toString(uid), get("UID"), all);
        assertEquals("0000000000000000", get("SigBlk"), "signal mask: " + all);
        assertEquals("0000000000000000", get("SigIgn"), "ignored signals: " + all);
        assertEquals("0000000000000000", get("CapEff"), "no capability left: " + all);
        assertEquals(List.of("0", "1", "2"), fds, "only fds 0-2: " + all);
    }

    // --- shared helpers ------------------------------------------------------------------------------------

    static void assumeRoot() throws IOException {
        Assumptions.assumeTrue(uidOfThisProcess() == 0, "switching user needs root (CI runs as root)");
    }

    static int uidOfThisProcess() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("no Uid line in /proc/self/status");
    }

    /** Runs {@code command} to its end (bounded), returning its exit code and output. */
    record Result(long pid, int exit, List<String> out, List<String> err) {
        String describe() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    static Result run(List<String> command, Map<String, String> env) throws Exception {
        Path dir = Files.createTempDirectory("jinit-setuser-it");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("/").toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("PATH", PATH);
            // Failsafe points JAVA_HOME at tools/pid1 (its <jvm>), whose java would start bin/setuser's JVM in a new
            // PID namespace: the wrappers must run the real one.
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            // Every test JVM here is PID 1 of its own namespace but /tmp is shared: bin/setuser's JVM could find its
            // perf-data file /tmp/hsperfdata_root/<pid> locked by a JVM of the same pid elsewhere and warn on stderr.
            pb.environment().put("JINIT_JAVA_OPTS", "-XX:-UsePerfData");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not end in 60 s; stderr: " + Files.readString(err));
            }
            return new Result(p.pid(), p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readAllLines(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(dir);
        }
    }

    /** {@code getent DATABASE KEY}, split on ':'; null when there is no such entry. */
    static String[] getent(String database, String key) throws Exception {
        Result r = run(List.of("getent", database, key), Map.of());
        return r.exit() == 0 ? r.out().get(0).split(":", -1) : null;
    }

    /** A uid (and gid) from 3,000,000 up that has neither a passwd nor a group entry. */
    static int unusedId() throws Exception {
        for (int id = 3_000_000 + (int) (ProcessHandle.current().pid() % 1000) * 100, n = 0; n < 100; id++, n++) {
            if (getent("passwd", Integer.toString(id)) == null && getent("group", Integer.toString(id)) == null) {
                return id;
            }
        }
        throw new IllegalStateException("no unused id found from 3,000,000 up");
    }
}
