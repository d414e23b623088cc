package dev.jinit.launcher;

import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code jinit status} on a unix stream socket ({@code /run/jinit/status.sock}): each connection gets the
 * {@link StatusReport} of the moment, then the server closes it; it reads nothing. One thread, blocked in
 * {@code accept} while idle (no timer, no selector: zero wake-ups), answers one client at a time. An answer is a few
 * KiB, which the kernel's socket buffer takes whole, so a client that never reads cannot hold the thread. A live
 * socket of another init is left alone (status is then not served here, with a warning); a stale one is replaced.
 * The file is removed on stop.
 */
final class StatusServer implements Component {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final Path socket;
    private final Supplier<List<ComponentStatus>> statuses;
    private final Object lock = new Object();
    private final CountDownLatch attempted = new CountDownLatch(1); // bound, or failed to
    private ServerSocketChannel server; // guarded by lock; null until bound, and once stopped
    private boolean stopped; // guarded by lock
    private volatile Thread thread;

    StatusServer(Path socket, Supplier<List<ComponentStatus>> statuses) {
        this.socket = socket.toAbsolutePath();
        this.statuses = statuses;
    }

    @Override
    public String name() {
        return "status";
    }

    Path socket() {
        return socket;
    }

    /**
     * Binds and serves on the {@code jinit-status} thread, off the start's path: the JDK's first unix socket sets up
     * its security providers and networking (~14 ms of a container's start, docs/benchmarks.md), which the command
     * need not wait for. The socket answers a few milliseconds after the start; {@link #awaitBound} waits for that.
     */
    @Override
    public void start(Context context) {
        Thread t = new Thread(this::bindAndServe, "jinit-status");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Waits until the socket is bound or binding failed (said in a warning); true unless {@code timeout} ran out. */
    boolean awaitBound(Duration timeout) throws InterruptedException {
        return attempted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void bindAndServe() {
        ServerSocketChannel s = null;
        try {
            s = bind();
        } catch (IOException | RuntimeException e) {
            // Status is for probes and people; an init must not fail for it (a read-only /run, say).
            LOG.warn("status - cannot serve status on {}: {}; jinit status will not answer (move it with "
                    + "--status-socket)", socket, e.toString());
        }
        synchronized (lock) {
            if (s != null && stopped) { // stopped while binding: nobody will close it
                close(s);
                s = null;
            }
            server = s;
        }
        attempted.countDown();
        if (s != null) {
            serve(s);
        }
    }

    /** The bound server socket, or null when another init serves the path. */
    private ServerSocketChannel bind() throws IOException {
        Files.createDirectories(socket.getParent());
        if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (StatusClient.answers(socket)) {
                LOG.warn("status - {} is served by another init; jinit status will reach that one, not this", socket);
                return null;
            }
            Files.delete(socket); // stale: left by an init that was killed
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void serve(ServerSocketChannel s) {
        while (s.isOpen()) {
            try (SocketChannel c = s.accept()) {
                ByteBuffer answer = ByteBuffer.wrap(StatusReport.format(statuses.get()).getBytes(StandardCharsets.UTF_8));
                while (answer.hasRemaining()) {
                    c.write(answer);
                }
            } catch (ClosedChannelException e) { // also AsynchronousCloseException
                return; // stopped
            } catch (IOException | RuntimeException e) {
                LOG.debug("status - a client went away: {}", e.toString()); // its problem, not ours: serve the next
            }
        }
    }

    @Override
    public void stop(Duration timeout) throws InterruptedException {
        ServerSocketChannel s;
        synchronized (lock) {
            stopped = true;
            s = server;
            server = null;
        }
        if (s != null) {
            close(s); // wakes the accept
        }
        Thread t = thread;
        if (t != null) {
            t.join(Math.max(1, timeout.toMillis()));
        }
    }

    /** Closes our socket and removes its file. */
    private void close(ServerSocketChannel s) {
        try {
            s.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("status - cannot remove {}: {}", socket, e.toString());
        }
    }
}
