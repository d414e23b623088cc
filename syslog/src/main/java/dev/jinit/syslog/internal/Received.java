package dev.jinit.syslog.internal;

import dev.jinit.syslog.Facility;
import dev.jinit.syslog.Severity;
import dev.jinit.syslog.StructuredData;
import dev.jinit.syslog.SyslogMessage;
import dev.jinit.syslog.SyslogMessage.Flag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;

/**
 * What the receiver knows about one datagram beyond its bytes: when it came, the local host name and zone to fill
 * in, and whether it was cut. Builds the messages the format parsers return. This is an internal class.
 *
 * @param received  when it was received
 * @param localHost the host name for messages without one
 * @param zone      the zone of RFC 3164 timestamps and of the receive time
 * @param truncated whether the datagram was cut at the limit
 */
public record Received(Instant received, String localHost, ZoneId zone, boolean truncated) {

    /** The receive time in the receiver's zone: the timestamp of a message without one. */
    public OffsetDateTime receiveTime() {
        return OffsetDateTime.ofInstant(received, zone);
    }

    /** Flags to start from: {@link Flag#TRUNCATED} if the datagram was cut. */
    public EnumSet<Flag> flags() {
        EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        if (truncated) {
            flags.add(Flag.TRUNCATED);
        }
        return flags;
    }

    /** The whole of {@code b[from, to)} as the message of a user.notice, nothing parsed. */
    public SyslogMessage unparsed(byte[] b, int from, int to) {
        EnumSet<Flag> flags = flags();
        flags.add(Flag.UNPARSED);
        flags.add(Flag.NO_TIMESTAMP);
        flags.add(Flag.NO_HOSTNAME);
        return new SyslogMessage(Facility.USER, Severity.NOTICE, receiveTime(), localHost, Optional.empty(),
                Optional.empty(), Optional.empty(), StructuredData.EMPTY, Utf8Text.decode(b, from, to), flags);
    }
}
