package dev.jinit.syslog.internal;

import dev.jinit.syslog.FileRoute;
import dev.jinit.syslog.LineFormat;
import dev.jinit.syslog.RotationPolicy;
import dev.jinit.syslog.RotationStep;
import dev.jinit.syslog.SyslogMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * A log file: lines appended, rotated by size before the write that would take it past the limit (lines are never
 * split across files), opened again after a failure. New files get mode 0640, as Debian's rsyslog creates them.
 * Writing thread only. This is an internal class.
 */
public final class FileSink implements Sink {
    private static final FileAttribute<?> MODE_0640 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"));

    private final FileRoute route;
    private final RotationPolicy rotation;
    private final LineFormat format;
    private final LineBuffer pending = new LineBuffer();
    private FileChannel channel;
    private long size;

    public FileSink(FileRoute route, RotationPolicy rotation, LineFormat format) {
        this.route = route;
        this.rotation = rotation;
        this.format = format;
    }

    /** Opens (creating the file and its directory if needed), so that a bad path fails at start. */
    public void open() throws IOException {
        ensureOpen();
    }

    @Override
    public String name() {
        return route.file().toString();
    }

    @Override
    public boolean wants(SyslogMessage message) {
        return route.selector().test(message);
    }

    @Override
    public void append(SyslogMessage message) throws IOException {
        ensureOpen();
        int before = pending.length();
        int line = pending.append(format, message);
        if (rotation.shouldRotate(size + before, line)) {
            writePending(before); // what came before goes to the old file, this line starts the new one
            rotate();
        }
    }

    @Override
    public void flush() throws IOException {
        if (pending.length() > 0) {
            ensureOpen();
            writePending(pending.length());
        }
    }

    /** Writes what is pending to the file open now, then opens the path again: a new file if it was moved. */
    @Override
    public void reopen() throws IOException {
        try {
            flush();
        } finally {
            closeChannel();
        }
        ensureOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            closeChannel();
        }
    }

    private void ensureOpen() throws IOException {
        if (channel != null) {
            return;
        }
        Path parent = route.file().toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (FileAlreadyExistsException e) {
                // a race, or a symbolic link to a directory: the open below tells
            }
        }
        channel = FileChannel.open(route.file(),
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), MODE_0640);
        size = channel.size();
    }

    /** Writes the first {@code n} pending bytes (one write call for a whole batch, as a rule) and drops them. */
    private void writePending(int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(pending.array(), 0, n);
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
            size += n;
            if (n == pending.length()) {
                pending.clear();
            } else {
                pending.dropFirst(n);
            }
        } catch (IOException e) {
            pending.clear(); // a failed write loses this batch for this file rather than growing without bound
            closeChannel(); // opened again at the next write, which may succeed (disk space freed, say)
            throw e;
        }
    }

    private void rotate() throws IOException {
        closeChannel();
        for (RotationStep step : rotation.steps(route.file())) {
            if (step instanceof RotationStep.Rename r) {
                try {
                    Files.move(r.from(), r.to(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException e) {
                    // a missing source is skipped (RotationPolicy)
                }
            } else if (step instanceof RotationStep.Delete d) {
                Files.deleteIfExists(d.file());
            }
        }
        ensureOpen();
    }

    private void closeChannel() throws IOException {
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            c.close();
        }
    }
}
