package dev.jinit.core;

import dev.jinit.core.internal.JnrCredentials;
import dev.jinit.core.internal.JnrDescriptors;
import dev.jinit.core.internal.JnrExec;
import dev.jinit.core.internal.JnrProcesses;
import dev.jinit.core.internal.JnrSpawner;
import dev.jinit.core.internal.LibC;

/**
 * Binds libc through jffi (JNR's libffi layer), strictly: when the native path cannot load, this fails with a
 * message naming what is missing. There is no pure-Java fallback (an emulation, such as jnr-posix's, would make an
 * init silently wrong).
 *
 * <p>Create one per process and share it; it holds no mutable state of its own.
 */
public final class Natives {
    private final LibC libc;
    private final Processes processes;
    private final Credentials credentials;
    private final Exec exec;
    private final Descriptors descriptors;

    private Natives(LibC libc) {
        this.libc = libc;
        this.processes = new JnrProcesses(libc);
        this.credentials = new JnrCredentials(libc);
        this.exec = new JnrExec(libc);
        this.descriptors = new JnrDescriptors(libc);
    }

    /**
     * Loads libc.
     *
     * @throws IllegalStateException naming the OS, the architecture and the cause when libc or one of the functions
     *                               jinit needs (glibc 2.34 or later) cannot be bound
     */
    public static Natives load() {
        String os = System.getProperty("os.name");
        if (!"Linux".equals(os)) {
            throw new IllegalStateException("jinit runs on Linux only; this is " + os);
        }
        try {
            LibC libc = LibC.load(); // binds every function now, not at its first call
            JnrSpawner.probe(libc);
            return new Natives(libc);
        } catch (LinkageError | RuntimeException e) {
            throw new IllegalStateException("jinit could not bind libc through jffi on " + os + "/"
                    + System.getProperty("os.arch") + ": " + e
                    + ". It needs glibc 2.34 or later (posix_spawn_file_actions_addclosefrom_np, close_range) and"
                    + " jffi's native library for this architecture on the class path (jffi-*-native.jar).", e);
        }
    }

    /** Signals, reaping one pid, prctl. */
    public Processes processes() {
        return processes;
    }

    /** Users, groups, and this process's uids, gids and supplementary groups. */
    public Credentials credentials() {
        return credentials;
    }

    /** Replacing this process's program in place ({@code execve}), cleanly. */
    public Exec exec() {
        return exec;
    }

    /** FIFOs, flock, pipes and poll: see {@link Descriptors}. */
    public Descriptors descriptors() {
        return descriptors;
    }

    /** A spawner whose children's ends are delivered through {@code table}. */
    public Spawner spawner(ChildTable table) {
        return new JnrSpawner(libc, table);
    }

    /** Internal: the raw binding, for core's own internal classes. */
    LibC libc() {
        return libc;
    }
}
