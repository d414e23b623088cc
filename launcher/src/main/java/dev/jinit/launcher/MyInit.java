package dev.jinit.launcher;

import dev.jinit.Init;
import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.NativeException;
import dev.jinit.core.Processes;
import dev.jinit.core.Signal;
import dev.jinit.core.SpawnException;
import dev.jinit.core.SpawnSpec;
import dev.jinit.reaper.KillAll;
import dev.jinit.reaper.Reaper;
import dev.jinit.reaper.SignalForwarder;
import dev.jinit.spi.Component;
import dev.jinit.spi.Context;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/my_init}: a drop-in for phusion's my_init. In this version: one main command, run with jinit as PID 1
 * (or as a child subreaper), its exit code passed on exactly.
 *
 * <p>The TERM guarantee: from the moment the JVM has a TERM handler at all, a TERM is never lost. Before our own
 * handler is installed, the JVM's default one exits 143 through the shutdown hooks; a hook registered first thing
 * makes sure the main command is then never started. After it is installed, a TERM either finds no child yet (and
 * my_init exits 143 without starting one) or is forwarded to the child. (Before HotSpot installs any handler, the
 * first ~20–30 ms of the JVM, the kernel drops a TERM sent to a PID 1 that has none: no Java code can close that.)
 */
public final class MyInit {
    /** Exit code for bad usage, like argparse. */
    static final int USAGE = 2;

    private final Object lock = new Object();
    private boolean stopRequested; // guarded by lock
    private Signal stopSignal; // guarded by lock
    private Child child; // guarded by lock
    private volatile Processes processes; // set before the child starts
    private volatile Duration killTimeout = Duration.ofSeconds(30);
    private final CompletableFuture<Signal> stop = new CompletableFuture<>();

    private MyInit() {
    }

