package dev.jinit.supervisor.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when entries of a directory are created, removed or renamed (inotify, through the JDK's
 * {@link WatchService}): one thread, {@code jinit-supervisor-watch}, blocks in {@link WatchService#take()}, so an
 * unchanged directory costs no wake-ups, where runsvdir looks at it every 5 s. This is an internal class.
 */
public final class DirectoryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final WatchService service;
    private final Thread thread;

    private DirectoryWatcher(WatchService service, Path dir, Runnable onChange, Runnable onLost) {
        this.service = service;
        this.thread = new Thread(() -> run(dir, onChange, onLost), "jinit-supervisor-watch");
        thread.setDaemon(true);
    }

    /**
     * Watches {@code dir}; {@code onChange} runs on the watch thread after each batch of changes (and when the
     * events overflowed), so it must only hand over; {@code onLost} when the directory can no longer be watched.
     *
     * @return empty when {@code dir} cannot be watched (the caller falls back to reading it periodically)
     */
    public static Optional<DirectoryWatcher> start(Path dir, Runnable onChange, Runnable onLost) {
        WatchService ws = null;
        try {
            ws = FileSystems.getDefault().newWatchService();
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("supervisor - cannot watch {}: {}", dir, e.toString());
            if (ws != null) {
                try {
                    ws.close();
                } catch (IOException ignored) {
                    // nothing registered, nothing to release
                }
            }
            return Optional.empty();
        }
        DirectoryWatcher w = new DirectoryWatcher(ws, dir, onChange, onLost);
        w.thread.start();
        return Optional.of(w);
    }

    private void run(Path dir, Runnable onChange, Runnable onLost) {
        try {
            while (true) {
                WatchKey key = service.take();
                key.pollEvents();
                onChange.run();
                if (!key.reset()) {
                    LOG.warn("supervisor - {} can no longer be watched (removed or replaced?); reading it periodically",
                            dir);
                    onLost.run();
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: supervision is over
        } catch (RuntimeException e) {
            LOG.error("supervisor - watching {} failed; reading it periodically", dir, e);
            onLost.run();
        }
    }

    @Override
    public void close() {
        try {
            service.close();
            thread.join(2000);
        } catch (IOException e) {
            LOG.debug("supervisor - closing the watch: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
