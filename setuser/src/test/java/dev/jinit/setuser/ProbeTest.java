package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe reports the signal mask the shell started with, not a mask dash holds for a moment: the shell reads its
 * own status with builtins, so no child of it can read {@code /proc/<shell>/status} inside dash's vforkexec window
 * (every signal blocked from before the vfork until after the child's exec). That window is what made a
 * {@code user:group} child look as if it had started with a full mask (SigBlk fffffffe7ffbfeff: glibc's
 * sigfillset, fault signals included, so not the spawn thread's mask, which leaves them out).
 */
class ProbeTest {

    /**
     * With no grep (or any command but id and ls) on PATH, the status lines still come: the shell read them itself.
     * The probe that ran {@code grep /proc/$$/status} printed none here.
     */
    @Test
    void theShellReadsItsOwnStatusWithNoChildProcess(@TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        for (String tool : List.of("id", "ls")) {
            Path real = Path.of("/usr/bin", tool).toRealPath();
            Files.copy(real, bin.resolve(tool), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path sh = Path.of("/bin/sh").toRealPath();
        Path out = tmp.resolve("out");
        ProcessBuilder pb = new ProcessBuilder(sh.toString(), "-c", Probe.COMMAND.get(2)).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        assertEquals(0, p.waitFor(), Files.readString(out));
        Probe probe = Probe.parse(Files.readAllLines(out));
        assertNotNull(probe.get("SigBlk"), "SigBlk read by the shell itself: " + Files.readString(out));
        assertNotNull(probe.get("SigIgn"), Files.readString(out));
        assertNotNull(probe.get("CapEff"), Files.readString(out));
        assertNotNull(probe.get("NoNewPrivs"), Files.readString(out));
    }
}
