/**
 * jinit's syslog: what every process in the container logs to {@code /dev/log}, read and written to files, stdout
 * and the application's own SLF4J logging.
 *
 * <p>This package holds the pure part, tested without root, sockets or natives:
 * {@link dev.jinit.syslog.SyslogParser} (datagram to {@link dev.jinit.syslog.SyslogMessage}, configured by
 * {@link dev.jinit.syslog.ParserConfig}); the line formats {@link dev.jinit.syslog.TraditionalFormat} (Debian's
 * {@code /var/log/syslog}) and {@link dev.jinit.syslog.StdoutFormat}; {@link dev.jinit.syslog.Slf4jMapping} to SLF4J
 * events; {@link dev.jinit.syslog.Selector} filters and {@link dev.jinit.syslog.FileLayouts}; and
 * {@link dev.jinit.syslog.RotationPolicy}. {@code internal} holds the RFC 3164 and RFC 5424 readers and the
 * escaping.
 *
 * <p>The server: {@link dev.jinit.syslog.SyslogServer} (a {@link dev.jinit.spi.Component}) configured by
 * {@link dev.jinit.syslog.SyslogServerConfig}, reading a unix datagram socket through core's
 * {@link dev.jinit.core.UnixDatagramServer}; {@link dev.jinit.syslog.SyslogComponentProvider} offers it to
 * {@code Init.run()}; {@link dev.jinit.syslog.SyslogMain} is {@code jinit syslog}. {@code internal} holds its
 * receiving and writing loops, the queue between them and the outputs.
 */
package dev.jinit.syslog;
