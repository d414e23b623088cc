package dev.jinit.setuser;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Run by {@link DropPrivilegesIT} in a JVM of its own (a drop is irreversible): starts three threads, drops this JVM
 * to {@code args[0]}, then prints every thread's {@code Uid}/{@code Gid}/{@code Groups} lines as
 * {@code <tid> <line>}, the workers' names, and whether {@code setresuid(0)} still works.
 */
public final class DropPrivilegesMain {
    private DropPrivilegesMain() {
    }

    public static void main(String[] args) throws Exception {
        // The class path may lie in root's home (~/.m2), unreadable after the drop: a failed lookup makes the class
        // loader open every jar now; open jars stay readable.
        try {
            Class.forName("dev.jinit.setuser.NoSuchClassWarmUp");
        } catch (ClassNotFoundException expected) {
            // every jar is open now
        }
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch done = new CountDownLatch(1);
        Thread[] workers = new Thread[3];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(() -> {
                started.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-" + i);
            workers[i].start();
        }
        started.await();

        SetUser setUser = SetUser.ofDefaults();
        Identity who = setUser.dropPrivileges(setUser.resolve(args[0]));
        System.out.println("identity " + who.uid() + " " + who.gid() + " " + who.groups());

        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.sorted().toList()) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.matches("^(Name|Uid|Gid|Groups|CapEff):.*")) {
                            System.out.println(task.getFileName() + " " + line);
                        }
                    }
                } catch (NoSuchFileException e) {
                    // a thread that ended meanwhile
                }
            }
        }
        try {
            dev.jinit.core.Natives.load().credentials().setUids(0);
            System.out.println("regain root: possible");
        } catch (dev.jinit.core.NativeException e) {
            System.out.println("regain root: " + dev.jinit.core.Errno.name(e.errno()));
        }
        done.countDown();
        for (Thread w : workers) {
            w.join();
        }
    }
}
