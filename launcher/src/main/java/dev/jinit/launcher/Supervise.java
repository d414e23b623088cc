package dev.jinit.launcher;

import dev.jinit.Init;
import dev.jinit.reaper.Reaper;
import dev.jinit.supervisor.Supervisor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@code jinit supervise [DIR]}: supervises every service directory in DIR (default {@code /etc/service}) like
 * {@code runsvdir -P DIR}, in the foreground, reaping orphans. TERM, INT or HUP stop every service (its stop signal,
 * then KILL after its timeout; log services after their service, once the pipe is drained) and exit 0.
 */
final class Supervise {
    static final int FAILED = 111; // runsvdir's exit code for a fatal error

    private Supervise() {
    }

    static String usage() {
        return "Usage: jinit supervise [DIR]   (default /etc/service)";
    }

    static int run(List<String> args, PrintStream err) throws InterruptedException {
        if (args.size() > 1 || (args.size() == 1 && (args.get(0).startsWith("-") || args.get(0).isEmpty()))) {
            if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
                System.out.println(usage());
                return 0;
            }
            err.println("jinit supervise: expected one DIR, got " + args);
            err.println(usage());
            return MyInit.USAGE;
        }
        Path dir = Path.of(args.isEmpty() ? "/etc/service" : args.get(0)).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            err.println("jinit supervise: " + dir + " is not a directory");
            return FAILED;
        }
        Init init;
        try {
            init = Init.builder()
                    .component(Reaper.ofDefaults())
                    .component(Supervisor.ofDirectory(dir))
                    .afterShutdown(code -> Runtime.getRuntime().exit(0)) // stopped as asked: a clean exit
                    .start();
        } catch (IllegalStateException e) {
            err.println("jinit supervise: " + e.getMessage());
            return FAILED;
        }
        LoggerFactory.getLogger(Supervise.class).debug("jinit supervise - running");
        init.awaitTermination();
        return 0;
    }
}
