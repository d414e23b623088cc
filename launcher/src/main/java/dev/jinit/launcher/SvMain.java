package dev.jinit.launcher;

import dev.jinit.core.Natives;
import dev.jinit.supervisor.runit.Sv;
import java.time.InstantSource;
import java.util.Arrays;

/** {@code bin/sv}: runit's sv, from jinit ({@link Sv}); for images without runit. */
public final class SvMain {
    private SvMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int rc;
        try {
            rc = new Sv(Natives.load().descriptors(), InstantSource.system(), System.getenv(), System.out, System.err)
                    .run(Arrays.asList(args));
        } catch (IllegalStateException e) {
            System.err.println("fatal: " + e.getMessage());
            rc = 100;
        }
        System.exit(rc);
    }
}
