package dev.jinit.setuser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashSet;
import java.util.Set;

/** Whether the mode bits let anyone run a file: the test that picks setpriv's fast path. */
final class Permissions {
    private Permissions() {
    }

    /**
     * True when {@code exe} (absolute) is a regular file with the execute bit for others, and every directory on its
     * path — as given and with symlinks resolved — has the search bit for others. Then the kernel would let any
     * user run it, and a check made with root's rights gives the same answer. Any doubt (an I/O error) is false.
     */
    static boolean everyoneMayExecute(Path exe) {
        try {
            Path real = exe.toRealPath();
            if (!Files.isRegularFile(real)
                    || !Files.getPosixFilePermissions(real).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
            Set<Path> dirs = new LinkedHashSet<>();
            addAncestors(exe.toAbsolutePath(), dirs);
            addAncestors(real, dirs);
            for (Path dir : dirs) {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static void addAncestors(Path p, Set<Path> out) {
        for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
            out.add(dir);
        }
    }
}
