package dev.jinit.setuser;

import dev.jinit.Init;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Natives;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.ThreadIdentity;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Run by {@link DropPrivilegesIT} in a JVM of its own: spawns as nobody and as the uid {@code args[1]} on per-user
 * threads, then drops the whole JVM to nobody. With {@code args[0]} = {@code spawner} the threads are the
 * {@link UserSpawner}'s, which the drop ends first: it prints every thread's {@code Uid} line and what a spawn after
 * the drop does. With {@code raw}, a thread switched alone by hand (no UserSpawner) is still alive at the drop:
 * glibc's setxid broadcast cannot switch it, and glibc aborts the process.
 */
public final class DropAfterSpawnMain {
    private DropAfterSpawnMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName("dev.jinit.setuser.NoSuchClassWarmUp"); // opens every jar while root may still read them
        } catch (ClassNotFoundException expected) {
            // every jar is open now
        }
        int other = Integer.parseInt(args[1]);
        Natives natives = Natives.load();
        try (Init init = Init.builder().shutdownOn(Set.of()).start()) {
            SetUser setUser = SetUser.builder().natives(natives).spawnerIdleTimeout(java.time.Duration.ofSeconds(30))
                    .spawnerMode(UserSpawner.Mode.PER_THREAD)
                    .build(); // threads that linger until the drop
            Identity nobody = setUser.resolve("nobody");
            UserSpawner spawner = setUser.spawner(init.spawner());
            CountDownLatch release = new CountDownLatch(1);
            if (args[0].equals("raw")) {
                CountDownLatch switched = new CountDownLatch(1);
                Thread raw = new Thread(() -> {
                    ThreadIdentity ids = ThreadIdentity.of(natives);
                    ids.blockSignalsOfCallingThread();
                    ids.switchCallingThread(other, other, List.of());
                    switched.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "raw-switched");
                raw.setDaemon(true);
                raw.start();
                switched.await();
            } else {
                for (Identity who : List.of(nobody, setUser.resolve(Integer.toString(other)))) {
                    ExitStatus st = spawner.spawn(SpawnSpec.builder("/bin/true").build(), who).onExit()
                            .get(30, TimeUnit.SECONDS);
                    System.out.println("spawned as " + who.uid() + ": " + st);
                }
                System.out.println("spawn threads " + spawner.threads());
            }
            System.out.flush();
            setUser.dropPrivileges(nobody);
            release.countDown();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.sorted().toList()) {
                    try {
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("Uid:")) {
                                System.out.println(task.getFileName() + " " + line);
                            }
                        }
                    } catch (NoSuchFileException e) {
                        // a thread that ended meanwhile
                    }
                }
            }
            try {
                spawner.spawn(SpawnSpec.builder("/bin/true").build(), setUser.resolve(Integer.toString(other)));
                System.out.println("spawn after drop: allowed");
            } catch (IllegalStateException | SetUserException e) {
                System.out.println("spawn after drop: " + e.getMessage());
            }
        }
    }
}
