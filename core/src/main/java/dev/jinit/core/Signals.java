package dev.jinit.core;

/**
 * Subscriptions to the signals this process handles. Every listener runs on one owner thread, never in a signal
 * handler, so listeners may take locks and make syscalls; they should not block for long.
 */
public interface Signals {

    /** Something to run when a signal arrives. */
    @FunctionalInterface
    interface Listener {
        void onSignal(Signal signal);
    }

    /** Something to run when a signal arrives, told who sent it when that is known ({@link SignalEvent#sender()}). */
    @FunctionalInterface
    interface EventListener {
        void onSignal(SignalEvent event);
    }

    /**
     * Calls {@code listener} on the owner thread each time {@code signal} arrives. A signal that arrived before its
     * first listener subscribed is delivered to that listener at once, so none is lost in start-up.
     *
     * @return closing it unsubscribes
     * @throws IllegalArgumentException when this registry does not handle {@code signal}
     */
    AutoCloseable subscribe(Signal signal, Listener listener);

    /**
     * Like {@link #subscribe(Signal, Listener)}, with the sender of each signal where the backend knows it. This
     * default knows no sender; {@link SignalRegistry} gives it on its signalfd backend.
     *
     * @return closing it unsubscribes
     * @throws IllegalArgumentException when this registry does not handle {@code signal}
     */
    default AutoCloseable subscribeEvents(Signal signal, EventListener listener) {
        return subscribe(signal, s -> listener.onSignal(SignalEvent.of(s)));
    }
}
