package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jinit.Init;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A service directory tree supervised in-process by an {@link Init} with a {@link Supervisor}, its events in a queue,
 * and waits that block on events (supervisor events, inotify) with timeouts.
 */
final class SvRig implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    final Path root;
    final Path services;
    final Path results;
    final BlockingQueue<Supervisor.Event> events = new LinkedBlockingQueue<>();
    private Init init;
    private Supervisor supervisor;

    SvRig() throws IOException {
        root = Files.createTempDirectory("jinit-sv");
        services = Files.createDirectory(root.resolve("service"));
        results = Files.createDirectory(root.resolve("results"));
    }

    /** Writes an executable script. */
    static void script(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Path service(String name) {
        return services.resolve(name);
    }

    void start(Duration scanInterval) throws Exception {
        start(Supervisor.builder().directory(services).scanInterval(scanInterval));
    }

    void start(Supervisor.Builder builder) throws Exception {
        supervisor = builder.build();
        supervisor.subscribe(events::add);
        init = Init.builder().shutdownOn(Set.of()).shutdownTimeout(Duration.ofSeconds(10)).component(supervisor).start();
    }

    Supervisor supervisor() {
        return supervisor;
    }

    /** The next event of {@code service} (null: any) matching {@code p}; other events are dropped. */
    Supervisor.Event await(String service, Predicate<ServiceEvent> p) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Supervisor.Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                fail("no matching event of " + service + " within " + TIMEOUT);
            }
            if ((service == null || e.service().equals(service)) && p.test(e.event())) {
                return e;
            }
        }
    }

    /** Waits until each of {@code names} has started, in any order. */
    void awaitAllStarted(java.util.Collection<String> names) throws InterruptedException {
        awaitAll(names, ServiceEvent.Started.class);
    }

    /** Waits until each service has published {@code ServiceEvent.Ready} (which follows its {@code Started}). */
    void awaitAllReady(java.util.Collection<String> names) throws InterruptedException {
        awaitAll(names, ServiceEvent.Ready.class);
    }

    private void awaitAll(java.util.Collection<String> names, Class<? extends ServiceEvent> kind)
            throws InterruptedException {
        java.util.Set<String> left = new java.util.HashSet<>(names);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!left.isEmpty()) {
            long rest = deadline - System.nanoTime();
            Supervisor.Event e = rest > 0 ? events.poll(rest, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                fail("no " + kind.getSimpleName() + " within " + TIMEOUT + ": " + left);
            }
            if (kind.isInstance(e.event())) {
                left.remove(e.service());
            }
        }
    }

    long awaitStarted(String service) throws InterruptedException {
        return ((ServiceEvent.Started) await(service, ev -> ev instanceof ServiceEvent.Started).event()).pid();
    }

    static List<String> awaitLine(Path file, Predicate<String> p) throws IOException, InterruptedException {
        return awaitLine(file, 0, p);
    }

    /** The number of lines in {@code file} now (0 when it does not exist). */
    static int lineCount(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
    }

    /**
     * Waits (inotify) until {@code file} has a line from index {@code from} on that {@code p} accepts; returns the
     * file's lines.
     */
    static List<String> awaitLine(Path file, int from, Predicate<String> p) throws IOException, InterruptedException {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            file.getParent().register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    if (lines.stream().skip(from).anyMatch(p)) {
                        return lines;
                    }
                }
                long left = deadline - System.nanoTime();
                WatchKey k = left > 0 ? ws.poll(left, TimeUnit.NANOSECONDS) : null;
                if (k == null) {
                    fail("no matching line in " + file + " within " + TIMEOUT + ": "
                            + (Files.exists(file) ? Files.readAllLines(file) : "(no file)"));
                }
                k.pollEvents();
                k.reset();
            }
        }
    }

    /** The process state letter in /proc/PID/stat (R, S, T, Z...). */
    static char procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid)) && procState(pid) != 'Z';
    }

    @Override
    public void close() throws Exception {
        if (init != null) {
            init.close(); // idempotent
        }
    }

}
