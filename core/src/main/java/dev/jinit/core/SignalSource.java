package dev.jinit.core;

/**
 * Where {@link SignalRegistry}'s owner thread takes its signals from: the JDK's {@code sun.misc.Signal} handlers
 * ({@link JdkSignalSource}) or a signalfd ({@link SignalFdSource}).
 */
interface SignalSource {
    /** Starts receiving; called once, after the owner thread has started. */
    void start();

    /**
     * Owner thread: blocks until the next signal (or posted event) and returns it; null once {@link #stop()} was
     * called.
     */
    SignalEvent take() throws InterruptedException;

    /** Any thread: an event jinit makes itself (a SIGCHLD wake-up, a signal kept for its first listener). */
    void post(SignalEvent event);

    /** Owner thread: runs the SIGCHLD listeners once or more, as this source needs to lose no child's end. */
    void chldPass(Runnable pass);

    /** Any thread, once: {@link #take()} returns null soon (after the listener that runs, if any). */
    void stop();
}
