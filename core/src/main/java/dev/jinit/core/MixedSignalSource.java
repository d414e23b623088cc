package dev.jinit.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mixed backend: a signalfd for the signals every thread blocks, {@code sun.misc.Signal} for the others. The
 * signalfd is read on a thread of its own ({@code jinit-signalfd}), which posts each signal, with its sender, into the
 * JDK source's queue; the owner thread takes from that queue alone, so it sees one stream of events in arrival order.
 */
final class MixedSignalSource implements SignalSource {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRegistry.class);

    private final JdkSignalSource jdk;
    private final SignalFdSource fd;
    private final boolean chldFromFd;
    private final Thread reader;

    /** @param fd reads signals none of which {@code jdk} handles */
    MixedSignalSource(JdkSignalSource jdk, SignalFdSource fd) {
        this.jdk = jdk;
        this.fd = fd;
        this.chldFromFd = fd.handled().contains(Signal.CHLD);
        this.reader = new Thread(this::read, "jinit-signalfd");
        this.reader.setDaemon(true);
    }

    @Override
    public void start() {
        jdk.start();
        reader.start();
        fd.start();
    }

    /** The reader thread: every signalfd event into the JDK source's queue, until stopped. */
    private void read() {
        try {
            for (SignalEvent e = fd.take(); e != null; e = fd.take()) {
                jdk.post(e);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("signals - reading the signalfd failed; {} will no longer arrive",
                    SignalMasks.names(fd.handled()), e);
        }
    }

    @Override
    public SignalEvent take() throws InterruptedException {
        return jdk.take();
    }

    @Override
    public void post(SignalEvent event) {
        jdk.post(event);
    }

    /**
     * A SIGCHLD read from the signalfd stays pending in the kernel while a pass runs, so one pass is enough; one
     * handled through the JDK needs its source's quiet pass.
     */
    @Override
    public void chldPass(Runnable pass) {
        if (chldFromFd) {
            pass.run();
        } else {
            jdk.chldPass(pass);
        }
    }

    @Override
    public void stop() {
        fd.stop();
        jdk.stop();
    }
}
