package dev.jinit.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * baseimage-docker's container environment: {@code /etc/container_environment/NAME} holds one variable each (a
 * trailing newline stripped), exported back there and to {@code /etc/container_environment.sh} ({@code export
 * NAME=VALUE}, names sanitised, values shell-quoted) and {@code /etc/container_environment.json}, so that services,
 * cron jobs and {@code docker exec} shells can source what the container was started with and what start-up scripts
 * added. Does nothing when the directory does not exist, as my_init.
 *
 * <p>Differences from my_init, on purpose: re-importing after a start-up script keeps HOME, USER, GROUP, UID, GID and
 * SHELL (my_init clears the environment and loses them, since they are never exported); files are written in place,
 * so a mode or group the image gave them (baseimage's {@code docker_env} group, 0640) stays; a new file is 0600 (the
 * environment often holds secrets).
 *
 * @param directory the one-file-per-variable directory
 * @param shell     the {@code export NAME=VALUE} file
 * @param json      the JSON object file
 */
public record ContainerEnvironment(Path directory, Path shell, Path json) {
    /** Names my_init never exports: they belong to the user a shell runs as, not to the container. */
    public static final Set<String> NOT_EXPORTED = Set.of("HOME", "USER", "GROUP", "UID", "GID", "SHELL");

    private static final Pattern UNSAFE = Pattern.compile("[^\\w@%+=:,./-]");
    private static final Pattern NOT_NAME = Pattern.compile("[^A-Za-z0-9_]");

    /** Whether the directory exists; without it import and export do nothing. */
    public boolean enabled() {
        return Files.isDirectory(directory);
    }

    /**
     * The start of the sequence: {@code base} (the launcher's environment) with every variable of the directory that
     * {@code base} does not already have, then exported to the directory, the shell file and the JSON file.
     */
    public Map<String, String> importAndExport(Map<String, String> base) throws IOException {
        if (!enabled()) {
            return Map.copyOf(base);
        }
        Map<String, String> env = new TreeMap<>(base);
        read().forEach(env::putIfAbsent);
        export(env, true);
        return Map.copyOf(env);
    }

    /**
     * After a start-up script: the directory as the script left it wins, variables whose file it removed are gone,
     * and the names never exported keep their values from {@code current}; then the shell and JSON files are written.
     */
    public Map<String, String> reimport(Map<String, String> current) throws IOException {
        if (!enabled()) {
            return Map.copyOf(current);
        }
        Map<String, String> env = new TreeMap<>(read());
        for (String n : NOT_EXPORTED) {
            if (current.containsKey(n)) {
                env.put(n, current.get(n));
            }
        }
        export(env, false);
        return Map.copyOf(env);
    }

    /** Every variable of the directory, by file name; one trailing newline of each value stripped. */
    public Map<String, String> read() throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(directory)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (NoSuchFileException e) {
            return out;
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String value = Files.readString(f, StandardCharsets.UTF_8);
            if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
            if (!name.isEmpty() && name.indexOf('=') < 0) {
                out.put(name, value);
            }
        }
        return out;
    }

    private void export(Map<String, String> env, boolean toDirectory) throws IOException {
        Map<String, String> exported = exported(env);
        if (toDirectory) {
            for (var e : exported.entrySet()) {
                if (e.getKey().indexOf('/') >= 0 || e.getKey().equals(".") || e.getKey().equals("..")) {
                    continue; // not a file name; it still goes to the shell and JSON files
                }
                write(directory.resolve(e.getKey()), e.getValue());
            }
        }
        write(shell, shellScript(exported));
        write(json, json(exported));
    }

    /** {@code env} without {@link #NOT_EXPORTED}, sorted by name. */
    static Map<String, String> exported(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>(env);
        out.keySet().removeAll(NOT_EXPORTED);
        return out;
    }

    /** One {@code export NAME=VALUE} line per variable, in the map's order. */
    public static String shellScript(Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        for (var e : env.entrySet()) {
            b.append("export ").append(sanitizeName(e.getKey())).append('=').append(shellQuote(e.getValue())).append('\n');
        }
        return b.toString();
    }

    /** Every character outside {@code [A-Za-z0-9_]} replaced by {@code _}, as my_init does. */
    public static String sanitizeName(String name) {
        return NOT_NAME.matcher(name).replaceAll("_");
    }

    /**
     * The value as one shell word: {@code ''} when empty, unchanged when it has only safe characters, else in single
     * quotes with each {@code '} written as {@code '"'"'} (Python's {@code shlex.quote}, which my_init copies).
     */
    public static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (!UNSAFE.matcher(s).find()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** A JSON object of the variables, in the map's order, strings escaped per RFC 8259. */
    public static String json(Map<String, String> env) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (var e : env.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            jsonString(b, e.getKey());
            b.append(": ");
            jsonString(b, e.getValue());
        }
        return b.append("}").toString();
    }

    private static void jsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** Writes in place, so an existing file keeps its owner and mode; a new one is made 0600. */
    private static void write(Path file, String content) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile: written in place below
            } catch (UnsupportedOperationException e) {
                throw new UncheckedIOException(new IOException("no POSIX permissions on the file system of " + file));
            }
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
