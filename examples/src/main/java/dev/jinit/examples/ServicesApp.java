package dev.jinit.examples;

import dev.jinit.Init;
import dev.jinit.cron.CronConfig;
import dev.jinit.cron.CronDaemon;
import dev.jinit.cron.OverlapPolicy;
import dev.jinit.reaper.Reaper;
import dev.jinit.supervisor.ServiceDefinition;
import dev.jinit.supervisor.Supervisor;
import dev.jinit.syslog.SyslogServer;
import dev.jinit.syslog.SyslogServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app that is its container's init: it supervises a small daemon defined in code, runs a cron job defined in
 * code, and receives what the daemon logs through syslog as SLF4J events of its own ({@code syslog.ticker}).
 *
 * <p>Everything lives under one directory (first argument, default {@code /tmp/jinit-example}): the syslog socket
 * {@code DIR/log.sock}, the services' {@code supervise/} state {@code DIR/service} (so {@code sv status
 * DIR/service/ticker} works) and cron's root (no crontab files there: only the job in code runs). In an image you
 * would leave the defaults: {@code /dev/log}, {@code /run/jinit/service}, {@code /etc/crontab}. Run it as PID 1:
 *
 * <pre>
 * unshare --pid --fork --mount-proc java -cp "launcher/target/jinit/lib/*:examples/target/classes" \
 *     dev.jinit.examples.ServicesApp /tmp/jinit-example
 * </pre>
 *
 * TERM stops the cron job, then the daemon (TERM, KILL after 5 s), then syslog (flushed), and exits 143.
 */
public final class ServicesApp {
    private static final Logger LOG = LoggerFactory.getLogger(ServicesApp.class);

    private ServicesApp() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/jinit-example").toAbsolutePath();
        Files.createDirectories(dir);
        Path socket = dir.resolve("log.sock");

        // The daemon: a shell loop that logs a line through syslog every second, restarted if it dies.
        ServiceDefinition ticker = ServiceDefinition.builder("ticker")
                .command("sh", "-c", "i=0; while :; do i=$((i+1)); logger -u \"$LOG_SOCKET\" -t ticker \"tick $i\"; sleep 1; done")
                .env("LOG_SOCKET", socket.toString())
                .stopTimeout(Duration.ofSeconds(5))
                .build();

        // The cron job: Java code, once at start (@reboot) and then every minute.
        AtomicInteger runs = new AtomicInteger();
        CronDaemon cron = new CronDaemon(CronConfig.builder().root(dir).build());
        cron.addJavaJob("hello", "@reboot", OverlapPolicy.SKIP,
                () -> LOG.info("cron job 'hello' ran at start (run {})", runs.incrementAndGet()));
        cron.addJavaJob("minutely", "* * * * *", OverlapPolicy.SKIP,
                () -> LOG.info("cron job 'minutely' ran (run {})", runs.incrementAndGet()));

        try (Init init = Init.builder()
                .component(Reaper.ofDefaults())
                .component(SyslogServer.create(SyslogServerConfig.builder().socket(socket).slf4j().build()))
                .component(Supervisor.builder().stateDirectory(dir.resolve("service")).service(ticker).build())
                .component(cron)
                .start()) {
            LOG.info("running as pid {}: ticker supervised, cron jobs scheduled, syslog on {}",
                    ProcessHandle.current().pid(), socket);
            init.awaitTermination(); // TERM/INT/HUP: cron, supervisor, syslog stop in reverse order, then exit 128+N
        }
    }
}
