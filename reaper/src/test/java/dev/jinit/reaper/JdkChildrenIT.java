package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.Init;
import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.Redirect;
import dev.jinit.core.Signal;
import dev.jinit.core.SpawnSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three ways to tell the JDK's children from orphans, against real children, in this JVM as failsafe starts it
 * (its flags decide whether {@code lookup} can work).
 */
class JdkChildrenIT {
    private static final Logger LOG = LoggerFactory.getLogger(JdkChildrenIT.class);
    private static final Duration BOUND = Duration.ofSeconds(10);

    private Init init;
    private Reaper reaper;
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<Child> spawned = new ArrayList<>();
    private final List<Long> orphans = new ArrayList<>();

    @BeforeEach
    void start() {
        startInit(JdkChildren.locate());
    }

    private void startInit(JdkChildren strategy) {
        reaper = Reaper.builder().jdkChildren(strategy).build();
        init = Init.builder().shutdownOn(Set.of()).component(reaper).start();
    }

    /** Ends, by pid, everything this test started, then stops the init. */
    @AfterEach
    void stop() throws Exception {
        try {
            for (long o : orphans) {
                if (ProcFs.state(o) != '?' && ProcFs.state(o) != 'Z') {
                    init.processes().signal(o, Signal.KILL);
                }
            }
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (Child c : spawned) {
                c.signal(Signal.KILL);
                c.onExit().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
            reaper.awaitNoChildren(BOUND);
        } finally {
            init.close();
        }
    }

    /** A ProcessBuilder child that runs until its stdin is closed. */
    private Process jdkChild() throws IOException {
        Process p = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    /** A child of jinit's: the JDK knows nothing of it. */
    private Child jinitChild() {
        Child c = init.spawner().spawn(SpawnSpec.builder("sleep", "60").stdin(Redirect.file(Path.of("/dev/null"))).build());
        spawned.add(c);
        return c;
    }

    private static boolean javaLangOpenToJinit() {
        return Object.class.getModule().isOpen("java.lang", JdkChildren.class.getModule());
    }

    /** Retries {@code check} (each try reads /proc) until it holds or {@code BOUND} runs out; for kernel state no event announces. */
    private static boolean eventually(BooleanSupplier check) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
            if (check.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return check.getAsBoolean();
    }

    @Test
    void unsafeRecognisesARunningProcessBuilderChildAndNoOtherPid() throws Exception {
        Process p = jdkChild();
        Child own = jinitChild();
        JdkChildren u = JdkChildren.unsafe();
        assertEquals("unsafe", u.strategy());
        u.refresh();
        assertTrue(u.test(p.pid()), "the JDK waits for " + p.pid());
        assertFalse(u.test(own.pid()), "jinit's child is not the JDK's");
        assertFalse(u.test(ProcessHandle.current().pid()), "nor is this JVM");
        assertFalse(u.test(Integer.MAX_VALUE), "nor a pid that does not exist");
        p.getOutputStream().close();
        assertTrue(p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void lookupWorksExactlyWhenJavaLangIsOpenedToJinit() throws Exception {
        boolean open = javaLangOpenToJinit();
        LOG.info("JdkChildrenIT: java.lang is {}opened to jinit (JVM flags {}); JdkChildren.locate() picks '{}'",
                open ? "" : "not ", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                JdkChildren.locate().strategy());
        if (open) {
            Process p = jdkChild();
            JdkChildren l = JdkChildren.lookup();
            assertEquals("lookup", l.strategy());
            assertTrue(l.test(p.pid()));
            assertFalse(l.test(jinitChild().pid()));
            assertEquals("lookup", JdkChildren.locate().strategy(), "the first strategy that works");
        } else {
            // Without --add-opens java.base/java.lang (failsafe passes none here), the private lookup is refused.
            assertThrows(IllegalAccessException.class, JdkChildren::lookup);
            assertEquals("unsafe", JdkChildren.locate().strategy(), "falls back to the next strategy, which needs no flag");
        }
    }

    @Test
    void waitingThreadsRecognisesAProcessBuilderChildOnceTheJdkReaperThreadBlocksInWait4() throws Exception {
        Process p = jdkChild();
        Child own = jinitChild();
        JdkChildren.WaitingThreads w = new JdkChildren.WaitingThreads();
        assertEquals("waiting-threads", w.strategy());
        // The JDK starts its "process reaper" thread right after the spawn; it then blocks in waitpid(pid).
        assertTrue(eventually(() -> {
            w.refresh();
            return w.test(p.pid());
        }), () -> "no thread seen waiting on " + p.pid() + ": " + syscalls());
        assertFalse(w.test(own.pid()), "nobody blocks waiting on jinit's child: the child table reaps with WNOHANG");
        p.getOutputStream().close();
        assertTrue(p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(eventually(() -> {
            w.refresh();
            return !w.test(p.pid());
        }), "once the JDK has reaped it, nobody waits on it");
    }

    static Stream<String> strategies() {
        return Stream.of("unsafe", "waiting-threads", "lookup");
    }

    private static JdkChildren strategy(String name) throws ReflectiveOperationException {
        return switch (name) {
            case "unsafe" -> JdkChildren.unsafe();
            case "waiting-threads" -> new JdkChildren.WaitingThreads();
            case "lookup" -> JdkChildren.lookup();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void anOrphanWatchedThroughProcessHandleOnExitIsStillReaped(String name) throws Exception {
        Assumptions.assumeTrue(!name.equals("lookup") || javaLangOpenToJinit(), "lookup needs java.lang opened to jinit");
        init.close();
        JdkChildren strategy = strategy(name);
        startInit(strategy);

        long orphan = Orphans.orphan("sleep 60");
        orphans.add(orphan);
        assertTrue(ProcFs.leaderChildren().contains(orphan), "the orphan came to this JVM: " + ProcFs.leaderChildren());

        // ProcessHandle.onExit on a pid the JDK did not start: a JDK thread watches it with a non-reaping wait.
        CompletableFuture<ProcessHandle> watched = ProcessHandle.of(orphan).orElseThrow().onExit();
        String watch = waitidPrefix(orphan);
        assertTrue(eventually(() -> syscalls().stream().anyMatch(l -> l.startsWith(watch))),
                () -> "no JDK thread in waitid(P_PID, " + orphan + "): " + syscalls());
        for (String l : syscalls()) {
            if (l.startsWith(watch)) {
                long options = Long.parseUnsignedLong(l.split(" ")[4].substring(2), 16);
                assertTrue((options & 0x01000000) != 0, "the JDK's watch is a WNOWAIT wait: " + l);
            }
        }
        strategy.refresh();
        assertFalse(strategy.test(orphan), name + " must not take a watched orphan for a JDK child");

        long before = reaper.reapedOrphans();
        assertTrue(init.processes().signal(orphan, Signal.TERM));
        watched.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(reaper.awaitNoChildren(BOUND), () -> "left unreaped: " + ProcFs.zombieChildren());
        assertEquals('?', ProcFs.state(orphan), "reaped, not a zombie");
        assertEquals(before + 1, reaper.reapedOrphans());
    }

    @Test
    void processBuilderChildrenOfThreadsThatEndedKeepTheirExactExitValue() throws Exception {
        // Their parent thread gone, these children hang from the leader thread next to the orphans; the reaper must
        // leave them to the JDK, or waitFor() would silently return 0.
        List<CompletableFuture<Process>> started = new ArrayList<>();
        for (int code = 1; code <= 5; code++) {
            int c = code;
            CompletableFuture<Process> f = new CompletableFuture<>();
            started.add(f);
            new Thread(() -> {
                try {
                    Process p = new ProcessBuilder("sh", "-c", "read x; exit " + c).start();
                    processes.add(p);
                    f.complete(p);
                } catch (IOException e) {
                    f.completeExceptionally(e);
                }
            }).start();
        }
        List<Process> ps = new ArrayList<>();
        for (CompletableFuture<Process> f : started) {
            ps.add(f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
        }
        for (Process p : ps) {
            final long pid = p.pid();
            assertTrue(eventually(() -> ProcFs.leaderChildren().contains(pid)), "moved to the leader thread");
        }
        // Each one's end raises SIGCHLD, so a reap pass runs over the others while the JDK collects each.
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).getOutputStream().close();
            assertTrue(ps.get(i).waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(i + 1, ps.get(i).exitValue(), "waitFor of " + ps.get(i).pid());
        }
        assertTrue(reaper.awaitNoChildren(BOUND), () -> "left: " + ProcFs.leaderChildren());
        assertEquals(List.of(), ProcFs.zombieChildren());
    }

    /** {@code "<waitid nr> 0x1 0x<pid> "}: the start of a syscall line of a thread in waitid(P_PID, pid). */
    private static String waitidPrefix(long pid) {
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(Set.of("amd64", "x86_64", "aarch64", "riscv64").contains(arch), "syscall numbers known for " + arch);
        int waitid = arch.equals("amd64") || arch.equals("x86_64") ? 247 : 95;
        return waitid + " 0x1 0x" + Long.toHexString(pid) + " ";
    }

    /** Every thread's /proc/self/task/&lt;tid&gt;/syscall line. */
    private static List<String> syscalls() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    out.add(Files.readString(t.resolve("syscall")).trim());
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void aJinitChildIsNeverTakenForAJdkChild() throws Exception {
        Child own = jinitChild();
        for (String name : List.of("unsafe", "waiting-threads")) {
            JdkChildren s = strategy(name);
            s.refresh();
            assertFalse(s.test(own.pid()), name);
        }
        own.signal(Signal.TERM);
        assertEquals(new ExitStatus.Signaled(Signal.TERM.number(), false), own.onExit().get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    }
}
