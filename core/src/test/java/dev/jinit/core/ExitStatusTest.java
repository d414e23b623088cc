package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void everyExitCodeMapsToItself() {
        for (int code = 0; code < 256; code++) {
            ExitStatus s = ExitStatus.fromWaitStatus(code << 8);
            assertEquals(new ExitStatus.Exited(code), s);
            assertEquals(code, s.shellCode());
            assertEquals(s, ExitStatus.fromSiginfo(ExitStatus.CLD_EXITED, code));
        }
    }

    @Property
    void aSignalDeathMapsTo128PlusTheSignal(@ForAll @IntRange(min = 1, max = 64) int sig, @ForAll boolean core) {
        ExitStatus s = ExitStatus.fromWaitStatus(sig | (core ? 0x80 : 0));
        assertEquals(new ExitStatus.Signaled(sig, core), s);
        assertEquals(128 + sig, s.shellCode());
        assertEquals(s, ExitStatus.fromSiginfo(core ? ExitStatus.CLD_DUMPED : ExitStatus.CLD_KILLED, sig));
    }

    @Test
    void stopsAndContinuesAreNoEnd() {
        assertThrows(IllegalArgumentException.class, () -> ExitStatus.fromWaitStatus(0x137f));
        assertThrows(IllegalArgumentException.class, () -> ExitStatus.fromSiginfo(5, 19));
        assertThrows(IllegalArgumentException.class, () -> new ExitStatus.Exited(256));
        assertThrows(IllegalArgumentException.class, () -> new ExitStatus.Signaled(0, false));
    }

    @Test
    void describesItselfForLogs() {
        assertEquals("exit code 3", ExitStatus.exited(3).toString());
        assertEquals("killed by SIGSEGV (core dumped)", ExitStatus.signaled(11, true).toString());
    }
}
