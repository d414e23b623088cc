package dev.jinit.supervisor.internal;

import dev.jinit.core.ExitStatus;
import dev.jinit.core.Signal;
import dev.jinit.supervisor.RestartPolicy;
import dev.jinit.supervisor.ServiceEvent;
import dev.jinit.supervisor.runit.ControlCommand;
import dev.jinit.supervisor.runit.RunState;
import dev.jinit.supervisor.runit.Tai64n;
import dev.jinit.supervisor.runit.Want;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state machine of one supervised service, as runit 2.1.2's runsv behaves: {@code transition(state, event, now)}
 * gives the new state and the actions to take. Pure: no clock (time comes in as {@code now}), no processes, no
 * files; the driver executes the {@link Action}s and feeds back {@link Event}s.
 *
 * <p>The methods of the private {@code Step} class carry runsv's names ({@code ctrl}, {@code stopservice},
 * {@code startservice}, the reap branch of its main loop) and follow its code line by line, so the two can be read
 * side by side. Where jinit differs, the comment says so:
 *
 * <ul>
 *   <li>runsv {@code sleep(1)}s after a run shorter than 1 s, blocking its control FIFO; here a start is scheduled
 *       ({@link Action.ScheduleStart}) and commands are applied at once. A {@code u} or {@code o} in that second
 *       starts the service when the second is over, as runsv would; a {@code d} or {@code x} cancels a pending
 *       start.</li>
 *   <li>{@code u} or {@code o} after {@code k} but before the killed process is reaped: runsv TERMs the dying process
 *       and starts a second {@code ./run} at once, forgetting the first; here the start waits for the reap.</li>
 *   <li>jinit's additions, absent from runsv: the restart policy's backoff and failure limit, a configurable stop
 *       signal, and {@link Event.Shutdown} with a KILL after the stop timeout (after which {@code u} and
 *       {@code o} are ignored).</li>
 * </ul>
 *
 * runsv's quirks are kept: {@code k} makes the state down before the process is reaped (so {@code k} with want exit
 * ends supervision at once), {@code k} during {@code ./finish} makes {@code ./finish} run again when it exits, and
 * {@code p} marks even a down service paused.
 *
 * <p>Immutable and thread-safe; states are values. This is an internal class.
 */
public final class ServiceMachine {
    private final MachineConfig config;

