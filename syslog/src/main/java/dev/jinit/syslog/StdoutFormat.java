package dev.jinit.syslog;

import dev.jinit.syslog.internal.Utf8Text;

/**
 * The line written to stdout, for {@code docker logs}: {@code FACILITY.SEVERITY TAG[PID]: MSG}.
 *
 * <pre>
 * daemon.err myprog[15475]: hello 42
 * user.notice root: x
 * user.notice python SysLogHandler msg
 * </pre>
 *
 * No timestamp and no hostname: the container runtime stamps every line it captures ({@code docker logs -t}) and
 * the host is the container. The priority in front lets {@code grep '^auth'} or a log shipper tell errors apart,
 * and marks the line as coming from syslog among the application's own output. The tag as in
 * {@link TraditionalFormat}. For the file's format on stdout too (as baseimage-docker's syslog-ng does), use a
 * {@link TraditionalFormat}. Immutable and thread-safe.
 */
public record StdoutFormat() implements LineFormat {

    @Override
    public void appendTo(StringBuilder out, SyslogMessage m) {
        out.append(m.facility().keyword()).append('.').append(m.severity().keyword()).append(' ');
        TraditionalFormat.appendTag(out, m);
        Utf8Text.appendEscaped(out, m.message());
    }
}
