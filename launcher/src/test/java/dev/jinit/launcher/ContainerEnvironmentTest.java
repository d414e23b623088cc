package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container environment's files, names and quoting, as my_init writes them. */
class ContainerEnvironmentTest {
    @TempDir
    Path tmp;

    private ContainerEnvironment env() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("etc/container_environment"));
        return new ContainerEnvironment(dir, tmp.resolve("etc/container_environment.sh"),
                tmp.resolve("etc/container_environment.json"));
    }

    @Test
    void namesAreSanitisedToLettersDigitsAndUnderscore() {
        assertEquals("MY_VAR_1", ContainerEnvironment.sanitizeName("MY-VAR.1"));
        assertEquals("a_b_c", ContainerEnvironment.sanitizeName("a b\u00e9c"));
        assertEquals("PATH", ContainerEnvironment.sanitizeName("PATH"));
    }

    @Test
    void valuesAreQuotedOnlyWhenTheyNeedIt() {
        assertEquals("''", ContainerEnvironment.shellQuote(""));
        assertEquals("/usr/bin:/bin", ContainerEnvironment.shellQuote("/usr/bin:/bin"));
        assertEquals("a@b%c+d=e,f.g-h", ContainerEnvironment.shellQuote("a@b%c+d=e,f.g-h"));
        assertEquals("'a b'", ContainerEnvironment.shellQuote("a b"));
        assertEquals("'it'\"'\"'s'", ContainerEnvironment.shellQuote("it's"));
        assertEquals("'$HOME'", ContainerEnvironment.shellQuote("$HOME"));
        assertEquals("'a\nb'", ContainerEnvironment.shellQuote("a\nb"));
    }

    @Test
    void theShellFileExportsEachVariableInNameOrder() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("A-B", "x y");
        m.put("C", "");
        assertEquals("export A_B='x y'\nexport C=''\n", ContainerEnvironment.shellScript(m));
    }

    @Test
    void jsonEscapesQuotesBackslashesAndControls() {
        Map<String, String> m = new TreeMap<>(Map.of("A", "say \"hi\"\\", "B", "l1\nl2\u0001"));
        assertEquals("{\"A\": \"say \\\"hi\\\"\\\\\", \"B\": \"l1\\nl2\\u0001\"}", ContainerEnvironment.json(m));
    }

    @Test
    void importKeepsTheLaunchersValuesAddsTheDirectorysAndExportsAllButTheUserOnes() throws IOException {
        ContainerEnvironment e = env();
        Files.writeString(e.directory().resolve("FROM_FILE"), "file value\n");
        Files.writeString(e.directory().resolve("BOTH"), "from file");
        Map<String, String> result = e.importAndExport(Map.of("BOTH", "from launcher", "HOME", "/root", "PATH", "/bin"));
        assertEquals(Map.of("FROM_FILE", "file value", "BOTH", "from launcher", "HOME", "/root", "PATH", "/bin"), result);
        assertEquals("from launcher", Files.readString(e.directory().resolve("BOTH")));
        assertEquals("/bin", Files.readString(e.directory().resolve("PATH")), "written without a newline");
        assertFalse(Files.exists(e.directory().resolve("HOME")), "HOME is never exported");
        assertEquals("export BOTH='from launcher'\nexport FROM_FILE='file value'\nexport PATH=/bin\n",
                Files.readString(e.shell()));
        assertEquals("{\"BOTH\": \"from launcher\", \"FROM_FILE\": \"file value\", \"PATH\": \"/bin\"}",
                Files.readString(e.json()));
    }

    @Test
    void onlyOneTrailingNewlineIsStripped() throws IOException {
        ContainerEnvironment e = env();
        Files.writeString(e.directory().resolve("TWO"), "v\n\n");
        Files.writeString(e.directory().resolve("CRLF"), "v\r\n");
        assertEquals(Map.of("TWO", "v\n", "CRLF", "v\r"), e.read());
    }

    @Test
    void reimportTakesTheDirectoryAsAScriptLeftItButKeepsTheUserVariables() throws IOException {
        ContainerEnvironment e = env();
        Map<String, String> first = e.importAndExport(Map.of("KEEP", "1", "GONE", "2", "HOME", "/root", "SHELL", "/bin/sh"));
        Files.delete(e.directory().resolve("GONE"));
        Files.writeString(e.directory().resolve("NEW"), "3\n");
        Map<String, String> again = e.reimport(first);
        assertEquals(Map.of("KEEP", "1", "NEW", "3", "HOME", "/root", "SHELL", "/bin/sh"), again);
        assertEquals("export KEEP=1\nexport NEW=3\n", Files.readString(e.shell()));
    }

    @Test
    void withoutTheDirectoryNothingIsReadOrWritten() throws IOException {
        ContainerEnvironment e = new ContainerEnvironment(tmp.resolve("none"), tmp.resolve("none.sh"), tmp.resolve("none.json"));
        assertFalse(e.enabled());
        assertEquals(Map.of("A", "1"), e.importAndExport(Map.of("A", "1")));
        assertEquals(Map.of("A", "1"), e.reimport(Map.of("A", "1")));
        assertFalse(Files.exists(tmp.resolve("none.sh")));
    }

    @Test
    void newFilesAreForTheOwnerOnlyAndExistingOnesKeepTheirMode() throws IOException {
        ContainerEnvironment e = env();
        Files.writeString(e.json(), "");
        Files.setPosixFilePermissions(e.json(), PosixFilePermissions.fromString("rw-r-----"));
        e.importAndExport(Map.of("A", "1"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(e.shell())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(e.directory().resolve("A"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(e.json())));
    }

    /** The law that matters: a POSIX shell reading the quoted word gets the value back, byte for byte. */
    @Property(tries = 150)
    void theShellReadsBackEveryValue(@ForAll @StringLength(max = 24) @CharRange(from = ' ', to = '~') String ascii,
                                     @ForAll @StringLength(max = 4) @CharRange(from = '\u0001', to = '\u001f') String controls)
            throws Exception {
        String value = ascii + controls + ascii;
        Process p = new ProcessBuilder("sh", "-c", "printf %s " + ContainerEnvironment.shellQuote(value)).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "sh ended");
        assertEquals(value, new String(out, StandardCharsets.UTF_8));
    }
}
