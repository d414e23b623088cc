package dev.jinit.launcher;

import dev.jinit.core.UnixDatagramServer;
import dev.jinit.syslog.FileLayouts;
import dev.jinit.syslog.RotationPolicy;
import dev.jinit.syslog.SyslogServer;
import dev.jinit.syslog.SyslogServerConfig;
import dev.jinit.syslog.TraditionalFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's syslog, as baseimage-docker's syslog-ng: {@code /dev/log}, the files of its layout in
 * {@code /var/log} ({@code syslog}, {@code auth.log}, {@code cron.log}, ...) and what goes to {@code syslog} also on
 * stdout, so {@code docker logs} shows it.
 */
final class LauncherSyslog {
    private static final Logger LOG = LoggerFactory.getLogger(LauncherSyslog.class);

    private LauncherSyslog() {
    }

    /** The server, or empty (with a log line) when another daemon owns the socket or its path is not a socket. */
    static Optional<SyslogServer> create(Path socket, Path logDir, boolean toStdout) throws IOException {
        UnixDatagramServer.PathState state = UnixDatagramServer.probe(socket);
        if (state == UnixDatagramServer.PathState.LIVE_SOCKET) {
            LOG.warn("my_init - {} is served by another syslog daemon; not starting jinit's", socket);
            return Optional.empty();
        }
        if (state == UnixDatagramServer.PathState.OTHER) {
            LOG.warn("my_init - {} exists and is not a socket; not starting syslog (remove it, or use --syslog-socket)",
                    socket);
            return Optional.empty();
        }
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.createDirectories(logDir);
        SyslogServerConfig.Builder b = SyslogServerConfig.builder().socket(socket)
                .files(FileLayouts.baseimageDocker(logDir), RotationPolicy.ofDefaults());
        if (toStdout) {
            b.stdout(FileLayouts.BASEIMAGE_DOCKER_SYSLOG, new TraditionalFormat(ZoneId.systemDefault()));
        }
        return Optional.of(SyslogServer.create(b.build()));
    }
}
