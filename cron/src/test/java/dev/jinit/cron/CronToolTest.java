package dev.jinit.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CronToolTest {
    private static final UserHomes HOMES = UserHomes.of(java.util.Map.of("root", "/root"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:07:00Z"));

    private int next(String... args) {
        return CronTool.next(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }

    private List<String> lines(ByteArrayOutputStream s) {
        String t = s.toString(StandardCharsets.UTF_8);
        return t.isEmpty() ? List.of() : List.of(t.split("\n"));
    }

    @Test
    void nextPrintsTheNextRunsStrictlyAfterTheInstantInUtc() {
        assertEquals(0, next("*/15 * * * *", "--tz", "UTC", "--count", "3"));
        assertEquals(List.of("2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z"), lines(out));
    }

    @Test
    void fixedTimeRunsCaughtUpAfterADstGapPrintTheSameInstantTwice() {
        // 2026-03-08 in New York: 02:00 EST jumps to 03:00 EDT (07:00Z); 02:15 and 02:45 both run at 03:00 EDT.
        assertEquals(0, next("15,45 2 * * *", "--tz", "America/New_York", "--from", "2026-03-08T06:00:00Z", "--count", "3"));
        assertEquals(List.of("2026-03-08T07:00:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:15:00Z"), lines(out));
    }

    @Test
    void aScheduleThatNeverFiresAndRebootPrintNothing() {
        assertEquals(0, next("0 0 30 2 *"));
        assertEquals(0, next("@reboot"));
        assertEquals(List.of(), lines(out));
    }

    @Test
    void badInputExits2NamingTheField() {
        assertEquals(2, next("60 * * * *"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("minute"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, next("* * * * *", "--count", "0"));
        assertEquals(2, next("* * * * *", "--tz", "Mars/Olympus"));
        assertEquals(2, next("* * * * *", "--from", "yesterday"));
        assertEquals(2, next());
        assertEquals(List.of(), lines(out));
    }

    @Test
    void checkPrintsEveryProblemAsFileLineReasonAndExits1(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good"), "SHELL=/bin/sh\n*/5 * * * * root true\n");
        Path bad = Files.writeString(dir.resolve("bad"), "*/5 * * * * root true\n61 * * * * root true\n");
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, CronTool.check(List.of(good.toString()), o, e, HOMES));
        assertEquals(List.of(), lines(out));
        assertEquals(1, CronTool.check(List.of(good.toString(), bad.toString()), o, e, HOMES));
        List<String> problems = lines(out);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(bad + ":2: "), problems.get(0));
        assertEquals(2, CronTool.check(List.of(), o, e, HOMES));
        assertEquals(1, CronTool.check(List.of(dir.resolve("missing").toString()), o, e, HOMES));
    }
}
