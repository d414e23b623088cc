package dev.jinit.syslog;

import java.nio.file.Path;
import java.util.Objects;

/** One file operation of a rotation planned by {@link RotationPolicy}. Immutable. */
public sealed interface RotationStep permits RotationStep.Rename, RotationStep.Delete {

    /**
     * Rename {@code from} to {@code to}, replacing {@code to} (POSIX rename); skipped if {@code from} is missing.
     *
     * @param from never null
     * @param to   never null
     */
    record Rename(Path from, Path to) implements RotationStep {
        public Rename {
            Objects.requireNonNull(from, "rename.from");
            Objects.requireNonNull(to, "rename.to");
        }
    }

    /**
     * Delete {@code file}; nothing to do if it is missing.
     *
     * @param file never null
     */
    record Delete(Path file) implements RotationStep {
        public Delete {
            Objects.requireNonNull(file, "delete.file");
        }
    }
}
