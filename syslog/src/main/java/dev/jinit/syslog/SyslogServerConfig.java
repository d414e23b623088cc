package dev.jinit.syslog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * What a {@link SyslogServer} listens on and where it writes. Immutable; a built config is always valid (at least one
 * output, no file twice).
 *
 * @param socket         the unix datagram socket, {@value #DEFAULT_SOCKET} unless set
 * @param socketMode     its permission bits, {@code 0666} unless set (any process may log, as with rsyslog)
 * @param parser         the host name, zone and message size limit of the parser
 * @param files          the files, each with its selector and rotation; may be empty
 * @param stdout         the stdout output, if any
 * @param slf4j          the SLF4J output, if any
 * @param queueCapacity  how many datagrams may wait between the receiving thread and the writing one,
 *                       {@value #DEFAULT_QUEUE_CAPACITY} unless set; 1 to {@value #MAX_QUEUE_CAPACITY}
 * @param queueFullWait  how long the receiving thread waits for room when the queue is full before it drops the
 *                       datagram (and counts it): 0 to 10 s, {@link #DEFAULT_QUEUE_FULL_WAIT} unless set
 * @param batchSize      the most datagrams written between two flushes, {@value #DEFAULT_BATCH_SIZE} unless set;
 *                       1 to {@code queueCapacity}
 * @param streamSocket   a unix stream socket too (for clients that fall back to stream: glibc, logger, Python, Go),
 *                       created with {@code socketMode}; none unless set
 * @param udp            a UDP listener (RFC 5426: one message per datagram); none unless set
 * @param tcp            a TCP listener (RFC 6587: octet counting or LF framing, per frame); none unless set
 * @param maxConnections the most open stream and TCP connections together, {@value #DEFAULT_MAX_CONNECTIONS} unless
 *                       set; 1 to {@value #MAX_CONNECTIONS}; more are accepted and closed at once
 */
public record SyslogServerConfig(Path socket, int socketMode, ParserConfig parser, List<FileOutput> files,
                                 Optional<StdoutOutput> stdout, Optional<Slf4jOutput> slf4j, int queueCapacity,
                                 Duration queueFullWait, int batchSize, Optional<Path> streamSocket,
                                 Optional<InetSocketAddress> udp, Optional<InetSocketAddress> tcp,
                                 int maxConnections) {

    /** The socket every syslog(3) client writes to. */
    public static final String DEFAULT_SOCKET = "/dev/log";
    /** Debian's file for everything but authentication. */
    public static final String DEFAULT_FILE = "/var/log/syslog";
    public static final int DEFAULT_QUEUE_CAPACITY = 16_384;
    public static final int MAX_QUEUE_CAPACITY = 1 << 20;
    public static final int DEFAULT_BATCH_SIZE = 1024;
    public static final Duration DEFAULT_QUEUE_FULL_WAIT = Duration.ofMillis(200);
    private static final Duration MAX_QUEUE_FULL_WAIT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int MAX_CONNECTIONS = 65_536;

    public SyslogServerConfig {
        Objects.requireNonNull(socket, "syslog.socket");
        Objects.requireNonNull(parser, "syslog.parser");
        files = List.copyOf(Objects.requireNonNull(files, "syslog.files"));
        Objects.requireNonNull(stdout, "syslog.stdout");
        Objects.requireNonNull(slf4j, "syslog.slf4j");
        Objects.requireNonNull(queueFullWait, "syslog.queueFullWait");
        Objects.requireNonNull(streamSocket, "syslog.streamSocket");
        Objects.requireNonNull(udp, "syslog.udp");
        Objects.requireNonNull(tcp, "syslog.tcp");
        if (streamSocket.isPresent() && streamSocket.get().toAbsolutePath().normalize()
                .equals(socket.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("syslog.streamSocket must differ from the datagram socket, but both are "
                    + socket);
        }
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("syslog.maxConnections must be between 1 and " + MAX_CONNECTIONS
                    + ", but was " + maxConnections);
        }
        if (socketMode < 0 || socketMode > 0777) {
            throw new IllegalArgumentException("syslog.socketMode must be between 0 and 0777, but was 0"
                    + Integer.toOctalString(socketMode));
        }
        if (files.isEmpty() && stdout.isEmpty() && slf4j.isEmpty()) {
            throw new IllegalArgumentException("syslog needs at least one output (a file, stdout or SLF4J), but has none");
        }
        Set<Path> seen = new HashSet<>();
        for (FileOutput f : files) {
            if (!seen.add(f.route().file().toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("syslog.files must name each file once, but "
                        + f.route().file() + " is there twice");
            }
        }
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("syslog.queueCapacity must be between 1 and " + MAX_QUEUE_CAPACITY
                    + ", but was " + queueCapacity);
        }
        if (queueFullWait.isNegative() || queueFullWait.compareTo(MAX_QUEUE_FULL_WAIT) > 0) {
            throw new IllegalArgumentException("syslog.queueFullWait must be between 0 and " + MAX_QUEUE_FULL_WAIT
                    + ", but was " + queueFullWait);
        }
        if (batchSize < 1 || batchSize > queueCapacity) {
            throw new IllegalArgumentException("syslog.batchSize must be between 1 and queueCapacity ("
                    + queueCapacity + "), but was " + batchSize);
        }
    }

    /** A builder with the defaults and no outputs yet. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A file output.
     *
     * @param route    the file and the selector of what goes there
     * @param rotation when to rotate it and how many old files to keep
     * @param format   the line format, {@link TraditionalFormat} in the parser's zone by default
     */
    public record FileOutput(FileRoute route, RotationPolicy rotation, LineFormat format) {
        public FileOutput {
            Objects.requireNonNull(route, "fileOutput.route");
            Objects.requireNonNull(rotation, "fileOutput.rotation");
            Objects.requireNonNull(format, "fileOutput.format");
        }
    }

    /**
     * The stdout output.
     *
     * @param selector what goes there
     * @param format   {@link StdoutFormat} unless set ({@link TraditionalFormat} writes the file's line, as
     *                 baseimage-docker does)
     * @param target   where the lines go: file descriptor 1 unless set (not {@code System.out}, which an
     *                 application may have replaced); never closed by the server
     */
    public record StdoutOutput(Selector selector, LineFormat format, OutputStream target) {
        public StdoutOutput {
            Objects.requireNonNull(selector, "stdoutOutput.selector");
            Objects.requireNonNull(format, "stdoutOutput.format");
            Objects.requireNonNull(target, "stdoutOutput.target");
        }
    }

    /**
     * The SLF4J output: each message logged to logger {@code syslog.<tag>} (see {@link Slf4jMapping}).
     *
     * @param selector what goes there
     * @param mapping  logger names, levels and key-value pairs
     * @param loggers  where the loggers come from: SLF4J's bound factory unless set
     */
    public record Slf4jOutput(Selector selector, Slf4jMapping mapping, ILoggerFactory loggers) {
        public Slf4jOutput {
            Objects.requireNonNull(selector, "slf4jOutput.selector");
            Objects.requireNonNull(mapping, "slf4jOutput.mapping");
            Objects.requireNonNull(loggers, "slf4jOutput.loggers");
        }
    }

    /** This host's name as the kernel has it (the container's hostname), or {@code localhost}. */
    static String kernelHostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
            if (!h.isEmpty() && h.length() <= 255 && h.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
                return h;
            }
        } catch (IOException | UncheckedIOException e) {
            // not Linux, or no /proc: fall through
        }
        return "localhost";
    }

    /** Builds a {@link SyslogServerConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private Path socket = Path.of(DEFAULT_SOCKET);
        private int socketMode = 0666;
        private String localHost;
        private ZoneId zone;
        private int maxMessageBytes = ParserConfig.DEFAULT_MAX_MESSAGE_BYTES;
        private final List<FileRoute> fileRoutes = new ArrayList<>();
        private final List<RotationPolicy> fileRotations = new ArrayList<>();
        private final List<LineFormat> fileFormats = new ArrayList<>();
        private StdoutOutput stdout;
        private Selector slf4jSelector;
        private Slf4jMapping slf4jMapping;
        private ILoggerFactory slf4jLoggers;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration queueFullWait = DEFAULT_QUEUE_FULL_WAIT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Path streamSocket;
        private InetSocketAddress udp;
        private InetSocketAddress tcp;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;

        private Builder() {
        }

        /** The socket path; default {@value #DEFAULT_SOCKET}. */
        public Builder socket(Path socket) {
            this.socket = Objects.requireNonNull(socket, "socket");
            return this;
        }

        /** The socket's permission bits; default {@code 0666}. */
        public Builder socketMode(int mode) {
            this.socketMode = mode;
            return this;
        }

        /** The host name of messages without one; default the kernel's host name (the container's). */
        public Builder localHost(String localHost) {
            this.localHost = Objects.requireNonNull(localHost, "localHost");
            return this;
        }

        /** The zone of RFC 3164 timestamps and of file lines; default the JVM's default zone. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The message size limit; see {@link ParserConfig#maxMessageBytes()}. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /** Debian's {@code /var/log/syslog} at {@code file}: everything but auth and authpriv, default rotation. */
        public Builder file(Path file) {
            return file(new FileRoute(file, FileLayouts.DEBIAN_SYSLOG), RotationPolicy.ofDefaults());
        }

        /** A file with its selector and rotation, in the traditional format. */
        public Builder file(FileRoute route, RotationPolicy rotation) {
            return file(route, rotation, null);
        }

        /** A file with its selector, rotation and format ({@code null}: the traditional format in the zone). */
        public Builder file(FileRoute route, RotationPolicy rotation, LineFormat format) {
            fileRoutes.add(Objects.requireNonNull(route, "route"));
            fileRotations.add(Objects.requireNonNull(rotation, "rotation"));
            fileFormats.add(format);
            return this;
        }

        /** Several files, each with the same rotation: {@link FileLayouts#baseimageDocker(Path)}, say. */
        public Builder files(List<FileRoute> routes, RotationPolicy rotation) {
            for (FileRoute r : routes) {
                file(r, rotation);
            }
            return this;
        }

        /** Everything to stdout in {@link StdoutFormat} ({@code daemon.err myprog[15475]: hello}). */
        public Builder stdout() {
            return stdout(Selector.ALL, new StdoutFormat());
        }

        /** The messages of {@code selector} to stdout (file descriptor 1) in {@code format}. */
        public Builder stdout(Selector selector, LineFormat format) {
            return stdout(selector, format, new FileOutputStream(FileDescriptor.out));
        }

        /** The messages of {@code selector} to {@code target} in {@code format}, as the stdout output. */
        public Builder stdout(Selector selector, LineFormat format, OutputStream target) {
            this.stdout = new StdoutOutput(selector, format, target);
            return this;
        }

        /** Everything into the application's SLF4J, with the default mapping. */
        public Builder slf4j() {
            return slf4j(Selector.ALL, Slf4jMapping.ofDefaults());
        }

        /** The messages of {@code selector} into the application's SLF4J, named and levelled by {@code mapping}. */
        public Builder slf4j(Selector selector, Slf4jMapping mapping) {
            return slf4j(selector, mapping, null);
        }

        /** As {@link #slf4j(Selector, Slf4jMapping)}, with loggers from {@code loggers} (null: SLF4J's). */
        public Builder slf4j(Selector selector, Slf4jMapping mapping, ILoggerFactory loggers) {
            this.slf4jSelector = Objects.requireNonNull(selector, "selector");
            this.slf4jMapping = Objects.requireNonNull(mapping, "mapping");
            this.slf4jLoggers = loggers;
            return this;
        }

        /** See {@link SyslogServerConfig#queueCapacity()}. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** See {@link SyslogServerConfig#queueFullWait()}. */
        public Builder queueFullWait(Duration wait) {
            this.queueFullWait = Objects.requireNonNull(wait, "queueFullWait");
            return this;
        }

        /** See {@link SyslogServerConfig#batchSize()}. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** See {@link SyslogServerConfig#streamSocket()}. */
        public Builder streamSocket(Path path) {
            this.streamSocket = Objects.requireNonNull(path, "streamSocket");
            return this;
        }

        /** See {@link SyslogServerConfig#udp()}; port 0 picks a free one ({@link SyslogServer#udpAddress()}). */
        public Builder udp(InetSocketAddress address) {
            this.udp = Objects.requireNonNull(address, "udp");
            return this;
        }

        /** See {@link SyslogServerConfig#tcp()}; port 0 picks a free one ({@link SyslogServer#tcpAddress()}). */
        public Builder tcp(InetSocketAddress address) {
            this.tcp = Objects.requireNonNull(address, "tcp");
            return this;
        }

        /** See {@link SyslogServerConfig#maxConnections()}. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting, the rule and the value when one is invalid
         */
        public SyslogServerConfig build() {
            ZoneId z = zone != null ? zone : ZoneId.systemDefault();
            ParserConfig parser = ParserConfig.builder(localHost != null ? localHost : kernelHostName())
                    .zone(z).maxMessageBytes(maxMessageBytes).build();
            List<FileOutput> files = new ArrayList<>();
            for (int i = 0; i < fileRoutes.size(); i++) {
                LineFormat f = fileFormats.get(i) != null ? fileFormats.get(i) : new TraditionalFormat(z);
                files.add(new FileOutput(fileRoutes.get(i), fileRotations.get(i), f));
            }
            Optional<Slf4jOutput> slf4j = slf4jSelector == null ? Optional.empty()
                    : Optional.of(new Slf4jOutput(slf4jSelector, slf4jMapping,
                            slf4jLoggers != null ? slf4jLoggers : LoggerFactory.getILoggerFactory()));
            return new SyslogServerConfig(socket, socketMode, parser, files, Optional.ofNullable(stdout), slf4j,
                    queueCapacity, queueFullWait, batchSize, Optional.ofNullable(streamSocket),
                    Optional.ofNullable(udp), Optional.ofNullable(tcp), maxConnections);
        }
    }
}
