package dev.jinit.core;

import dev.jinit.core.internal.NativeMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM for {@link SignalRegistrySignalFdIT}, started by it through {@code env --block-signal=...}: makes a
 * {@link SignalRegistry} for TERM, HUP, USR1 and CHLD, prints its backend, then one line per signal with its sender,
 * and obeys commands on stdin ({@code spawn}, {@code spawn-status}, {@code idle-thread}, {@code close}, {@code exit}).
 *
 * <p>With the argument {@code unblock-thread} (or {@code unblock-thread:SIG}), a thread that unblocks TERM (or SIG)
 * runs first: the registry must then take that signal through the JDK and the others from a signalfd (mixed).
 */
public final class SignalFdProbe {
    private SignalFdProbe() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch unblocked = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Natives natives = Natives.load();
        if (args.length > 0 && args[0].startsWith("unblock-thread")) {
            Signal unblock = args[0].startsWith("unblock-thread:") ? Signal.valueOf(args[0].substring(15)) : Signal.TERM;
            Thread t = new Thread(() -> {
                NativeMemory set = NativeMemory.allocate(128);
                set.putLong(0, 1L << (unblock.number() - 1));
                int rc = natives.libc().pthread_sigmask(1 /* SIG_UNBLOCK */, set, null);
                System.out.println("unblocked " + rc);
                unblocked.countDown();
                try {
                    end.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "probe-unblocker");
            t.setDaemon(true);
            t.start();
            unblocked.await();
        }
        SignalRegistry r = new SignalRegistry(EnumSet.of(Signal.TERM, Signal.HUP, Signal.USR1, Signal.CHLD), natives);
        System.out.println("backend " + r.backend());
        ChildTable table = new ChildTable(natives.processes());
        r.subscribe(Signal.CHLD, s -> table.reapOwned());
        for (Signal s : r.handled()) {
            r.subscribeEvents(s, e -> System.out.println("event " + e.signal() + " " + e.sender()
                    .map(x -> "pid=" + x.pid() + " uid=" + x.uid() + " code=" + x.code()).orElse("unknown")
                    + " thread=" + Thread.currentThread().getName()));
        }
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line) {
                case "spawn" -> {
                    Process p = new ProcessBuilder("true").start();
                    System.out.println("spawned " + p.pid());
                }
                case "spawn-status" -> { // a child through jinit's spawner prints its own masks
                    Child c = natives.spawner(table).spawn(
                            SpawnSpec.builder("grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status").build());
                    System.out.println("status-done " + c.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS));
                }
                case "close" -> {
                    long t0 = System.nanoTime();
                    r.close(Duration.ofSeconds(2));
                    long micros = (System.nanoTime() - t0) / 1000;
                    boolean alive = Thread.getAllStackTraces().keySet().stream()
                            .anyMatch(t -> t.getName().equals("jinit-init") && t.isAlive());
                    System.out.println("closed " + micros + " owner-alive=" + alive + " fds=" + signalFds());
                }
                case "idle-thread" -> { // a thread that only waits, as UserSpawner's spawn thread does between spawns
                    CountDownLatch started = new CountDownLatch(1);
                    String[] tid = new String[1];
                    Thread t = new Thread(() -> {
                        try {
                            tid[0] = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
                        } catch (IOException e) {
                            tid[0] = "unknown " + e;
                        }
                        started.countDown();
                        try {
                            end.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "probe-idle");
                    t.setDaemon(true);
                    t.start();
                    started.await();
                    System.out.println("idle " + tid[0]);
                }
                case "exit" -> {
                    end.countDown();
                    System.exit(0);
                }
                default -> System.out.println("unknown command " + line);
            }
        }
    }

    /** How many signalfd and eventfd descriptors this process holds open. */
    private static long signalFds() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(f -> {
                try {
                    String t = Files.readSymbolicLink(f).toString();
                    return t.contains("[signalfd]") || t.contains("[eventfd]");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
