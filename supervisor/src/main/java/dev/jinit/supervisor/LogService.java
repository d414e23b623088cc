package dev.jinit.supervisor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's log service, runit's {@code log/run}: it reads the service's stdout from a pipe that outlives restarts
 * of either side. It has no {@code finish}, no control scripts, ignores {@code x}, is restarted by runit's rule only,
 * and stops after its service, when the pipe is drained. Immutable.
 *
 * @param run              what it runs; reads stdin
 * @param environment      variables set on top of the supervisor's environment
 * @param user             run as this user ({@code user[:group...]} or {@code :uid:gid}, as {@code chpst -u})
 * @param workingDirectory absolute; empty means the service's {@code log/} directory, or the supervisor's
 * @param startDown        runit's {@code log/down}: do not start it until asked
 */
public record LogService(Program run, Map<String, String> environment, Optional<String> user,
                         Optional<Path> workingDirectory, boolean startDown) {

    private static final String OWNER = "log service";

    public LogService {
        Objects.requireNonNull(run, "run");
        environment = Checks.environment(OWNER, environment);
        user.ifPresent(u -> Checks.user(OWNER, u));
        workingDirectory.ifPresent(d -> Checks.workingDirectory(OWNER, d));
    }

    /** A log service running {@code argv} with the defaults. */
    public static LogService of(String... argv) {
        return builder(Program.command(argv)).build();
    }

    public static Builder builder(Program run) {
        return new Builder(run);
    }

    /** Builds a {@link LogService}; each setter checks its value at once. */
    public static final class Builder {
        private final Program run;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String user;
        private Path workingDirectory;
        private boolean startDown;

        private Builder(Program run) {
            this.run = Objects.requireNonNull(run, "run");
        }

        public Builder env(String name, String value) {
            environment.putAll(Checks.environment(OWNER, Map.of(name, value)));
            return this;
        }

        public Builder user(String user) {
            this.user = Checks.user(OWNER, user);
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = Checks.workingDirectory(OWNER, dir);
            return this;
        }

        public Builder startDown(boolean startDown) {
            this.startDown = startDown;
            return this;
        }

        public LogService build() {
            return new LogService(run, environment, Optional.ofNullable(user), Optional.ofNullable(workingDirectory),
                    startDown);
        }
    }
}
