package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {
    @TempDir
    Path dir;

    private Path file(String name, String perms) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name).getParent()).resolve(dir.resolve(name).getFileName());
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    @Test
    void searchesTheChildsPathInOrderSkippingNonExecutables() throws Exception {
        file("a/tool", "rw-r--r--");
        Path b = file("b/tool", "rwxr-xr-x");
        file("c/tool", "rwxr-xr-x");
        String path = dir.resolve("a") + ":" + dir.resolve("b") + ":" + dir.resolve("c");
        assertEquals(b, CommandResolver.resolve("tool", path, dir));
    }

    @Test
    void notFoundIs127AndNotExecutableIs126() throws Exception {
        file("a/tool", "rw-r--r--");
        assertEquals(127, assertThrows(SpawnException.class,
                () -> CommandResolver.resolve("nope", dir.resolve("a").toString(), dir)).shellCode());
        assertEquals(126, assertThrows(SpawnException.class,
                () -> CommandResolver.resolve("tool", dir.resolve("a").toString(), dir)).shellCode());
        assertEquals(126, assertThrows(SpawnException.class,
                () -> CommandResolver.resolve(dir.resolve("a/tool").toString(), null, dir)).shellCode());
        assertEquals(126, assertThrows(SpawnException.class,
                () -> CommandResolver.resolve(dir.resolve("a").toString(), null, dir)).shellCode());
        assertEquals(127, assertThrows(SpawnException.class,
                () -> CommandResolver.resolve("./missing", null, dir)).shellCode());
    }

    @Test
    void anEmptyPathEntryMeansTheWorkingDirectory() throws Exception {
        Path t = file("tool", "rwxr-xr-x");
        assertEquals(t, CommandResolver.resolve("tool", ":/nonexistent", dir));
    }
}
