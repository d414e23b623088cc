package dev.jinit.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jffi's stub loaded by {@link JffiStub} in a JVM that does not name its directory (an application's): real JVMs
 * ({@link JffiStubProbe}), no root needed.
 */
class JffiStubTest {
    @TempDir
    Path dir;

    @Test
    void theStubIsLoadedFromACopyThatIsGoneOnceLoadedWithoutTheSecurityProviders() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path classes = dir.resolve("classes.log");
        List<String> out = probe(dir, "-Djava.io.tmpdir=" + tmp, "-Xlog:class+load:file=" + classes);
        String[] pids = out.get(0).split(" ");
        assertEquals(pids[1], pids[0], "getpid through jffi: " + out);
        assertEquals("0", out.get(1), "the copy of the stub and its directory are deleted once loaded: " + out);
        String log = Files.readString(classes);
        assertTrue(log.contains("dev.jinit.core.internal.JffiStub "), "JffiStub ran");
        assertFalse(log.contains("java.security.SecureRandom "), "no SecureRandom (jffi's File.createTempFile)");
        assertFalse(log.contains("java.io.DeleteOnExitHook "), "no file left for the JVM's exit to delete");
    }

    @Test
    void withoutAWritableTemporaryDirectoryJffiFindsItsStubItself() throws Exception {
        // jffi then extracts it into the working directory (its last resort): the probe's is a directory of the test's
        List<String> out = probe(dir, "-Djava.io.tmpdir=" + dir.resolve("absent"));
        String[] pids = out.get(0).split(" ");
        assertEquals(pids[1], pids[0], "getpid through jffi: " + out);
    }

    @Test
    void aJvmThatNamesTheStubsDirectoryIsLeftToJffi() throws Exception {
        Path classes = dir.resolve("classes.log");
        List<String> out = probe(dir, "-Djffi.boot.library.path=" + dir.resolve("none"),
                "-Djava.io.tmpdir=" + dir, "-Xlog:class+load:file=" + classes);
        String[] pids = out.get(0).split(" ");
        assertEquals(pids[1], pids[0], "getpid through jffi: " + out);
        // jffi found nothing there and extracted its stub with File.createTempFile, as without JffiStub
        assertTrue(Files.readString(classes).contains("java.security.SecureRandom "), "jffi's own extraction ran");
    }

    @Test
    void cpuNamesAreJffis() {
        assertEquals("x86_64", JffiStub.platformArch("amd64"));
        assertEquals("x86_64", JffiStub.platformArch("x86_64"));
        assertEquals("aarch64", JffiStub.platformArch("aarch64"));
        assertNull(JffiStub.platformArch("sparc"));
    }

    private static List<String> probe(Path cwd, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JffiStubProbe.class.getName()));
        Path output = Files.createTempFile(cwd, "probe", ".out");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(ended, "probe ended within 60 s: " + text);
        assertEquals(0, p.exitValue(), "probe's exit status, output: " + text);
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size(), "probe's output: " + text);
        return lines;
    }
}
