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

    /** The socket's mode, as syslog-ng's and rsyslog's {@code /dev/log}. */
    private static final int MODE = 0666;

    private LauncherSyslog() {
    }

    /**
     * The socket, bound (mode 0666: any user may log) first of all, before the server is made: what a process
     * started from now on sends waits in the kernel's queue until the server runs. Empty (with a log line) when
     * another daemon owns the socket or its path is not a socket.
     *
     * @throws dev.jinit.core.NativeException when binding fails
     */
    static Optional<UnixDatagramServer> bind(Path socket) throws IOException {
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
        return Optional.of(UnixDatagramServer.open(socket, MODE));
    }

    /** The server on {@code bound}, not started, writing to the files in {@code logDir} (made here) and stdout. */
    static SyslogServer server(UnixDatagramServer bound, Path logDir, boolean toStdout) throws IOException {
        Files.createDirectories(logDir);
        SyslogServerConfig.Builder b = SyslogServerConfig.builder().socket(bound.path()).socketMode(MODE)
                .files(FileLayouts.baseimageDocker(logDir), RotationPolicy.ofDefaults());
        if (toStdout) {
            b.stdout(FileLayouts.BASEIMAGE_DOCKER_SYSLOG, new TraditionalFormat(ZoneId.systemDefault()));
        }
        return SyslogServer.create(b.build(), bound);
    }
}
