import dev.jinit.core.internal.JnrSignalFd;
import dev.jinit.core.internal.LibC;
import dev.jinit.core.internal.NativeMemory;
import dev.jinit.core.internal.SignalFdSiginfo;

/**
 * The floor of a Java init's TERM forward: a PID 1 that does nothing but read TERM and CHLD from core's signalfd (as
 * jinit does, with every thread blocking them from the JVM's first instruction), forward TERM to its one child with
 * kill(2), and exit with the child's status once it has reaped it. No components, no registry, no locks, no logging:
 * what is left of TERM -> the child's handler is the JVM's own wake-up and one pass through jffi. Run by
 * bench/term-floor.sh (the child is started there, before the JVM); args: the child's pid.
 */
public final class TermFloor {
    private static final int SIGTERM = 15;
    private static final int SIGCHLD = 17;
    private static final int P_PID = 1;
    private static final int WEXITED = 4;
    private static final int WNOHANG = 1;
    private static final int CLD_EXITED = 1;

    public static void main(String[] args) {
        int child = Integer.parseInt(args[0]);
        LibC libc = LibC.load();
        JnrSignalFd fd = JnrSignalFd.open(libc, 1L << (SIGTERM - 1) | 1L << (SIGCHLD - 1));
        NativeMemory info = NativeMemory.allocate(128);
        // One SIGCHLD to ourselves walks the read path once before the TERM comes, as jinit's SignalFdSource does
        // (without it the first TERM costs ~1.5 ms more here: code run for the first time).
        libc.kill(libc.getpid(), SIGCHLD);
        libc.kill(child, 0);
        for (int turn = 0; turn < 100_000; turn++) { // each turn is a signal; the child ends long before
            for (SignalFdSiginfo s : fd.await()) {
                if (s.signo() == SIGTERM) {
                    libc.kill(child, SIGTERM);
                } else if (libc.waitid(P_PID, child, info, WEXITED | WNOHANG) == 0 && info.getInt(16) == child) {
                    int code = info.getInt(8);
                    int status = info.getInt(24);
                    System.exit(code == CLD_EXITED ? status : 128 + status);
                }
            }
        }
        System.exit(70);
    }
}
