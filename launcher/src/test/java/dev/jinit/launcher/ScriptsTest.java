package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which scripts run, and in which order, as my_init picks them. */
class ScriptsTest {
    @TempDir
    Path tmp;

    private Path file(Path dir, String name, String mode) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void executablesInNameOrderByCodeUnitNotLocale() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("my_init.d"));
        Path b = file(d, "10_b", "rwxr-xr-x");
        Path a = file(d, "01_a", "rwx------");
        Path upper = file(d, "Z_upper", "rwxr-xr-x"); // 'Z' (0x5a) sorts before '_' and lower-case
        Path under = file(d, "_under", "rwxr-xr-x");
        Path lower = file(d, "a_lower", "rwxr-xr-x");
        file(d, "05_off", "rw-r--r--"); // not executable: skipped, as my_init does
        Files.createDirectories(d.resolve("06_dir"));
        assertEquals(List.of(a, b, upper, under, lower), Scripts.executables(d));
    }

    @Test
    void rcLocalComesLastAndOnlyWhenExecutable() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("my_init.d"));
        Path s = file(d, "99_last", "rwxr-xr-x");
        Path rc = file(tmp, "rc.local", "rwxr-xr-x");
        assertEquals(List.of(s, rc), Scripts.executables(d, rc));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(List.of(s), Scripts.executables(d, rc));
    }

    @Test
    void aMissingDirectoryHasNoScripts() throws IOException {
        assertEquals(List.of(), Scripts.executables(tmp.resolve("none")));
        assertEquals(List.of(), Scripts.executables(file(tmp, "plain", "rwxr-xr-x")));
        assertEquals(List.of(), Scripts.executables(tmp.resolve("none"), tmp.resolve("none.local")));
    }
}
