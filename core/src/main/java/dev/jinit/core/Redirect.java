package dev.jinit.core;

import java.nio.file.Path;
import java.util.Objects;

/** Where a child's fd 0, 1 or 2 comes from. */
public sealed interface Redirect {

    /** The same fd as this JVM's. */
    record Inherit() implements Redirect {
    }

    /** A duplicate of this JVM's open fd {@code fd} (a pipe end, say). */
    record Fd(int fd) implements Redirect {
        public Fd {
            if (fd < 0) {
                throw new IllegalArgumentException("fd must be >= 0, but was " + fd);
            }
        }
    }

    /** A file opened in the child: read-only for stdin, else created (mode 0644) and truncated or appended. */
    record File(Path path, boolean append) implements Redirect {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    static Redirect inherit() {
        return new Inherit();
    }

    static Redirect fd(int fd) {
        return new Fd(fd);
    }

    static Redirect file(Path path) {
        return new File(path, false);
    }

    static Redirect append(Path path) {
        return new File(path, true);
    }

    static Redirect discard() {
        return new File(Path.of("/dev/null"), true);
    }
}
