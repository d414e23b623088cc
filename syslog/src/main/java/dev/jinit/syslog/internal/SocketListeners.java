package dev.jinit.syslog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners besides {@code /dev/log}, all on one thread with one {@link Selector}: a unix stream socket, a UDP
 * socket and a TCP socket, each optional. Stream connections are split into messages by a {@link FrameDecoder} each
 * (bounded: {@code frameLimit} bytes per connection, at most {@code maxConnections} connections; one more is accepted
 * and closed at once, and counted). UDP datagrams are one message each. Every message goes into the same queue as
 * the datagram receiver's, with the same back-pressure: when the queue is full this thread waits up to
 * {@code queueFullWait}, then drops and counts.
 *
 * <p>{@link #open} binds everything (so a taken port fails the start), {@link #run} serves until {@link #stop}; then
 * it stops accepting, reads what each connection and the UDP socket already hold, delivers the last unterminated
 * frames, closes everything and removes the stream socket's file. This is an internal class.
 */
public final class SocketListeners implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketListeners.class);
    /** Reads per connection at stop: bounded, whatever a client keeps sending. */
    private static final int DRAIN_READS = 1024;
    /** Datagrams taken from the UDP socket per wake-up before other channels get their turn. */
    private static final int UDP_BURST = 64;
    private static final int UDP_BUFFER = 65_536;

    /** What to listen on; each null when not wanted. */
    public record Endpoints(Path streamSocket, int streamMode, InetSocketAddress udp, InetSocketAddress tcp) {
    }

    private final Selector selector;
    private final DatagramQueue queue;
    private final InstantSource clock;
    private final int frameLimit;
    private final long queueFullWaitNanos;
    private final int maxConnections;
    private final Counters counters;
    private final List<ListenerCounters> listeners = new ArrayList<>();
    private final ByteBuffer readBuffer;
    private final List<SelectableChannel> servers = new ArrayList<>();
    private Path streamPath;
    private Object streamFileKey;
    private InetSocketAddress udpBound;
    private InetSocketAddress tcpBound;
    private volatile boolean stopping;
    private int open;
    private boolean dropping;

    private SocketListeners(Selector selector, DatagramQueue queue, InstantSource clock, int frameLimit,
                            long queueFullWaitNanos, int maxConnections, Counters counters) {
        this.selector = selector;
        this.queue = queue;
        this.clock = clock;
        this.frameLimit = frameLimit;
        this.queueFullWaitNanos = queueFullWaitNanos;
        this.maxConnections = maxConnections;
        this.counters = counters;
        this.readBuffer = ByteBuffer.allocate(Math.max(UDP_BUFFER, frameLimit));
    }

    /**
     * Binds every endpoint given. A stale stream socket file (nobody accepts on it) is replaced; a live one, or
     * anything else at the path, is refused.
     *
     * @throws IllegalStateException when the stream socket's path is taken
     * @throws UncheckedIOException  when binding fails (a port in use, say); nothing is left open
     */
    public static SocketListeners open(Endpoints endpoints, DatagramQueue queue, InstantSource clock, int frameLimit,
                                       long queueFullWaitNanos, int maxConnections, Counters counters) {
        SocketListeners l;
        try {
            l = new SocketListeners(Selector.open(), queue, clock, frameLimit, queueFullWaitNanos, maxConnections,
                    counters);
        } catch (IOException e) {
            throw new UncheckedIOException("syslog - cannot open a selector", e);
        }
        try {
            if (endpoints.streamSocket() != null) {
                l.bindStream(endpoints.streamSocket(), endpoints.streamMode());
            }
            if (endpoints.udp() != null) {
                l.bindUdp(endpoints.udp());
            }
            if (endpoints.tcp() != null) {
                l.bindTcp(endpoints.tcp());
            }
            return l;
        } catch (RuntimeException e) {
            l.closeAll();
            throw e;
        }
    }

    /** Whether there is anything to listen on. */
    public boolean isEmpty() {
        return servers.isEmpty();
    }

    /** The bound UDP address (the port chosen when 0 was asked), or null. */
    public InetSocketAddress udpAddress() {
        return udpBound;
    }

    /** The bound TCP address (the port chosen when 0 was asked), or null. */
    public InetSocketAddress tcpAddress() {
        return tcpBound;
    }

    /** Each listener's counters, in the order stream, UDP, TCP. */
    public List<ListenerCounters> counters() {
        return List.copyOf(listeners);
    }

    private void bindStream(Path path, int mode) {
        try {
            replaceStale(path);
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            servers.add(ch);
            ch.bind(UnixDomainSocketAddress.of(path));
            streamPath = path;
            streamFileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            Files.setPosixFilePermissions(path, permissions(mode));
            register(ch, SelectionKey.OP_ACCEPT, ListenerCounters.connections("stream " + path));
        } catch (IOException e) {
            throw new UncheckedIOException("syslog - cannot listen on the stream socket " + path
                    + "; is its directory there and writable?", e);
        }
    }

    private static void replaceStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isOther()) {
            throw new IllegalStateException("syslog - " + path + " is not a socket; not replacing it. Remove it or"
                    + " choose another --stream-socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IllegalStateException("syslog - " + path + " is a live socket: another daemon listens there."
                    + " Stop it or choose another --stream-socket");
        } catch (IOException e) {
            Files.deleteIfExists(path); // nobody accepts: stale (ECONNREFUSED), or a datagram socket (EPROTOTYPE)
        }
    }

    private void bindUdp(InetSocketAddress address) {
        try {
            DatagramChannel ch = DatagramChannel.open(family(address));
            servers.add(ch);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            ch.bind(address);
            udpBound = (InetSocketAddress) ch.getLocalAddress();
            register(ch, SelectionKey.OP_READ, ListenerCounters.datagrams("udp " + text(udpBound)));
        } catch (IOException e) {
            throw new UncheckedIOException("syslog - cannot listen on UDP " + text(address)
                    + "; is the port in use or the address not local?", e);
        }
    }

    private void bindTcp(InetSocketAddress address) {
        try {
            ServerSocketChannel ch = ServerSocketChannel.open(family(address));
            servers.add(ch);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address, 128);
            tcpBound = (InetSocketAddress) ch.getLocalAddress();
            register(ch, SelectionKey.OP_ACCEPT, ListenerCounters.connections("tcp " + text(tcpBound)));
        } catch (IOException e) {
            throw new UncheckedIOException("syslog - cannot listen on TCP " + text(address)
                    + "; is the port in use or the address not local?", e);
        }
    }

    private static ProtocolFamily family(InetSocketAddress a) {
        return a.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
    }

    static String text(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private void register(SelectableChannel ch, int ops, ListenerCounters c) throws IOException {
        ch.configureBlocking(false);
        ch.register(selector, ops, c);
        listeners.add(c);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE: bits 8 .. 0
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                s.add(all[i]);
            }
        }
        return s;
    }

    /** One accepted connection: its decoder and its listener's counters. */
    private static final class Connection {
        final FrameDecoder decoder;
        final ListenerCounters counters;

        Connection(FrameDecoder decoder, ListenerCounters counters) {
            this.decoder = decoder;
            this.counters = counters;
        }
    }

    /** Closes everything when {@link #run} will never be called (the start failed after {@link #open}). */
    public void closeUnstarted() {
        closeAll();
    }

    /** Asks {@link #run} to drain and end; returns at once. */
    public void stop() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                selector.select();
                var it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (k.isValid()) {
                        serve(k);
                    }
                }
            }
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("syslog - the socket listeners were interrupted; they stop");
        } catch (IOException | RuntimeException e) {
            LOG.error("syslog - the socket listeners failed; they stop", e);
        } finally {
            closeAll();
        }
    }

    private void serve(SelectionKey k) throws InterruptedException {
        if (k.isAcceptable()) {
            accept(k);
        } else if (k.channel() instanceof DatagramChannel ch) {
            receiveDatagrams(ch, (ListenerCounters) k.attachment(), UDP_BURST);
        } else if (k.isReadable()) {
            read(k, 1);
        }
    }

    /** Accepts one waiting connection (or refuses it, over the limit); false when none was waiting. */
    private boolean accept(SelectionKey k) {
        ListenerCounters c = (ListenerCounters) k.attachment();
        try {
            SocketChannel ch = ((ServerSocketChannel) k.channel()).accept();
            if (ch == null) {
                return false;
            }
            if (open >= maxConnections) {
                c.refused().incrementAndGet();
                LOG.warn("syslog - {}: {} connections are open, the most allowed; closing a new one", c.name(), open);
                ch.close();
                return true;
            }
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, new Connection(new FrameDecoder(frameLimit), c));
            open++;
            c.open().incrementAndGet();
            return true;
        } catch (IOException e) {
            LOG.warn("syslog - {}: accepting a connection failed: {}", c.name(), e.toString());
            return false;
        }
    }

    /** Reads up to {@code reads} times; closes the connection at its end or on an error. */
    private void read(SelectionKey k, int reads) throws InterruptedException {
        Connection conn = (Connection) k.attachment();
        SocketChannel ch = (SocketChannel) k.channel();
        for (int r = 0; r < reads; r++) {
            readBuffer.clear();
            int n;
            try {
                n = ch.read(readBuffer);
            } catch (IOException e) {
                n = -1; // reset by the peer: like its end
            }
            if (n < 0) {
                if (conn.decoder.finish((d, len, cut) -> enqueue(d, len, cut, conn.counters))) {
                    conn.counters.lost().incrementAndGet();
                }
                close(k);
                return;
            }
            if (n == 0) {
                return;
            }
            Instant now = clock.instant();
            conn.decoder.feed(readBuffer.array(), 0, n, (d, len, cut) -> enqueue(d, len, cut, now, conn.counters));
        }
    }

    private void receiveDatagrams(DatagramChannel ch, ListenerCounters c, int most) throws InterruptedException {
        for (int i = 0; i < most; i++) {
            readBuffer.clear();
            SocketAddress from;
            try {
                from = ch.receive(readBuffer);
            } catch (IOException e) {
                LOG.warn("syslog - {}: receiving failed: {}", c.name(), e.toString());
                return;
            }
            if (from == null) {
                return;
            }
            int n = readBuffer.position();
            if (n > 0) {
                // a UDP payload is at most 65,507 bytes: the buffer holds any whole; the parser cuts at its limit
                enqueue(readBuffer.array(), n, false, clock.instant(), c);
            }
        }
    }

    private void enqueue(byte[] data, int length, boolean cut, ListenerCounters c) throws InterruptedException {
        enqueue(data, length, cut, clock.instant(), c);
    }

    private void enqueue(byte[] data, int length, boolean cut, Instant received, ListenerCounters c)
            throws InterruptedException {
        DatagramQueue.Slot slot = queue.acquire(queueFullWaitNanos);
        if (slot == null) {
            counters.dropped.incrementAndGet();
            if (!dropping) {
                dropping = true;
                LOG.warn("syslog - the queue of {} messages stayed full for {} ms: the outputs are too slow;"
                        + " dropping messages from {} until it has room", queue.capacity(),
                        TimeUnit.NANOSECONDS.toMillis(queueFullWaitNanos), c.name());
            }
            return;
        }
        dropping = false;
        slot.fill(data, length, received, cut);
        queue.publish(slot);
        counters.received.incrementAndGet();
        c.received().incrementAndGet();
        if (cut) {
            c.cut().incrementAndGet();
        }
    }

    /**
     * At stop: connections a client has made but this thread not yet accepted are accepted (a client that connected
     * and wrote before the stop must not lose what it wrote), then no more; what every connection and the UDP socket
     * hold now is read, then closed.
     */
    private void drain() throws IOException, InterruptedException {
        for (SelectionKey k : List.copyOf(selector.keys())) {
            if (k.isValid() && k.channel() instanceof ServerSocketChannel) {
                for (int i = 0; i <= maxConnections && accept(k); i++) {
                    // bounded: at most the limit plus one refused; the kernel's backlog is finite anyway
                }
            }
        }
        for (SelectableChannel s : servers) {
            if (s instanceof ServerSocketChannel) {
                s.close();
            }
        }
        selector.selectNow();
        for (SelectionKey k : List.copyOf(selector.keys())) {
            if (!k.isValid()) {
                continue;
            }
            if (k.channel() instanceof DatagramChannel ch) {
                receiveDatagrams(ch, (ListenerCounters) k.attachment(), DRAIN_READS);
            } else if (k.attachment() instanceof Connection conn) {
                read(k, DRAIN_READS);
                if (k.isValid()) { // still open: what it sent so far is all there will be
                    if (conn.decoder.finish((d, len, cut) -> enqueue(d, len, cut, conn.counters))) {
                        conn.counters.lost().incrementAndGet();
                    }
                    close(k);
                }
            }
        }
    }

    private void close(SelectionKey k) {
        k.cancel();
        if (k.attachment() instanceof Connection conn) {
            open--;
            conn.counters.open().decrementAndGet();
        }
        try {
            k.channel().close();
        } catch (IOException e) {
            LOG.debug("syslog - closing a connection failed", e);
        }
    }

    private void closeAll() {
        try {
            for (SelectionKey k : selector.isOpen() ? List.copyOf(selector.keys()) : List.<SelectionKey>of()) {
                if (k.attachment() instanceof Connection) {
                    close(k);
                }
            }
        } catch (ClosedSelectorException e) {
            // closed already
        }
        for (SelectableChannel s : servers) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("syslog - closing a listener failed", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("syslog - closing the selector failed", e);
        }
        removeStreamFile();
    }

    private void removeStreamFile() {
        if (streamPath == null) {
            return;
        }
        try {
            Object key = Files.readAttributes(streamPath, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            if (key != null && key.equals(streamFileKey)) {
                Files.deleteIfExists(streamPath); // ours, not one another daemon bound since
            }
        } catch (IOException e) {
            // gone already
        }
        streamPath = null;
    }
}