    public ServiceMachine(MachineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public MachineConfig config() {
        return config;
    }

    /**
     * Supervision starts at {@code now}: the status is written and, unless the service has a {@code down} file, it
     * is started (runsv's start-up, then the top of its main loop).
     */
    public Transition begin(boolean downFile, Instant now) {
        ServiceState initial = new ServiceState(RunState.DOWN, downFile ? Want.DOWN : Want.UP, 0, false, false,
                Tai64n.runsvStamp(now), now, Spawning.NONE, false, RestartHistory.EMPTY, now, Optional.empty(),
                Optional.empty(), false);
        Step s = new Step(initial, now);
        s.writeStatus();
        if (s.want == Want.UP) {
            s.startService();
        }
        return s.result();
    }

    /**
     * Which control script decides the outcome of {@code event} in {@code state}: runsv runs {@code control/<c>}
     * synchronously and, when it exits 0, does not send the signal. The driver runs that script (if it exists and is
     * executable, with the pid as argument) before calling {@link #transition} and passes {@code overridden}. Empty
     * when runsv would consult none: a log service, a command that sends no signal, or a service not running.
     */
    public Optional<Character> overrideFor(ServiceState state, Event event) {
        if (config.log() || state.done() || state.spawning() != Spawning.NONE || state.state() != RunState.RUN) {
            return Optional.empty();
        }
        if (event instanceof Event.Shutdown) {
            return Optional.of('t');
        }
        if (!(event instanceof Event.Control c)) {
            return Optional.empty();
        }
        return ControlCommand.of(c.value()).flatMap(cmd -> switch (cmd) {
            // stopservice(): "if (s->pid && ! custom(s, 't'))"
            case DOWN, EXIT, TERM -> Optional.of('t');
            case UP, ONCE -> Optional.empty();
            default -> Optional.of(cmd.code());
        });
    }

    /**
     * Applies {@code event} at {@code now}.
     *
     * @throws IllegalStateException when a spawn is pending and {@code event} does not report it, or when it reports
     *                               a spawn that was not asked for: both are driver bugs
     */
    public Transition transition(ServiceState state, Event event, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(now, "now");
        if (state.done()) {
            return new Transition(state, List.of());
        }
        boolean reportsSpawn = event instanceof Event.Spawned || event instanceof Event.SpawnFailed;
        if (state.spawning() != Spawning.NONE && !reportsSpawn) {
            throw new IllegalStateException("a spawn of " + state.spawning() + " is pending: report Spawned or "
                    + "SpawnFailed before " + event);
        }
        if (state.spawning() == Spawning.NONE && reportsSpawn) {
            throw new IllegalStateException("no spawn is pending, but got " + event);
        }
        boolean overridden = overrideFor(state, event).isPresent()
                && (event instanceof Event.Control c ? c.overridden()
                : event instanceof Event.Shutdown sd && sd.overridden());

        Step s = new Step(state, now);
        if (event instanceof Event.Spawned e) {
            s.spawned(e.pid());
        } else if (event instanceof Event.SpawnFailed e) {
            s.spawnFailed(e.reason(), e.finishPresent());
        } else if (event instanceof Event.Exited e) {
            if (e.pid() == 0 || e.pid() != state.pid()) {
                return new Transition(state, List.of()); // not ours any more (runsv: "if (child == svd[0].pid)")
            }
            s.reaped(e.status(), e.finishPresent(), true);
        } else if (event instanceof Event.Control e) {
            Optional<ControlCommand> cmd = ControlCommand.of(e.value());
            if (cmd.isEmpty()) {
                return new Transition(state, List.of()); // runsv's ctrl() has no default branch
            }
            s.ctrl(cmd.get(), overridden);
        } else if (event instanceof Event.RestartDue) {
            s.restartDue();
        } else if (event instanceof Event.Shutdown sd) {
            s.shutdown(overridden, sd.killBy());
        } else if (event instanceof Event.StopTimeoutElapsed) {
            s.stopTimeoutElapsed();
        }
        s.checkExit();
        return s.result();
    }

    /** One transition being worked out: a mutable copy of the state plus the actions so far. */
    private final class Step {
        private final Instant now;
        private final List<Action> actions = new ArrayList<>();
        private RunState state;
        private Want want;
        private long pid;
        private boolean paused;
        private boolean termSent;
        private Instant stamp;
        private Instant lastStart;
        private Spawning spawning;
        private boolean lastRunFailed;
        private RestartHistory history;
        private Instant floorUntil;
        private Optional<Instant> startAt;
        private Optional<Instant> stopDeadline;
        private boolean done;

        Step(ServiceState s, Instant now) {
            this.now = now;
            state = s.state();
            want = s.want();
            pid = s.pid();
            paused = s.paused();
            termSent = s.termSent();
            stamp = s.stamp();
            lastStart = s.lastStart();
            spawning = s.spawning();
            lastRunFailed = s.lastRunFailed();
            history = s.history();
            floorUntil = s.floorUntil();
            startAt = s.startAt();
            stopDeadline = s.stopDeadline();
            done = s.done();
        }

        Transition result() {
            return new Transition(new ServiceState(state, want, pid, paused, termSent, stamp, lastStart, spawning,
                    lastRunFailed, history, floorUntil, startAt, stopDeadline, done), actions);
        }

        void writeStatus() {
            actions.add(new Action.WriteStatus(new ServiceState(state, want, pid, paused, termSent, stamp, lastStart,
                    spawning, lastRunFailed, history, floorUntil, startAt, stopDeadline, done).status()));
        }

        void kill(Signal signal) {
            if (pid != 0) { // kill(0, ...) would signal our own process group
                actions.add(new Action.Kill(pid, signal));
            }
        }

        /** runsv's custom() when its result is ignored; a log service has no control scripts. */
        void controlScript(char c) {
            if (!config.log()) {
                actions.add(new Action.RunControlScript(c, pid));
            }
        }

        void publish(ServiceEvent e) {
            actions.add(new Action.Publish(e));
        }

        void cancelStart() {
            if (startAt.isPresent()) {
                startAt = Optional.empty();
                actions.add(new Action.CancelStart());
            }
        }

        /** runsv's ctrl(). */
        void ctrl(ControlCommand c, boolean overridden) {
            switch (c) {
                case DOWN -> {
                    want = Want.DOWN;
                    cancelStart();
                    writeStatus();
                    if (state == RunState.RUN) {
                        stopService(overridden);
                    }
                }
                case UP -> {
                    if (shuttingDown()) {
                        return;
                    }
                    want = Want.UP;
                    writeStatus();
                    if (state == RunState.DOWN) {
                        requestStart();
                    }
                }
                case EXIT -> {
                    if (config.log()) {
                        return; // "if (s->islog) break;": a log service stops when its service is gone
                    }
                    want = Want.EXIT;
                    cancelStart();
                    writeStatus();
                    if (state == RunState.RUN) {
                        stopService(overridden);
                    }
                }
                case TERM -> {
                    if (state == RunState.RUN) {
                        stopService(overridden);
                    }
                }
                case KILL -> {
                    if (state == RunState.RUN && !overridden) {
                        kill(Signal.KILL);
                    }
                    // runsv marks it down at once and writes no status; the pid stays until the reap.
                    state = RunState.DOWN;
                }
                case PAUSE -> {
                    if (state == RunState.RUN && !overridden) {
                        kill(Signal.STOP);
                    }
                    paused = true;
                    writeStatus();
                }
                case CONT -> {
                    if (state == RunState.RUN && !overridden) {
                        kill(Signal.CONT);
                    }
                    paused = false;
                    writeStatus();
                }
                case ONCE -> {
                    if (shuttingDown()) {
                        return;
                    }
                    want = Want.DOWN;
                    writeStatus();
                    if (state == RunState.DOWN) {
                        requestStart();
                    }
                }
                default -> { // h a i q 1 2
                    if (state == RunState.RUN && !overridden) {
                        kill(c.signal().orElseThrow());
                    }
                }
            }
        }

        /**
         * runsv's stopservice(): the stop signal unless control/t overrode it, then CONT and control/d or control/x
         * when the service is wanted down or gone (so {@code t} with want up sends no CONT and leaves a paused
         * process stopped).
         */
        void stopService(boolean overridden) {
            if (pid != 0 && !overridden) {
                kill(config.stopSignal());
                termSent = true;
                writeStatus();
            }
            if (want == Want.DOWN) {
                kill(Signal.CONT);
                controlScript('d');
            } else if (want == Want.EXIT) {
                kill(Signal.CONT);
                controlScript('x');
            }
        }

        /** A start asked for with u or o while down. */
        void requestStart() {
            history = RestartHistory.EMPTY; // asked for explicitly: past failures and their backoff are forgiven
            if (pid != 0) {
                // k was sent and the killed ./run is not reaped yet. runsv would TERM it and start a second one at
                // once; we start when it has been reaped (see reaped() and goDown()).
                startAt = Optional.of(now);
                return;
            }
            Instant at = floorUntil.isAfter(now) ? floorUntil : now;
            if (!at.isAfter(now)) {
                cancelStart();
                startService();
            } else if (!startAt.equals(Optional.of(at))) {
                startAt = Optional.of(at);
                actions.add(new Action.ScheduleStart(at));
            }
        }

        /** runsv's startservice() for ./run: control/u first (its result ignored), then the spawn. */
        void startService() {
            controlScript('u');
            actions.add(new Action.SpawnRun());
            spawning = Spawning.RUN;
        }

        /** runsv's startservice() for ./finish, with its two arguments from the wait status of ./run. */
        void startFinish(ExitStatus status) {
            String code;
            String signal;
            if (status instanceof ExitStatus.Signaled sig) {
                code = "-1";
                signal = Integer.toString(sig.signal() + (sig.coreDumped() ? 128 : 0));
            } else {
                code = Integer.toString(((ExitStatus.Exited) status).code());
                signal = "0";
            }
            actions.add(new Action.SpawnFinish(code, signal));
            spawning = Spawning.FINISH;
        }

        /** The end of runsv's startservice(), after fork() returned the pid. */
        void spawned(long newPid) {
            Spawning what = spawning;
            spawning = Spawning.NONE;
            if (what == Spawning.RUN) { // the stamp is not touched for ./finish
                stamp = Tai64n.runsvStamp(now);
                lastStart = now;
                state = RunState.RUN;
            }
            pid = newPid;
            paused = false; // "s->ctrl = C_NOOP"
            termSent = false;
            writeStatus();
            if (what == Spawning.RUN) {
                publish(new ServiceEvent.Started(newPid));
            }
        }

        void spawnFailed(String reason, boolean finishPresent) {
            Spawning what = spawning;
            spawning = Spawning.NONE;
            paused = false;
            termSent = false;
            pid = 0;
            if (what == Spawning.RUN) {
                // runsv's child exits 111 when execve fails: started now, ended now.
                stamp = Tai64n.runsvStamp(now);
                lastStart = now;
                state = RunState.RUN;
                publish(new ServiceEvent.StartFailed(reason));
                reaped(new ExitStatus.Exited(111), finishPresent, false);
            } else {
                goDown(); // as if ./finish had exited at once
            }
        }

        /** The reap branch of runsv's main loop for the service's pid. */
        void reaped(ExitStatus status, boolean finishPresent, boolean announce) {
            if (state != RunState.FINISH) {
                lastRunFailed = state == RunState.RUN && want == Want.UP && !termSent;
                if (announce) {
                    publish(new ServiceEvent.Exited(status));
                }
            }
            pid = 0;
            termSent = false;
            if (state != RunState.FINISH && !config.log() && finishPresent && !pastStopDeadline()) {
                state = RunState.FINISH;
                writeStatus();
                // At the top of runsv's loop, "pid == 0 and state == finish" starts ./finish at once: no 1-s rule.
                startFinish(status);
                return;
            }
            goDown();
        }

        /** The service is down: runsv stamps and writes the status, then sleep(1)s after a run under 1 s. */
        void goDown() {
            state = RunState.DOWN;
            stamp = Tai64n.runsvStamp(now);
            RestartPolicy policy = config.restartPolicy();
            RestartDecision d = Restarts.decide(policy, history, lastStart, now, lastRunFailed);
            lastRunFailed = false;
            history = d.history();
            floorUntil = d.floor();
            boolean givesUp = d.failedPermanently() && want == Want.UP;
            if (givesUp) {
                want = Want.DOWN; // so `sv up` is sent (sv skips u when the want byte is already u) and revives it
            }
            writeStatus();
            if (givesUp) {
                RestartPolicy.FailureLimit limit = policy.failureLimit().orElseThrow();
                publish(new ServiceEvent.FailedPermanently(limit.failures(), limit.window()));
            }
            if (want == Want.UP) {
                startAt = Optional.of(d.restartAt());
            } else if (startAt.isPresent() && startAt.get().isBefore(floorUntil)) {
                startAt = Optional.of(floorUntil); // an o that waited for the reap still honours the 1-s rule
            }
            if (startAt.isPresent()) {
                Instant at = startAt.get();
                if (!at.isAfter(now)) {
                    startAt = Optional.empty();
                    startService();
                } else {
                    actions.add(new Action.ScheduleStart(at));
                    if (want == Want.UP) {
                        publish(new ServiceEvent.Restarting(at));
                    }
                }
            }
        }

        void restartDue() {
            if (state != RunState.DOWN || pid != 0 || startAt.isEmpty() || now.isBefore(startAt.get())) {
                return; // stale or early timer
            }
            startAt = Optional.empty();
            startService();
        }

        /**
         * runsv on SIGTERM does x. A log service instead waits for its pipe to drain: runsv sets its want to exit,
         * closes both ends of the pipe and exits when the logger has gone, at once when it is not running.
         */
        void shutdown(boolean overridden, Optional<Instant> killBy) {
            if (stopDeadline.isEmpty()) {
                Instant deadline = now.plus(config.stopTimeout());
                if (killBy.isPresent() && killBy.get().isBefore(deadline)) {
                    deadline = killBy.get().isBefore(now) ? now : killBy.get();
                }
                stopDeadline = Optional.of(deadline);
            }
            if (config.log()) {
                if (pid == 0) {
                    want = Want.EXIT; // runsv exits here without writing the log's status
                    cancelStart();
                    return;
                }
                if (want != Want.EXIT) {
                    want = Want.EXIT;
                    cancelStart();
                    writeStatus();
                    actions.add(new Action.ReleaseLogPipe());
                }
            } else {
                ctrl(ControlCommand.EXIT, overridden);
            }
            if (pid != 0) {
                actions.add(new Action.ScheduleStopTimeout(stopDeadline.get()));
            }
        }

        void stopTimeoutElapsed() {
            if (stopDeadline.isEmpty() || now.isBefore(stopDeadline.get()) || pid == 0) {
                return;
            }
            kill(Signal.KILL);
        }

        /**
         * jinit's shutdown has begun: u and o are ignored from now on. (runsv lets u after x revive a service; at
         * shutdown that would restart it after the KILL and the shutdown would never end.)
         */
        boolean shuttingDown() {
            return stopDeadline.isPresent();
        }

        boolean pastStopDeadline() {
            return stopDeadline.isPresent() && !now.isBefore(stopDeadline.get());
        }

        /**
         * The end of runsv's main loop: "want exit and state down" ends supervision (even with a killed pid not yet
         * reaped); a log service ends when its process is gone.
         */
        void checkExit() {
            if (done || want != Want.EXIT || state != RunState.DOWN || spawning != Spawning.NONE) {
                return;
            }
            if (config.log() && pid != 0) {
                return;
            }
            done = true;
            cancelStart();
            actions.add(new Action.Done());
        }
    }
}