    public static void main(String[] args) {
        MyInit myInit = new MyInit();
        // First thing: if a TERM makes the JVM exit before our handler is in place, never start the command.
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(myInit::jvmExiting, "jinit-start-guard"));
        } catch (IllegalStateException e) {
            return; // the JVM is already exiting (TERM during start-up): it exits 143, nothing was started
        }
        System.exit(myInit.run("my_init", Arrays.asList(args), System.getenv(), System.err));
    }

    /**
     * The start guard, a JVM shutdown hook registered before anything else. Normally it only marks the stop, so that
     * a TERM handled by the JVM's default handler (before ours is installed) keeps the command from starting. In the
     * rare case where that default handling began before our handler was installed but reached this hook only after
     * the command had started, it does what our handler would have done: passes TERM on, waits up to
     * KILL_PROCESS_TIMEOUT (then KILL), and exits with the command's code.
     */
    private void jvmExiting() {
        Child c;
        synchronized (lock) {
            stopRequested = true;
            c = child;
        }
        if (c == null || !c.isAlive()) {
            return;
        }
        Processes os = processes;
        Duration timeout = killTimeout;
        c.signal(Signal.TERM);
        // Not c.onExit(): Init's own shutdown hook may be stopping the thread that completes it. The JDK's handle
        // waits with WNOWAIT, so the status stays for whoever reaps it.
        Optional<ProcessHandle> handle = ProcessHandle.of(c.pid());
        try {
            if (handle.isPresent()) {
                try {
                    handle.get().onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    c.signal(Signal.KILL);
                    handle.get().onExit().get(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // fall through: report what we know
        }
        ExitStatus status = c.onExit().getNow(null);
        if (status == null) {
            try {
                status = os.reap(c.pid()).orElse(null);
            } catch (NativeException e) {
                status = c.onExit().getNow(null); // reaped meanwhile by the table
            }
        }
        Runtime.getRuntime().halt(status == null ? 128 + Signal.TERM.number() : status.shellCode());
    }

    int run(String program, java.util.List<String> args, Map<String, String> env, PrintStream err) {
        MyInitOptions o;
        try {
            o = MyInitOptions.parse(args, env);
        } catch (UsageException e) {
            err.println(program + ": " + e.getMessage());
            return USAGE;
        }
        if (o.help()) {
            System.out.print(MyInitOptions.help(program));
            return 0;
        }
        if (o.version()) {
            System.out.println("jinit " + Version.get());
            return 0;
        }
        if (o.command().isEmpty()) {
            err.println(program + ": missing COMMAND: this version runs one main command (see --help)");
            return USAGE;
        }
        Logging.configure(o.quiet());
        Logger log = LoggerFactory.getLogger(MyInit.class);

        Reaper reaper = Reaper.ofDefaults();
        SignalForwarder forwarder = SignalForwarder.builder().toProcessGroup(o.forwardToGroup()).rewrite(o.rewrite()).build();
        Init init;
        try {
            init = Init.builder()
                    .shutdownOn(Set.of()) // my_init decides what TERM means: forward, then exit with the child's code
                    .handle(MyInitOptions.handled())
                    .component(stopListener()) // first, so a TERM that arrives during start-up reaches it
                    .component(reaper)
                    .component(forwarder)
                    .start();
        } catch (IllegalStateException e) {
            err.println(program + ": " + e.getMessage());
            return 1;
        }
        processes = init.processes();
        killTimeout = o.killProcessTimeout();
        try {
            Child c;
            synchronized (lock) {
                if (stopRequested) {
                    log.info("got SIG{} before the command started; not starting it", stopSignal);
                    return 128 + (stopSignal == null ? Signal.TERM : stopSignal).number();
                }
                try {
                    c = init.spawner().spawn(SpawnSpec.builder(o.command())
                            .grouping(o.forwardToGroup() ? SpawnSpec.Grouping.NEW_PROCESS_GROUP : SpawnSpec.Grouping.INHERIT)
                            .build());
                } catch (SpawnException e) {
                    err.println(program + ": " + e.getMessage());
                    return e.shellCode();
                }
                child = c;
                forwarder.target(c);
            }
            log.info("running {} as pid {}", String.join(" ", o.command()), c.pid());
            ExitStatus status = awaitChild(c, o.killProcessTimeout(), log);
            log.info("{} exited: {}", o.command().get(0), status);
            if (o.killAllOnExit()) {
                if (!new KillAll(init.processes(), reaper).run(o.killAllProcessesTimeout())) {
                    log.warn("some processes were still there after SIGKILL");
                }
            }
            return status.shellCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            init.close();
        }
    }

    /**
     * Subscribes {@link #onStopSignal} to TERM and INT, and {@link #awaitSpawnDecided} to every other forwarded signal,
     * before any other listener: so the forwarder, which runs after them on the same thread, never sees a child that
     * is already running but not yet its target.
     */
    private Component stopListener() {
        return new Component() {
            @Override
            public String name() {
                return "my_init-stop";
            }

            @Override
            public void start(Context context) {
                for (Signal s : MyInitOptions.handled()) {
                    if (s == Signal.TERM || s == Signal.INT) {
                        context.signals().subscribe(s, MyInit.this::onStopSignal);
                    } else {
                        context.signals().subscribe(s, MyInit.this::awaitSpawnDecided);
                    }
                }
            }

            @Override
            public void stop(Duration timeout) {
            }
        };
    }

    /**
     * On the init thread, before the forwarder: the main thread spawns the child and makes it the forwarder's target
     * under {@link #lock}, so taking the lock here waits out that step. A signal that arrives while the child is being
     * spawned then reaches it, instead of being dropped as "before the child started".
     */
    private void awaitSpawnDecided(Signal s) {
        synchronized (lock) {
            // nothing: the lock is the barrier
        }
    }

    /** On the init thread: remember the stop; the forwarder (subscribed later) passes it to the child. */
    private void onStopSignal(Signal s) {
        synchronized (lock) {
            if (!stopRequested) {
                stopRequested = true;
                stopSignal = s;
            }
        }
        stop.complete(s);
    }

    /**
     * Waits for the child; after a TERM or INT, gives it {@code killTimeout} to end before sending KILL.
     */
    private ExitStatus awaitChild(Child c, Duration killTimeout, Logger log) throws InterruptedException {
        CompletableFuture<ExitStatus> exit = c.onExit();
        try {
            CompletableFuture.anyOf(exit, stop).get();
            if (exit.isDone()) {
                return exit.get();
            }
            try {
                return exit.get(killTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.warn("{} still running {} s after SIG{}; sending SIGKILL", c.pid(), killTimeout.toMillis() / 1000.0,
                        stop.getNow(Signal.TERM));
                if (c.processGroup() != 0) {
                    c.signalGroup(Signal.KILL);
                } else {
                    c.signal(Signal.KILL);
                }
                return exit.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("lost the exit status of pid " + c.pid(), e.getCause());
        }
    }
}
