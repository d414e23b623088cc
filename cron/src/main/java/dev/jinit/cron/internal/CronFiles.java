package dev.jinit.cron.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the daemon reads of the file system: {@code stat}, a directory listing, a file's text. The real one uses the
 * JDK's {@code unix:} attributes; tests of the daemon's decisions use an in-memory one. This is an internal class.
 */
public interface CronFiles {

    /**
     * What {@code stat} says of a file (symlinks followed).
     *
     * @param uid   owner
     * @param mode  {@code st_mode}: type and permission bits
     * @param mtime modification time, in nanoseconds since the epoch
     * @param size  bytes
     */
    record Stat(int uid, int mode, long mtime, long size) {
        /*
         * Written out, not the record's generated ones: those bootstrap java.lang.runtime.ObjectMethods at their first
         * call (here the first minute's pass, comparing each crontab's stat with the last), which spins ~60 method
         * handle classes: ~1 MB RSS in an application's JVM that uses no other record's equals.
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Stat s && uid == s.uid && mode == s.mode && mtime == s.mtime && size == s.size;
        }

        @Override
        public int hashCode() {
            return ((31 * uid + mode) * 31 + Long.hashCode(mtime)) * 31 + Long.hashCode(size);
        }
    }

    /** The file's stat, or empty when nothing is there. */
    Optional<Stat> stat(Path file) throws IOException;

    /** The names in {@code dir}, sorted; empty when it does not exist. */
    List<String> list(Path dir) throws IOException;

    /** The text of {@code file} (UTF-8, malformed bytes replaced). */
    String read(Path file) throws IOException;

    /** The real file system. */
    static CronFiles system() {
        return new CronFiles() {
            @Override
            public Optional<Stat> stat(Path file) throws IOException {
                try {
                    Map<String, Object> a = Files.readAttributes(file, "unix:uid,mode,lastModifiedTime,size");
                    FileTime t = (FileTime) a.get("lastModifiedTime");
                    long nanos = t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
                    return Optional.of(new Stat((Integer) a.get("uid"), (Integer) a.get("mode"), nanos,
                            (Long) a.get("size")));
                } catch (NoSuchFileException e) {
                    return Optional.empty();
                }
            }

            @Override
            public List<String> list(Path dir) throws IOException {
                if (!Files.isDirectory(dir, new LinkOption[0])) {
                    return List.of();
                }
                List<String> names = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path p : ds) {
                        names.add(p.getFileName().toString());
                    }
                } catch (NoSuchFileException | NotDirectoryException e) {
                    return List.of();
                }
                names.sort(null);
                return names;
            }

            @Override
            public String read(Path file) throws IOException {
                return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            }
        };
    }
}
