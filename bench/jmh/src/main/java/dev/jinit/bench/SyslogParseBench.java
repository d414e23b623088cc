package dev.jinit.bench;

import dev.jinit.syslog.ParserConfig;
import dev.jinit.syslog.SyslogParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link SyslogParser} on the datagrams real clients sent to {@code /dev/log} (captured in
 * {@code /work/shared/specs/syslog-clients.md}): glibc with and without openlog, util-linux logger (default,
 * rfc3164, rfc5424 with structured data), Python's SysLogHandler, Perl's Sys::Syslog, and a jinit cron line. An
 * operation is one datagram parsed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SyslogParseBench {
    static final List<String> DATAGRAMS = List.of(
            "<13>Nov 27 23:53:09 glibc_syslog: no openlog, default ident",
            "<27>Nov 27 23:53:09 myprog[15475]: hello 42",
            "<134>Nov 27 23:53:09 myprog[15475]: explicit facility local0",
            "<28>Nov 27 23:53:09 myprog[15475]: multi\nline\tmsg",
            "<13>Nov 27 23:52:58 root: x",
            "<13>Nov 27 23:52:59 vm root: x",
            "<13>Nov  5 23:52:59 tag[22537]: with pid (-i)",
            "<13>1 2026-11-27T23:52:58.952273+00:00 vm root - - [timeQuality tzKnown=\"1\" isSynced=\"0\"] x",
            "<13>1 2026-11-27T23:52:59.419615+00:00 vm root - ID47 [timeQuality tzKnown=\"1\" isSynced=\"0\"]"
                    + "[zoo@123 tiger=\"hungry\"] sd test",
            "<12>python SysLogHandler msg\0",
            "<14>myapp: INFO request handled in 12 ms path=/api/v1/items status=200\0",
            "<142>Nov 27 23:53:00 perlprog[22702]: perl Sys::Syslog msg\n\0",
            "<78>Nov 28 04:00:01 CRON[4242]: backup done: 1234 files, 56 MB in 3.2 s",
            "<30>Nov 28 04:00:02 sshd[812]: Accepted publickey for deploy from 10.0.0.7 port 52144 ssh2: ED25519",
            "<86>Nov 28 04:00:03 sudo: pam_unix(sudo:session): session opened for user root(uid=0) by (uid=1000)",
            "<13>1 2026-11-28T04:00:04.000001Z web01 nginx 17 - - GET /healthz 200 0.001");

    private byte[][] datagrams;
    private SyslogParser parser;
    private Instant received;

    @Setup
    public void setUp() {
        if (DATAGRAMS.size() != 16) {
            throw new IllegalStateException("@OperationsPerInvocation assumes 16 datagrams");
        }
        datagrams = new byte[DATAGRAMS.size()][];
        for (int i = 0; i < datagrams.length; i++) {
            datagrams[i] = DATAGRAMS.get(i).getBytes(StandardCharsets.UTF_8);
        }
        parser = SyslogParser.of(ParserConfig.builder("vm").zone(ZoneId.of("UTC")).build());
        received = Instant.parse("2026-11-28T04:00:05Z");
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public void parse(Blackhole bh) {
        for (byte[] d : datagrams) {
            bh.consume(parser.parse(d, d.length, received));
        }
    }
}
