package dev.jinit.supervisor.runit;

/**
 * What a supervised service is doing, as byte 19 of {@code supervise/status} encodes it (runsv's {@code S_DOWN},
 * {@code S_RUN}, {@code S_FINISH}).
 */
public enum RunState {
    /** Nothing runs (byte 0). */
    DOWN(0, "down"),
    /** {@code ./run} runs (byte 1). */
    RUN(1, "run"),
    /** {@code ./finish} runs after {@code ./run} exited (byte 2). */
    FINISH(2, "finish");

    private final int code;
    private final String word;

    RunState(int code, String word) {
        this.code = code;
        this.word = word;
    }

    /** The status byte. */
    public int code() {
        return code;
    }

    /** The word {@code stat} and {@code sv status} use: {@code down}, {@code run} or {@code finish}. */
    public String word() {
        return word;
    }

    /**
     * The state with this status byte.
     *
     * @throws IllegalArgumentException unless {@code code} is 0, 1 or 2
     */
    public static RunState of(int code) {
        return switch (code) {
            case 0 -> DOWN;
            case 1 -> RUN;
            case 2 -> FINISH;
            default -> throw new IllegalArgumentException("state must be 0 (down), 1 (run) or 2 (finish), but was " + code);
        };
    }
}
