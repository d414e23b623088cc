package dev.jinit.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code jinit status [--check] [--socket PATH | --root DIR] [--timeout SECONDS]}: asks the running launcher for its
 * status and prints it. Exit codes: 0 healthy; 1 some component unhealthy (an essential service down; the launcher
 * still starting or stopping); 3 no init answered (no socket, refused, timed out or a cut answer); 2 usage. With
 * {@code --check} only the exit code and, when not healthy, the report on stderr (for exec probes).
 */
final class StatusClient {
    static final Path DEFAULT_SOCKET = Path.of("/run/jinit/status.sock");
    static final int UNHEALTHY = 1;
    static final int NO_ANSWER = 3;

    private StatusClient() {
    }

    static String usage() {
        return String.join("\n",
                "Usage: jinit status [--check] [--socket PATH | --root DIR] [--timeout SECONDS]",
                "  --check            print nothing when healthy; exit 0 healthy, 1 unhealthy, 3 no init answered",
                "  --socket PATH      the launcher's status socket (default " + DEFAULT_SOCKET + ")",
                "  --root DIR         the socket under DIR, as my_init --root DIR puts it",
                "  --timeout SECONDS  how long to wait for the answer (default 5)",
                "");
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean check = false;
        Path socket = null;
        Path root = null;
        Duration timeout = Duration.ofSeconds(5);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                switch (a) {
                    case "--check" -> check = true;
                    case "--socket" -> socket = Path.of(value(args, ++i, a));
                    case "--root" -> root = Path.of(value(args, ++i, a));
                    case "--timeout" -> timeout = MyInitOptions.seconds(value(args, ++i, a), a);
                    case "-h", "--help" -> {
                        out.print(usage());
                        return 0;
                    }
                    default -> throw new UsageException("unknown option " + a);
                }
            } catch (UsageException e) {
                err.println("jinit status: " + e.getMessage() + " (see jinit status --help)");
                return MyInit.USAGE;
            }
        }
        if (socket == null) {
            socket = root == null ? DEFAULT_SOCKET : LauncherPaths.under(root, DEFAULT_SOCKET);
        }
        Optional<String> report;
        try {
            report = ask(socket, timeout);
        } catch (IOException e) {
            err.println("jinit status: no init answers on " + socket + ": " + e.getMessage());
            return NO_ANSWER;
        }
        if (report.isEmpty() || !StatusReport.complete(report.get())) {
            err.println("jinit status: no complete answer on " + socket + " within " + ScriptRunner.seconds(timeout));
            return NO_ANSWER;
        }
        boolean healthy = StatusReport.healthy(report.get());
        if (!check) {
            out.print(report.get());
        } else if (!healthy) {
            err.print(report.get());
        }
        return healthy ? 0 : UNHEALTHY;
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException("option " + option + " needs a value");
        }
        return args.get(i);
    }

    /** Whether something accepts connections on {@code socket} (a live status server). */
    static boolean answers(Path socket) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** The whole answer, or empty when it did not end within {@code timeout}. */
    static Optional<String> ask(Path socket, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX); Selector sel = Selector.open()) {
            c.connect(UnixDomainSocketAddress.of(socket)); // unix sockets connect at once or fail
            c.configureBlocking(false);
            c.register(sel, SelectionKey.OP_READ);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            for (int round = 0; round < 100_000; round++) { // bounded: each round reads or waits out the deadline
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                sel.select(Math.max(1, left / 1_000_000));
                sel.selectedKeys().clear();
                int n = c.read(buf);
                if (n < 0) {
                    return Optional.of(got.toString(StandardCharsets.UTF_8));
                }
                got.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return Optional.empty();
        }
    }
}
