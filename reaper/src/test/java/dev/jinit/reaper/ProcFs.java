package dev.jinit.reaper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What the integration tests read from /proc about this JVM's own children. */
final class ProcFs {
    private ProcFs() {
    }

    /** Every child of every thread of this JVM ({@code /proc/self/task/*&#47;children}). */
    static List<Long> children() {
        TreeSet<Long> out = new TreeSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String text;
                try {
                    text = Files.readString(t.resolve("children")).trim();
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                if (!text.isEmpty()) {
                    for (String p : text.split(" ")) {
                        out.add(Long.parseLong(p));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(out);
    }

    /** The children of the leader thread only: where orphans land. */
    static List<Long> leaderChildren() {
        long[] pids = ChildLister.forPid(ProcessHandle.current().pid()).children();
        List<Long> out = new ArrayList<>();
        for (long p : pids) {
            out.add(p);
        }
        return out;
    }

    /** The state letter of {@code pid} ({@code 'Z'} for a zombie), or {@code '?'} when it is gone. */
    static char state(long pid) {
        try {
            Map<Long, Long> parents = new HashMap<>();
            Map<Long, Character> states = new HashMap<>();
            ProcTable.parseStat(Files.readString(Path.of("/proc/" + pid + "/stat")), parents, states);
            return states.getOrDefault(pid, '?');
        } catch (IOException e) {
            return '?';
        }
    }

    /** The zombies among {@code pids}, each described as {@code "pid (stat line)"}. */
    static List<String> zombiesAmong(List<Long> pids) {
        List<String> out = new ArrayList<>();
        for (long p : pids) {
            if (state(p) == 'Z') {
                String stat;
                try {
                    stat = Files.readString(Path.of("/proc/" + p + "/stat")).trim();
                } catch (IOException e) {
                    stat = "gone";
                }
                out.add(p + " [" + stat + "]");
            }
        }
        return out;
    }

    /** The zombies among all this JVM's children. */
    static List<String> zombieChildren() {
        return zombiesAmong(children());
    }

    /** The signal numbers this JVM ignores (inherited by its ProcessBuilder children), from /proc/self/status. */
    static long ignoredSignalMask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no SigIgn line in /proc/self/status");
    }
}
