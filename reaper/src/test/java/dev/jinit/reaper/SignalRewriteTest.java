package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.core.Signal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** dumb-init style rewrite rules: parsing, dropping, passing through, and the messages of bad rules. */
class SignalRewriteTest {

    @Test
    void namesRewriteOneSignalToAnother() {
        SignalRewrite r = SignalRewrite.parse(List.of("TERM:QUIT"));
        assertEquals(Optional.of(Signal.QUIT), r.apply(Signal.TERM));
        assertEquals(Map.of(Signal.TERM, Optional.of(Signal.QUIT)), r.rules());
    }

    @Test
    void numbersAndSigPrefixesMeanTheSameSignals() {
        SignalRewrite byNumber = SignalRewrite.parse(List.of("15:3"));
        SignalRewrite byName = SignalRewrite.parse(List.of("SIGTERM:sigquit"));
        assertEquals(Optional.of(Signal.QUIT), byNumber.apply(Signal.TERM));
        assertEquals(byName, byNumber);
    }

    @Test
    void zeroOrNoneDropsTheSignal() {
        assertEquals(Optional.empty(), SignalRewrite.parse(List.of("USR1:0")).apply(Signal.USR1));
        assertEquals(Optional.empty(), SignalRewrite.parse(List.of("USR1:none")).apply(Signal.USR1));
        assertEquals(Optional.empty(), SignalRewrite.parse(List.of("10:NONE")).apply(Signal.USR1));
    }

    @Test
    void signalsWithoutARulePassUnchanged() {
        SignalRewrite r = SignalRewrite.parse(List.of("TERM:QUIT"));
        for (Signal s : Signal.values()) {
            if (s != Signal.TERM) {
                assertEquals(Optional.of(s), r.apply(s), s.name());
            }
        }
        for (Signal s : Signal.values()) {
            assertEquals(Optional.of(s), SignalRewrite.none().apply(s), s.name());
        }
    }

    @Test
    void commaListsAndSeparateSpecsCombine() {
        SignalRewrite r = SignalRewrite.parse(List.of("TERM:QUIT,USR1:none", "HUP:15", " INT : USR2 "));
        assertEquals(Optional.of(Signal.QUIT), r.apply(Signal.TERM));
        assertEquals(Optional.empty(), r.apply(Signal.USR1));
        assertEquals(Optional.of(Signal.TERM), r.apply(Signal.HUP));
        assertEquals(Optional.of(Signal.USR2), r.apply(Signal.INT));
        assertEquals(4, r.rules().size());
    }

    @Test
    void aLaterRuleForTheSameSignalWins() {
        assertEquals(Optional.of(Signal.KILL), SignalRewrite.parse(List.of("TERM:QUIT,TERM:KILL")).apply(Signal.TERM));
    }

    @Test
    void noSpecsMeansNoRules() {
        assertEquals(SignalRewrite.none(), SignalRewrite.parse(List.of()));
        assertTrue(SignalRewrite.none().rules().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "TERM:", ":QUIT", "", "TERM;QUIT"})
    void aRuleWithoutFromAndToIsRejectedNamingTheRule(String rule) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SignalRewrite.parse(List.of(rule)));
        assertTrue(e.getMessage().contains("'" + rule + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("FROM:TO"), e.getMessage());
    }

    @Test
    void anUnknownSignalOnEitherSideIsRejectedNamingIt() {
        IllegalArgumentException from = assertThrows(IllegalArgumentException.class,
                () -> SignalRewrite.parse(List.of("TERM:QUIT,BOGUS:QUIT")));
        assertTrue(from.getMessage().contains("'BOGUS'"), from.getMessage());
        IllegalArgumentException to = assertThrows(IllegalArgumentException.class,
                () -> SignalRewrite.parse(List.of("TERM:99")));
        assertTrue(to.getMessage().contains("'99'"), to.getMessage());
        IllegalArgumentException chained = assertThrows(IllegalArgumentException.class,
                () -> SignalRewrite.parse(List.of("TERM:QUIT:KILL")));
        assertTrue(chained.getMessage().contains("QUIT:KILL"), chained.getMessage());
    }

    @Test
    void rulesAreImmutable() {
        SignalRewrite r = SignalRewrite.parse(List.of("TERM:QUIT"));
        assertThrows(UnsupportedOperationException.class, () -> r.rules().put(Signal.HUP, Optional.empty()));
    }

    @org.junit.jupiter.api.Test
    void aTrailingOrEmptyRuleIsRejectedNotIgnored() {
        for (String bad : List.of("TERM:QUIT,", ",TERM:QUIT", "TERM:QUIT,,HUP:0")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> SignalRewrite.parse(List.of(bad)));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("FROM:TO"), e.getMessage());
        }
    }
}
