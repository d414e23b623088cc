package dev.jinit.launcher;

import dev.jinit.cron.CronDaemon;
import dev.jinit.cron.JobInfo;
import dev.jinit.supervisor.runit.SvStatus;
import dev.jinit.syslog.SyslogServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code jinit status} shows for the supervisor, cron and syslog while those components report nothing
 * themselves ({@code Component#status()} is new; the modules fill it in one by one): read through their public APIs.
 * A component's own lines always win; these only fill an empty status.
 */
final class StatusLines {
    private StatusLines() {
    }

    /** {@code sv status} of every service directory in {@code dir}, in name order (no runsv: "not supervised"). */
    static List<String> services(Path dir, Instant now) {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(dir)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of("cannot list " + dir + ": " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        for (Path d : dirs) {
            String name = d.getFileName().toString();
            if (name.startsWith(".")) {
                continue; // runsvdir ignores these
            }
            Optional<SvStatus.Part> service = part(d);
            if (service.isEmpty()) {
                out.add("down: " + name + ": not supervised yet");
                continue;
            }
            Optional<SvStatus.Part> log = Files.isDirectory(d.resolve("log")) ? part(d.resolve("log")) : Optional.empty();
            out.add(SvStatus.output(name, service.get(), log, now).strip());
        }
        return out;
    }

    private static Optional<SvStatus.Part> part(Path d) {
        try {
            byte[] status = Files.readAllBytes(d.resolve("supervise/status"));
            return status.length == 20 ? Optional.of(new SvStatus.Part(status, Files.exists(d.resolve("down"))))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One line per cron job: its id, its next run (UTC) and what it runs. */
    static List<String> cron(CronDaemon cron) {
        List<String> out = new ArrayList<>();
        for (JobInfo j : cron.jobs()) {
            out.add(j.id() + ": next " + j.next().map(Instant::toString).orElse(j.schedule().isReboot() ? "never (@reboot)"
                    : "never") + (j.running() > 0 ? ", running " + j.running() : "") + ", " + j.user().map(u -> "(" + u
                    + ") ").orElse("") + j.description().replace('\n', ' ').replace('\r', ' '));
        }
        return out;
    }

    /** syslog's counters. */
    static List<String> syslog(SyslogServer server) {
        SyslogServer.Stats s = server.stats();
        return List.of("received " + s.received() + ", written " + s.written() + ", dropped " + s.dropped()
                + ", output errors " + s.outputErrors());
    }
}
