package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalTest {
    @Test
    void parsesNamesWithOrWithoutSigAndNumbers() {
        assertEquals(Signal.TERM, Signal.parse("TERM"));
        assertEquals(Signal.TERM, Signal.parse("sigterm"));
        assertEquals(Signal.TERM, Signal.parse("15"));
        assertEquals(Signal.WINCH, Signal.parse(" SIGWINCH "));
        for (Signal s : Signal.values()) {
            assertEquals(s, Signal.parse(Integer.toString(s.number())));
            assertEquals(s, Signal.of(s.number()).orElseThrow());
        }
    }

    @Test
    void rejectsWhatIsNoSignalNamingIt() {
        for (String bad : new String[] {"", "0", "32", "TERMX", "SIG", "-1", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signal.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
