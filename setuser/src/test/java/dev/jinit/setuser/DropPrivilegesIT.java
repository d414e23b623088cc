package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-process drop, in a JVM of its own started with this test's class path: every thread of it — the workers,
 * GC, compiler, signal dispatcher, … — is the user afterwards, and root cannot be regained. A partial switch halts.
 */
class DropPrivilegesIT {
    private static List<String> java(String mainClass, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void everyThreadIsTheUserAfterADropAndRootIsGone() throws Exception {
        Probe.assumeRoot();
        String[] pw = Probe.getent("passwd", "nobody");
        int uid = Integer.parseInt(pw[2]);
        int gid = Integer.parseInt(pw[3]);
        Probe.Result r = Probe.run(java("dev.jinit.setuser.DropPrivilegesMain", "nobody"), Map.of());
        assertEquals(0, r.exit(), r.describe());
        String four = uid + "\t" + uid + "\t" + uid + "\t" + uid;
        String fourG = gid + "\t" + gid + "\t" + gid + "\t" + gid;
        Map<String, Map<String, String>> threads = new HashMap<>();
        for (String line : r.out()) {
            String[] parts = line.split(" ", 2);
            if (parts[0].matches("\\d+")) {
                String[] kv = parts[1].split(":\t?", 2);
                threads.computeIfAbsent(parts[0], t -> new HashMap<>()).put(kv[0], kv[1].trim());
            }
        }
        assertTrue(threads.size() >= 8, "a JVM and three workers: " + r.describe());
        for (var t : threads.entrySet()) {
            Map<String, String> s = t.getValue();
            assertEquals(four, s.get("Uid"), "thread " + t.getKey() + " " + s);
            assertEquals(fourG, s.get("Gid"), "thread " + t.getKey() + " " + s);
            assertEquals(Integer.toString(gid), s.get("Groups"), "thread " + t.getKey() + " " + s);
            assertEquals("0000000000000000", s.get("CapEff"), "thread " + t.getKey() + " " + s);
        }
        for (String worker : List.of("worker-0", "worker-1", "worker-2")) {
            assertTrue(threads.values().stream().anyMatch(s -> worker.equals(s.get("Name"))), worker + ": " + r.describe());
        }
        assertTrue(r.out().contains("regain root: EPERM"), r.describe());
    }

    @Test
    void aPartialSwitchHaltsTheJvmWithOneLineSayingWhatDiffers() throws Exception {
        Probe.Result r = Probe.run(java("dev.jinit.setuser.PartialSwitchMain"), Map.of());
        assertEquals(SetUser.PARTIAL_SWITCH_EXIT, r.exit(), r.describe());
        assertEquals(List.of(), r.out(), "nothing ran after the partial switch: " + r.describe());
        List<String> lines = r.err().stream().filter(l -> l.startsWith("setuser: ")).toList();
        assertEquals(1, lines.size(), r.describe());
        assertTrue(lines.get(0).startsWith("setuser: partial switch of user, halting (exit 70)"), r.describe());
        assertTrue(lines.get(0).contains("thread 101 (GC Thread#0): Uid 0 0 0 0; expected 1001 1001 1001 1001"), r.describe());
    }

    @Test
    void theDropEndsThePerUserSpawnThreadsFirst() throws Exception {
        Probe.assumeRoot();
        String uid = Probe.getent("passwd", "nobody")[2];
        int other = Probe.unusedId();
        Probe.Result r = Probe.run(java("dev.jinit.setuser.DropAfterSpawnMain", "spawner", Integer.toString(other)),
                Map.of());
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.out().contains("spawned as " + uid + ": exit code 0"), r.describe());
        assertTrue(r.out().contains("spawned as " + other + ": exit code 0"), r.describe());
        assertTrue(r.out().contains("spawn threads 2"), "one thread per identity: " + r.describe());
        List<String> uids = r.out().stream().filter(l -> l.contains(" Uid:")).toList();
        assertTrue(uids.size() >= 8, r.describe());
        for (String line : uids) {
            assertTrue(line.matches("\\d+ Uid:\\s+" + uid + "\\s+" + uid + "\\s+" + uid + "\\s+" + uid), line + "\n" + r.describe());
        }
        assertTrue(r.out().stream().anyMatch(l -> l.startsWith("spawn after drop: this UserSpawner was closed")),
                r.describe());
    }

    @Test
    void withoutThatGlibcAbortsTheProcessOnAThreadSwitchedAlone() throws Exception {
        Probe.assumeRoot();
        Probe.Result r = Probe.run(java("dev.jinit.setuser.DropAfterSpawnMain", "raw",
                Integer.toString(Probe.unusedId())), Map.of());
        assertEquals(128 + 6, r.exit(), "SIGABRT from glibc's setxid: " + r.describe());
        assertTrue(r.out().stream().noneMatch(l -> l.contains(" Uid:")), "nothing ran after the drop: " + r.describe());
    }
}
