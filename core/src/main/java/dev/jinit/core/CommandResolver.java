package dev.jinit.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a command the way {@code execvp} does, but on the child's {@code PATH}, not the JVM's: a name with a '/' is
 * taken as it is, anything else is searched in each {@code PATH} entry in order (an empty entry means the current
 * directory).
 */
public final class CommandResolver {
    /** The PATH used when the child's environment has none (Debian's default for root). */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CommandResolver() {
    }

    /**
     * @param command the name or path from argv[0]
     * @param path    the child's PATH, or null for {@link #DEFAULT_PATH}
     * @param cwd     the directory relative paths are resolved against
     * @throws SpawnException NOT_FOUND (127) or NOT_EXECUTABLE (126), naming the command
     */
    public static Path resolve(String command, String path, Path cwd) {
        if (command.indexOf('/') >= 0) {
            Path p = cwd.resolve(command);
            if (!Files.exists(p)) {
                throw new SpawnException(SpawnException.Reason.NOT_FOUND, command + ": not found", null);
            }
            checkExecutable(command, p);
            return p;
        }
        Path firstNonExecutable = null;
        for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
            Path p = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(command);
            if (Files.isRegularFile(p)) {
                if (Files.isExecutable(p)) {
                    return p;
                }
                if (firstNonExecutable == null) {
                    firstNonExecutable = p;
                }
            }
        }
        if (firstNonExecutable != null) {
            throw new SpawnException(SpawnException.Reason.NOT_EXECUTABLE,
                    command + ": permission denied (" + firstNonExecutable + " is not executable)", null);
        }
        throw new SpawnException(SpawnException.Reason.NOT_FOUND,
                command + ": command not found in PATH=" + (path == null ? DEFAULT_PATH : path), null);
    }

    private static void checkExecutable(String command, Path p) {
        if (Files.isDirectory(p)) {
            throw new SpawnException(SpawnException.Reason.NOT_EXECUTABLE, command + ": is a directory", null);
        }
        if (!Files.isExecutable(p)) {
            throw new SpawnException(SpawnException.Reason.NOT_EXECUTABLE, command + ": permission denied", null);
        }
    }
}
