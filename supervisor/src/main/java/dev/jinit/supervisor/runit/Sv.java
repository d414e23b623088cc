package dev.jinit.supervisor.runit;

import dev.jinit.core.Descriptors;
import dev.jinit.core.Errno;
import dev.jinit.core.NativeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * jinit's own {@code sv}: a client of runit 2.1.2's {@code supervise/} protocol with the output and exit codes of
 * runit's {@code sv.c} (function by function: {@code svstatus_get}, {@code status}, {@code control}, {@code check},
 * {@code checkscript}, and the main loop polling every 420 ms), for images without runit. LSB mode (sv invoked under
 * another name) is not implemented. Not thread-safe: one instance per invocation.
 */
public final class Sv {
    private static final String USAGE = "usage: sv [-v] [-w sec] command service ...\n\n";
    private static final int ENXIO = 6;
    private static final Duration POLL = Duration.ofMillis(420);

    private final Descriptors fds;
    private final InstantSource clock;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final StringBuilder line = new StringBuilder();
    private int rc;
    private String acts;
    private Instant now;

    /**
     * @param fds   for the FIFOs ({@code open(O_WRONLY|O_NONBLOCK)} tells "runsv not running" by ENXIO)
     * @param clock the time {@code sv} compares with the status stamps
     * @param env   {@code SVDIR} (default {@code /etc/service}, as Debian's sv; upstream runit's is {@code /service}) and {@code SVWAIT} (default 7)
     */
    public Sv(Descriptors fds, InstantSource clock, Map<String, String> env, PrintStream out, PrintStream err) {
        this.fds = fds;
        this.clock = clock;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    private enum Act { CONTROL, STATUS, NONE }

    /**
     * Runs {@code sv ARGS}.
     *
     * @return sv's exit code: the number of services that failed, timed out or warned (at most 99); 100 for usage
     */
    public int run(List<String> args) throws InterruptedException {
        boolean verbose = false;
        long waitSec = 7;
        String svwait = env.get("SVWAIT");
        if (svwait != null) {
            waitSec = parseUlong(svwait);
        }
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1) {
            String a = args.get(i++);
            if (a.equals("--")) {
                break;
            }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                if (c == 'v') {
                    verbose = true;
                } else if (c == 'w') {
                    String v = j + 1 < a.length() ? a.substring(j + 1) : i < args.size() ? args.get(i++) : null;
                    if (v == null) {
                        return usage();
                    }
                    waitSec = parseUlong(v);
                    verbose = true;
                    break;
                } else if (c == 'V') {
                    err.print("$Id: sv (jinit, runit 2.1.2 protocol) $\n");
                } else {
                    return usage();
                }
            }
        }
        if (i >= args.size() - 1) {
            return usage();
        }
        String action = args.get(i++);
        List<String> services = new ArrayList<>(args.subList(i, args.size()));
        Act act = Act.CONTROL;
        boolean cbk = true;
        boolean kll = false;
        switch (action.charAt(0)) {
            case 'x', 'e' -> {
                acts = "x";
                cbk = verbose;
            }
            case 'X', 'E' -> {
                acts = "x";
                kll = true;
            }
            case 'D' -> {
                acts = "d";
                kll = true;
            }
            case 'T' -> {
                acts = "tc";
                kll = true;
            }
            case 'c', 'u', 'd', 'o', 't', 'p', 'h', 'a', 'i', 'k', 'q', '1', '2' -> {
                if (action.equals("check")) {
                    act = Act.NONE;
                    acts = "C";
                } else if (action.equals("try-restart")) {
                    acts = "tc";
                } else {
                    acts = action.substring(0, 1);
                    cbk = verbose;
                }
            }
            case 's' -> {
                switch (action) {
                    case "shutdown" -> acts = "x";
                    case "start" -> acts = "u";
                    case "stop" -> acts = "d";
                    default -> {
                        act = Act.STATUS;
                        cbk = false;
                    }
                }
            }
            case 'r' -> {
                switch (action) {
                    case "restart" -> acts = "tcu";
                    case "reload" -> acts = "h";
                    default -> {
                        return usage();
                    }
                }
            }
            case 'f' -> {
                kll = true;
                switch (action) {
                    case "force-reload" -> acts = "tc";
                    case "force-restart" -> acts = "tcu";
                    case "force-shutdown" -> acts = "x";
                    case "force-stop" -> acts = "d";
                    default -> {
                        return usage();
                    }
                }
            }
            default -> {
                return usage();
            }
        }
        if (acts == null) {
            acts = "";
        }
        Instant start = clock.instant();
        long startLabel = Tai64n.label(start);
        now = start;
        Path svdir = Path.of(env.getOrDefault("SVDIR", "/etc/service"));
        Path[] dirs = new Path[services.size()];
        for (int s = 0; s < services.size(); s++) {
            String name = services.get(s);
            dirs[s] = chdir(svdir, name);
            if (dirs[s] != null) {
                int r = switch (act) {
                    case STATUS -> status(name, dirs[s]);
                    case CONTROL -> control(name, dirs[s], acts);
                    case NONE -> 0;
                };
                if (r == -1) {
                    dirs[s] = null;
                }
            }
        }
        if (cbk) {
            while (true) {
                double elapsed = Duration.between(start, now).toNanos() / 1e9;
                boolean wantExit = true;
                for (int s = 0; s < services.size(); s++) {
                    if (dirs[s] == null) {
                        continue;
                    }
                    String name = services.get(s);
                    if (!Files.isDirectory(dirs[s])) {
                        fail(name, "unable to change to service directory", Errno.ENOENT);
                        dirs[s] = null;
                        continue;
                    }
                    if (check(name, dirs[s], acts, startLabel) != 0) {
                        dirs[s] = null;
                    } else {
                        wantExit = false;
                    }
                    if (dirs[s] != null && elapsed > waitSec) {
                        line.append(kll ? "kill: " : "timeout: ");
                        Optional<byte[]> st = statusGet(name, dirs[s]);
                        if (st.isPresent()) {
                            line.append(SvStatus.describe(name, part(dirs[s], st.get()), now));
                            rc++;
                            if (kll) {
                                control(name, dirs[s], "k");
                            }
                        }
                        flush();
                        dirs[s] = null;
                    }
                }
                if (wantExit) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
                now = clock.instant();
            }
        }
        out.flush();
        return Math.min(rc, 99);
    }

    private int usage() {
        err.print(USAGE);
        err.flush();
        return 100;
    }

    private static long parseUlong(String s) {
        long v = 0;
        for (int k = 0; k < s.length() && Character.isDigit(s.charAt(k)) && v < 100_000_000L; k++) {
            v = v * 10 + (s.charAt(k) - '0');
        }
        return v;
    }

    /** sv's chdir into the service: a path when it starts with / or . or ends with /, else $SVDIR/NAME. */
    private Path chdir(Path svdir, String name) {
        boolean isPath = name.startsWith("/") || name.startsWith(".") || name.endsWith("/");
        Path p = isPath ? Path.of(name) : svdir.resolve(name);
        if (Files.isDirectory(p)) {
            return p;
        }
        fail(name, "unable to change to service directory",
                Files.exists(p) ? Errno.ENOTDIR : Errno.ENOENT);
        return null;
    }

    private static String errorText(int errno) {
        // runit's error_str
        return switch (errno) {
            case Errno.ENOENT -> "file does not exist";
            case Errno.EACCES, Errno.EPERM -> "access denied";
            case Errno.ENOTDIR -> "not a directory";
            case ENXIO -> "device not configured";
            default -> "error " + errno;
        };
    }

    private void out(String prefix, String name, String m) {
        line.append(prefix).append(name);
        if (!m.isEmpty()) {
            line.append(": ").append(m);
        }
    }

    private void flush() {
        line.append('\n');
        out.print(line);
        out.flush();
        line.setLength(0);
    }

    private void fail(String name, String m, int errno) {
        rc++;
        out("fail: ", name, m);
        if (errno != 0) {
            line.append(": ").append(errorText(errno));
        }
        flush();
    }

    private void warn(String name, String m, int errno) {
        rc++;
        out("warning: ", name, m);
        if (errno != 0) {
            line.append(": ").append(errorText(errno));
        }
        flush();
    }

    private void ok(String name, String m) {
        out("ok: ", name, m);
        flush();
    }

    /** svstatus_get: empty after printing why when the status cannot be read; "runsv not running" is result 0. */
    private Optional<byte[]> statusGet(String name, Path dir) {
        int r = statusGetCode(name, dir);
        return r == 1 ? Optional.of(lastStatus) : Optional.empty();
    }

    private byte[] lastStatus;

    private int statusGetCode(String name, Path dir) {
        int fd;
        try {
            fd = fds.open(dir.resolve("supervise/ok"), Descriptors.WRITE | Descriptors.NONBLOCK, 0);
        } catch (NativeException e) {
            if (e.errno() == ENXIO) {
                if (acts.startsWith("x")) {
                    ok(name, "runsv not running");
                } else {
                    fail(name, "runsv not running", 0);
                }
                return 0;
            }
            warn(name, "unable to open supervise/ok", e.errno());
            return -1;
        }
        fds.close(fd);
        byte[] b;
        try {
            b = Files.readAllBytes(dir.resolve("supervise/status"));
        } catch (IOException e) {
            warn(name, "unable to open supervise/status", Files.exists(dir.resolve("supervise/status")) ? Errno.EACCES : Errno.ENOENT);
            return -1;
        }
        if (b.length != StatusFile.SIZE) {
            warn(name, "unable to read supervise/status: bad format", 0);
            return -1;
        }
        lastStatus = b;
        return 1;
    }

    private static SvStatus.Part part(Path dir, byte[] status) {
        return new SvStatus.Part(status, Files.exists(dir.resolve("down")));
    }

    private int status(String name, Path dir) {
        int r = statusGetCode(name, dir);
        if (r != 1) {
            return 0;
        }
        line.append(SvStatus.describe(name, part(dir, lastStatus), now));
        Path log = dir.resolve("log");
        if (Files.isDirectory(log)) {
            String before = line.toString();
            line.setLength(0);
            int lr = statusGetCode(name + "/log", log);
            if (lr == 1) {
                line.append(before).append("; ").append(SvStatus.describe("log", part(log, lastStatus), now));
            } else {
                // svstatus_get printed its warning or failure on the same line, after "; "
                String msg = line.toString();
                line.setLength(0);
                out.print(before + "; " + msg);
                out.flush();
                return 1;
            }
        } else if (Files.exists(log)) {
            line.append("; log: warning: unable to change to log service directory: not a directory");
        }
        flush();
        return 1;
    }

    private int control(String name, Path dir, String a) {
        if (statusGetCode(name, dir) <= 0) {
            return -1;
        }
        if (lastStatus[17] == a.charAt(0) && (a.charAt(0) != 'd' || lastStatus[18] == 1)) {
            return 0;
        }
        int fd;
        try {
            fd = fds.open(dir.resolve("supervise/control"), Descriptors.WRITE | Descriptors.NONBLOCK, 0);
        } catch (NativeException e) {
            if (e.errno() != ENXIO) {
                warn(name, "unable to open supervise/control", e.errno());
            } else if (a.charAt(0) == 'x') {
                ok(name, "runsv not running");
            } else {
                fail(name, "runsv not running", 0);
            }
            return -1;
        }
        byte[] bytes = a.getBytes(StandardCharsets.US_ASCII);
        int n;
        try {
            n = fds.write(fd, bytes, bytes.length);
        } finally {
            fds.close(fd);
        }
        if (n != bytes.length) {
            warn(name, "unable to write to supervise/control", n < 0 ? Errno.EAGAIN : 0);
            return -1;
        }
        return 1;
    }

    /** sv's check(): 1 done (printed "ok: ..."), 0 not yet, -1 failed. */
    private int check(String name, Path dir, String a, long startLabel) throws InterruptedException {
        int r = statusGetCode(name, dir);
        if (r == -1) {
            return -1;
        }
        byte[] s = lastStatus;
        for (char c : a.toCharArray()) {
            if (r == 0) {
                return c == 'x' ? 1 : -1;
            }
            long pid = (s[15] & 0xffL) << 24 | (s[14] & 0xff) << 16 | (s[13] & 0xff) << 8 | (s[12] & 0xff);
            long label = 0;
            for (int k = 0; k < 8; k++) {
                label = (label << 8) | (s[k] & 0xff);
            }
            switch (c) {
                case 'x' -> {
                    return 0;
                }
                case 'u' -> {
                    if (pid == 0 || s[19] != 1 || !checkScript(name, dir)) {
                        return 0;
                    }
                }
                case 'd' -> {
                    if (pid != 0 || s[19] != 0) {
                        return 0;
                    }
                }
                case 'C' -> {
                    if (pid != 0 && !checkScript(name, dir)) {
                        return 0;
                    }
                }
                case 't', 'k' -> {
                    if (!(pid == 0 && s[17] == 'd')) {
                        if (Long.compareUnsigned(startLabel, label) > 0 || pid == 0 || s[18] != 0
                                || !checkScript(name, dir)) {
                            return 0;
                        }
                    }
                }
                case 'o' -> {
                    if ((pid == 0 && Long.compareUnsigned(startLabel, label) > 0) || (pid != 0 && s[17] != 'd')) {
                        return 0;
                    }
                }
                case 'p' -> {
                    if (pid != 0 && s[16] == 0) {
                        return 0;
                    }
                }
                case 'c' -> {
                    if (pid != 0 && s[16] != 0) {
                        return 0;
                    }
                }
                default -> {
                }
            }
        }
        line.append("ok: ").append(SvStatus.describe(name, part(dir, s), now));
        flush();
        return 1;
    }

    /** sv's checkscript(): no ./check means ok; else ./check (stdout closed) must exit 0. */
    private boolean checkScript(String name, Path dir) throws InterruptedException {
        Path check = dir.resolve("check");
        if (!Files.exists(check, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.exists(check)) {
            return true;
        }
        try {
            Process p = new ProcessBuilder("./check").directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            rc++;
            out("warning: ", name, "unable to run check script");
            flush();
            return false;
        }
    }
}
