package dev.jinit.supervisor.internal;

import dev.jinit.core.Descriptors;
import dev.jinit.core.NativeException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when entries of a directory are created, removed or renamed: an inotify descriptor read by the supervisor's
 * {@link ControlPoller}, beside the control FIFOs, so an unchanged directory costs no wake-ups (runsvdir looks at it
 * every 5 s) and no thread of its own (the JDK's {@code WatchService} took two: its own and one blocked in
 * {@code take()}). This is an internal class.
 */
public final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final ControlPoller poller;
    private final int fd;
    private final AtomicBoolean lost = new AtomicBoolean();

    private DirectoryWatcher(ControlPoller poller, int fd) {
        this.poller = poller;
        this.fd = fd;
    }

    /**
     * Watches {@code dir}; {@code onChange} runs on the poller's thread after each batch of changes (and when events
     * were lost), so it must only hand over; {@code onLost}, once, when the directory can no longer be watched.
     *
     * @return empty when {@code dir} cannot be watched (the caller falls back to reading it periodically)
     */
    public static Optional<DirectoryWatcher> start(Path dir, Descriptors fds, ControlPoller poller, Runnable onChange,
                                                   Runnable onLost) {
        int fd;
        try {
            fd = fds.watchDirectory(dir);
        } catch (NativeException e) {
            LOG.debug("supervisor - cannot watch {}: {}", dir, e.getMessage());
            return Optional.empty();
        }
        DirectoryWatcher w = new DirectoryWatcher(poller, fd);
        poller.add(fd, chunk -> w.read(dir, chunk, onChange, onLost));
        return Optional.of(w);
    }

    private void read(Path dir, byte[] chunk, Runnable onChange, Runnable onLost) {
        InotifyBatch batch = InotifyBatch.parse(chunk);
        if (batch.changed()) {
            onChange.run();
        }
        // An empty chunk: the poller saw an error on the descriptor and no longer reads it.
        if ((batch.lost() || chunk.length == 0) && lost.compareAndSet(false, true)) {
            LOG.warn("supervisor - {} can no longer be watched (removed or replaced?); reading it periodically", dir);
            onLost.run();
        }
    }

    @Override
    public void close() {
        poller.removeAndClose(fd);
    }
}
