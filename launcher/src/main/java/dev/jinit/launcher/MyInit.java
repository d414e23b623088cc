package dev.jinit.launcher;

import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Natives;
import dev.jinit.core.Signal;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/my_init}: a drop-in for phusion's my_init. Parses the options and runs the {@link Sequence}: container
 * environment, syslog, start-up scripts, services and cron, the main command or a wait, then the shutdown in reverse;
 * exits with the main command's code (128+N for a death by signal N), 0 after TERM/INT without one, 1 when start-up
 * or an essential service failed.
 *
 * <p>The TERM guarantee: from the moment the JVM has a TERM handler at all, a TERM is never lost. Before our own
 * handler is installed, the JVM's default one exits 143 through the shutdown hooks; a hook registered first thing
 * makes sure the main command is then never started. After it is installed, a TERM either finds no child yet (and
 * my_init exits 143 without starting one) or is forwarded to the child. (Before HotSpot installs its TERM handler, at
 * its System.initPhase1, some 120 ms after exec on our test machine, the kernel drops a TERM sent to a PID 1 that has none: no Java code can close that.)
 */
public final class MyInit {
    /** Exit code for bad usage, like argparse. */
    static final int USAGE = 2;

    private final StopRequest stop = new StopRequest();
    private final AtomicReference<MainCommand> main = new AtomicReference<>();
    private volatile Duration killTimeout = Duration.ofSeconds(30);

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
        MainCommand m = main.get();
        Child c;
        if (m == null) {
            stop.request(Signal.TERM);
            return;
        }
        synchronized (m.lock()) {
            stop.request(Signal.TERM);
            c = m.child().orElse(null);
        }
        if (c == null || !c.isAlive()) {
            return;
        }
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
        Runtime.getRuntime().halt(status == null ? 128 + Signal.TERM.number() : status.shellCode());
    }

    int run(String program, List<String> args, Map<String, String> env, PrintStream err) {
        Optional<Long> early;
        MyInitOptions o;
        try {
            early = EarlyStart.pidFromSystemProperties();
        } catch (UsageException e) {
            err.println(program + ": " + e.getMessage());
            return USAGE;
        }
        try {
            o = MyInitOptions.parse(args, env);
        } catch (UsageException e) {
            err.println(program + ": " + e.getMessage());
            early.ifPresent(pid -> EarlyStart.abandon(pid, program, err));
            return USAGE;
        }
        if (early.isPresent() && (o.help() || o.version() || o.command().isEmpty())) {
            // bin/my_init starts a command early only with a command and without --help or --version
            err.println(program + ": -D" + EarlyStart.PROPERTY + " names a command started early, but the options "
                    + "start none: " + String.join(" ", args));
            EarlyStart.abandon(early.get(), program, err);
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
        Logging.configure(o.quiet());
        killTimeout = o.killProcessTimeout();
        CompletableFuture<Natives> natives = Sequence.bindLibcEarly(); // from now on: it may log
        try {
            return new Sequence(program, o, early, env, stop, err, main).run(natives);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
