package dev.jinit.reaper;

import dev.jinit.core.Processes;
import dev.jinit.core.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends every process that remains when an init exits: TERM, then KILL after a timeout.
 *
 * <p>Safety first: {@code kill(-1, …)} only when this JVM is PID 1 of its PID namespace, where it means "everything
 * in this container". Anywhere else (a subreaper on a host, as root) it would end every process on the machine, so
 * "everything" then means this JVM's own descendants, found in {@code /proc} and signalled one pid at a time.
 */
public final class KillAll {
    private static final Logger LOG = LoggerFactory.getLogger(KillAll.class);

    private final Processes processes;
    private final Reaper reaper;
    private final Path proc;

    public KillAll(Processes processes, Reaper reaper) {
        this(processes, reaper, Path.of("/proc"));
    }

    KillAll(Processes processes, Reaper reaper, Path proc) {
        this.processes = processes;
        this.reaper = reaper;
        this.proc = proc;
    }

    /**
     * TERM to everything left, wait up to {@code timeout} for all of it to end, then KILL what is still there and wait
     * once more (KILL cannot be ignored, so that wait is short).
     *
     * <p>"Ended" means no descendant alive ({@link #remaining()}) and no orphan left unreaped: the wait is on the
     * processes themselves, not only on the reaper's children, so a child of another thread that still handles its
     * TERM gets the whole grace period.
     *
     * @return true when nothing is left
     */
    public boolean run(Duration timeout) throws InterruptedException {
        int termed = signalAll(Signal.TERM);
        if (termed == 0 && reaper.noChildrenLeft()) {
            return true;
        }
        LOG.info("kill-all - sent SIGTERM to {}; waiting up to {} s", processes.pid() == 1 ? "all processes" : termed + " processes",
                timeout.toMillis() / 1000.0);
        if (reaper.awaitUntil(this::nothingLeft, timeout)) {
            return true;
        }
        int killed = signalAll(Signal.KILL);
        LOG.warn("kill-all - {} processes ignored SIGTERM for {} s; sent SIGKILL", killed, timeout.toMillis() / 1000.0);
        return reaper.awaitUntil(this::nothingLeft, Duration.ofSeconds(5));
    }

    private boolean nothingLeft() {
        return remaining().isEmpty() && reaper.noChildrenLeft();
    }

    private int signalAll(Signal s) {
        if (processes.pid() == 1) {
            List<Long> left = remaining();
            processes.signalAllInNamespace(s);
            return left.size();
        }
        int n = 0;
        for (long pid : remaining()) {
            if (processes.signal(pid, s)) {
                n++;
            }
        }
        return n;
    }

    /** This JVM's living descendants (zombies excluded: they are dead and only wait to be reaped). */
    List<Long> remaining() {
        ProcTable t = ProcTable.read(proc);
        return t.descendantsOf(processes.pid()).stream().filter(p -> t.states().get(p) != 'Z').toList();
    }
}
