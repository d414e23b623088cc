package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * my_init's whole sequence as PID 1 of a PID namespace, on a test root laid out as a baseimage-docker image:
 * container environment, start-up scripts, a runit service that logs through syslog, a cron job, pre- and
 * post-shutdown scripts, and a leftover process for kill-all. Each script appends one line to {@code out/order}, so
 * the order of the sequence is read back from one file.
 */
class MyInitLifecycleIT {
    private static final Duration SLOW = Duration.ofSeconds(30); // a loaded 2-core machine starts JVMs slowly

    @TempDir
    Path root;

    private Path order() {
        return root.resolve("out/order");
    }

    private Path script(String path, String body) throws IOException {
        Path p = root.resolve(path);
        DistProcess.script(p, body.replace("$ROOT", root.toString()));
        return p;
    }

    private void layOut() throws IOException {
        Files.createDirectories(root.resolve("out"));
        Files.createDirectories(root.resolve("etc/container_environment"));
        Files.writeString(root.resolve("etc/container_environment/GREETING"), "hello world\n");
        script("etc/my_init.d/10_first", """
                echo "startup 10_first $GREETING" >> $ROOT/out/order
                printf 'from 10_first' > $ROOT/etc/container_environment/ADDED
                $SETUSER nobody id -u > $ROOT/out/setuser""".replace("$SETUSER", DistProcess.bin("setuser").toString()));
        script("etc/my_init.d/20_second", """
                echo "startup 20_second $ADDED" >> $ROOT/out/order
                # a daemon that outlives its script: only kill-all ends it, after the post-shutdown scripts
                sh -c 'trap "echo leftover TERM >> $ROOT/out/order; exit 0" TERM; while :; do sleep 1; done' &""");
        script("etc/rc.local", "echo rc.local >> $ROOT/out/order");
        script("etc/service/web/run", """
                trap 'echo "service web stopped" >> $ROOT/out/order; exit 0' TERM
                logger -u $ROOT/dev/log -t web "web is up with $ADDED"
                while :; do sleep 1; done""");
        script("etc/my_init.pre_shutdown.d/pre", "echo pre-shutdown >> $ROOT/out/order");
        script("etc/my_init.post_shutdown.d/post", "echo post-shutdown >> $ROOT/out/order");
        Path cron = root.resolve("etc/cron.d/job");
        Files.createDirectories(cron.getParent());
        Files.writeString(cron, "@reboot root echo cron ran >> " + root.resolve("out/cron") + "\n"
                + "@reboot root echo cron output goes to syslog\n");
        Files.setPosixFilePermissions(cron, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private String read(Path p) {
        return DistProcess.read(p).orElse("");
    }

    private void awaitContent(Path file, String text) {
        DistProcess.pollUntil(file + " to contain '" + text + "'", SLOW, () -> read(file).contains(text));
    }

    /** Debian's sv when .ci/run installed it, and ours: both read the supervise/ files. */
    private List<List<String>> svCommands() {
        List<List<String>> out = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/local/bin/sv"))) {
            out.add(List.of("/usr/local/bin/sv"));
        }
        out.add(List.of(DistProcess.bin("sv").toString()));
        return out;
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), command + " ended");
        return p.exitValue() + ":" + new String(out).trim();
    }

    @Test
    void theWholeSequenceInOrderThenTermStopsItInReverse() throws Exception {
        layOut();
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--root", root.toString()),
                Map.of("KILL_PROCESS_TIMEOUT", "10", "KILL_ALL_PROCESSES_TIMEOUT", "10"))) {
            p.awaitErr(l -> l.contains("waiting for SIGTERM or SIGINT"), "my_init running");

            // 1. environment: imported, re-imported after a script, exported as files, shell and JSON
            assertEquals("hello world", read(root.resolve("etc/container_environment/GREETING")));
            String sh = read(root.resolve("etc/container_environment.sh"));
            assertTrue(sh.contains("export GREETING='hello world'\n"), sh);
            assertTrue(sh.contains("export ADDED='from 10_first'\n"), sh);
            assertFalse(sh.contains("export HOME="), sh);
            assertTrue(read(root.resolve("etc/container_environment.json")).contains("\"ADDED\": \"from 10_first\""));

            // 2.-3. start-up scripts in name order, each seeing what the one before exported, then rc.local
            assertEquals(List.of("startup 10_first hello world", "startup 20_second from 10_first", "rc.local"),
                    read(order()).lines().toList());

            assertEquals("65534", read(root.resolve("out/setuser")).trim(), "setuser nobody in a start-up script");

            // 4. the service runs (sv status, Debian's and ours), with the container environment; its logger line
            // went through syslog to var/log/syslog; cron ran its @reboot job
            Path web = root.resolve("etc/service/web");
            awaitContent(root.resolve("var/log/syslog"), " web: web is up with from 10_first"); // the service runs
            for (List<String> sv : svCommands()) {
                List<String> cmd = new ArrayList<>(sv);
                cmd.addAll(List.of("status", web.toString()));
                String got = "";
                for (int i = 0; i < 50 && !got.startsWith("0:run: " + web + ": (pid "); i++) { // bounded: 50 asks
                    if (i > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); // no event says "status written"
                    }
                    got = output(cmd);
                }
                assertTrue(got.startsWith("0:run: " + web + ": (pid "), cmd + " says " + got);
            }
            awaitContent(root.resolve("out/cron"), "cron ran");
            awaitContent(root.resolve("var/log/syslog"), " CRON["); // a job's output, through the syslog under --root
            awaitContent(root.resolve("var/log/syslog"), "]: cron output goes to syslog");

            // jinit status answers through the socket under the root
            String status = output(List.of(DistProcess.bin("jinit").toString(), "status", "--root", root.toString()));
            assertTrue(status.startsWith("0:") && status.endsWith("\nhealthy"), status);
            assertTrue(status.contains("\nsupervisor: ok\n  web: run (pid "), "services with state and pid: " + status);
            assertTrue(status.contains("\ncron: ok\n  " + root.resolve("etc/cron.d/job") + ":1 root '@reboot' next never"),
                    "cron jobs with their next run: " + status);
            assertTrue(status.matches("(?s).*\nsyslog: ok\n  \\d+ received, \\d+ written.*"), "syslog's counters: " + status);
            assertTrue(status.contains("orphans reaped "), status);
            assertEquals("0:", output(List.of(DistProcess.bin("jinit").toString(), "status", "--check", "--root",
                    root.toString())));

            // 6. TERM: pre-shutdown, the service stopped, post-shutdown, then the leftover daemon (kill-all)
            p.signal("TERM");
            assertEquals(0, p.awaitExit(SLOW), "exit code after a clean TERM shutdown without a command" + p.describe());
            assertEquals(List.of("startup 10_first hello world", "startup 20_second from 10_first", "rc.local",
                    "pre-shutdown", "service web stopped", "post-shutdown", "leftover TERM"),
                    read(order()).lines().toList(), p.describe());
            assertFalse(Files.exists(root.resolve("run/jinit/status.sock")), "the status socket is removed");
            assertFalse(Files.exists(root.resolve("dev/log")), "the syslog socket is removed");
            assertEquals("3:", output(List.of(DistProcess.bin("jinit").toString(), "status", "--check", "--root",
                    root.toString())).replaceAll("jinit status: .*", ""), "no init answers now");
        }
    }

    @Test
    void aFailingStartupScriptAbortsStartUpNamingItAndItsStatus() throws Exception {
        Files.createDirectories(root.resolve("out"));
        script("etc/my_init.d/10_ok", "echo 10_ok >> $ROOT/out/order");
        script("etc/my_init.d/20_fails", "echo 20_fails >> $ROOT/out/order; exit 3");
        script("etc/my_init.d/30_never", "echo 30_never >> $ROOT/out/order");
        script("etc/service/web/run", "echo service started >> $ROOT/out/order; exec sleep 100");
        script("etc/my_init.post_shutdown.d/post", "echo post-shutdown >> $ROOT/out/order");
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--root", root.toString(), "--", "echo", "main ran"))) {
            assertEquals(1, p.awaitExit(SLOW), p.describe());
            assertTrue(p.errLines().stream().anyMatch(l -> l.contains(root.resolve("etc/my_init.d/20_fails").toString())
                    && l.contains("exit code 3") && l.contains("start-up aborted")), p.describe());
            assertEquals(List.of("10_ok", "20_fails"), read(order()).lines().toList(),
                    "nothing after the failing script: no later script, no service, no main command, no post-shutdown");
            assertFalse(p.outLines().contains("main ran"));
        }
    }

    @Test
    void theMainCommandsExitEndsTheInitWithItsCodeAfterTheShutdownScripts() throws Exception {
        Files.createDirectories(root.resolve("out"));
        script("etc/my_init.d/10_env", "printf v > $ROOT/etc/container_environment/FROM_SCRIPT");
        Files.createDirectories(root.resolve("etc/container_environment"));
        script("etc/my_init.pre_shutdown.d/pre", "echo pre-shutdown >> $ROOT/out/order");
        script("etc/my_init.post_shutdown.d/post", "echo post-shutdown >> $ROOT/out/order");
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--root", root.toString(), "--no-syslog", "--",
                "sh", "-c", "echo \"main $FROM_SCRIPT\" >> " + root.resolve("out/order") + "; exit 7"))) {
            assertEquals(7, p.awaitExit(SLOW), p.describe());
            assertEquals(List.of("main v", "pre-shutdown", "post-shutdown"), read(order()).lines().toList());
        }
    }

    @Test
    void statusCheckFailsWhileStartUpRunsAndPassesOnceRunning() throws Exception {
        Files.createDirectories(root.resolve("out"));
        Path go = root.resolve("out/go");
        assertEquals(0, new ProcessBuilder("mkfifo", go.toString()).start().waitFor());
        script("etc/my_init.d/10_wait", "read x < $ROOT/out/go"); // blocks until the test writes to the FIFO
        String jinit = DistProcess.bin("jinit").toString();
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--root", root.toString(), "--no-syslog"))) {
            p.awaitErr(l -> l.contains("running " + root.resolve("etc/my_init.d/10_wait")), "the start-up script");
            // the socket is served from before the start-up scripts on
            DistProcess.pollUntil("the status socket", SLOW, () -> Files.exists(root.resolve("run/jinit/status.sock")));
            String starting = output(List.of(jinit, "status", "--check", "--root", root.toString()));
            assertTrue(starting.startsWith("1:") && starting.contains("my_init: UNHEALTHY") && starting.contains("starting"),
                    starting);
            Files.writeString(go, "go\n");
            p.awaitErr(l -> l.contains("waiting for SIGTERM or SIGINT"), "my_init running");
            assertEquals("0:", output(List.of(jinit, "status", "--check", "--root", root.toString())));
            String full = output(List.of(jinit, "status", "--socket", root.resolve("run/jinit/status.sock").toString()));
            assertTrue(full.contains("startup-scripts: ok\n  1 done\n") && full.contains("orphans reaped"), full);
            p.signal("INT");
            assertEquals(0, p.awaitExit(SLOW), p.describe());
        }
    }
}
