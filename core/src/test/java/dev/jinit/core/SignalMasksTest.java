package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SignalMasksTest {
    /** A JVM thread's status under bin/my_init: env blocked HUP..PWR; HotSpot also blocks QUIT here. */
    private static final String STATUS = "Name:\tC1 CompilerThre\nUmask:\t0022\nState:\tS (sleeping)\n"
            + "ShdPnd:\t0000000000000000\nSigBlk:\t00000000283b6207\nSigIgn:\t0000000000004003\n"
            + "SigCgt:\t2000000101001ccc\n";
    private static final Set<Signal> MY_INIT = EnumSet.of(Signal.TERM, Signal.INT, Signal.HUP, Signal.USR1,
            Signal.CHLD, Signal.WINCH, Signal.CONT, Signal.TSTP, Signal.TTIN, Signal.TTOU, Signal.ALRM, Signal.PWR);

    @Test
    void readsTheMasksAndTheNameOfAProcStatus() {
        assertEquals(0x283b6207L, SignalMasks.field(STATUS, "SigBlk"));
        assertEquals(EnumSet.of(Signal.HUP, Signal.INT, Signal.TERM), SignalMasks.signals(SignalMasks.field(STATUS, "SigIgn")));
        assertEquals("C1 CompilerThre", SignalMasks.name(STATUS));
        assertEquals(0x2000000101001cccL, SignalMasks.field(STATUS, "SigCgt"));
    }

    @Test
    void aMissingOrBadFieldSaysWhich() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SignalMasks.field("Name:\tx\n", "SigBlk"))
                .getMessage().contains("SigBlk"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SignalMasks.field("SigBlk:\txyz\n", "SigBlk"))
                .getMessage().contains("'xyz'"));
    }

    @Test
    void myInitsSignalsAreExactlyWhatEnvBlocked() {
        assertEquals(0x283b6203L, SignalMasks.bits(MY_INIT));
        assertEquals(MY_INIT, SignalMasks.SIGNALFD);
    }

    @Test
    void signalfdWhenEveryThreadBlocksEveryHandledSignal() {
        List<SignalMasks.ThreadMask> threads = List.of(new SignalMasks.ThreadMask(10, "java", 0x283b6203L),
                new SignalMasks.ThreadMask(11, "VM Thread", 0x283b6207L));
        assertEquals(Optional.empty(), SignalMasks.whyNotSignalfd(MY_INIT, threads));
        assertEquals(Optional.empty(), SignalMasks.whyNotSignalfd(EnumSet.of(Signal.TERM, Signal.CHLD), threads));
    }

    @Test
    void theJdkWhenOneThreadDoesNotBlockOneSignalNamingBoth() {
        List<SignalMasks.ThreadMask> threads = List.of(new SignalMasks.ThreadMask(10, "java", 0x283b6203L),
                new SignalMasks.ThreadMask(12, "agent", 0x283b6203L & ~(1L << 14)));
        String why = SignalMasks.whyNotSignalfd(MY_INIT, threads).orElseThrow();
        assertTrue(why.contains("thread 12 (agent) does not block SIGTERM"), why);
    }

    @Test
    void theJdkForPipeForNothingAndForNoThreads() {
        List<SignalMasks.ThreadMask> all = List.of(new SignalMasks.ThreadMask(1, "java", -1L));
        assertTrue(SignalMasks.whyNotSignalfd(EnumSet.of(Signal.PIPE, Signal.TERM), all).orElseThrow().contains("SIGPIPE"));
        assertTrue(SignalMasks.whyNotSignalfd(EnumSet.noneOf(Signal.class), all).isPresent());
        assertTrue(SignalMasks.whyNotSignalfd(EnumSet.of(Signal.TERM), List.of()).isPresent());
    }

    @Property
    void bitsAndSignalsAreInverse(@ForAll @Size(max = 31) Set<Signal> signals) {
        assertEquals(signals.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(signals),
                SignalMasks.signals(SignalMasks.bits(signals)));
    }

    @Property
    void signalfdExactlyWhenNoThreadLacksAHandledSignal(@ForAll Set<Signal> wanted, @ForAll List<Long> masks) {
        Set<Signal> handled = EnumSet.noneOf(Signal.class);
        handled.addAll(wanted);
        handled.retainAll(SignalMasks.SIGNALFD);
        List<SignalMasks.ThreadMask> threads = masks.stream()
                .map(m -> new SignalMasks.ThreadMask(1, "t", m)).toList();
        boolean expected = !handled.isEmpty() && !threads.isEmpty()
                && masks.stream().allMatch(m -> (m & SignalMasks.bits(handled)) == SignalMasks.bits(handled));
        assertEquals(expected, SignalMasks.whyNotSignalfd(handled, threads).isEmpty());
    }

    @Test
    void theSignalsEveryThreadBlocksAreTheSignalfdHalfOfTheMixedBackend() {
        List<SignalMasks.ThreadMask> threads = List.of(new SignalMasks.ThreadMask(10, "java", 0x283b6203L),
                new SignalMasks.ThreadMask(12, "agent", 0x283b6203L & ~(1L << 14)));
        Set<Signal> expected = EnumSet.copyOf(MY_INIT);
        expected.remove(Signal.TERM);
        assertEquals(expected, SignalMasks.blockedEverywhere(MY_INIT, threads));
        assertEquals(EnumSet.noneOf(Signal.class), SignalMasks.blockedEverywhere(MY_INIT, List.of()));
        assertEquals(EnumSet.of(Signal.TERM), SignalMasks.blockedEverywhere(EnumSet.of(Signal.PIPE, Signal.TERM),
                List.of(new SignalMasks.ThreadMask(1, "java", -1L))), "PIPE is never read from a signalfd");
    }

    @Property
    void blockedEverywhereIsEverySignalfdSignalNoThreadLacks(@ForAll Set<Signal> wanted, @ForAll List<Long> masks) {
        Set<Signal> handled = wanted.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(wanted);
        List<SignalMasks.ThreadMask> threads = masks.stream().map(m -> new SignalMasks.ThreadMask(1, "t", m)).toList();
        Set<Signal> got = SignalMasks.blockedEverywhere(handled, threads);
        for (Signal s : Signal.values()) {
            long bit = 1L << (s.number() - 1);
            boolean expected = handled.contains(s) && SignalMasks.SIGNALFD.contains(s) && !masks.isEmpty()
                    && masks.stream().allMatch(m -> (m & bit) != 0);
            assertEquals(expected, got.contains(s), "SIG" + s);
        }
        // signalfd alone exactly when that is every handled signal
        assertEquals(SignalMasks.whyNotSignalfd(handled, threads).isEmpty(), !handled.isEmpty() && got.equals(handled));
    }
}
