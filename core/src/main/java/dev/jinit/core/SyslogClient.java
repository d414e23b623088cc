package dev.jinit.core;

import dev.jinit.core.internal.UnixDatagramSender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends lines to a syslog daemon's unix datagram socket ({@code /dev/log}) as RFC 3164 messages,
 * {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: line}, the format glibc's {@code syslog(3)} sends.
 *
 * <p>It never waits: the socket is non-blocking, so when the daemon's queue is full ({@code EAGAIN}) or there is no
 * daemon (no socket file, or a stale one: {@code ENOENT}, {@code ECONNREFUSED}), the line goes to the fallback
 * instead ({@code TAG[PID]: line}; by default SLF4J's {@code dev.jinit.syslog.fallback} logger at INFO) and is
 * counted. A caller like cron, which must not stall on a slow syslog reader, loses no line and no time. Each send is
 * a {@code sendto} to the path, unconnected, so a syslog daemon that starts or restarts later is used from its first
 * datagram on.
 *
 * <p>Lines longer than {@link Builder#maxLineBytes} (UTF-8) are sent as several messages, split between characters.
 * Thread-safe.
 */
public final class SyslogClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogClient.class);
    private static final Logger FALLBACK = LoggerFactory.getLogger("dev.jinit.syslog.fallback");

    /** The socket glibc logs to. */
    public static final Path DEFAULT_SOCKET = Path.of("/dev/log");
    /** The default split length of a line, in UTF-8 bytes. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8192;
    /** Facility {@code cron} (9). */
    public static final int FACILITY_CRON = 9;
    /** Facility {@code daemon} (3). */
    public static final int FACILITY_DAEMON = 3;
    /** Severity {@code notice} (5). */
    public static final int SEVERITY_NOTICE = 5;
    /** Severity {@code info} (6). */
    public static final int SEVERITY_INFO = 6;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    /** What became of one line. */
    public enum Outcome {
        /** Every part was handed to the socket. */
        SENT,
        /** At least one part went to the fallback: no socket file, or nobody bound to it. */
        NO_DAEMON,
        /** At least one part went to the fallback: the daemon's queue was full. */
        WOULD_BLOCK
    }

    private final Path socket;
    private final InstantSource clock;
    private final ZoneId zone;
    private final int maxLineBytes;
    private final Consumer<String> fallback;
    private final UnixDatagramSender channel;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong wouldBlock = new AtomicLong();
    private volatile boolean down;

    private SyslogClient(Builder b) {
        this.socket = b.socket;
        this.clock = b.clock;
        this.zone = b.zone;
        this.maxLineBytes = b.maxLineBytes;
        this.fallback = b.fallback;
        this.channel = UnixDatagramSender.open(b.socket);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The socket path datagrams are sent to. */
    public Path socket() {
        return socket;
    }

    /** Messages handed to the socket. */
    public long sent() {
        return sent.get();
    }

    /** Messages that went to the fallback instead (for any reason). */
    public long fallbacks() {
        return fallbacks.get();
    }

    /** Of {@link #fallbacks()}, those because the daemon's queue was full. */
    public long wouldBlock() {
        return wouldBlock.get();
    }

    /**
     * Sends {@code line} as one message, or several when it is longer than the limit.
     *
     * @param facility 0–23
     * @param severity 0–7
     * @param tag      the program name; characters other than letters, digits and {@code . _ - /} become {@code _}
     * @param pid      shown in brackets; negative for none
     * @param line     one line; a trailing CR or LF is dropped, inner ones are sent as they are
     * @return {@link Outcome#SENT}, or why some part went to the fallback
     */
    public Outcome send(int facility, int severity, String tag, long pid, String line) {
        if (facility < 0 || facility > 23 || severity < 0 || severity > 7) {
            throw new IllegalArgumentException("facility must be 0-23 and severity 0-7, but were " + facility
                    + " and " + severity);
        }
        String text = stripEnd(Objects.requireNonNull(line, "line"));
        String prefix = tagOf(tag) + (pid >= 0 ? "[" + pid + "]" : "") + ": ";
        Outcome worst = Outcome.SENT;
        for (String part : split(text, maxLineBytes)) {
            Outcome o = sendOne(facility * 8 + severity, prefix, part);
            if (o != Outcome.SENT) {
                worst = o;
            }
        }
        return worst;
    }

    private Outcome sendOne(int pri, String prefix, String part) {
        String header = "<" + pri + ">" + STAMP.format(ZonedDateTime.ofInstant(clock.instant(), zone)) + " ";
        int errno = channel.send((header + prefix + part).getBytes(StandardCharsets.UTF_8));
        if (errno == 0) {
            sent.incrementAndGet();
            if (down) {
                down = false;
                LOG.info("syslog client - {} is back; lines go to it again ({} went elsewhere so far)", socket,
                        fallbacks.get());
            }
            return Outcome.SENT;
        }
        Outcome outcome = errno == Errno.EAGAIN ? Outcome.WOULD_BLOCK : Outcome.NO_DAEMON;
        if (outcome == Outcome.WOULD_BLOCK) {
            wouldBlock.incrementAndGet();
        } else if (!down) {
            down = true;
            LOG.warn("syslog client - cannot send to {} ({}); lines go to the fallback until a syslog daemon "
                    + "listens there", socket, channel.describe(errno));
        }
        fallbacks.incrementAndGet();
        fallback.accept(prefix + part);
        return outcome;
    }

    /**
     * {@code tag} as it is sent: RFC 3164 allows no spaces, colons or brackets and at most 32 characters, so others
     * than letters, digits and {@code . _ - /} become {@code _} and the rest is cut; {@code -} for an empty tag.
     */
    public static String tagOf(String tag) {
        StringBuilder b = new StringBuilder(Math.min(32, tag.length()));
        for (int i = 0; i < tag.length() && b.length() < 32; i++) {
            char c = tag.charAt(i);
            b.append(c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '/')
                    ? c : '_');
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    private static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * {@code text} in parts of at most {@code maxBytes} UTF-8 bytes, cut between code points; one empty part for an
     * empty text.
     */
    static java.util.List<String> split(String text, int maxBytes) {
        java.util.List<String> parts = new java.util.ArrayList<>(1);
        int start = 0;
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes && i > start) {
                parts.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** Closes the socket. Idempotent. */
    @Override
    public void close() {
        channel.close();
    }

    /** Builds a {@link SyslogClient}; every setter checks its argument. */
    public static final class Builder {
        private Path socket = DEFAULT_SOCKET;
        private InstantSource clock = InstantSource.system();
        private ZoneId zone = ZoneId.systemDefault();
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private Consumer<String> fallback = s -> FALLBACK.info("{}", s);

        private Builder() {
        }

        /** The daemon's socket (default {@code /dev/log}); it need not exist yet. */
        public Builder socket(Path socket) {
            this.socket = Objects.requireNonNull(socket, "socket");
            return this;
        }

        /** The clock of the timestamps (default the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The zone of the timestamps (default the system's: RFC 3164 stamps are local time). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The longest message text in UTF-8 bytes, longer lines are split: 64 bytes to 64 KiB (default 8 KiB). */
        public Builder maxLineBytes(int bytes) {
            if (bytes < 64 || bytes > 65536) {
                throw new IllegalArgumentException("maxLineBytes must be between 64 and 65536, but was " + bytes);
            }
            this.maxLineBytes = bytes;
            return this;
        }

        /**
         * What gets {@code TAG[PID]: line} when the socket cannot take it (default: SLF4J's
         * {@code dev.jinit.syslog.fallback} at INFO). Called on the sending thread; must not block.
         */
        public Builder fallback(Consumer<String> fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /**
         * Opens the client's socket (not connected to anything yet).
         *
         * @throws NativeException          when no unix datagram socket can be made
         * @throws IllegalArgumentException when the socket path is longer than a unix socket address allows
         */
        public SyslogClient build() {
            return new SyslogClient(this);
        }
    }
}
