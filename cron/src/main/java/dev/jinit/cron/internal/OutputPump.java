package dev.jinit.cron.internal;

import dev.jinit.core.Descriptors;
import dev.jinit.core.NativeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the output pipes of all running jobs on one thread, {@code jinit-cron-output}, with {@code poll(2)}, and hands
 * each line to a {@link LineSink} as soon as it is complete: no thread per job, and lines of one job in the order the
 * job wrote them (its stdout and stderr share one pipe, so their interleaving is kept too).
 *
 * <p>A line longer than the limit is handed over in parts of at most that many bytes, cut between UTF-8 characters.
 * A last line without a newline is handed over at end of file. A pipe is done at end of file, when every writer
 * (the job and anything it left running in the background) has closed it, as Vixie's cron waits for it before
 * mailing.
 *
 * <p>Other threads {@link #add} pipes; a self-pipe wakes the poll. The sink runs on the pump's thread and must not
 * block for long (a slow sink makes jobs wait on a full pipe, it loses nothing). Thread-safe.
 */
public final class OutputPump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int READ_SIZE = 65536;

    /** Where lines go; called on the pump's thread. */
    @FunctionalInterface
    public interface LineSink {
        void line(String tag, long pid, String line);
    }

    private final Descriptors descriptors;
    private final int maxLineBytes;
    private final LineSink sink;
    private final int wakeRead;
    private final int wakeWrite;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Map<Integer, Stream> streams = new LinkedHashMap<>();
    private final Thread thread;
    private boolean closing;
    private boolean abandon;
    private boolean wakeClosed;

    /**
     * Starts the pump's thread.
     *
     * @param maxLineBytes 64 or more: the longest part handed to the sink, in UTF-8 bytes
     */
    public OutputPump(Descriptors descriptors, int maxLineBytes, LineSink sink) {
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes must be at least 64, but was " + maxLineBytes);
        }
        this.descriptors = Objects.requireNonNull(descriptors, "descriptors");
        this.maxLineBytes = maxLineBytes;
        this.sink = Objects.requireNonNull(sink, "sink");
        int[] wake = descriptors.pipe();
        this.wakeRead = wake[0];
        this.wakeWrite = wake[1];
        this.thread = new Thread(this::run, "jinit-cron-output");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Reads {@code readFd} (a pipe's read end, which the pump now owns and closes) until end of file.
     *
     * @param keepLines how many of the first lines the result carries (all go to the sink)
     * @return completes with the first {@code keepLines} lines at end of file, or with what was read when the pump
     *         is closed before that
     * @throws IllegalStateException when the pump is closing (the descriptor is closed)
     */
    public CompletableFuture<List<String>> add(int readFd, String tag, long pid, int keepLines) {
        Stream s = new Stream(readFd, tag, pid, keepLines, new byte[maxLineBytes]);
        synchronized (streams) {
            if (closing) {
                descriptors.close(readFd);
                throw new IllegalStateException("cron - the output pump is closed");
            }
            streams.put(readFd, s);
        }
        wake();
        return s.done;
    }

    /** How many pipes are being read. */
    public int size() {
        synchronized (streams) {
            return streams.size();
        }
    }

    private void wake() {
        // At most one byte in flight, so the wake pipe never fills up and the write never blocks; under the lock, so
        // it never writes to the descriptor after close() closed it (its number may be reused by then).
        synchronized (streams) {
            if (!wakeClosed && wakePending.compareAndSet(false, true)) {
                descriptors.write(wakeWrite, new byte[] {1}, 1);
            }
        }
    }

    private void run() {
        byte[] buf = new byte[READ_SIZE];
        byte[] wakeBuf = new byte[16];
        try {
            while (true) {
                List<Stream> now;
                synchronized (streams) {
                    if (closing && (streams.isEmpty() || abandon)) {
                        break;
                    }
                    now = new ArrayList<>(streams.values());
                }
                int[] fds = new int[now.size() + 1];
                short[] revents = new short[fds.length];
                fds[0] = wakeRead;
                for (int i = 0; i < now.size(); i++) {
                    fds[i + 1] = now.get(i).fd;
                }
                descriptors.poll(fds, revents, -1);
                if (revents[0] != 0) {
                    // Read first, then clear the flag. The other order loses a wake-up: a wake() between the clear and
                    // the read writes a second byte that this read swallows too, leaving the flag set and the pipe
                    // empty, so every later wake() (close()'s "abandon" among them) skips its write and this thread
                    // sleeps in poll for good. In this order a wake() that finds the flag still set made its change
                    // before it, and the loop re-reads the state after the clear, before it polls again.
                    descriptors.read(wakeRead, wakeBuf);
                    wakePending.set(false);
                }
                for (int i = 0; i < now.size(); i++) {
                    if (revents[i + 1] != 0) {
                        pump(now.get(i), buf);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("cron - the output reader failed; running jobs' output is lost from here on", e);
        } finally {
            List<Stream> left;
            synchronized (streams) {
                closing = true;
                left = new ArrayList<>(streams.values());
            }
            for (Stream s : left) {
                finish(s);
            }
        }
    }

    /** One read: lines to the sink, or the end. One read per wake-up keeps one chatty job from starving others. */
    private void pump(Stream s, byte[] buf) {
        int n;
        try {
            n = descriptors.read(s.fd, buf);
        } catch (NativeException e) {
            LOG.warn("cron - [{}] reading the job's output failed: {}", s.pid, e.getMessage());
            n = 0;
        }
        if (n <= 0) {
            finish(s);
            return;
        }
        for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (b == '\n') {
                emit(s, s.len);
                continue;
            }
            if (s.len == s.partial.length) {
                // Full: cut before the character the next byte continues, if it is a continuation byte.
                int cut = s.len;
                if ((b & 0xC0) == 0x80) {
                    int lead = s.len - 1;
                    while (lead > 0 && (s.partial[lead] & 0xC0) == 0x80) {
                        lead--;
                    }
                    if (lead > 0) {
                        cut = lead;
                    }
                }
                emit(s, cut);
            }
            s.partial[s.len++] = b;
        }
    }

    /** Hands {@code partial[0..cut)} over and keeps the rest. */
    private void emit(Stream s, int cut) {
        int end = cut;
        if (end > 0 && s.partial[end - 1] == '\r') {
            end--;
        }
        String line = new String(s.partial, 0, end, StandardCharsets.UTF_8);
        System.arraycopy(s.partial, cut, s.partial, 0, s.len - cut);
        s.len -= cut;
        if (s.kept.size() < s.keepLines) {
            s.kept.add(line);
        }
        try {
            sink.line(s.tag, s.pid, line);
        } catch (RuntimeException e) {
            LOG.warn("cron - the output sink failed on a line of pid {}", s.pid, e);
        }
    }

    private void finish(Stream s) {
        if (s.len > 0) {
            emit(s, s.len);
        }
        synchronized (streams) {
            streams.remove(s.fd);
        }
        descriptors.close(s.fd);
        s.done.complete(List.copyOf(s.kept));
    }

    /**
     * Stops taking pipes, reads the ones open until their end for up to {@code timeout}, then closes what is left
     * (a job still writing then gets SIGPIPE, as from a closed terminal). Idempotent.
     */
    @Override
    public void close() {
        try {
            close(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #close()} with a timeout. */
    public void close(Duration timeout) throws InterruptedException {
        synchronized (streams) {
            closing = true;
        }
        wake();
        thread.join(Math.max(1, timeout.toMillis()));
        if (thread.isAlive()) {
            int open;
            synchronized (streams) {
                abandon = true;
                open = streams.size();
            }
            LOG.warn("cron - {} jobs' output still open after {} ms; no longer read", open, timeout.toMillis());
            wake();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        synchronized (streams) {
            if (!wakeClosed && !thread.isAlive()) {
                wakeClosed = true;
                descriptors.close(wakeRead);
                descriptors.close(wakeWrite);
            }
        }
    }

    private static final class Stream {
        final int fd;
        final String tag;
        final long pid;
        final int keepLines;
        final byte[] partial;
        final List<String> kept = new ArrayList<>();
        final CompletableFuture<List<String>> done = new CompletableFuture<>();
        int len;

        Stream(int fd, String tag, long pid, int keepLines, byte[] partial) {
            this.fd = fd;
            this.tag = tag;
            this.pid = pid;
            this.keepLines = keepLines;
            this.partial = partial;
        }
    }
}
