package dev.jinit.core;

/**
 * Starts children cleanly: empty signal mask, default dispositions for every signal, only fds 0–2 plus those named,
 * an explicit environment and working directory, and a new process group or session when asked.
 *
 * <p>Every module starts its processes through this; their ends arrive through the shared {@link ChildTable}.
 * Thread-safe.
 */
public interface Spawner {
    /**
     * Spawns {@code spec}.
     *
     * @throws SpawnException when the command is not found (127), not executable (126) or cannot be started
     */
    Child spawn(SpawnSpec spec);
}
