package dev.jinit.syslog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a log file is rotated and how: by size, keeping a number of old files, as a pure decision. The file output
 * asks {@link #shouldRotate} before each write and carries out {@link #steps} in order; nothing here touches a file.
 *
 * <p>Old files are numbered as logrotate numbers them without compression: {@code syslog.1} is the newest,
 * {@code syslog.<keep>} the oldest. Rotating deletes {@code syslog.<keep>}, then renames {@code syslog.<keep-1>} to
 * {@code syslog.<keep>}, …, {@code syslog} to {@code syslog.1}; then the output opens a new {@code syslog}. With
 * {@code keep} 0 the file is just deleted. A step whose source does not exist is skipped (the chain is not full yet,
 * or someone removed a file); thanks to the first delete, afterwards every {@code syslog.<i>} is exactly what
 * {@code syslog.<i-1>} was before, or absent if that was. Files numbered beyond {@code keep} (from a larger keep
 * before) are left alone. Immutable.
 *
 * @param maxBytes the size a file may reach: a write that would take it past this rotates it first; at least 1
 * @param keep     how many old files to keep, 0–{@value #MAX_KEEP}
 */
public record RotationPolicy(long maxBytes, int keep) {

    /** The most old files kept. */
    public static final int MAX_KEEP = 1000;
    /** Default size: 10 MiB. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    /** Default old files kept: 4, baseimage-docker's logrotate {@code rotate 4}. */
    public static final int DEFAULT_KEEP = 4;

    public RotationPolicy {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("rotation.maxBytes must be at least 1, but was " + maxBytes);
        }
        if (keep < 0 || keep > MAX_KEEP) {
            throw new IllegalArgumentException("rotation.keep must be between 0 and " + MAX_KEEP + ", but was "
                    + keep);
        }
    }

    /** 10 MiB, 4 old files. */
    public static RotationPolicy ofDefaults() {
        return new RotationPolicy(DEFAULT_MAX_BYTES, DEFAULT_KEEP);
    }

    /** Never rotate: the file grows without limit. */
    public static RotationPolicy never() {
        return new RotationPolicy(Long.MAX_VALUE, 0);
    }

    /**
     * Whether to rotate before writing {@code nextWriteBytes} to a file of {@code currentSize} bytes: when the write
     * would take it past {@link #maxBytes()}. An empty file is never rotated, so a single write larger than the limit
     * still goes whole into a fresh file, and lines are never split across files.
     */
    public boolean shouldRotate(long currentSize, long nextWriteBytes) {
        if (currentSize <= 0) {
            return false;
        }
        // size + write > max, written so that it cannot overflow.
        return currentSize > maxBytes || nextWriteBytes > maxBytes - currentSize;
    }

    /** The steps that rotate {@code file}, in the order to carry them out. */
    public List<RotationStep> steps(Path file) {
        Objects.requireNonNull(file, "file");
        if (keep == 0) {
            return List.of(new RotationStep.Delete(file));
        }
        List<RotationStep> steps = new ArrayList<>(keep + 1);
        steps.add(new RotationStep.Delete(numbered(file, keep)));
        for (int i = keep - 1; i >= 1; i--) {
            steps.add(new RotationStep.Rename(numbered(file, i), numbered(file, i + 1)));
        }
        steps.add(new RotationStep.Rename(file, numbered(file, 1)));
        return List.copyOf(steps);
    }

    /** {@code file.n}, next to {@code file}. */
    public static Path numbered(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }
}
