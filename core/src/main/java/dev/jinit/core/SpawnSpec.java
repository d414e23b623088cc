package dev.jinit.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to spawn: argv, an explicit environment and working directory, fds 0–2, extra fds by number, and the process
 * group or session the child starts in. Built and validated by {@link #builder(String...)}; immutable.
 *
 * @param command     argv; {@code command.get(0)} is looked up on the environment's {@code PATH} unless it holds a '/'
 * @param environment the child's whole environment (nothing is inherited implicitly)
 * @param directory   the child's working directory
 * @param extraFds    child fd (3 or more) → this JVM's fd to duplicate onto it; every other fd above 2 is closed
 * @param grouping    same process group as the JVM, a new process group, or a new session
 */
public record SpawnSpec(List<String> command, Map<String, String> environment, Path directory,
                        Redirect stdin, Redirect stdout, Redirect stderr, Map<Integer, Integer> extraFds,
                        Grouping grouping) {

    /** The process group or session a child starts in. */
    public enum Grouping {
        /** This JVM's process group. */
        INHERIT,
        /** A new process group whose id is the child's pid ({@code setpgid(0, 0)}), e.g. for {@code killpg}. */
        NEW_PROCESS_GROUP,
        /** A new session ({@code setsid}), which also makes a new process group and drops the controlling TTY. */
        NEW_SESSION
    }

    public SpawnSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        extraFds = Map.copyOf(extraFds);
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(grouping, "grouping");
        if (command.isEmpty() || command.get(0).isEmpty()) {
            throw new IllegalArgumentException("command must name a program, but was " + command);
        }
        for (var e : extraFds.entrySet()) {
            if (e.getKey() < 3 || e.getValue() < 0) {
                throw new IllegalArgumentException("extra fd " + e.getValue() + " -> " + e.getKey()
                        + ": the child fd must be >= 3 (use stdin/stdout/stderr for 0-2) and the source >= 0");
            }
            if (!e.getKey().equals(e.getValue()) && extraFds.containsKey(e.getValue())) {
                throw new IllegalArgumentException("extra fd " + e.getValue() + " is both a source and a target: "
                        + "choose target numbers that are not also source fds");
            }
        }
    }

    /** The environment as {@code NAME=VALUE} strings, sorted by name. */
    public List<String> environmentStrings() {
        List<String> out = new ArrayList<>(environment.size());
        new TreeMap<>(environment).forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    public static Builder builder(String... command) {
        return new Builder(Arrays.asList(command));
    }

    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** Defaults: this JVM's environment and working directory, inherited stdio, no extra fds, same group. */
    public static final class Builder {
        private final List<String> command;
        private Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        private Path directory = Path.of("").toAbsolutePath();
        private Redirect stdin = Redirect.inherit();
        private Redirect stdout = Redirect.inherit();
        private Redirect stderr = Redirect.inherit();
        private final Map<Integer, Integer> extraFds = new LinkedHashMap<>();
        private Grouping grouping = Grouping.INHERIT;

        private Builder(List<String> command) {
            this.command = new ArrayList<>(command);
        }

        /** Replaces the whole environment. */
        public Builder environment(Map<String, String> env) {
            this.environment = new LinkedHashMap<>(env);
            return this;
        }

        /** Sets one variable. */
        public Builder env(String name, String value) {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment name must be non-empty without '=' or NUL, but was '" + name + "'");
            }
            this.environment.put(name, value);
            return this;
        }

        public Builder directory(Path dir) {
            this.directory = dir.toAbsolutePath();
            return this;
        }

        public Builder stdin(Redirect r) {
            this.stdin = r;
            return this;
        }

        public Builder stdout(Redirect r) {
            this.stdout = r;
            return this;
        }

        public Builder stderr(Redirect r) {
            this.stderr = r;
            return this;
        }

        /** Passes this JVM's fd {@code source} to the child as fd {@code childFd} (≥ 3). */
        public Builder passFd(int childFd, int source) {
            this.extraFds.put(childFd, source);
            return this;
        }

        public Builder grouping(Grouping g) {
            this.grouping = g;
            return this;
        }

        public SpawnSpec build() {
            return new SpawnSpec(command, environment, directory, stdin, stdout, stderr, extraFds, grouping);
        }
    }
}
