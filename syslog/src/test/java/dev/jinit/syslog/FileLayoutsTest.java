package dev.jinit.syslog;

import static dev.jinit.syslog.Facility.AUTH;
import static dev.jinit.syslog.Facility.AUTHPRIV;
import static dev.jinit.syslog.Facility.CRON;
import static dev.jinit.syslog.Facility.DAEMON;
import static dev.jinit.syslog.Facility.KERN;
import static dev.jinit.syslog.Facility.LPR;
import static dev.jinit.syslog.Facility.MAIL;
import static dev.jinit.syslog.Facility.NEWS;
import static dev.jinit.syslog.Facility.USER;
import static dev.jinit.syslog.Facility.UUCP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * The baseimage-docker layout against its syslog-ng.conf: each file's filter transliterated from the conf, compared
 * for all 24 × 8 facility/severity pairs.
 */
class FileLayoutsTest {

    /** {@code filter f_debug { level(debug) and not facility(auth, authpriv, news, mail); };} */
    private static boolean fDebug(Facility f, Severity s) {
        return s == Severity.DEBUG && !Set.of(AUTH, AUTHPRIV, NEWS, MAIL).contains(f);
    }

    /** {@code facility(fs...) and not filter(f_debug)}, the shape of most of its filters. */
    private static BiPredicate<Facility, Severity> facilityNotDebug(Facility... fs) {
        return (f, s) -> Set.of(fs).contains(f) && !fDebug(f, s);
    }

    @Test
    void baseimageDockerFilesSelectExactlyWhatItsSyslogNgFiltersDo() {
        Map<String, BiPredicate<Facility, Severity>> conf = new LinkedHashMap<>();
        conf.put("auth.log", facilityNotDebug(AUTH, AUTHPRIV));
        conf.put("cron.log", facilityNotDebug(CRON));
        conf.put("daemon.log", facilityNotDebug(DAEMON));
        conf.put("kern.log", facilityNotDebug(KERN));
        conf.put("lpr.log", facilityNotDebug(LPR));
        // f_syslog3 { not facility(auth, authpriv, mail) and not filter(f_debug); }
        conf.put("syslog", (f, s) -> !Set.of(AUTH, AUTHPRIV, MAIL).contains(f) && !fDebug(f, s));
        conf.put("user.log", facilityNotDebug(USER));
        conf.put("uucp.log", facilityNotDebug(UUCP));
        conf.put("mail.log", facilityNotDebug(MAIL));

        List<FileRoute> routes = FileLayouts.baseimageDocker(Path.of("/var/log"));
        assertEquals(List.copyOf(conf.keySet()), routes.stream().map(r -> r.file().getFileName().toString())
                .collect(java.util.stream.Collectors.toList()));
        for (FileRoute route : routes) {
            assertEquals(Path.of("/var/log"), route.file().getParent());
            BiPredicate<Facility, Severity> filter = conf.get(route.file().getFileName().toString());
            for (Facility f : Facility.values()) {
                for (Severity s : Severity.values()) {
                    assertEquals(filter.test(f, s), route.selector().matches(f, s),
                            route.file() + " " + route.selector() + " for " + f + "." + s);
                }
            }
        }
    }

    @Test
    void theCatchAllIsAlsoWhatBaseimageDockerSendsToStdout() {
        assertEquals("*.info;news.*;mail,auth,authpriv.none", FileLayouts.BASEIMAGE_DOCKER_SYSLOG.toString());
    }

    @Test
    void debiansSyslogFileGetsAllButAuthentication() {
        for (Facility f : Facility.values()) {
            assertEquals(f != AUTH && f != AUTHPRIV, FileLayouts.DEBIAN_SYSLOG.matches(f, Severity.DEBUG));
        }
    }

    @Test
    void aSingleFileLayoutHasOneRoute() {
        assertEquals(List.of(new FileRoute(Path.of("/var/log/syslog"), Selector.ALL)),
                FileLayouts.single(Path.of("/var/log/syslog"), Selector.ALL));
    }
}
