package dev.jinit.bench;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.jinit.cron.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The next fire time, jinit's {@link Schedule#next} beside cron-utils' {@code ExecutionTime.nextExecution} (UNIX
 * definition), on the same expressions, from the same instants, in the same zone. Both are parsed in the setup;
 * an operation is one next-fire computation. cron-utils gets its {@link ZonedDateTime}s made in advance (its API
 * takes them), jinit converts from an {@link Instant} inside the measured call.
 *
 * <p>The expressions are ones both read the same way (no <code>*&#47;2</code> day fields beside a day of week, no
 * <code>*&#47;60</code>, no {@code 5-0}): see {@code cron/src/test/java/dev/jinit/cron/CronUtilsAgreementTest.java}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CronNextBench {
    /** Every minute to once a year, lists, ranges, steps, names, day-of-week and day-of-month rules. */
    static final List<String> EXPRESSIONS = List.of(
            "* * * * *",
            "*/5 * * * *",
            "1-30/5 * * * *",
            "0 * * * *",
            "0 0 * * *",
            "30 2 * * *",
            "0 9-17 * * mon-fri",
            "15,45 */2 1,15 * *",
            "0 0 1 1 *",
            "0 12 * * SUN,sat",
            "0 0 13 * 5",
            "5 4 * * 0",
            "0 22 * * 1-5",
            "23 0-20/2 * * *",
            "0 0 29 2 *",
            "0 3 1 */3 *");
    static final int FROM_COUNT = 16;
    static final int OPS = 16 * FROM_COUNT;

    @Param({"UTC", "America/New_York"})
    public String zone;

    private Schedule[] ours;
    private ExecutionTime[] theirs;
    private Instant[] from;
    private ZonedDateTime[] fromZoned;

    @Setup
    public void setUp() {
        if (EXPRESSIONS.size() != 16) {
            throw new IllegalStateException("OPS assumes 16 expressions");
        }
        ZoneId z = ZoneId.of(zone);
        CronParser parser = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
        ours = new Schedule[EXPRESSIONS.size()];
        theirs = new ExecutionTime[EXPRESSIONS.size()];
        for (int i = 0; i < EXPRESSIONS.size(); i++) {
            ours[i] = Schedule.parse(EXPRESSIONS.get(i), z);
            theirs[i] = ExecutionTime.forCron(parser.parse(EXPRESSIONS.get(i)));
        }
        // Spread over two years, at odd seconds, including both DST nights of 2025 in New York.
        from = new Instant[FROM_COUNT];
        fromZoned = new ZonedDateTime[FROM_COUNT];
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < FROM_COUNT; i++) {
            from[i] = start.plusSeconds(i * 3_947_117L + 7);
        }
        from[3] = Instant.parse("2025-03-09T06:31:13Z");
        from[11] = Instant.parse("2025-11-02T05:31:13Z");
        for (int i = 0; i < FROM_COUNT; i++) {
            fromZoned[i] = from[i].atZone(z);
        }
        // Both must find a next time for every pair, or the comparison would be of different work.
        for (int e = 0; e < ours.length; e++) {
            for (int f = 0; f < FROM_COUNT; f++) {
                Optional<Instant> a = ours[e].next(from[f]);
                Optional<ZonedDateTime> b = theirs[e].nextExecution(fromZoned[f]);
                if (a.isEmpty() || b.isEmpty()) {
                    throw new IllegalStateException(EXPRESSIONS.get(e) + " from " + from[f] + ": " + a + " " + b);
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void jinit(Blackhole bh) {
        for (Schedule s : ours) {
            for (Instant t : from) {
                bh.consume(s.next(t));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void cronUtils(Blackhole bh) {
        for (ExecutionTime et : theirs) {
            for (ZonedDateTime t : fromZoned) {
                bh.consume(et.nextExecution(t));
            }
        }
    }
}
