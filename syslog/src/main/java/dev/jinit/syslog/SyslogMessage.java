package dev.jinit.syslog;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One syslog message, as {@link SyslogParser} reads it from a datagram and the outputs write it.
 *
 * <p>Every field is present after parsing: a message without a timestamp gets the time it was received
 * ({@link Flag#NO_TIMESTAMP}), one without a hostname the local host name ({@link Flag#NO_HOSTNAME}). The text
 * fields the parser fills never hold a control character or a byte that is not UTF-8: those are escaped on receipt,
 * {@code #} and three octal digits per byte as rsyslog does ({@code #012} for LF), so one message is one line. Values
 * built by other code may hold anything; the formats escape again on output. Immutable.
 *
 * @param facility        never null
 * @param severity        never null
 * @param timestamp       when the sender says it logged, with the offset it used or the receiver's zone for an
 *                        RFC 3164 timestamp (which has none); never null
 * @param hostname        the sender's HOSTNAME, else the local host name; never null
 * @param appName         the TAG (RFC 3164, {@code myprog} of {@code myprog[15475]:}) or APP-NAME (RFC 5424); empty
 *                        when the message has none
 * @param procId          the pid of {@code myprog[15475]:}, or PROCID (RFC 5424, not always a number); may be empty
 * @param msgId           RFC 5424 MSGID; empty for RFC 3164 and for {@code -}
 * @param structuredData  RFC 5424 STRUCTURED-DATA; {@link StructuredData#EMPTY} for RFC 3164
 * @param message         the free-form text (MSG, or CONTENT after the TAG); may be empty, never null
 * @param flags           how the message was read; never null
 */
public record SyslogMessage(Facility facility, Severity severity, OffsetDateTime timestamp, String hostname,
                            Optional<String> appName, Optional<String> procId, Optional<String> msgId,
                            StructuredData structuredData, String message, Set<Flag> flags) {

    /** How a message was read. */
    public enum Flag {
        /** It was longer than the parser's limit and was cut there (or the socket cut the datagram). */
        TRUNCATED,
        /** It had no valid PRI: the whole datagram is the message, as user.notice, nothing else parsed. */
        UNPARSED,
        /** It had no timestamp the parser recognised: {@code timestamp} is the time it was received. */
        NO_TIMESTAMP,
        /** It had no hostname: {@code hostname} is the local host name. */
        NO_HOSTNAME,
        /** It was an RFC 5424 message ({@code <PRI>1 …}); otherwise RFC 3164 or unparsed. */
        RFC5424
    }

    public SyslogMessage {
        Objects.requireNonNull(facility, "message.facility");
        Objects.requireNonNull(severity, "message.severity");
        Objects.requireNonNull(timestamp, "message.timestamp");
        Objects.requireNonNull(hostname, "message.hostname");
        Objects.requireNonNull(appName, "message.appName");
        Objects.requireNonNull(procId, "message.procId");
        Objects.requireNonNull(msgId, "message.msgId");
        Objects.requireNonNull(structuredData, "message.structuredData");
        Objects.requireNonNull(message, "message.message");
        Objects.requireNonNull(flags, "message.flags");
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /**
     * A plain message as an application would log it: no pid, no MSGID, no structured data, no flags.
     *
     * @param appName the tag; empty string for none
     */
    public static SyslogMessage of(Priority priority, OffsetDateTime timestamp, String hostname, String appName,
                                   String message) {
        return new SyslogMessage(priority.facility(), priority.severity(), timestamp, hostname,
                appName.isEmpty() ? Optional.empty() : Optional.of(appName), Optional.empty(), Optional.empty(),
                StructuredData.EMPTY, message, Set.of());
    }

    /** The facility and severity together. */
    public Priority priority() {
        return new Priority(facility, severity);
    }

    /** Whether this flag is set. */
    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /**
     * This message with one more flag: a listener marks {@link Flag#TRUNCATED} when the socket cut the datagram
     * ({@code MSG_TRUNC}), which the parser cannot see.
     */
    public SyslogMessage withFlag(Flag flag) {
        if (flags.contains(flag)) {
            return this;
        }
        EnumSet<Flag> more = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        more.add(flag);
        return new SyslogMessage(facility, severity, timestamp, hostname, appName, procId, msgId, structuredData,
                message, more);
    }
}
