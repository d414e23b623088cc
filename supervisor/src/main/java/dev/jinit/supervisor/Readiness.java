package dev.jinit.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the supervisor learns that a started service is ready, which is when services that depend on it start.
 * runit has no such notion ({@code sv}'s optional {@code ./check} is the nearest); these follow s6 and systemd.
 */
public sealed interface Readiness
        permits Readiness.Immediate, Readiness.CheckCommand, Readiness.TcpPort, Readiness.NotificationFd {

    /** Ready as soon as it has started: runit's behaviour, and the default. */
    record Immediate() implements Readiness {
    }

    /**
     * Ready once {@code command} exits 0; tried every {@code interval}, each try given {@code timeout}.
     *
     * @param command  argv of the check, as for {@link Program.Command}
     * @param interval greater than 0
     * @param timeout  greater than 0
     */
    record CheckCommand(List<String> command, Duration interval, Duration timeout) implements Readiness {
        public CheckCommand {
            command = new Program.Command(command).argv();
            positive("readiness.interval", interval);
            positive("readiness.timeout", timeout);
        }
    }

    /**
     * Ready once a TCP connection to {@code host:port} succeeds; tried every {@code interval}, each try given
     * {@code timeout}.
     *
     * @param host     non-empty, e.g. {@code 127.0.0.1}
     * @param port     1–65535
     * @param interval greater than 0
     * @param timeout  greater than 0
     */
    record TcpPort(String host, int port, Duration interval, Duration timeout) implements Readiness {
        public TcpPort {
            Objects.requireNonNull(host, "readiness.host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("readiness.host must not be blank, but was '" + host + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("readiness.port must be 1-65535, but was " + port);
            }
            positive("readiness.interval", interval);
            positive("readiness.timeout", timeout);
        }
    }

    /**
     * Ready when the service writes a newline to file descriptor {@code fd}, s6's {@code notification-fd}: the
     * supervisor passes the write end of a pipe as that fd.
     *
     * @param fd 3 or more (0–2 are the service's stdio)
     */
    record NotificationFd(int fd) implements Readiness {
        public NotificationFd {
            if (fd < 3) {
                throw new IllegalArgumentException("readiness.fd must be >= 3 (0-2 are stdin, stdout, stderr), "
                        + "but was " + fd);
            }
        }
    }

    /** Default interval between tries of a check command or a TCP connect. */
    Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
    /** Default time one try may take. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    static Readiness immediate() {
        return new Immediate();
    }

    static Readiness checkCommand(String... command) {
        return new CheckCommand(List.of(command), DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
    }

    static Readiness tcpPort(int port) {
        return new TcpPort("127.0.0.1", port, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
    }

    static Readiness notificationFd(int fd) {
        return new NotificationFd(fd);
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be greater than 0, but was " + d);
        }
    }
}
