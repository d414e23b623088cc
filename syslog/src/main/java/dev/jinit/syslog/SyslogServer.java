package dev.jinit.syslog;

import dev.jinit.core.Signal;
import dev.jinit.core.UnixDatagramServer;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import dev.jinit.syslog.internal.Counters;
import dev.jinit.syslog.internal.ListenerCounters;
import dev.jinit.syslog.internal.SocketListeners;
import dev.jinit.syslog.internal.DatagramQueue;
import dev.jinit.syslog.internal.FileSink;
import dev.jinit.syslog.internal.Receiver;
import dev.jinit.syslog.internal.Sink;
import dev.jinit.syslog.internal.Slf4jSink;
import dev.jinit.syslog.internal.StreamSink;
import dev.jinit.syslog.internal.Writer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syslog daemon: listens on a unix datagram socket ({@code /dev/log}) and writes what every process logs to
 * files, stdout and SLF4J, as {@link SyslogServerConfig} says.
 *
 * <pre>{@code
 * SyslogServer syslog = SyslogServer.create(SyslogServerConfig.builder()
 *         .file(Path.of("/var/log/syslog"))   // Debian's format, rotated at 10 MiB, 4 old files
 *         .stdout()                           // daemon.err myprog[42]: hello
 *         .build());
 * syslog.start(InstantSource.system());       // or as a Component of an Init
 * ...
 * syslog.close();                             // everything received is written and flushed
 * }</pre>
 *
 * <p>Optionally also a unix stream socket, UDP and TCP ({@link SyslogServerConfig#streamSocket()},
 * {@link SyslogServerConfig#udp()}, {@link SyslogServerConfig#tcp()}), all served by a third thread,
 * {@code jinit-syslog-listeners}, with one selector, into the same queue. As a component it reopens its files on HUP
 * (after logrotate moved them; {@link #reopen()}) and reports its counters in {@link #status()}.
 *
 * <p>Two threads (three with listeners), all daemons. {@code jinit-syslog-receiver} only receives: it stamps each datagram with the
 * receive time and copies it into a bounded queue of pooled buffers ({@link SyslogServerConfig#queueCapacity()}),
 * because the kernel holds only about ten datagrams per socket and every process that logs waits while they are
 * unread. {@code jinit-syslog-writer} takes what is queued in batches, parses, writes to each output whose selector
 * takes the message, and flushes once per batch. When the queue is full the receiver waits up to
 * {@link SyslogServerConfig#queueFullWait()} for room (clients wait meanwhile), then drops the datagram and counts it
 * ({@link Stats#dropped()}); at the rates the outputs sustain (see the README) the queue does not fill.
 *
 * <p>{@link #stop} shuts the socket down for reading (senders get {@code EPIPE} from then on), reads what the kernel
 * still holds, writes and flushes everything queued, closes the outputs and removes the socket file, within its
 * timeout. Thread-safe; start once; {@link #close()} is idempotent.
 */
public final class SyslogServer implements Component, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogServer.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Room beyond the limit for the trailer (LF, NUL) the parser strips before it applies the limit. */
    private static final int TRAILER_ROOM = 16;
    /** A pooled buffer larger than this gets a small one back when released. */
    private static final int SHRINK_ABOVE = 4096;
    /** The writer's pause after a batch that emptied the queue: at most this much added latency, under load only. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * The counters.
     *
     * @param received     datagrams received (empty ones not counted)
     * @param dropped      datagrams dropped because the queue stayed full
     * @param written      messages parsed and handed to the outputs
     * @param outputErrors failed writes and flushes of outputs
     * @param cut          messages cut at the size limit (and marked)
     */
    public record Stats(long received, long dropped, long written, long outputErrors, long cut) {
    }

    private enum State { NEW, RUNNING, STOPPED }

    private final SyslogServerConfig config;
    private final Function<SyslogServerConfig, UnixDatagramServer> opener;
    private final Counters counters = new Counters();
    private final Object lock = new Object();
    private State state = State.NEW;
    private UnixDatagramServer socket;
    private DatagramQueue queue;
    private Thread receiver;
    private Thread writer;
    private SocketListeners listeners;
    private Thread listenerThread;
    private ListenerCounters dgramCounters;
    private AutoCloseable hupSubscription;

    private SyslogServer(SyslogServerConfig config, Function<SyslogServerConfig, UnixDatagramServer> opener) {
        this.config = Objects.requireNonNull(config, "config");
        this.opener = opener;
    }

    /** A server for {@code config}, not started. */
    public static SyslogServer create(SyslogServerConfig config) {
        return new SyslogServer(config, c -> UnixDatagramServer.open(c.socket(), c.socketMode()));
    }

    /**
     * A server for {@code config}, not started, that reads from {@code bound}: the datagram socket bound already at
     * {@code config.socket()} ({@link UnixDatagramServer#open}), before the server, so that a process started in
     * between finds it; what such a process sends waits in the kernel's queue (a sender blocks while that is full,
     * about ten datagrams) until the server runs. my_init binds {@code /dev/log} so and starts its command before
     * the rest of the init. The server owns the socket: {@link #stop} closes it and removes its file, also when the
     * server never started, and so does a failed {@link #start}.
     *
     * @throws IllegalArgumentException when {@code bound} is bound elsewhere than {@code config.socket()} (then the
     *                                  caller still owns it)
     */
    public static SyslogServer create(SyslogServerConfig config, UnixDatagramServer bound) {
        Objects.requireNonNull(bound, "bound");
        if (!bound.path().equals(Objects.requireNonNull(config, "config").socket())) {
            throw new IllegalArgumentException("syslog - the socket given is bound at " + bound.path()
                    + ", but the configuration names " + config.socket());
        }
        SyslogServer server = new SyslogServer(config, c -> {
            throw new IllegalStateException("syslog - the socket that came bound was closed: start a new server");
        });
        server.socket = bound;
        return server;
    }

    /** A server reading from the socket {@code opener} gives (tests: core's fake). */
    static SyslogServer create(SyslogServerConfig config, Function<SyslogServerConfig, UnixDatagramServer> opener) {
        return new SyslogServer(config, opener);
    }

    public SyslogServerConfig config() {
        return config;
    }

    /** The socket path. */
    public Path socket() {
        return config.socket();
    }

    @Override
    public String name() {
        return "syslog";
    }

    /** Starts with the init's clock, and reopens the files on each HUP the init delivers. */
    @Override
    public void start(Context context) {
        start(context.clock());
        try {
            AutoCloseable sub = context.signals().subscribe(Signal.HUP, sig -> reopen());
            synchronized (lock) {
                hupSubscription = sub;
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("syslog - this init does not handle HUP; files are reopened only by reopen()");
        }
    }

    /**
     * Opens every output file again, after what was received so far is written to the old one: what logrotate's
     * {@code postrotate} asks with HUP. Returns at once; does nothing unless running.
     */
    public void reopen() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                LOG.info("syslog - reopening the output files");
                queue.requestReopen();
            }
        }
    }

    /** The bound UDP address (the port chosen when 0 was configured), or null without UDP or before start. */
    public InetSocketAddress udpAddress() {
        synchronized (lock) {
            return listeners == null ? null : listeners.udpAddress();
        }
    }

    /** The bound TCP address (the port chosen when 0 was configured), or null without TCP or before start. */
    public InetSocketAddress tcpAddress() {
        synchronized (lock) {
            return listeners == null ? null : listeners.tcpAddress();
        }
    }

    /**
     * Opens the outputs, binds the socket (unless it came bound: {@link #create(SyslogServerConfig,
     * UnixDatagramServer)}) and starts the two threads; when it fails, a socket that came bound is closed.
     *
     * @param clock the receive time of each datagram (the timestamp of messages without one)
     * @throws IllegalStateException        when started before, or the socket path is taken (a live socket, a file)
     * @throws UncheckedIOException         when a file cannot be opened or the socket file replaced
     * @throws dev.jinit.core.NativeException when binding fails
     */
    public void start(InstantSource clock) {
        Objects.requireNonNull(clock, "clock");
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("syslog - a server starts once, but this one is " + state);
            }
            List<Sink> sinks;
            try {
                sinks = openSinks();
            } catch (RuntimeException e) {
                closeBound();
                throw e;
            }
            queue = new DatagramQueue(config.queueCapacity(), SHRINK_ABOVE);
            int limit = config.parser().maxMessageBytes() + TRAILER_ROOM;
            SocketListeners l = null;
            UnixDatagramServer s;
            try {
                if (config.streamSocket().isPresent() || config.udp().isPresent() || config.tcp().isPresent()) {
                    l = SocketListeners.open(new SocketListeners.Endpoints(config.streamSocket().orElse(null),
                                    config.socketMode(), config.udp().orElse(null), config.tcp().orElse(null)),
                            queue, clock, limit, config.queueFullWait().toNanos(), config.maxConnections(), counters);
                }
                s = socket != null ? socket : opener.apply(config);
            } catch (RuntimeException e) {
                if (l != null) {
                    l.closeUnstarted();
                }
                closeQuietly(sinks);
                closeBound();
                throw e;
            }
            socket = s;
            listeners = l;
            dgramCounters = ListenerCounters.datagrams("dgram " + config.socket());
            SyslogParser parser = SyslogParser.of(config.parser());
            writer = new Thread(new Writer(queue, parser, sinks, config.batchSize(), LINGER_NANOS, counters), "jinit-syslog-writer");
            receiver = new Thread(new Receiver(s, queue, clock, limit, config.queueFullWait().toNanos(), counters,
                    dgramCounters), "jinit-syslog-receiver");
            // Daemons: none keeps the JVM alive; stop() (Init's shutdown, or close()) drains before exit.
            writer.setDaemon(true);
            receiver.setDaemon(true);
            writer.start();
            receiver.start();
            if (l != null) {
                listenerThread = new Thread(l, "jinit-syslog-listeners");
                listenerThread.setDaemon(true);
                listenerThread.start();
            }
            state = State.RUNNING;
            LOG.info("syslog - listening on {}, writing to {}", describeListeners(), describe(sinks));
        }
    }

    /** Closes a socket that came bound, for a start that did not come or failed (removing its file). Under the lock. */
    private void closeBound() {
        if (socket != null) {
            socket.close(); // does not throw
            socket = null;
        }
    }

    private List<Sink> openSinks() {
        List<Sink> sinks = new ArrayList<>();
        try {
            for (SyslogServerConfig.FileOutput f : config.files()) {
                FileSink sink = new FileSink(f.route(), f.rotation(), f.format());
                sinks.add(sink);
                sink.open();
            }
        } catch (IOException e) {
            closeQuietly(sinks);
            throw new UncheckedIOException("syslog - cannot open the log file " + sinks.get(sinks.size() - 1).name(), e);
        }
        config.stdout().ifPresent(o -> sinks.add(new StreamSink("stdout", o.selector(), o.format(), o.target())));
        config.slf4j().ifPresent(o -> sinks.add(new Slf4jSink(o.selector(), o.mapping(), o.loggers())));
        return sinks;
    }

    private static void closeQuietly(List<Sink> sinks) {
        for (Sink s : sinks) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("syslog - closing {} failed", s.name(), e);
            }
        }
    }

    private String describeListeners() {
        List<String> names = new ArrayList<>();
        names.add(config.socket().toString());
        if (listeners != null) {
            listeners.counters().forEach(c -> names.add(c.name()));
        }
        return String.join(", ", names);
    }

    private static String describe(List<Sink> sinks) {
        List<String> names = new ArrayList<>();
        sinks.forEach(s -> names.add(s.name()));
        return String.join(", ", names);
    }

    /**
     * Stops receiving, then writes and flushes everything received, closes the outputs and removes the socket file.
     * Returns within about {@code timeout}: when that is not enough, it logs what is left unwritten and returns.
     * Idempotent; a server never started just becomes stopped.
     */
    @Override
    public void stop(Duration timeout) throws InterruptedException {
        Thread r;
        Thread w;
        Thread lt;
        AutoCloseable hup;
        synchronized (lock) {
            State was = state;
            state = State.STOPPED;
            if (was == State.NEW) {
                closeBound();
            }
            if (was != State.RUNNING) {
                return;
            }
            r = receiver;
            w = writer;
            lt = listenerThread;
            hup = hupSubscription;
            hupSubscription = null;
        }
        if (hup != null) {
            try {
                hup.close();
            } catch (Exception e) {
                LOG.debug("syslog - unsubscribing from HUP failed", e);
            }
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        try {
            socket.shutdownInput(); // wakes the receiver; it reads what the kernel holds, then ends
            if (listeners != null) {
                listeners.stop(); // stops accepting, reads what connections hold, then ends
            }
            join(r, deadline);
            if (r.isAlive()) {
                LOG.warn("syslog - the receiver did not finish within {}; writing what it queued", timeout);
            }
            if (lt != null) {
                join(lt, deadline);
                if (lt.isAlive()) {
                    LOG.warn("syslog - the socket listeners did not finish within {}; writing what they queued",
                            timeout);
                }
            }
            queue.end(); // behind everything the receivers queued
            join(w, deadline);
            if (w.isAlive()) {
                LOG.warn("syslog - the writer did not finish within {}; about {} datagrams are not written", timeout,
                        queue.waiting());
                w.interrupt();
            }
        } finally {
            socket.close(); // removes the socket file
            Stats s = stats();
            LOG.info("syslog - stopped: {} received, {} written, {} cut, {} dropped, {} output errors", s.received(),
                    s.written(), s.cut(), s.dropped(), s.outputErrors());
        }
    }

    private static void join(Thread t, long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** {@link #stop} with a 10 s timeout; restores the interrupt flag if interrupted. */
    @Override
    public void close() {
        try {
            stop(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The counters so far. */
    public Stats stats() {
        return new Stats(counters.received.get(), counters.dropped.get(), counters.written.get(),
                counters.outputErrors.get(), counters.cut.get());
    }

    /**
     * One line with the totals, then one per listener, in the order datagram socket, stream socket, UDP, TCP:
     * <pre>
     * 1200 received, 1200 written, 0 cut, 0 dropped (queue full), 0 output errors, 0 queued
     * dgram /dev/log: 1000 received, 0 cut
     * tcp 127.0.0.1:514: 200 received, 0 cut, 0 lost mid-frame, 1 connections open, 0 refused
     * </pre>
     * Healthy while it runs with every thread alive (a thread that died stops receiving or writing; it logged why).
     */
    @Override
    public ComponentStatus status() {
        synchronized (lock) {
            if (state != State.RUNNING) {
                return new ComponentStatus(name(), false, List.of(state == State.NEW ? "not started" : "stopped"));
            }
            Stats s = stats();
            List<String> lines = new ArrayList<>();
            lines.add(s.received() + " received, " + s.written() + " written, " + s.cut() + " cut, " + s.dropped()
                    + " dropped (queue full), " + s.outputErrors() + " output errors, " + queue.waiting() + " queued");
            lines.add(dgramCounters.line());
            if (listeners != null) {
                listeners.counters().forEach(c -> lines.add(c.line()));
            }
            boolean alive = receiver.isAlive() && writer.isAlive()
                    && (listenerThread == null || listenerThread.isAlive());
            return new ComponentStatus(name(), alive, lines);
        }
    }
}
