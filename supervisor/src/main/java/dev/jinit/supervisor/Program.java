package dev.jinit.supervisor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a service runs: an argv, or a script file (runit's {@code ./run}, {@code ./finish}, {@code log/run}).
 */
public sealed interface Program permits Program.Command, Program.Script {

    /**
     * A command line; {@code argv.get(0)} is looked up on the service's {@code PATH} unless it holds a {@code '/'}.
     *
     * @param argv non-empty; the program name non-empty; no argument may contain NUL
     */
    record Command(List<String> argv) implements Program {
        public Command {
            argv = List.copyOf(argv);
            if (argv.isEmpty() || argv.get(0).isEmpty()) {
                throw new IllegalArgumentException("command must name a program, but was " + argv);
            }
            for (int i = 0; i < argv.size(); i++) {
                if (argv.get(i).indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("command[" + i + "] must not contain NUL, but was '"
                            + argv.get(i).replace("\0", "\\0") + "'");
                }
            }
        }
    }

    /**
     * An executable file run without arguments (a {@code ./finish} gets runsv's two), relative to the service's
     * working directory unless absolute.
     *
     * @param path non-empty
     */
    record Script(Path path) implements Program {
        public Script {
            Objects.requireNonNull(path, "path");
            if (path.toString().isEmpty()) {
                throw new IllegalArgumentException("script must be a file, but was the empty path");
            }
        }
    }

    static Program command(String... argv) {
        return new Command(Arrays.asList(argv));
    }

    static Program command(List<String> argv) {
        return new Command(argv);
    }

    static Program script(Path path) {
        return new Script(path);
    }
}
