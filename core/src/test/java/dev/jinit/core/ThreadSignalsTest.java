package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ThreadSignalsTest {
    @Property
    void theMasksOfAStatusTextAreReadBack(@ForAll Set<Signal> blocked, @ForAll Set<Signal> shared,
                                          @ForAll Set<Signal> own) {
        String status = "Name:\tjava\nSigQ:\t0/63460\nSigPnd:\t" + hex(own) + "\nShdPnd:\t" + hex(shared)
                + "\nSigBlk:\t" + hex(blocked) + "\nSigIgn:\t0000000000000000\n";
        Set<Signal> pending = EnumSet.noneOf(Signal.class);
        pending.addAll(shared);
        pending.addAll(own);
        assertEquals(new ThreadSignals(blocked, pending), ThreadSignals.parse(status));
    }

    @Test
    void aMissingFieldIsNamed() {
        String noShdPnd = "SigPnd:\t0000000000000000\nSigBlk:\t0000000000004000\n";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ThreadSignals.parse(noShdPnd)).getMessage()
                .contains("ShdPnd"));
    }

    /**
     * A real status: a shell that blocks TERM (env --block-signal, coreutils 8.31+) sends itself one, which stays
     * pending across its exec of cat (a shell that waits for a child may unblock it).
     */
    @Test
    @Timeout(30)
    void aBlockedSignalSentToTheProcessIsPending() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("env", "--block-signal=TERM", "sh", "-c", "kill -TERM $$; exec cat /proc/self/status")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the shell ended");
        assertEquals(0, p.exitValue(), out);
        ThreadSignals s = ThreadSignals.parse(out);
        assertTrue(s.blocked().contains(Signal.TERM), out);
        assertTrue(s.pending().contains(Signal.TERM), out);
        assertTrue(!s.pending().contains(Signal.INT), out);
    }

    @Test
    void theCallingThreadsAreReadable() {
        ThreadSignals s = ThreadSignals.current();
        assertTrue(!s.pending().contains(Signal.TERM), "a test JVM has no TERM pending: " + s);
    }

    private static String hex(Set<Signal> signals) {
        return String.format("%016x", SignalMasks.bits(signals));
    }
}
