package dev.jinit;

import dev.jinit.core.Signal;
import java.util.EnumSet;

/**
 * A {@code main} that does what {@code jinit syslog} does: starts an {@link Init} that stops on TERM, waits for its
 * termination and returns. Its after-shutdown action says whether the thread it runs on is a daemon, then exits with
 * the code as the default action does. On a daemon thread, the JVM may end with 0 once {@code main} has returned,
 * before that exit runs: the race behind one CI failure of {@code SyslogServerIT} (exit 0 after TERM).
 */
public final class MainReturnsProbe {
    private MainReturnsProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Init init = Init.builder().shutdownOn(EnumSet.of(Signal.TERM)).afterShutdown(code -> {
            System.out.println("daemon=" + Thread.currentThread().isDaemon());
            System.out.flush();
            Runtime.getRuntime().exit(code);
        }).start();
        System.out.println("ready");
        System.out.flush();
        init.awaitTermination();
    }
}
