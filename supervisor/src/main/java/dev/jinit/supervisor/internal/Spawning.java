package dev.jinit.supervisor.internal;

/** Which spawn the machine asked for and awaits the pid of. This is an internal class. */
public enum Spawning {
    /** None: any event may come. */
    NONE,
    /** {@link Action.SpawnRun} was asked for. */
    RUN,
    /** {@link Action.SpawnFinish} was asked for. */
    FINISH
}
