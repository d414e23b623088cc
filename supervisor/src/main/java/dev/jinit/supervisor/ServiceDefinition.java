package dev.jinit.supervisor;

import dev.jinit.core.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One supervised service, defined in code or read from a runit service directory: the two are the same thing to the
 * supervisor. Built by {@link #builder(String)}; every value is checked, so a definition is always valid. Immutable
 * and thread-safe.
 *
 * @param name             the service's name (runit's rules, see {@link ServiceName})
 * @param run              what runs: runit's {@code ./run}
 * @param finish           runs after {@code run} exits, with runsv's two arguments (exit code or -1, signal number)
 * @param environment      variables set on top of the supervisor's environment
 * @param user             run as this user ({@code user[:group...]} or {@code :uid:gid}, as {@code chpst -u})
 * @param workingDirectory absolute; empty means the service directory (runsv's cwd), or the supervisor's
 * @param restartPolicy    when to restart it; {@link RestartPolicy#runit()} by default
 * @param stopSignal       sent by {@code down}, {@code term}, {@code exit} and at shutdown; TERM by default, as runsv
 * @param stopTimeout      at shutdown, how long after the stop signal KILL follows; {@value #DEFAULT_STOP_TIMEOUT_SECONDS}
 *                         s by default ({@code sv}'s default wait)
 * @param dependencies     services that must be up (and ready) before this one starts; stopped after it
 * @param readiness        how to tell it is ready; {@link Readiness.Immediate} by default
 * @param essential        when it fails permanently ({@link RestartPolicy#failureLimit()}), the whole init stops
 *                         with a non-zero exit code; needs a failure limit
 * @param startDown        runit's {@code down} file: supervised, but not started until asked
 * @param log              its log service, fed by its stdout
 */
public record ServiceDefinition(ServiceName name, Program run, Optional<Program> finish,
                                Map<String, String> environment, Optional<String> user,
                                Optional<Path> workingDirectory, RestartPolicy restartPolicy, Signal stopSignal,
                                Duration stopTimeout, List<ServiceName> dependencies, Readiness readiness,
                                boolean essential, boolean startDown, Optional<LogService> log) {

    /** The default {@link #stopTimeout()} in seconds: 7, {@code sv}'s default wait ({@code SVWAIT}). */
    public static final long DEFAULT_STOP_TIMEOUT_SECONDS = 7;

    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        String owner = "service '" + name + "'";
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(finish, "finish");
        environment = Checks.environment(owner, environment);
        user.ifPresent(u -> Checks.user(owner, u));
        workingDirectory.ifPresent(d -> Checks.workingDirectory(owner, d));
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        Checks.stopSignal(owner, stopSignal);
        Checks.stopTimeout(owner, stopTimeout);
        dependencies = List.copyOf(dependencies);
        Set<ServiceName> seen = new LinkedHashSet<>();
        for (ServiceName d : dependencies) {
            if (d.equals(name)) {
                throw Checks.invalid(owner, "dependencies", "must not name the service itself", "'" + d + "'");
            }
            if (!seen.add(d)) {
                throw Checks.invalid(owner, "dependencies", "must not name a service twice", "'" + d + "' twice");
            }
        }
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(log, "log");
        if (essential && restartPolicy.failureLimit().isEmpty()) {
            throw Checks.invalid(owner, "essential", "needs restartPolicy.failureLimit (N failures within a window) "
                    + "to know when the service has failed permanently", "true with a restart policy without one");
        }
    }

    /**
     * Starts a definition of service {@code name}; {@link Builder#command} or {@link Builder#script} must follow.
     *
     * @throws IllegalArgumentException when {@code name} breaks runit's rules ({@link ServiceName})
     */
    public static Builder builder(String name) {
        return new Builder(ServiceName.of(name));
    }

    /**
     * Builds a {@link ServiceDefinition}. Each setter checks its own value at once; {@link #build()} checks what
     * involves several (a command was given, essential has a failure limit, no dependency on itself). Not
     * thread-safe.
     */
    public static final class Builder {
        private final ServiceName name;
        private final String owner;
        private Program run;
        private Program finish;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String user;
        private Path workingDirectory;
        private RestartPolicy restartPolicy = RestartPolicy.runit();
        private Signal stopSignal = Signal.TERM;
        private Duration stopTimeout = Duration.ofSeconds(DEFAULT_STOP_TIMEOUT_SECONDS);
        private final List<ServiceName> dependencies = new ArrayList<>();
        private Readiness readiness = Readiness.immediate();
        private boolean essential;
        private boolean startDown;
        private LogService log;

        private Builder(ServiceName name) {
            this.name = name;
            this.owner = "service '" + name + "'";
        }

        /** Runs this command line (looked up on {@code PATH}). */
        public Builder command(String... argv) {
            return command(List.of(argv));
        }

        /** Runs this command line (looked up on {@code PATH}). */
        public Builder command(List<String> argv) {
            try {
                this.run = Program.command(argv);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** Runs this script, as runsv runs {@code ./run}. */
        public Builder script(Path script) {
            try {
                this.run = Program.script(script);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** Runs {@code finish} after each run, as runsv runs {@code ./finish}. */
        public Builder finish(Program finish) {
            this.finish = Objects.requireNonNull(finish, "finish");
            return this;
        }

        /** Sets one environment variable. */
        public Builder env(String name, String value) {
            environment.putAll(Checks.environment(owner, Map.of(name, value)));
            return this;
        }

        /** Sets these environment variables. */
        public Builder environment(Map<String, String> env) {
            environment.putAll(Checks.environment(owner, env));
            return this;
        }

        public Builder user(String user) {
            this.user = Checks.user(owner, user);
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = Checks.workingDirectory(owner, dir);
            return this;
        }

        public Builder restartPolicy(RestartPolicy policy) {
            this.restartPolicy = Objects.requireNonNull(policy, "restartPolicy");
            return this;
        }

        public Builder stopSignal(Signal signal) {
            this.stopSignal = Checks.stopSignal(owner, signal);
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Checks.stopTimeout(owner, timeout);
            return this;
        }

        /** Adds services that must be up before this one starts. */
        public Builder dependsOn(String... names) {
            for (String n : names) {
                try {
                    dependencies.add(ServiceName.of(n));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(owner + ": dependencies: " + e.getMessage(), e);
                }
            }
            return this;
        }

        public Builder readiness(Readiness readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness");
            return this;
        }

        /** Marks it essential; the restart policy must have a failure limit by {@link #build()}. */
        public Builder essential(boolean essential) {
            this.essential = essential;
            return this;
        }

        /** Marks it essential, failing permanently after {@code failures} failures within {@code window}. */
        public Builder essential(int failures, Duration window) {
            RestartPolicy.FailureLimit limit;
            try {
                limit = new RestartPolicy.FailureLimit(failures, window);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(owner + ": essential: " + e.getMessage(), e);
            }
            this.restartPolicy = restartPolicy.withFailureLimit(limit);
            this.essential = true;
            return this;
        }

        public Builder startDown(boolean startDown) {
            this.startDown = startDown;
            return this;
        }

        public Builder log(LogService log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the field, the rule and the value
         */
        public ServiceDefinition build() {
            if (run == null) {
                throw Checks.invalid(owner, "run", "must be set with command(...) or script(...)", "unset");
            }
            return new ServiceDefinition(name, run, Optional.ofNullable(finish), environment,
                    Optional.ofNullable(user), Optional.ofNullable(workingDirectory), restartPolicy, stopSignal,
                    stopTimeout, dependencies, readiness, essential, startDown, Optional.ofNullable(log));
        }
    }
}
