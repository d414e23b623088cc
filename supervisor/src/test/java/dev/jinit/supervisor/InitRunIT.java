package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.spi.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Init.run()} with {@code -Djinit.root}: it supervises the service directory under the root beside the services
 * of the {@link ServiceSource} listed in this module's test {@code META-INF/services} ({@link Sleeper}); a clash of
 * names fails it, naming both places, and leaves no signal handler behind.
 */
class InitRunIT {
    private final String before = System.getProperty("jinit.root");

    @TempDir
    Path root;

    /** Found through META-INF/services by every Init.run() of this module's tests. */
    public static final class Sleeper implements ServiceSource {
        @Override
        public List<ServiceDefinition> services(Context context) {
            return List.of(ServiceDefinition.builder("from-source").command("sleep", "100000").build());
        }
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("jinit.root");
        } else {
            System.setProperty("jinit.root", before);
        }
    }

    private static Path runScript(Path dir) throws Exception {
        Files.createDirectories(dir);
        SvRig.script(dir.resolve("run"), "exec sleep 100000");
        return dir;
    }

    @Test
    void theServiceDirectoryUnderTheRootAndTheSourcesServicesAreSupervised() throws Exception {
        runScript(root.resolve("etc/service/from-dir"));
        System.setProperty("jinit.root", root.toString());
        try (Init init = Init.run()) {
            Supervisor sup = init.component(Supervisor.class).orElseThrow();
            assertEquals(Optional.of(root.resolve("etc/service")), sup.directory());
            BlockingQueue<String> running = new LinkedBlockingQueue<>();
            sup.subscribe(e -> {
                if (e.event() instanceof ServiceEvent.Started) {
                    running.add(e.service());
                }
            });
            // Started may have come before the subscription: the status says so as well
            sup.services().stream().filter(s -> s.pid() != 0).forEach(s -> running.add(s.name()));
            java.util.Set<String> seen = new java.util.TreeSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (int i = 0; i < 100 && seen.size() < 2; i++) { // and by the deadline: poll gives null after it
                String s = running.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (s == null) {
                    break;
                }
                seen.add(s);
            }
            assertEquals(java.util.Set.of("from-dir", "from-source"), seen, sup.services().toString());
            assertTrue(Files.exists(root.resolve("run/jinit/service/from-source/supervise/stat")));
            assertTrue(Files.exists(root.resolve("etc/service/from-dir/supervise/stat")));
        }
    }

    @Test
    void aServiceDirectoryOfTheSourcesNameFailsRunNamingBoth() throws Exception {
        runScript(root.resolve("etc/service/from-source"));
        System.setProperty("jinit.root", root.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, Init::run);
        assertEquals("init - " + SupervisorProvider.class.getName() + " cannot offer its component: service "
                + "'from-source' of " + Sleeper.class.getName() + " (a ServiceSource) has the name of the service "
                + "directory " + root.resolve("etc/service/from-source") + "; rename one of them", e.getMessage());
        // the failed run gave its signal handlers back: another init starts
        try (Init again = Init.builder().shutdownTimeout(Duration.ofSeconds(5)).start()) {
            assertTrue(again.status().isEmpty());
        }
    }
}
