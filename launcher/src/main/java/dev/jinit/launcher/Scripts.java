package dev.jinit.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Which scripts a directory holds, as my_init picks them: regular executable files, in name order. */
final class Scripts {
    private Scripts() {
    }

    /**
     * The regular executable files of {@code dir} (symbolic links followed), sorted by name in UTF-16 code unit order
     * (byte order for ASCII names, as Python's {@code sorted(os.listdir())}); empty when {@code dir} does not exist.
     * A file that is not executable is skipped, as my_init skips it (that is how a script is turned off).
     */
    static List<Path> executables(Path dir) throws IOException {
        List<Path> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = new ArrayList<>(s.toList());
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        names.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        List<Path> out = new ArrayList<>();
        for (Path p : names) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** {@link #executables(Path)} of {@code dir}, then {@code single} when it is a regular executable file. */
    static List<Path> executables(Path dir, Path single) throws IOException {
        List<Path> out = new ArrayList<>(executables(dir));
        if (Files.isRegularFile(single) && Files.isExecutable(single)) {
            out.add(single);
        }
        return out;
    }
}
