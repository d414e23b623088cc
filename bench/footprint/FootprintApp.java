import dev.jinit.Init;
import java.util.concurrent.CountDownLatch;

/**
 * The app of bench/footprint.sh: "plain" waits for TERM and does nothing else; "init" is the same app calling
 * Init.run() (every module on the class path, paths under -Djinit.root). Both print "ready" when started, so the
 * script measures the difference Init.run() makes to an app's footprint.
 */
public final class FootprintApp {
    private FootprintApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("init")) {
            try (Init init = Init.run()) {
                System.out.println("ready");
                System.exit(init.awaitTermination());
            }
        } else if (args.length == 1 && args[0].equals("plain")) {
            CountDownLatch never = new CountDownLatch(1);
            System.out.println("ready");
            never.await(); // TERM ends the JVM through its own handler
        } else {
            System.err.println("usage: FootprintApp plain|init");
            System.exit(2);
        }
    }
}
