package dev.jinit.syslog;

import java.nio.file.Path;
import java.util.List;

/**
 * Ready-made sets of log files, written with {@link Selector}s. Stateless.
 */
public final class FileLayouts {

    /**
     * Debian's selector for {@code /var/log/syslog} ({@code *.*;auth,authpriv.none} in Debian's rsyslog.conf):
     * everything but authentication messages, which go to their own, more restricted file.
     */
    public static final Selector DEBIAN_SYSLOG = Selector.parse("*.*;auth,authpriv.none");

    /**
     * baseimage-docker's catch-all ({@code f_syslog3} in its syslog-ng.conf: not auth, authpriv or mail, and not
     * debug except for news), which it writes to {@code /var/log/syslog} and to stdout.
     */
    public static final Selector BASEIMAGE_DOCKER_SYSLOG = Selector.parse("*.info;news.*;mail,auth,authpriv.none");

    private FileLayouts() {
    }

    /** One file for the messages of {@code selector}. */
    public static List<FileRoute> single(Path file, Selector selector) {
        return List.of(new FileRoute(file, selector));
    }

    /**
     * The files of baseimage-docker's {@code image/services/syslog-ng/syslog-ng.conf}, in its order, with its
     * filters written as selectors. Its {@code f_debug} ({@code level(debug) and not facility(auth, authpriv, news,
     * mail)}) is negated in most of them, hence the {@code .info} where a facility's debug messages are left out:
     *
     * <pre>
     * auth.log  auth,authpriv.*     facility(auth, authpriv) and not filter(f_debug)
     * cron.log  cron.info           facility(cron) and not filter(f_debug)
     * daemon.log daemon.info        facility(daemon) and not filter(f_debug)
     * kern.log  kern.info           facility(kern) and not filter(f_debug)
     * lpr.log   lpr.info            facility(lpr) and not filter(f_debug)
     * syslog    {@link #BASEIMAGE_DOCKER_SYSLOG}   f_syslog3 (also its stdout)
     * user.log  user.info           facility(user) and not filter(f_debug)
     * uucp.log  uucp.info           facility(uucp) and not filter(f_debug)
     * mail.log  mail.*              facility(mail) and not filter(f_debug)
     * </pre>
     *
     * Left out: its news/{@code news.crit}/{@code .err}/{@code .notice} and the {@code debug}, {@code error} and
     * {@code messages} catch-alls, which duplicate the above and that a container rarely reads (each is one
     * selector away: {@code news.crit}, {@code news.=err}, {@code news.=notice}, {@code *.=debug;auth,authpriv,news,
     * mail.none}, {@code *.err}, {@code *.=info;*.=notice;*.=warning;auth,authpriv,cron,daemon,mail,news.none}).
     *
     * @param logDir where the files go, {@code /var/log} in baseimage-docker
     */
    public static List<FileRoute> baseimageDocker(Path logDir) {
        return List.of(
                FileRoute.of(logDir.resolve("auth.log"), "auth,authpriv.*"),
                FileRoute.of(logDir.resolve("cron.log"), "cron.info"),
                FileRoute.of(logDir.resolve("daemon.log"), "daemon.info"),
                FileRoute.of(logDir.resolve("kern.log"), "kern.info"),
                FileRoute.of(logDir.resolve("lpr.log"), "lpr.info"),
                new FileRoute(logDir.resolve("syslog"), BASEIMAGE_DOCKER_SYSLOG),
                FileRoute.of(logDir.resolve("user.log"), "user.info"),
                FileRoute.of(logDir.resolve("uucp.log"), "uucp.info"),
                FileRoute.of(logDir.resolve("mail.log"), "mail.*"));
    }
}
