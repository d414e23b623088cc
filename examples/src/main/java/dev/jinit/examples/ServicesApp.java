package dev.jinit.examples;

import dev.jinit.Init;
import dev.jinit.cron.CronDaemon;
import dev.jinit.cron.CronJobSource;
import dev.jinit.cron.JavaJob;
import dev.jinit.cron.OverlapPolicy;
import dev.jinit.spi.ComponentStatus;
import dev.jinit.spi.Context;
import dev.jinit.supervisor.ServiceDefinition;
import dev.jinit.supervisor.ServiceSource;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app that is its container's init through {@link Init#run()}: it supervises a small daemon defined in code, runs
 * cron jobs defined in code, and receives what the daemon logs through syslog as SLF4J events of its own (logger
 * {@code syslog.ticker}).
 *
 * <p>{@code Init.run()} finds everything on the class path: the reaper; syslog on {@code /dev/log}, into SLF4J; the
 * supervisor, because this class is a {@link ServiceSource}; cron, because it is a {@link CronJobSource} (both listed
 * in {@code META-INF/services}). A running component takes more in code too: {@code main} adds a job to cron.
 *
 * <p>In a container the paths are the real ones ({@code /dev/log}, {@code /run/jinit/service/ticker}). On a host, give
 * it a scratch root, where it makes its socket and state, and run it as PID 1:
 *
 * <pre>
 * mkdir -p /tmp/jinit-example/dev
 * unshare --pid --fork --mount-proc java -Djinit.root=/tmp/jinit-example \
 *     -cp "examples/target/app-lib/*:examples/target/classes" dev.jinit.examples.ServicesApp
 * sv status /tmp/jinit-example/run/jinit/service/ticker      # from another shell
 * </pre>
 *
 * TERM stops the daemon (TERM, KILL after 5 s), then cron, then syslog (flushed), and exits 143.
 */
public final class ServicesApp implements ServiceSource, CronJobSource {
    private static final Logger LOG = LoggerFactory.getLogger(ServicesApp.class);

    /** For {@link java.util.ServiceLoader}, which asks this class for its services and jobs. */
    public ServicesApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Init init = Init.run()) {
            init.component(CronDaemon.class).orElseThrow().addJavaJob("greeting", "@reboot", OverlapPolicy.SKIP,
                    () -> LOG.info("cron job 'greeting', added to the running daemon, ran")); // @reboot: runs now
            LOG.info("running as pid {} with {}", ProcessHandle.current().pid(),
                    init.status().stream().map(ComponentStatus::component).toList());
            init.awaitTermination(); // TERM/INT/HUP: supervisor, cron, syslog stop (reverse start order); exit 128+N
        }
    }

    /**
     * The daemon: a shell loop that logs a line through syslog every second, restarted if it dies. On TERM it ends its
     * {@code sleep} too: the supervisor signals the service's pid, as runsv does, not its process group.
     */
    @Override
    public List<ServiceDefinition> services(Context context) {
        return List.of(ServiceDefinition.builder("ticker")
                .command("sh", "-c", "trap 'kill $! 2>/dev/null; exit 0' TERM; i=0; while :; do i=$((i+1)); "
                        + "logger -u \"$LOG_SOCKET\" -t ticker \"tick $i\"; sleep 1 & wait $!; done")
                .env("LOG_SOCKET", context.path("/dev/log").toString()) // /dev/log, under -Djinit.root if given
                .stopTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** The cron jobs: Java code, once at start ({@code @reboot}) and every minute. */
    @Override
    public List<JavaJob> jobs(Context context) {
        return List.of(
                JavaJob.of("hello", "@reboot", OverlapPolicy.SKIP, () -> LOG.info("cron job 'hello' ran at start")),
                JavaJob.of("minutely", "* * * * *", OverlapPolicy.SKIP, () -> LOG.info("cron job 'minutely' ran")));
    }
}
