package dev.jinit.syslog;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How {@link SyslogParser} fills in and cuts messages. Immutable; a built config is always valid.
 *
 * @param localHost       the host name of messages that carry none (local clients never do): 1–255 printable
 *                        ASCII characters, no space; required
 * @param zone            the zone of RFC 3164 timestamps, which carry none (glibc writes local time); the JVM's
 *                        default zone unless set
 * @param maxMessageBytes the limit: a datagram longer than this, after its trailing NUL/LF/CR are stripped, is cut
 *                        to it and marked {@link SyslogMessage.Flag#TRUNCATED}; {@value #MIN_MAX_MESSAGE_BYTES}
 *                        (what RFC 5424 receivers must accept) to {@value #MAX_MAX_MESSAGE_BYTES};
 *                        {@value #DEFAULT_MAX_MESSAGE_BYTES} (rsyslog's {@code maxMessageSize}) unless set
 */
public record ParserConfig(String localHost, ZoneId zone, int maxMessageBytes) {

    /** rsyslog's default {@code maxMessageSize}, 8 KiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8192;
    /** RFC 5424 6.1: receivers must accept 480 octets. */
    public static final int MIN_MAX_MESSAGE_BYTES = 480;
    /** 1 MiB: larger than any unix datagram the kernel passes with default buffers (about 208 KiB). */
    public static final int MAX_MAX_MESSAGE_BYTES = 1 << 20;

    public ParserConfig {
        Objects.requireNonNull(localHost, "parserConfig.localHost");
        Objects.requireNonNull(zone, "parserConfig.zone");
        if (localHost.isEmpty() || localHost.length() > 255 || !localHost.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("parserConfig.localHost must be 1-255 printable ASCII characters "
                    + "without spaces, but was \"" + localHost + "\"");
        }
        if (maxMessageBytes < MIN_MAX_MESSAGE_BYTES || maxMessageBytes > MAX_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("parserConfig.maxMessageBytes must be between " + MIN_MAX_MESSAGE_BYTES
                    + " and " + MAX_MAX_MESSAGE_BYTES + ", but was " + maxMessageBytes);
        }
    }

    /** A builder with the defaults, for messages from {@code localHost}. */
    public static Builder builder(String localHost) {
        return new Builder(localHost);
    }

    /** Builds a {@link ParserConfig}. Not thread-safe. */
    public static final class Builder {
        private final String localHost;
        private ZoneId zone;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

        private Builder(String localHost) {
            this.localHost = localHost;
        }

        /** The zone of RFC 3164 timestamps; default the JVM's default zone at {@link #build()}. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The limit in bytes; default {@value ParserConfig#DEFAULT_MAX_MESSAGE_BYTES}. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /**
         * The config.
         *
         * @throws IllegalArgumentException naming the field, the rule and the value, if one is out of range
         */
        public ParserConfig build() {
            return new ParserConfig(localHost, zone == null ? ZoneId.systemDefault() : zone, maxMessageBytes);
        }
    }
}
