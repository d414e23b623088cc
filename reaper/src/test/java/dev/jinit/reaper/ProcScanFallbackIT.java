package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fallback for kernels without {@code /proc/self/task/*&#47;children}: the reaper finds its children by scanning
 * every {@code /proc/<pid>/stat}. Same result: every orphan reaped, ProcessBuilder exit codes exact.
 */
class ProcScanFallbackIT {

    @Test
    void theProcScanReapsOrphansAndLeavesTheJdksChildrenAlone() throws Exception {
        long pid = ProcessHandle.current().pid();
        Reaper reaper = Reaper.builder().childLister(new ChildLister.ProcScan(pid)).build();
        try (Init init = Init.builder().shutdownOn(Set.of()).component(reaper).start()) {
            List<Long> orphans = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                orphans.add(Orphans.orphan("exec sleep 0.2"));
            }
            List<Process> jdk = new ArrayList<>();
            for (int code = 1; code <= 20; code++) {
                jdk.add(new ProcessBuilder("sh", "-c", "sleep 0.1; exit " + code).start());
            }
            for (int code = 1; code <= 20; code++) {
                Process p = jdk.get(code - 1);
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                assertEquals(code, p.exitValue(), "ProcessBuilder exit code");
            }
            assertTrue(reaper.awaitNoChildren(Duration.ofSeconds(10)), "all orphans reaped");
            assertTrue(reaper.reapedOrphans() >= orphans.size(), "reaped " + reaper.reapedOrphans());
            assertEquals(List.of(), ProcFs.zombieChildren(), "no zombie left");
        }
    }
}
