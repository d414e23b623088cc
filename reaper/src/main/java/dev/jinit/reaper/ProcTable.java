package dev.jinit.reaper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of {@code /proc}: each process's parent and state, enough to find children and descendants.
 *
 * @param parents pid → parent pid
 * @param states  pid → state letter ({@code Z} for a zombie)
 */
public record ProcTable(Map<Long, Long> parents, Map<Long, Character> states) {

    /** Reads every {@code /proc/<pid>/stat}; processes that vanish meanwhile are skipped. */
    public static ProcTable read(Path proc) {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Character> states = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path p : dir) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (NoSuchFileException e) {
                    continue;
                } catch (IOException e) {
                    if (Files.exists(p)) {
                        throw e;
                    }
                    continue;
                }
                parseStat(stat, parents, states);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot scan " + proc + ": " + e.getMessage(), e);
        }
        return new ProcTable(parents, states);
    }

    /**
     * Parses one {@code stat} line: {@code pid (comm) S ppid ...}. The command name may hold spaces and
     * parentheses, so the fields after it are found after the last ')'.
     */
    static void parseStat(String stat, Map<Long, Long> parents, Map<Long, Character> states) {
        int open = stat.indexOf(' ');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < 0 || close + 4 > stat.length()) {
            return;
        }
        long pid = Long.parseLong(stat.substring(0, open));
        String[] rest = stat.substring(close + 2).split(" ", 3);
        states.put(pid, rest[0].charAt(0));
        parents.put(pid, Long.parseLong(rest[1]));
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The direct children of {@code pid}. */
    public long[] childrenOf(long pid) {
        return parents.entrySet().stream().filter(e -> e.getValue() == pid).mapToLong(Map.Entry::getKey).toArray();
    }

    /** Every descendant of {@code pid}, parents before their children. */
    public List<Long> descendantsOf(long pid) {
        Map<Long, List<Long>> kids = new HashMap<>();
        parents.forEach((child, parent) -> kids.computeIfAbsent(parent, k -> new ArrayList<>()).add(child));
        List<Long> out = new ArrayList<>();
        // /proc is not read atomically: with pid reuse during the scan a snapshot can hold a cycle; visit each once.
        Set<Long> seen = new HashSet<>();
        seen.add(pid);
        Deque<Long> todo = new ArrayDeque<>(kids.getOrDefault(pid, List.of()));
        while (!todo.isEmpty()) {
            long p = todo.removeFirst();
            if (!seen.add(p)) {
                continue;
            }
            out.add(p);
            todo.addAll(kids.getOrDefault(p, List.of()));
        }
        return out;
    }
}
