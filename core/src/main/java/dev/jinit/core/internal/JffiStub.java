package dev.jinit.core.internal;

import com.kenai.jffi.Type;
import com.kenai.jffi.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads jffi's JNI stub ({@code libjffi-1.2.so}) once, before jinit's first use of jffi, when nothing names a directory
 * that holds it ({@code -Djffi.boot.library.path}, which the dist's wrappers set): in an application's JVM.
 *
 * <p>Why not leave it to jffi: jffi then copies the stub out of its native jar into a file from
 * {@code File.createTempFile}, whose random name starts the JDK's security providers ({@code SecureRandom}, the Sun
 * provider, SHA, ~110 classes loaded from the JDK's modules into the application's JVM, ~1 MB RSS), and leaves the file
 * until the JVM exits (never, after a KILL). Here the stub is copied into a new directory of our own (mode 0700,
 * named by pid and clock: {@code createDirectory} fails rather than reuse an existing one), jffi is pointed at it for
 * the one load, and the file and directory are deleted once it is loaded (the mapping stays valid). Whatever fails
 * here (no stub for this CPU in the jar, no writable temporary directory) leaves jffi to its own search, as before.
 */
final class JffiStub {
    private static final String BOOT_PATH = "jffi.boot.library.path";
    /**
     * jffi's name for it: lib + "jffi-MAJOR.MINOR" + .so (StubLoader), under jni/ARCH-Linux/ in the native jar. The
     * version is the jffi compiled against (constants, inlined): another jffi's stub has another name, is not found
     * here, and jffi then searches for its own.
     */
    private static final String LIBRARY = "libjffi-" + Version.MAJOR + "." + Version.MINOR + ".so";
    private static final int ATTEMPTS = 5;

    static {
        if (System.getProperty(BOOT_PATH) == null) {
            loadFromOwnDirectory();
        }
    }

    private JffiStub() {
    }

    /** Loads the stub if not yet loaded (the work is this class's initialisation: once per JVM, thread-safe). */
    static void ensureLoaded() {
        // nothing: calling this initialises the class
    }

    private static void loadFromOwnDirectory() {
        String arch = platformArch(System.getProperty("os.arch", ""));
        ClassLoader loader = Type.class.getClassLoader();
        if (arch == null || loader == null || !System.getProperty("os.name", "").startsWith("Linux")) {
            return;
        }
        String resource = "jni/" + arch + "-Linux/" + LIBRARY;
        Path dir = null;
        Path file = null;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                log().debug("no {} on the class path: jffi finds its stub itself", resource);
                return;
            }
            dir = newPrivateDirectory();
            file = dir.resolve(LIBRARY);
            Files.copy(in, file);
            System.setProperty(BOOT_PATH, dir.toString());
            try {
                Type.SINT.size(); // the first call into jffi's natives: jffi loads its stub from BOOT_PATH
            } finally {
                System.clearProperty(BOOT_PATH);
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // jffi remembers a failed load: the error comes again, where it came before, at the first native call
            log().debug("could not load jffi's stub from a copy of {} ({})", resource, e.toString());
        } finally {
            deleteQuietly(file);
            deleteQuietly(dir);
        }
    }

    /** The logger, only when there is something to say: no logging set up from inside this class's initialisation. */
    private static Logger log() {
        return LoggerFactory.getLogger(JffiStub.class);
    }

    /** jffi's CPU name for {@code os.arch}, for the CPUs whose stub the native jar holds for Linux; null otherwise. */
    static String platformArch(String osArch) {
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "aarch64":
            case "arm64":
                return "aarch64";
            case "ppc64le":
            case "s390x":
            case "loongarch64":
                return osArch;
            default:
                return null;
        }
    }

    private static Path newPrivateDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        String prefix = "jinit-jffi-" + ProcessHandle.current().pid() + "-";
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return Files.createDirectory(tmp.resolve(prefix + Long.toHexString(System.nanoTime())),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                last = e; // someone else's: another name
            }
        }
        throw last;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log().debug("could not delete {}: {}", p, e.toString());
        }
    }
}
