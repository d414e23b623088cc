package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a child started as another user says about itself, for the supervisor's and cron's integration tests (this
 * module's test-jar): its shell prints its own {@code Uid}, {@code Gid}, {@code Groups}, {@code SigBlk},
 * {@code SigIgn} and {@code CapEff} lines of {@code /proc/$$/status}, read with builtins only (dash blocks every
 * signal around the vfork of a non-final command, so a {@code grep} child could see a mask that is not the shell's),
 * then {@code HOME}, {@code USER}, {@code LOGNAME} and {@code UID} as {@code NAME: value}, then {@code fds:} and its
 * open fds (listed last, by {@code ls} as its child, so only the shell's own show), optionally ended by {@code end}.
 */
public final class StatusProbe {
    /** The shell code that prints the report; holds no '%' (cron's). Lines before it, "NAME: value", are kept too. */
    public static final String SCRIPT = "while IFS= read -r l; do case \"$l\" in"
            + " Uid:*|Gid:*|Groups:*|SigBlk:*|SigIgn:*|CapEff:*) echo \"$l\";; esac; done < /proc/$$/status;"
            + " echo \"HOME: $HOME\"; echo \"USER: $USER\"; echo \"LOGNAME: $LOGNAME\"; echo \"UID: $UID\";"
            + " echo fds:; ls /proc/$$/fd";
    /** The name prefix of UserSpawner's threads. */
    public static final String THREAD_PREFIX = "jinit-spawn-as-";

    private final Map<String, String> facts = new HashMap<>();
    private final List<String> fds = new ArrayList<>();
    private final String all;

    private StatusProbe(List<String> lines) {
        boolean inFds = false;
        for (String line : lines) {
            if (line.equals("fds:")) {
                inFds = true;
            } else if (line.equals("end")) {
                inFds = false;
            } else if (inFds) {
                fds.add(line);
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    facts.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
        }
        this.all = lines.toString();
    }

    /** The report in {@code lines} (a child's output, or the file it wrote). */
    public static StatusProbe parse(List<String> lines) {
        return new StatusProbe(lines);
    }

    /** A "NAME: value" line's value, or null. */
    public String get(String name) {
        return facts.get(name);
    }

    /** The report as read, for messages. */
    public String describe() {
        return all;
    }

    /**
     * Everything spawning as a user promises: the four uids and gids the user's (real, effective, saved, fs), its
     * groups, no blocked or ignored signal, no capability, its HOME, USER and LOGNAME, and fds 0–2 only.
     */
    public void assertRunsCleanlyAs(String name, int uid, int gid, Set<Integer> groups, String home) {
        assertEquals(List.of(uid, uid, uid, uid), ints(facts.get("Uid")), "real, effective, saved, fs uid: " + all);
        assertEquals(List.of(gid, gid, gid, gid), ints(facts.get("Gid")), "real, effective, saved, fs gid: " + all);
        assertEquals(new TreeSet<>(groups), new TreeSet<>(ints(facts.get("Groups"))), "groups: " + all);
        assertEquals("0000000000000000", facts.get("SigBlk"), "signal mask: " + all);
        assertEquals("0000000000000000", facts.get("SigIgn"), "ignored signals: " + all);
        assertEquals("0000000000000000", facts.get("CapEff"), "no capability: " + all);
        assertEquals(home, facts.get("HOME"), all);
        assertEquals(name, facts.get("USER"), all);
        assertEquals(name, facts.get("LOGNAME"), all);
        assertEquals(List.of("0", "1", "2"), fds, "only fds 0-2: " + all);
    }

    /** The whitespace-separated integers in {@code s} (none for null or blank). */
    public static List<Integer> ints(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.strip().split("\\s+")).map(Integer::valueOf).collect(Collectors.toList());
    }

    /** Runs a set-up command (getent, id, useradd …) to its end, bounded; its output. Fails unless it exits 0. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not end in 30 s");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    /** The names of this JVM's UserSpawner threads, sorted. */
    public static List<String> spawnThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith(THREAD_PREFIX)).sorted().toList();
    }
}
