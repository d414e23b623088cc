package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the text, the parser returns: each line is a job, a problem, an assignment, blank or a comment. */
class CrontabParserPropertiesTest {
    private static final CrontabParser PARSER = CrontabParser.builder().defaultZone(ZoneOffset.UTC)
            .userHomes(UserHomes.of(Map.of("root", "/root"))).build();

    @Provide
    Arbitrary<String> crontabLike() {
        Arbitrary<String> line = Arbitraries.oneOf(
                ExpressionArbitraries.expressions().map(e -> e + " root echo %x\\%y"),
                Arbitraries.of("", "# comment", "A=1", "MAILTO=", "CRON_TZ=Europe/Paris", "CRON_TZ=nowhere",
                        "@reboot root true", "\t", "X = \"y\" z", "0 0 * * *", "root"),
                Arbitraries.strings().withChars("0123456789*/-,@ \t=\"'#%\\\rabcrootsun").ofMaxLength(40));
        return line.list().ofMaxSize(12).map(lines -> String.join("\n", lines));
    }

    @Property
    void neverThrowsOnArbitraryText(@ForAll String text) {
        check(PARSER.parseSystem("f", text), text);
        check(PARSER.parseUser("f", "root", text), text);
    }

    @Property
    void neverThrowsOnCrontabLikeText(@ForAll("crontabLike") String text) {
        check(PARSER.parseSystem("f", text), text);
        check(PARSER.parseUser("f", "root", text), text);
    }

    private static void check(Crontab c, String text) {
        int lines = text.isEmpty() ? 0 : text.split("\n", -1).length;
        Set<Integer> seen = new HashSet<>();
        for (CronJob j : c.jobs()) {
            assertTrue(j.source().line() <= lines);
            assertTrue(seen.add(j.source().line()), "one job per line");
            assertEquals("root", j.environment().get("LOGNAME"));
        }
        for (CrontabProblem p : c.problems()) {
            assertTrue(p.where().line() <= lines);
            assertTrue(seen.add(p.where().line()), "a line is a job or a problem, not both");
            assertTrue(p.toString().startsWith("f:" + p.where().line() + ": "));
            assertTrue(p.toString().chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f), "one printable line: " + p);
        }
    }
}
