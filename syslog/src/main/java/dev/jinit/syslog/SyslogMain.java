package dev.jinit.syslog;

import dev.jinit.Init;
import dev.jinit.core.Signal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code jinit syslog}: only the syslog server, in the foreground, until TERM or INT (like {@code syslog-ng -F}).
 * Then everything received is written and flushed, the socket file removed, and the process exits with 128 + the
 * signal. HUP reopens the output files (logrotate's {@code postrotate}), as it does for rsyslog.
 *
 * <pre>
 * jinit syslog [--socket PATH] [--mode OCTAL] [--host NAME] [--max-message BYTES]
 *              [--stream-socket PATH] [--udp HOST:PORT] [--tcp HOST:PORT] [--max-connections N]
 *              [--file PATH [--selector SEL]]... [--layout baseimage DIR]
 *              [--rotate-size BYTES[k|M|G]] [--rotate-keep N]
 *              [--stdout [--selector SEL]] [--stdout-format short|traditional] [--slf4j [--selector SEL]]
 * </pre>
 *
 * Without an output: {@code --file /var/log/syslog}. {@code --selector} applies to the output just before it.
 */
public final class SyslogMain {
    static final String USAGE = """
            usage: jinit syslog [options]
              --socket PATH            the unix datagram socket (default /dev/log)
              --mode OCTAL             its permissions (default 0666)
              --host NAME              host name of local messages (default: the kernel's host name)
              --max-message BYTES      longer messages are cut (default 8192)
              --stream-socket PATH     also a unix stream socket (NUL, LF or octet-counted frames)
              --udp HOST:PORT          also UDP (off by default; e.g. 127.0.0.1:514)
              --tcp HOST:PORT          also TCP, RFC 6587 octet counting or LF framing (off by default)
              --max-connections N      the most open stream and TCP connections (default 256)
              --file PATH              a file in Debian's format; selector *.*;auth,authpriv.none unless
                                       --selector follows; repeatable
              --layout baseimage DIR   baseimage-docker's files in DIR (auth.log, cron.log, ..., syslog)
              --rotate-size SIZE       rotate files before they pass SIZE (bytes, or with k, M, G; default 10M)
              --rotate-keep N          old files kept (default 4; 0: none)
              --no-rotate              never rotate
              --stdout                 everything to stdout ("daemon.err myprog[42]: hello")
              --stdout-format FORMAT   short (default) or traditional (the file's line)
              --slf4j                  into SLF4J, loggers syslog.<tag>
              --selector SEL           the selector of the output just before (e.g. "*.info;auth,authpriv.none")
            Without an output: --file /var/log/syslog. TERM or INT stop it; HUP reopens the files.""";

    private SyslogMain() {
    }

    public static void main(String[] args) throws Exception {
        SyslogServerConfig config;
        try {
            config = parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage().isEmpty() ? USAGE : "jinit syslog: " + e.getMessage() + "\n" + USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("jinit syslog: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(config);
    }

    /** Runs the server as the only component of an init until a shutdown signal; the init exits the JVM. */
    static void run(SyslogServerConfig config) throws InterruptedException {
        SyslogServer server = SyslogServer.create(config);
        // HUP is not a shutdown here: it reopens the files (the server subscribes), as rsyslog and syslog-ng do
        Init init = Init.builder().shutdownOn(EnumSet.of(Signal.TERM, Signal.INT)).handle(EnumSet.of(Signal.HUP))
                .component(server).start();
        init.awaitTermination();
    }

    /** A command line that is wrong, or {@code --help} (empty message). */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final class Out {
        final String kind;
        final String arg;
        String selector;

        Out(String kind, String arg) {
            this.kind = kind;
            this.arg = arg;
        }
    }

    /** The config a command line asks for. */
    static SyslogServerConfig parse(String[] args) throws UsageException {
        SyslogServerConfig.Builder b = SyslogServerConfig.builder();
        List<Out> outs = new ArrayList<>();
        long rotateSize = RotationPolicy.DEFAULT_MAX_BYTES;
        int rotateKeep = RotationPolicy.DEFAULT_KEEP;
        boolean noRotate = false;
        String stdoutFormat = "short";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> throw new UsageException("");
                case "--socket" -> b.socket(Path.of(value(args, ++i, a)));
                case "--mode" -> b.socketMode(octal(value(args, ++i, a)));
                case "--host" -> b.localHost(value(args, ++i, a));
                case "--max-message" -> b.maxMessageBytes(integer(value(args, ++i, a), a));
                case "--stream-socket" -> b.streamSocket(Path.of(value(args, ++i, a)));
                case "--udp" -> b.udp(address(value(args, ++i, a), a));
                case "--tcp" -> b.tcp(address(value(args, ++i, a), a));
                case "--max-connections" -> b.maxConnections(integer(value(args, ++i, a), a));
                case "--file" -> outs.add(new Out("file", value(args, ++i, a)));
                case "--layout" -> {
                    String layout = value(args, ++i, a);
                    if (!"baseimage".equals(layout)) {
                        throw new UsageException("--layout knows only baseimage, not " + layout);
                    }
                    outs.add(new Out("baseimage", value(args, ++i, a)));
                }
                case "--rotate-size" -> rotateSize = size(value(args, ++i, a));
                case "--rotate-keep" -> rotateKeep = integer(value(args, ++i, a), a);
                case "--no-rotate" -> noRotate = true;
                case "--stdout" -> outs.add(new Out("stdout", null));
                case "--stdout-format" -> stdoutFormat = value(args, ++i, a);
                case "--slf4j" -> outs.add(new Out("slf4j", null));
                case "--selector" -> {
                    String sel = value(args, ++i, a);
                    if (outs.isEmpty() || outs.get(outs.size() - 1).kind.equals("baseimage")) {
                        throw new UsageException("--selector must follow --file, --stdout or --slf4j");
                    }
                    outs.get(outs.size() - 1).selector = sel;
                }
                default -> throw new UsageException("unknown option " + a);
            }
        }
        if (outs.isEmpty()) {
            outs.add(new Out("file", SyslogServerConfig.DEFAULT_FILE));
        }
        RotationPolicy rotation = noRotate ? RotationPolicy.never() : new RotationPolicy(rotateSize, rotateKeep);
        boolean stdoutSeen = false;
        for (Out o : outs) {
            switch (o.kind) {
                case "file" -> b.file(new FileRoute(Path.of(o.arg),
                        o.selector == null ? FileLayouts.DEBIAN_SYSLOG : Selector.parse(o.selector)), rotation);
                case "baseimage" -> b.files(FileLayouts.baseimageDocker(Path.of(o.arg)), rotation);
                case "stdout" -> {
                    if (stdoutSeen) {
                        throw new UsageException("--stdout given twice");
                    }
                    stdoutSeen = true;
                    LineFormat f = switch (stdoutFormat) {
                        case "short" -> new StdoutFormat();
                        case "traditional" -> null;
                        default -> throw new UsageException("--stdout-format is short or traditional, not " + stdoutFormat);
                    };
                    Selector sel = o.selector == null ? Selector.ALL : Selector.parse(o.selector);
                    if (f == null) {
                        // the zone is the builder's; TraditionalFormat in the JVM's zone, as the files
                        f = new TraditionalFormat(java.time.ZoneId.systemDefault());
                    }
                    b.stdout(sel, f);
                }
                case "slf4j" -> b.slf4j(o.selector == null ? Selector.ALL : Selector.parse(o.selector),
                        Slf4jMapping.ofDefaults());
                default -> throw new IllegalStateException(o.kind);
            }
        }
        return b.build();
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (every address); the host is a literal or a name. */
    static InetSocketAddress address(String s, String option) throws UsageException {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException(option + " needs HOST:PORT like 127.0.0.1:514, not " + s);
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UsageException(option + " needs a port from 0 to 65535 in HOST:PORT, not " + s);
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new UsageException(option + ": cannot resolve the host " + host + " of " + s);
        }
        return a;
    }

    private static int integer(String s, String option) throws UsageException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, not " + s);
        }
    }

    private static int octal(String s) throws UsageException {
        try {
            return Integer.parseInt(s, 8);
        } catch (NumberFormatException e) {
            throw new UsageException("--mode needs an octal number like 0666, not " + s);
        }
    }

    private static long size(String s) throws UsageException {
        String t = s.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1024;
        } else if (t.endsWith("m")) {
            unit = 1024 * 1024;
        } else if (t.endsWith("g")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--rotate-size needs a size like 10485760, 512k or 10M, not " + s);
        }
    }
}
