package dev.jinit.supervisor.internal;

import dev.jinit.supervisor.ServiceEvent;
import dev.jinit.supervisor.runit.StatFile;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Short texts for states and actions, so the table reads like s6's actions[state][event]. */
final class Describe {
    static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    private Describe() {
    }

    /** Seconds after T0, e.g. {@code +1.3}. */
    static String offset(Instant t) {
        BigDecimal s = BigDecimal.valueOf(Duration.between(T0, t).toNanos(), 9).stripTrailingZeros();
        return (s.signum() >= 0 ? "+" : "") + s.toPlainString();
    }

    static Instant at(String seconds) {
        return T0.plusNanos(new BigDecimal(seconds).movePointRight(9).longValueExact());
    }

    /** e.g. {@code run want=down pid=100 term}. */
    static String state(ServiceState s) {
        StringBuilder sb = new StringBuilder(s.state().word());
        sb.append(" want=").append(s.want().name().toLowerCase(Locale.ROOT));
        if (s.pid() != 0) {
            sb.append(" pid=").append(s.pid());
        }
        if (s.paused()) {
            sb.append(" paused");
        }
        if (s.termSent()) {
            sb.append(" term");
        }
        if (s.spawning() != Spawning.NONE) {
            sb.append(" spawning=").append(s.spawning().name().toLowerCase(Locale.ROOT));
        }
        s.startAt().ifPresent(t -> sb.append(" startAt=").append(offset(t)));
        s.stopDeadline().ifPresent(t -> sb.append(" deadline=").append(offset(t)));
        if (s.done()) {
            sb.append(" done");
        }
        return sb.toString();
    }

    /** The actions joined with "; ", or "-" for none. */
    static String actions(List<Action> actions) {
        if (actions.isEmpty()) {
            return "-";
        }
        return actions.stream().map(Describe::action).collect(Collectors.joining("; "));
    }

    static String action(Action a) {
        if (a instanceof Action.WriteStatus w) {
            String stat = StatFile.text(w.status());
            return "status \"" + stat.substring(0, stat.length() - 1) + "\" " + w.status().pid();
        } else if (a instanceof Action.SpawnRun) {
            return "spawn run";
        } else if (a instanceof Action.SpawnFinish f) {
            return "spawn finish " + f.exitCode() + " " + f.signal();
        } else if (a instanceof Action.Kill k) {
            return "kill " + k.pid() + " " + k.signal();
        } else if (a instanceof Action.RunControlScript c) {
            return "control " + c.command() + " " + c.pid();
        } else if (a instanceof Action.ScheduleStart s) {
            return "schedule start " + offset(s.at());
        } else if (a instanceof Action.CancelStart) {
            return "cancel start";
        } else if (a instanceof Action.ScheduleStopTimeout s) {
            return "schedule kill " + offset(s.at());
        } else if (a instanceof Action.ReleaseLogPipe) {
            return "release log pipe";
        } else if (a instanceof Action.Done) {
            return "done";
        } else if (a instanceof Action.Publish p) {
            return "publish " + event(p.event());
        }
        throw new AssertionError(a);
    }

    static String event(ServiceEvent e) {
        if (e instanceof ServiceEvent.Started s) {
            return "started " + s.pid();
        } else if (e instanceof ServiceEvent.StartFailed) {
            return "start failed";
        } else if (e instanceof ServiceEvent.Exited x) {
            return "exited \"" + x.status() + "\"";
        } else if (e instanceof ServiceEvent.Restarting r) {
            return "restarting " + offset(r.at());
        } else if (e instanceof ServiceEvent.FailedPermanently) {
            return "failed permanently";
        }
        throw new AssertionError(e);
    }
}
