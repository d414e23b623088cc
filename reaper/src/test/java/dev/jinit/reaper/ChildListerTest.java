package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The children file's parser: what the kernel writes ("pid pid "), and what it must refuse. */
class ChildListerTest {
    private static final Path FILE = Path.of("/proc/self/task/1/children");

    private static long[] parse(String text) {
        return ChildLister.LeaderChildren.parse(text.getBytes(StandardCharsets.US_ASCII), FILE);
    }

    @Property(tries = 500)
    void readsBackWhatTheKernelWrites(@ForAll @Size(max = 300) List<@LongRange(min = 1, max = 4_194_304) Long> pids,
                                      @ForAll boolean trailingSpace, @ForAll boolean newline) {
        String text = pids.stream().map(String::valueOf).collect(Collectors.joining(" "))
                + (trailingSpace && !pids.isEmpty() ? " " : "") + (newline ? "\n" : "");
        assertArrayEquals(pids.stream().mapToLong(Long::longValue).toArray(), parse(text), text);
    }

    @Test
    void anEmptyFileIsNoChildren() {
        assertEquals(0, parse("").length);
        assertEquals(0, parse(" \n").length);
    }

    @Test
    void refusesWhatIsNotAChildrenFileAndSaysWhichFile() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse("12 -3 "));
        assertTrue(e.getMessage().startsWith(FILE + " holds a byte 45"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> parse("12 x"));
    }

    @Test
    void readsThisProcessesOwnChildrenFile() throws Exception {
        Path own = Path.of("/proc/self/task/" + ProcessHandle.current().pid() + "/children");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(own),
                "the kernel has no children files (CONFIG_PROC_CHILDREN off)");
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            // The JDK starts children from the thread that calls start(): here the test's thread, which is this
            // JVM's main thread only when run from its own launcher; so read every thread's file, as a subset check.
            long[] all = java.nio.file.Files.list(Path.of("/proc/self/task"))
                    .flatMap(t -> java.util.Arrays.stream(new ChildLister.LeaderChildren(t.resolve("children")).children())
                            .boxed())
                    .mapToLong(Long::longValue).toArray();
            assertTrue(java.util.Arrays.stream(all).anyMatch(pid -> pid == p.pid()), "sleep " + p.pid() + " listed");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
