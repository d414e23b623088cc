package dev.jinit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/my_init starts its JVM with the signals its init handles blocked, and HUP, INT and TERM ignored (env
 * --block-signal, --ignore-signal): the init reads them from a signalfd. None of that may reach a process my_init
 * starts: every kind of child (start-up script, service, cron job, pre- and post-shutdown scripts, the main command)
 * must start with nothing blocked and nothing ignored. Each one's shell writes its own SigBlk and SigIgn to a file
 * (a non-interactive shell changes neither for itself).
 */
@Timeout(120)
class MyInitChildSignalsIT {
    private static final Duration SLOW = Duration.ofSeconds(30);
    private static final String CLEAN = "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n";
    private static final long MY_INIT_SIGNALS = 0x283b6203L; // HUP INT USR1 ALRM TERM CHLD CONT TSTP TTIN TTOU WINCH PWR

    @TempDir
    Path root;

    private void script(String path, String body) throws IOException {
        DistProcess.script(root.resolve(path), body);
    }

    private String masksTo(String name) {
        // Shell builtins only: dash blocks every signal around the vfork of a command that is not its last, so a
        // grep of /proc/$$/status could read the shell's mask inside that window (see setuser's ProbeTest).
        return "while IFS= read -r l; do case \"$l\" in SigBlk:*|SigIgn:*) echo \"$l\";; esac; done < /proc/$$/status > "
                + root.resolve("out/" + name + ".tmp") + " && mv "
                + root.resolve("out/" + name + ".tmp") + " " + root.resolve("out/" + name);
    }

    @Test
    void everyChildStartsWithNoBlockedAndNoIgnoredSignals() throws IOException {
        Assumptions.assumeTrue(MyInitTermRaceIT.envBlocksSignals(), "env has no --block-signal (coreutils < 8.31)");
        Files.createDirectories(root.resolve("out"));
        script("etc/my_init.d/10_startup", masksTo("startup"));
        script("etc/service/svc/run", masksTo("service") + "; exec sleep 1000");
        script("etc/my_init.pre_shutdown.d/pre", masksTo("pre-shutdown"));
        script("etc/my_init.post_shutdown.d/post", masksTo("post-shutdown"));
        Path cron = root.resolve("etc/cron.d/job");
        Files.createDirectories(cron.getParent());
        Files.writeString(cron, "@reboot root " + masksTo("cron") + "\n");
        Files.setPosixFilePermissions(cron, PosixFilePermissions.fromString("rw-r--r--"));
        try (DistProcess p = DistProcess.myInitAsPid1(List.of("--root", root.toString(), "sh", "-c",
                        masksTo("command") + "; echo ready; exec sleep 1000"),
                Map.of("JINIT_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"))) {
            p.awaitOutLine("ready");
            p.awaitErr(l -> l.contains("signals - backend signalfd for "), "the init choosing the signalfd backend");
            long jvm = p.myInitPid();
            long blocked = DistProcess.status(jvm, "SigBlk").map(h -> Long.parseUnsignedLong(h, 16)).orElse(0L);
            assertEquals(MY_INIT_SIGNALS, blocked & MY_INIT_SIGNALS, "my_init's JVM blocks its signals" + p.describe());
            for (String child : List.of("startup", "service", "cron", "command")) {
                Path f = root.resolve("out/" + child);
                DistProcess.pollUntil(f + " from the " + child, SLOW, () -> Files.exists(f));
                assertEquals(CLEAN, DistProcess.read(f).orElse(""), "the " + child + "'s masks" + p.describe());
            }
            p.signal("TERM");
            assertEquals(143, p.awaitExit(SLOW), p.describe());
            for (String child : List.of("pre-shutdown", "post-shutdown")) {
                Path f = root.resolve("out/" + child);
                assertTrue(Files.exists(f), "the " + child + " script ran" + p.describe());
                assertEquals(CLEAN, DistProcess.read(f).orElse(""), "the " + child + " script's masks" + p.describe());
            }
        }
    }
}
