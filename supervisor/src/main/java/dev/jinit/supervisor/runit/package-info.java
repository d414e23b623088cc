/**
 * runit 2.1.2's on-disk protocol, byte-exact: the 20-byte {@code supervise/status} ({@link
 * dev.jinit.supervisor.runit.StatusFile}), the {@code stat} and {@code pid} texts, TAI64N stamps, the control command
 * bytes and the lines of {@code sv status}. Pure values and functions; nothing here touches the file system, so the
 * supervisor (which writes the files) and our own {@code sv} client (which reads them) share one definition.
 */
package dev.jinit.supervisor.runit;
