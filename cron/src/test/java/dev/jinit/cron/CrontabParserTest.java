package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrontabParserTest {
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");
    private static final CrontabParser PARSER = CrontabParser.builder()
            .defaultZone(DEFAULT_ZONE)
            .userHomes(UserHomes.of(Map.of("root", "/root", "alice", "/home/alice", "www-data", "/var/www")))
            .build();

    private static Crontab system(String... lines) {
        return PARSER.parseSystem("/etc/cron.d/test", String.join("\n", lines) + "\n");
    }

    private static Crontab user(String... lines) {
        return PARSER.parseUser("/var/spool/cron/crontabs/alice", "alice", String.join("\n", lines) + "\n");
    }

    private static List<String> problems(Crontab c) {
        return c.problems().stream().map(CrontabProblem::toString).collect(Collectors.toList());
    }

    @Test
    void readsDebiansOwnEtcCrontab() {
        Crontab c = PARSER.parseSystem("/etc/crontab", String.join("\n",
                "# /etc/crontab: system-wide crontab",
                "SHELL=/bin/sh",
                "PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin",
                "",
                "# Example of job definition:",
                "# m h dom mon dow user\tcommand",
                "17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly",
                "25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }",
                "47 6\t* * 7\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }",
                "52 6\t1 * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }",
                "#", ""));
        assertTrue(c.isClean(), problems(c).toString());
        assertEquals(4, c.jobs().size());
        CronJob hourly = c.jobs().get(0);
        assertEquals(Schedule.parse("17 * * * *", DEFAULT_ZONE), hourly.schedule());
        assertEquals("root", hourly.user());
        assertEquals("cd / && run-parts --report /etc/cron.hourly", hourly.command());
        assertEquals("", hourly.input());
        assertEquals(new SourceLine("/etc/crontab", 7), hourly.source());
        assertEquals(Map.of("SHELL", "/bin/sh", "PATH", "/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin",
                "HOME", "/root", "LOGNAME", "root", "USER", "root"), hourly.environment());
        assertTrue(hourly.schedule().spec() instanceof CronExpression e && e.isWildcard());
        assertEquals(Schedule.parse("47 6 * * 0", DEFAULT_ZONE), c.jobs().get(2).schedule());
    }

    @Test
    void aUserCrontabHasNoUserFieldAndRunsEverythingAsItsOwner() {
        Crontab c = user("*/5 * * * * /usr/bin/backup --fast", "@reboot /usr/bin/warm-cache");
        assertTrue(c.isClean(), problems(c).toString());
        assertEquals(List.of("alice", "alice"), c.jobs().stream().map(CronJob::user).collect(Collectors.toList()));
        assertEquals("/usr/bin/backup --fast", c.jobs().get(0).command());
        assertTrue(c.jobs().get(1).schedule().isReboot());
        assertEquals("/home/alice", c.jobs().get(0).environment().get("HOME"));
    }

    @Test
    void jobsGetShellHomeAndPathDefaultsAndAlwaysTheirOwnLognameAndUser() {
        CronJob j = system("0 0 * * * www-data true").jobs().get(0);
        assertEquals(orderedMap("SHELL", "/bin/sh", "HOME", "/var/www", "PATH", "/usr/bin:/bin",
                "LOGNAME", "www-data", "USER", "www-data"), j.environment());
        assertEquals("/bin/sh", j.shell());

        CronJob overridden = system("SHELL=/bin/bash", "HOME=/srv", "PATH=/opt/bin", "LOGNAME=mallory", "USER=mallory",
                "0 0 * * * www-data true").jobs().get(0);
        assertEquals(orderedMap("SHELL", "/bin/bash", "HOME", "/srv", "PATH", "/opt/bin",
                "LOGNAME", "www-data", "USER", "www-data"), overridden.environment());
        assertEquals("/bin/bash", overridden.shell());
    }

    @Test
    void anAssignmentAffectsOnlyTheJobsBelowIt() {
        Crontab c = system("0 0 * * * root first", "FOO=1", "0 0 * * * root second", "FOO = 2",
                "0 0 * * * root third");
        assertEquals(List.of("null", "1", "2"), c.jobs().stream()
                .map(j -> String.valueOf(j.environment().get("FOO"))).collect(Collectors.toList()));
    }

    @Test
    void valuesLoseTheirQuotesAndAreNeverExpanded() {
        Map<String, String> env = system("A = \"  spaced  \"", "B='single'", "C=$HOME/bin:~", "D=x # y   ",
                "MAILTO=\"\"", "0 0 * * * root true").jobs().get(0).environment();
        assertEquals("  spaced  ", env.get("A"));
        assertEquals("single", env.get("B"));
        assertEquals("$HOME/bin:~", env.get("C"));
        assertEquals("x # y", env.get("D"));
        assertEquals("", env.get("MAILTO"));
    }

    @Test
    void anEmptyUnquotedValueIsABadLineWithAHint() {
        Crontab c = system("MAILTO=", "0 0 * * * root true");
        assertEquals(List.of("/etc/cron.d/test:1: an empty value needs quotes: write MAILTO=\"\" (cron reads "
                + "'MAILTO=' as a job, and a bad one)"), problems(c));
        assertEquals(1, c.jobs().size());
    }

    @Test
    void percentSignsSplitTheCommandFromItsInput() {
        CronJob j = system("0 0 * * * root mail -s \"report \\%d\" root%Hello,%%the report%").jobs().get(0);
        assertEquals("mail -s \"report %d\" root", j.command());
        assertEquals("Hello,\n\nthe report\n", j.input());
    }

    @Test
    void commentsAreWholeLinesOnlyAndBlankLinesAreIgnored() {
        Crontab c = system("", "   ", "\t", "  # indented comment", "#0 0 * * * root never",
                "0 0 * * * root echo # kept", "A=1 # kept too", "0 0 * * * root env");
        assertTrue(c.isClean(), problems(c).toString());
        assertEquals("echo # kept", c.jobs().get(0).command());
        assertEquals("1 # kept too", c.jobs().get(1).environment().get("A"));
    }

    @Test
    void leadingBlanksAndTabsBetweenFieldsAreAllowedAndTheCommandKeepsItsInnerBlanks() {
        CronJob j = system("  \t 5  4\t* *  *   root   echo  a   b  ").jobs().get(0);
        assertEquals(Schedule.parse("5 4 * * *", DEFAULT_ZONE), j.schedule());
        assertEquals("echo  a   b  ", j.command());
    }

    @Test
    void oneBadLineIsReportedWithFileAndLineAndTheRestStillRuns() {
        Crontab c = system(
                "0 0 * * * root good one",
                "60 0 * * * root bad minute",
                "0 0 * * * nobody unknown user",
                "0 0 * * * root",
                "0 0 * *",
                "@Daily root bad keyword",
                "* * * * 1.5 root junk",
                "0 0 * * * root good two");
        assertEquals(List.of("good one", "good two"),
                c.jobs().stream().map(CronJob::command).collect(Collectors.toList()));
        assertEquals(List.of(
                "/etc/cron.d/test:2: bad minute '60': 60 is out of range 0-59",
                "/etc/cron.d/test:3: unknown user 'nobody'",
                "/etc/cron.d/test:4: missing command",
                "/etc/cron.d/test:5: missing day-of-week (a job is five time fields, a user and a command)",
                "/etc/cron.d/test:6: bad time specifier: not one of @reboot @yearly @annually @monthly @weekly @daily "
                        + "@midnight @hourly (they are case-sensitive) in '@Daily'",
                "/etc/cron.d/test:7: bad day-of-week '1.5': unexpected '.' after '1'"), problems(c));
        assertEquals(new SourceLine("/etc/cron.d/test", 8), c.jobs().get(1).source());
    }

    @ParameterizedTest(name = "system line ''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "0 0 * * *                | missing user and command",
            "@daily                   | missing user and command",
            "@daily root              | missing command",
            "0 0 * * * *  root true   | unknown user '*'",
            "0 0 12 * * ? root true   | unknown user '?'",
    })
    void systemLinesNeedAUserAndACommand(String line, String reason) {
        assertEquals(List.of("/etc/cron.d/test:1: " + reason), problems(system(line)));
    }

    @Test
    void aSixFieldLineInAUserCrontabIsRejectedBecauseItsCommandStartsWithAStar() {
        assertEquals(List.of("/var/spool/cron/crontabs/alice:1: bad command '* /usr/bin/x': it starts with '*' "
                + "(a sixth time field? cron has five)"), problems(user("0 0 * * * * /usr/bin/x")));
    }

    @Test
    void aQuestionMarkSixthFieldIsPartOfTheCommandAsInDebian() {
        assertEquals("? cmd", user("0 0 12 * * ? cmd").jobs().get(0).command());
    }

    @Test
    void aUserCrontabWhoseOwnerHasNoPasswdEntryRunsNothing() {
        Crontab c = PARSER.parseUser("/var/spool/cron/crontabs/ghost", "ghost", "0 0 * * * true\n");
        assertEquals(List.of("/var/spool/cron/crontabs/ghost:1: unknown user 'ghost' (the crontab's owner has no "
                + "passwd entry)"), problems(c));
    }

    @Test
    void cronTzSetsTheZoneOfTheJobsBelowIt() {
        Crontab c = system("0 0 * * * root a", "CRON_TZ=America/New_York", "0 0 * * * root b", "CRON_TZ = UTC",
                "0 0 * * * root c", "CRON_TZ=\"\"", "0 0 * * * root d");
        assertTrue(c.isClean(), problems(c).toString());
        assertEquals(List.of(DEFAULT_ZONE, ZoneId.of("America/New_York"), ZoneId.of("UTC"), DEFAULT_ZONE),
                c.jobs().stream().map(j -> j.schedule().zone()).collect(Collectors.toList()));
        assertEquals("America/New_York", c.jobs().get(1).environment().get("CRON_TZ"));
    }

    @Test
    void anUnknownCronTzIsABadLineAndTheZoneStaysAsItWas() {
        Crontab c = system("CRON_TZ=Asia/Tokyo", "CRON_TZ=Mars/Olympus_Mons", "0 0 * * * root a");
        assertEquals(List.of("/etc/cron.d/test:2: unknown time zone 'Mars/Olympus_Mons' in CRON_TZ (use a tz "
                + "database name such as Europe/Berlin); jobs below keep Asia/Tokyo"), problems(c));
        assertEquals(ZoneId.of("Asia/Tokyo"), c.jobs().get(0).schedule().zone());
        assertEquals("Asia/Tokyo", c.jobs().get(0).environment().get("CRON_TZ"));
    }

    @Test
    void tzInACrontabOnlyChangesTheJobsEnvironmentNotItsZone() {
        CronJob j = system("TZ=Asia/Tokyo", "0 0 * * * root a").jobs().get(0);
        assertEquals(DEFAULT_ZONE, j.schedule().zone());
        assertEquals("Asia/Tokyo", j.environment().get("TZ"));
    }

    @Test
    void crlfLineEndsAndAMissingFinalNewlineAreAccepted() {
        Crontab c = PARSER.parseSystem("/etc/cron.d/win", "A=1\r\n0 0 * * * root echo a\r\n0 1 * * * root echo b");
        assertTrue(c.isClean(), problems(c).toString());
        assertEquals(List.of("echo a", "echo b"), c.jobs().stream().map(CronJob::command).collect(Collectors.toList()));
        assertEquals("1", c.jobs().get(0).environment().get("A"));
    }

    @Test
    void anEmptyFileHasNoJobsAndNoProblems() {
        Crontab c = PARSER.parseSystem("/etc/cron.d/empty", "");
        assertEquals(List.of(), c.jobs());
        assertTrue(c.isClean());
        assertEquals(CrontabFormat.SYSTEM, c.format());
    }

    @Test
    void anAssignmentWithoutANameAndALineWithNulAreBadLines() {
        assertEquals(List.of("/etc/cron.d/test:1: an assignment needs a name before '='",
                        "/etc/cron.d/test:2: the line holds a NUL character"),
                problems(system("=x", "0 0 * * * root a\0b")));
    }

    @Test
    void problemsEscapeControlCharactersSoEachStaysOneLogLine() {
        assertEquals(List.of("/var/spool/cron/crontabs/alice:1: bad command '*\\x0c x': it starts with '*' (a sixth "
                + "time field? cron has five)"), problems(user("0 0 * * * *\f x")));
    }

    @Test
    void theBuilderNeedsUserHomesAndDefaultsToTheSystemZone() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CrontabParser.builder().build());
        assertTrue(e.getMessage().startsWith("userHomes must be set"), e.getMessage());
        assertEquals(ZoneId.systemDefault(), CrontabParser.builder().userHomes(u -> java.util.Optional.empty())
                .build().defaultZone());
        assertThrows(NullPointerException.class, () -> CrontabParser.builder().defaultZone(null));
        assertThrows(IllegalArgumentException.class, () -> PARSER.parseUser("f", "", ""));
    }

    @Test
    void jobsAreValuesThatCompareEqualWhenParsedFromTheSameText() {
        assertEquals(system("0 0 * * * root a"), system("0 0 * * * root a"));
        assertFalse(system("0 0 * * * root a").equals(system("0 0 * * * root b")));
        assertEquals(Schedule.of(CronSpec.parse("@daily"), ZoneOffset.UTC), Schedule.parse("0 0 * * *", ZoneOffset.UTC));
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
