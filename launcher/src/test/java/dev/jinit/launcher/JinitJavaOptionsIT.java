package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options bin/jinit-java chooses for each JDK, read from the release file of a stand-in JDK whose bin/java
 * prints its arguments, one a line: no JVM starts, so every case runs here whatever JDKs this machine has. The dist is
 * the built one's bin/ beside an empty lib/ (or one with an archive's key), in a temporary directory.
 */
@Timeout(60)
class JinitJavaOptionsIT {
    /** JDK 17's options, exactly as before newer JDKs were told apart (the order included). */
    static final List<String> JDK17 = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:-UseDynamicNumberOfCompilerThreads", "-Xss512k", "-XX:-UsePerfData",
            "-XX:+UnlockDiagnosticVMOptions", "-XX:GuaranteedSafepointInterval=30000",
            "-XX:AsyncDeflationInterval=30000", "-XX:+DisplayVMOutputToStderr", "-Xlog:disable",
            "-Xlog:all=warning:stderr:uptime,level,tags", "--add-opens",
            "java.base/java.lang=ALL-UNNAMED");
    /** JDK 17.0.9 and 22 on: HotSpot trims the C heap every 30 s (JDK-8293114). */
    static final List<String> TRIM = List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=30000");
    /** JDK 17.0.9 on, and 22 and 23. */
    static final List<String> JDK17_TRIM = concat(JDK17, TRIM);
    /** JDK 24 on: what jffi does (JNI, sun.misc.Unsafe memory access), granted without a warning. */
    static final List<String> JDK24 = concat(concat(JDK17, List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow")), TRIM);
    /** JDK 25 on: the periodic clean-up moved from the VM thread to the service thread (JDK-8329488). */
    static final List<String> JDK25 = replace(JDK24, "-XX:GuaranteedSafepointInterval=30000",
            "-XX:ServiceThreadCleanupInterval=30000");

    /** When the environment chooses no locale: en_US, whose digits the JDK knows without its CLDR provider. */
    static final String C_LOCALE = "-Duser.country=US";

    @TempDir
    Path tmp;
    private Path dist;

    @BeforeEach
    void distWithoutJars() throws IOException {
        dist = Files.createDirectories(tmp.resolve("dist")).toRealPath();
        Files.createDirectories(dist.resolve("bin"));
        Files.createDirectories(dist.resolve("lib"));
        try (Stream<Path> bin = Files.list(DistProcess.dist().resolve("bin"))) {
            for (Path f : bin.toList()) {
                Files.copy(f, dist.resolve("bin").resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    @Test
    void jdk17GetsTheOptionsItAlwaysGot() throws Exception {
        assertEquals(expected(JDK17_TRIM, List.of()), run(Map.of("JAVA_HOME", jdk("jdk17", "\"17.0.15\"").toString())));
        assertEquals(expected(JDK17, List.of()), run(Map.of("JAVA_HOME", jdk("jdk1708", "\"17.0.8\"").toString())),
                "before 17.0.9 HotSpot has no TrimNativeHeapInterval and would refuse to start");
        assertEquals(expected(JDK17, List.of()), run(Map.of("JAVA_HOME", jdk("jdk170", "\"17\"").toString())));
    }

    @Test
    void eachNewerJdkGetsItsOwn() throws Exception {
        assertEquals(expected(JDK17, List.of()), run(Map.of("JAVA_HOME", jdk("jdk21", "\"21.0.2\"").toString())));
        assertEquals(expected(JDK17_TRIM, List.of()), run(Map.of("JAVA_HOME", jdk("jdk22", "\"22\"").toString())));
        assertEquals(expected(JDK17_TRIM, List.of()), run(Map.of("JAVA_HOME", jdk("jdk23", "\"23.0.1\"").toString())));
        assertEquals(expected(JDK24, List.of()), run(Map.of("JAVA_HOME", jdk("jdk24", "\"24\"").toString())));
        assertEquals(expected(JDK25, List.of()), run(Map.of("JAVA_HOME", jdk("jdk25", "\"25.0.3\"").toString())));
        assertEquals(expected(JDK25, List.of()), run(Map.of("JAVA_HOME", jdk("jdk26", "\"26-ea\"").toString())),
                "an early-access build's version");
    }

    @Test
    void onlyAnEnvironmentWithoutALocaleGetsEnUs() throws Exception {
        String jdk = jdk("jdk17", "\"17.0.15\"").toString();
        List<String> withCountry = expected(JDK17_TRIM, List.of());
        List<String> without = new ArrayList<>(withCountry);
        without.remove(C_LOCALE);
        for (Map<String, String> c : List.of(Map.of("LANG", "C.UTF-8"), Map.of("LANG", "POSIX", "LC_CTYPE", "C"),
                Map.of("LC_ALL", "C.utf8", "LANG", "de_DE.UTF-8"), Map.of("LC_ALL", "", "LANG", "C"))) {
            Map<String, String> env = new HashMap<>(c);
            env.put("JAVA_HOME", jdk);
            assertEquals(withCountry, run(env), "no locale chosen: " + c);
        }
        for (Map<String, String> c : List.of(Map.of("LANG", "de_DE.UTF-8"), Map.of("LC_CTYPE", "fr_FR.UTF-8"),
                Map.of("LC_MESSAGES", "en_GB.UTF-8", "LANG", "C.UTF-8"), Map.of("LC_ALL", "en_US.UTF-8", "LANG", "C"))) {
            Map<String, String> env = new HashMap<>(c);
            env.put("JAVA_HOME", jdk);
            assertEquals(without, run(env), "the user's locale is the JVM's: " + c);
        }
    }

    @Test
    void anUnknownVersionGetsJdk17sOptions() throws Exception {
        Path none = jdk("none", null);
        Files.delete(none.resolve("release"));
        assertEquals(expected(JDK17, List.of()), run(Map.of("JAVA_HOME", none.toString())), "no release file");
        Path other = jdk("other", null);
        Files.writeString(other.resolve("release"), "IMPLEMENTOR=\"x\"\n");
        assertEquals(expected(JDK17, List.of()), run(Map.of("JAVA_HOME", other.toString())), "no JAVA_VERSION");
        Path odd = jdk("odd", "\"x25\"");
        assertEquals(expected(JDK17, List.of()), run(Map.of("JAVA_HOME", odd.toString())), "no number");
    }

    @Test
    void aJavaOnPathIsFollowedToItsHomeThroughSymlinks() throws Exception {
        Path home = jdk("jdk25", "\"25.0.3\"");
        Path usrBin = Files.createDirectories(tmp.resolve("usr/bin"));
        Path alternatives = Files.createDirectories(tmp.resolve("etc/alternatives"));
        Files.createSymbolicLink(alternatives.resolve("java"), home.resolve("bin/java"));
        Files.createSymbolicLink(usrBin.resolve("java"), alternatives.resolve("java"));
        assertEquals(expected(JDK25, List.of()), run(Map.of("PATH", usrBin + ":/usr/bin:/bin")));
        // a java whose own home has the release file: found without following anything
        assertEquals(expected(JDK25, List.of()), run(Map.of("PATH", home.resolve("bin") + ":/usr/bin:/bin")));
    }

    @Test
    void anAotCacheMadeForThisDistAndJavaIsUsedOnJdk25() throws Exception {
        Path home = jdk("jdk25", "\"25.0.3\"");
        Path java = home.resolve("bin/java");
        archive("aot", dist, java.toString(), java.toString());
        assertEquals(expected(JDK25, List.of("-XX:AOTCache=" + dist + "/lib/jinit.aot", "-Xlog:aot*=off,cds*=off:stderr")),
                run(Map.of("JAVA_HOME", home.toString())));
    }

    @Test
    void anAotCacheIsNotUsedWhenItsJavaIsNowAnOlderJdk() throws Exception {
        // A multi-stage image: the dist dumped by JDK 25, copied onto a JRE 17 at the same path.
        Path home = jdk("jdk", "\"17.0.15\"");
        Path java = home.resolve("bin/java");
        archive("aot", dist, java.toString(), java.toString());
        assertEquals(expected(JDK17_TRIM, List.of()), run(Map.of("JAVA_HOME", home.toString())));
    }

    @Test
    void aJdk17ArchiveIsUsedAsBefore() throws Exception {
        Path home = jdk("jdk17", "\"17.0.15\"");
        Path java = home.resolve("bin/java");
        archive("jsa", dist, java.toString()); // a key of two lines, as written before
        assertEquals(expected(JDK17_TRIM, List.of("-XX:SharedArchiveFile=" + dist + "/lib/jinit.jsa", "-Xlog:cds*=off:stderr")),
                run(Map.of("JAVA_HOME", home.toString())));
    }

    @Test
    void anArchiveForAnotherDirectoryOrJavaIsNotUsed() throws Exception {
        Path home = jdk("jdk25", "\"25.0.3\"");
        Path java = home.resolve("bin/java");
        archive("aot", tmp.resolve("elsewhere"), java.toString(), java.toString());
        assertEquals(expected(JDK25, List.of()), run(Map.of("JAVA_HOME", home.toString())), "another directory");
        archive("aot", dist, "/usr/bin/java", java.toString());
        assertEquals(expected(JDK25, List.of()), run(Map.of("JAVA_HOME", home.toString())), "another java");
    }

    @Test
    void jinitJavaOptsChoosingAnArchiveTurnOursOff() throws Exception {
        Path home = jdk("jdk25", "\"25.0.3\"");
        Path java = home.resolve("bin/java");
        archive("aot", dist, java.toString(), java.toString());
        List<String> got = run(Map.of("JAVA_HOME", home.toString(), "JINIT_JAVA_OPTS", "-XX:AOTCache=/x.aot"));
        assertEquals(expected(JDK25, List.of("-XX:AOTCache=/x.aot")), got);
    }

    /**
     * With a key made for this java on PATH, its line 3 (java with symlinks resolved) leads to the release file with no
     * fork: here no readlink (and no env) is on PATH, and bin/sv, which blocks no signals, asks env for nothing.
     */
    @Test
    void aMatchingKeyFindsTheReleaseOfASymlinkedJavaWithoutAFork() throws Exception {
        Path home = jdk("jdk25", "\"25.0.3\"");
        Path usrBin = Files.createDirectories(tmp.resolve("usr/bin"));
        Files.createSymbolicLink(usrBin.resolve("java"), home.resolve("bin/java"));
        archive("aot", dist, usrBin.resolve("java").toString(), home.resolve("bin/java").toString());
        assertEquals(expected(JDK25, List.of("-XX:AOTCache=" + dist + "/lib/jinit.aot", "-Xlog:aot*=off,cds*=off:stderr"),
                "dev.jinit.launcher.SvMain"), run("sv", Map.of("PATH", usrBin.toString())));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** A stand-in JDK: bin/java prints its arguments; release has {@code JAVA_VERSION=VALUE} if VALUE is not null. */
    private Path jdk(String name, String javaVersion) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("jvm").resolve(name));
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\n"
                + (javaVersion == null ? "" : "JAVA_VERSION=" + javaVersion + "\n") + "LIBC=\"gnu\"\n");
        return home.toRealPath();
    }

    /** lib/jinit.KIND (a stand-in: the JVM never reads it here) and its key of the given lines. */
    private void archive(String kind, Path forDist, String... keyLines) throws IOException {
        Files.writeString(dist.resolve("lib/jinit." + kind), "not an archive");
        List<String> lines = new ArrayList<>(List.of(forDist.toString()));
        lines.addAll(List.of(keyLines));
        Files.write(dist.resolve("lib/jinit." + kind + ".key"), lines);
    }

    private List<String> expected(List<String> jvmOptions, List<String> after) {
        return expected(jvmOptions, after, "dev.jinit.launcher.MyInit");
    }

    /**
     * What the wrapper passes java: JVM options, jffi's stub, AFTER (archive, JINIT_JAVA_OPTS), class path, main; the
     * environment chooses no locale (see {@link #run(String, Map)}), so the JVM options end with the C locale's.
     */
    private List<String> expected(List<String> jvmOptions, List<String> after, String main) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.add(C_LOCALE);
        all.add("-Djffi.boot.library.path=" + dist + "/lib/jni");
        all.addAll(after);
        all.addAll(List.of("-cp", dist + "/lib/*", main, "--version"));
        return all;
    }

    private List<String> run(Map<String, String> env) throws Exception {
        return run("my_init", env);
    }

    /** DIST/bin/PROGRAM --version with only PATH (unless given) and ENV: the stand-in java's arguments. */
    private List<String> run(String program, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin").resolve(program).toString(), "--version");
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError(program + " did not end within 20 s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), program + " with " + env + ": " + stderr);
            assertEquals("", stderr, "the wrapper says nothing");
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    private static List<String> replace(List<String> list, String old, String now) {
        List<String> copy = new ArrayList<>(list);
        copy.set(copy.indexOf(old), now);
        return List.copyOf(copy);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
