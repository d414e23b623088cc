package dev.jinit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Init.Builder#root(Path)} checks its directory before anything starts (no natives needed). */
class InitRootTest {
    @TempDir
    Path dir;

    @Test
    void aRootThatIsMissingOrAFileIsRefusedSayingWhich() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Init.builder().root(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains(dir.resolve("nope") + " does not exist"), missing.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "");
        IllegalArgumentException notDir = assertThrows(IllegalArgumentException.class,
                () -> Init.builder().root(file));
        assertTrue(notDir.getMessage().contains(file + " is not a directory"), notDir.getMessage());
    }
}
