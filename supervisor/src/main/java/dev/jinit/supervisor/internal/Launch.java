package dev.jinit.supervisor.internal;

import dev.jinit.supervisor.LogService;
import dev.jinit.supervisor.Program;
import dev.jinit.supervisor.Readiness;
import dev.jinit.supervisor.RestartPolicy;
import dev.jinit.supervisor.ServiceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a unit's processes are started: a service directory's {@code ./run} and {@code ./finish} (cwd = the directory,
 * as runsv), or a {@link ServiceDefinition}'s programs. This is an internal class.
 *
 * @param run        argv of the service
 * @param finish     argv of the finish program, to which runsv's two arguments are appended; for a directory it is
 *                   looked up at every exit, as runsv does ({@link #finishPresent()})
 * @param directory  the working directory
 * @param extraEnv   added to the supervisor's environment
 * @param startDown  runit's {@code down} file, or the definition's flag
 * @param finishFile the {@code finish} file of a directory (empty for code services)
 * @param user       run as this user ({@code chpst -u} syntax, through setuser), or as the supervisor
 * @param readiness  how to tell that {@code run} is ready (a directory: s6's {@code notification-fd} file, else at once)
 */
public record Launch(List<String> run, Optional<List<String>> finish, Path directory, Map<String, String> extraEnv,
                     boolean startDown, Optional<Path> finishFile, Optional<String> user, Readiness readiness) {

    /** runsv's way for {@code dir}: {@code ./run}, {@code ./finish}, {@code down}. */
    public static Launch ofDirectory(Path dir, boolean log) {
        return new Launch(List.of("./run"), log ? Optional.empty() : Optional.of(List.of("./finish")), dir, Map.of(),
                Files.exists(dir.resolve("down")), log ? Optional.empty() : Optional.of(dir.resolve("finish")),
                Optional.empty(), log ? Readiness.immediate() : notificationFd(dir));
    }

    /**
     * jinit's addition to runit's files: an {@code essential} file (its contents are ignored) makes the service
     * essential, failing permanently after {@link RestartPolicy.FailureLimit#DEFAULT}; a permanent failure then ends
     * the init. runsv ignores the file, so the directory stays usable under runit.
     */
    static Optional<RestartPolicy.FailureLimit> essential(Path dir) {
        return Files.exists(dir.resolve("essential")) ? Optional.of(RestartPolicy.FailureLimit.DEFAULT)
                : Optional.empty();
    }

    /**
     * s6's convention: a file {@code notification-fd} holding a number N (3 or more) means the service writes a
     * newline to fd N when it is ready.
     *
     * @throws IllegalArgumentException naming the file when it holds no such number
     */
    static Readiness notificationFd(Path dir) {
        Path file = dir.resolve("notification-fd");
        if (!Files.isRegularFile(file)) {
            return Readiness.immediate();
        }
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        try {
            return Readiness.notificationFd(Integer.parseInt(text));
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalArgumentException(file + ":1: must hold a file descriptor number of 3 or more, but held '"
                    + text + "'; fix or remove it", e);
        }
    }

    public static Launch of(ServiceDefinition d, Path defaultDirectory) {
        return new Launch(argv(d.run()), d.finish().map(Launch::argv), d.workingDirectory().orElse(defaultDirectory),
                d.environment(), d.startDown(), Optional.empty(), d.user(), d.readiness());
    }

    public static Launch of(LogService l, Path defaultDirectory) {
        return new Launch(argv(l.run()), Optional.empty(), l.workingDirectory().orElse(defaultDirectory),
                l.environment(), l.startDown(), Optional.empty(), l.user(), Readiness.immediate());
    }

    private static List<String> argv(Program p) {
        if (p instanceof Program.Command c) {
            return c.argv();
        }
        return List.of(((Program.Script) p).path().toAbsolutePath().toString());
    }

    /** Whether a finish program runs after {@code run} exits (a directory's {@code finish} is readable now). */
    public boolean finishPresent() {
        if (finish.isEmpty()) {
            return false;
        }
        return finishFile.map(Files::isReadable).orElse(true);
    }

    public List<String> finishArgv(String exitCode, String signal) {
        List<String> a = new ArrayList<>(finish.orElseThrow());
        a.add(exitCode);
        a.add(signal);
        return a;
    }
}
