package dev.jinit.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An {@link Exec} for tests: records the one call and returns (a real exec never returns), or throws what
 * {@link #failWith} gave it. Shipped in core's test-jar. Thread-safe (synchronized).
 */
public class FakeExec implements Exec {
    /** What {@link #exec} was called with. */
    public record Call(Path executable, List<String> argv, Map<String, String> environment) {
    }

    private Call call;
    private RuntimeException failure;

    /** The next {@link #exec} throws {@code e} (a {@link SpawnException}, say). */
    public synchronized FakeExec failWith(RuntimeException e) {
        this.failure = e;
        return this;
    }

    /** The call made, or null when none was. */
    public synchronized Call call() {
        return call;
    }

    @Override
    public synchronized void exec(Path executable, List<String> argv, Map<String, String> environment) {
        if (failure != null) {
            throw failure;
        }
        if (call != null) {
            throw new IllegalStateException("exec called twice: a real exec never returns");
        }
        call = new Call(executable, List.copyOf(argv), Map.copyOf(environment));
    }
}
