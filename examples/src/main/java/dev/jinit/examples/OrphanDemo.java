package dev.jinit.examples;

import dev.jinit.Init;
import dev.jinit.reaper.Reaper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An app that calls {@link Init#run()} and then does what breaks a naive Java PID 1: it leaves orphans behind and
 * runs {@link ProcessBuilder} children whose exit codes must stay exact. Run it as PID 1:
 * {@code unshare --pid --fork --mount-proc java -cp ... dev.jinit.examples.OrphanDemo [ORPHANS]}.
 */
public final class OrphanDemo {
    private OrphanDemo() {
    }

    public static void main(String[] args) throws Exception {
        int orphans = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (Init init = Init.run()) {
            Reaper reaper = init.component(Reaper.class).orElseThrow();
            System.out.printf("pid %d; reaper finds JDK children by '%s'%n", ProcessHandle.current().pid(), reaper.jdkStrategy());

            // Each shell starts background subshells and exits at once: they become our orphans. They block on
            // the shell's stdin pipe (fd 3) until we close it, so each ends only after it has been re-parented (a
            // shell reaps background jobs that end while it still runs).
            List<Process> parents = new ArrayList<>();
            for (int i = 0; i < orphans; i += 50) {
                parents.add(new ProcessBuilder("sh", "-c", "exec 3<&0; i=0; while [ $i -lt " + Math.min(50, orphans - i)
                        + " ]; do (read x <&3; exit 3) & i=$((i+1)); done").start());
            }
            // Meanwhile ProcessBuilder children with known exit codes: a waitpid(-1) would turn these into 0.
            int exact = 0;
            for (int code = 1; code <= 100; code++) {
                Process p = new ProcessBuilder("sh", "-c", "exit " + code).start();
                if (p.waitFor() == code) {
                    exact++;
                }
            }
            for (Process p : parents) {
                p.waitFor();
                p.getOutputStream().close(); // EOF: the orphans, re-parented to us by now, exit
            }
            boolean clean = reaper.awaitNoChildren(Duration.ofSeconds(10));
            System.out.printf("ProcessBuilder exit codes exact: %d of 100%n", exact);
            System.out.printf("orphans reaped: %d of %d; children left: %s%n", reaper.reapedOrphans(), orphans,
                    clean ? "none" : "some (timeout)");
            if (exact != 100 || !clean) {
                System.exit(1);
            }
        } catch (IOException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }
}
