package dev.jinit.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A JDK newer than the one the build runs on, for the tests of the wrappers on it: {@code $JINIT_NEWER_JDK} if set,
 * else the highest feature version among {@code /usr/lib/jvm/*} (read from each home's {@code release} file, as the
 * wrappers read it).
 */
record NewerJdk(Path home, int feature) {
    static final Path JVMS = Path.of("/usr/lib/jvm");

    /** The newest JDK with a feature version of at least {@code min}, if this machine has one. */
    static Optional<NewerJdk> atLeast(int min) {
        String given = System.getenv("JINIT_NEWER_JDK");
        Stream<Path> homes;
        if (given != null && !given.isEmpty()) {
            homes = Stream.of(Path.of(given));
        } else {
            List<Path> dirs;
            try (Stream<Path> list = Files.list(JVMS)) {
                dirs = list.toList();
            } catch (IOException e) {
                return Optional.empty(); // no /usr/lib/jvm: none
            }
            homes = dirs.stream();
        }
        return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")))
                .flatMap(h -> feature(h.resolve("release")).stream().mapToObj(f -> new NewerJdk(h, f)))
                .filter(j -> j.feature >= min)
                .max(Comparator.comparingInt(NewerJdk::feature));
    }

    /** The reason a test skips when there is none. */
    static String none(int min) {
        return "no JDK " + min + " or later: none in " + JVMS + " (a release file with JAVA_VERSION) and no "
                + "$JINIT_NEWER_JDK";
    }

    Path java() {
        return home.resolve("bin/java");
    }

    /** The feature version from a release file's {@code JAVA_VERSION="25.0.3"} line. */
    static OptionalInt feature(Path release) {
        List<String> lines;
        try {
            lines = Files.readAllLines(release);
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        for (String line : lines) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                int end = 0;
                while (end < v.length() && Character.isDigit(v.charAt(end))) {
                    end++;
                }
                return end == 0 ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v.substring(0, end)));
            }
        }
        return OptionalInt.empty();
    }
}
