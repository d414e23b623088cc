package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Real signals sent to this JVM. */
class SignalRegistryIT {
    private final Processes os = Natives.load().processes();

    @Test
    void aSignalThatArrivesBeforeAnyListenerIsDeliveredToTheFirstOne() throws Exception {
        try (SignalRegistry r = new SignalRegistry(EnumSet.of(Signal.USR1))) {
            os.signal(os.pid(), Signal.USR1);
            BlockingQueue<Signal> got = new ArrayBlockingQueue<>(4);
            // Whether the signal is still queued or already parked as unclaimed, the first listener gets it.
            r.subscribe(Signal.USR1, got::add);
            assertEquals(Signal.USR1, got.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void listenersRunOnTheOwnerThreadAndAFailingOneDoesNotStopTheLoop() throws Exception {
        try (SignalRegistry r = new SignalRegistry(EnumSet.of(Signal.HUP, Signal.WINCH))) {
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch winch = new CountDownLatch(1);
            r.subscribe(Signal.HUP, s -> {
                throw new IllegalStateException("listener bug");
            });
            r.subscribe(Signal.WINCH, s -> {
                thread.set(Thread.currentThread().getName());
                winch.countDown();
            });
            os.signal(os.pid(), Signal.HUP);
            os.signal(os.pid(), Signal.WINCH);
            assertTrue(winch.await(10, TimeUnit.SECONDS));
            assertEquals("jinit-init", thread.get());
        }
    }

    @Test
    void refusesSignalsThatBelongToTheJvm() {
        for (Signal s : new Signal[] {Signal.QUIT, Signal.USR2, Signal.KILL, Signal.STOP, Signal.SEGV}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SignalRegistry(EnumSet.of(s)));
            assertTrue(e.getMessage().contains("SIG" + s), e.getMessage());
        }
    }

    @Test
    void aProcessBuilderStartDoesNotUninstallTheChldHandler() throws Exception {
        try (SignalRegistry r = new SignalRegistry(EnumSet.of(Signal.CHLD))) {
            CountDownLatch chld = new CountDownLatch(1);
            r.subscribe(Signal.CHLD, s -> chld.countDown());
            Process p = new ProcessBuilder("true").start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertTrue(chld.await(10, TimeUnit.SECONDS), "SIGCHLD of a ProcessBuilder child reached our listener");
        }
    }

    @Test
    void closeIsIdempotentAndBounded() {
        SignalRegistry r = new SignalRegistry(EnumSet.of(Signal.USR1));
        long t0 = System.nanoTime();
        r.close(Duration.ofSeconds(2));
        r.close(Duration.ofSeconds(2));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4));
    }
}
