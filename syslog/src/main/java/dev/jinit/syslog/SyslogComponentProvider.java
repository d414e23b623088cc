package dev.jinit.syslog;

import dev.jinit.core.UnixDatagramServer;
import dev.jinit.core.UnixDatagramServer.PathState;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentProvider;
import dev.jinit.spi.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers syslog to {@link dev.jinit.Init#run()}: a server on {@code /dev/log} (under the init's root,
 * {@link Context#path(String)}) whose messages go into the
 * application's SLF4J (logger {@code syslog.<tag>}), when {@code /dev/log} is free — absent or a stale socket —
 * and its directory writable. Nothing when another daemon owns {@code /dev/log} (systemd-journald on a host, a
 * bind-mounted socket in a container) or the system property {@code jinit.syslog} is {@code false}. Order 10: after
 * the reaper, before the supervisor and cron, so it stops after them.
 */
public final class SyslogComponentProvider implements ComponentProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogComponentProvider.class);

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Optional<Component> createDefault(Context context) {
        // under the init's root (-Djinit.root), like every default path
        return createDefault(context.path(SyslogServerConfig.DEFAULT_SOCKET), System.getProperty("jinit.syslog", "true"));
    }

    static Optional<Component> createDefault(Path socket, String enabled) {
        if ("false".equalsIgnoreCase(enabled)) {
            LOG.debug("syslog - off (jinit.syslog=false)");
            return Optional.empty();
        }
        PathState state;
        try {
            state = UnixDatagramServer.probe(socket);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("syslog - cannot tell whether {} is free ({}); not starting syslog", socket, e.toString());
            return Optional.empty();
        }
        Path dir = socket.toAbsolutePath().getParent();
        if ((state == PathState.ABSENT || state == PathState.STALE_SOCKET) && dir != null && Files.isWritable(dir)) {
            return Optional.of(SyslogServer.create(SyslogServerConfig.builder().socket(socket).slf4j().build()));
        }
        LOG.debug("syslog - not starting: {} is {}{}", socket, state,
                dir != null && !Files.isWritable(dir) ? " and its directory is not writable" : "");
        return Optional.empty();
    }
}
