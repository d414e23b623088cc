package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalEventTest {
    @Test
    void killFromTheHostIsATrustworthyProcessSenderFromOutside() {
        SignalEvent.Sender s = new SignalEvent.Sender(0, 0, SignalEvent.Sender.SI_USER);
        assertTrue(s.byProcess());
        assertTrue(s.trustworthy());
        assertTrue(s.fromOutsideNamespace());
    }

    @Test
    void sigqueueSendersMayLieAboutPidAndUid() {
        SignalEvent.Sender s = new SignalEvent.Sender(0, 0, SignalEvent.Sender.SI_QUEUE);
        assertTrue(s.byProcess());
        assertFalse(s.trustworthy());
        assertFalse(s.fromOutsideNamespace());
    }

    @Test
    void aChildsEndAndTheKernelAreNoProcessSenders() {
        assertFalse(new SignalEvent.Sender(42, 0, 1).byProcess());
        assertTrue(new SignalEvent.Sender(42, 0, 1).trustworthy());
        assertFalse(new SignalEvent.Sender(0, 0, SignalEvent.Sender.SI_KERNEL).byProcess());
        assertFalse(new SignalEvent.Sender(0, 0, SignalEvent.Sender.SI_KERNEL).fromOutsideNamespace());
        assertTrue(new SignalEvent.Sender(7, 0, SignalEvent.Sender.SI_TKILL).trustworthy());
    }

    @Test
    void aSignalWithoutSender() {
        assertEquals(Optional.empty(), SignalEvent.of(Signal.TERM).sender());
    }

    @Test
    void theDefaultSubscribeEventsAdaptsAPlainSubscription() throws Exception {
        java.util.List<SignalEvent> got = new java.util.ArrayList<>();
        java.util.List<Signals.Listener> subscribed = new java.util.ArrayList<>();
        Signals plain = (signal, listener) -> {
            subscribed.add(listener);
            return () -> { };
        };
        plain.subscribeEvents(Signal.HUP, got::add);
        subscribed.get(0).onSignal(Signal.HUP);
        assertEquals(java.util.List.of(SignalEvent.of(Signal.HUP)), got);
    }
}
