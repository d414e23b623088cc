package dev.jinit.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Replaces this process's program in place ({@code execve}): same pid, no fork. Used by {@code bin/setuser}, which
 * switches user and then becomes the command.
 *
 * <p>A JVM is not a clean place to exec from. Before {@code execve} the native implementation therefore
 * <ol>
 *   <li>sets every signal this process <em>ignores</em> back to its default action, with the raw
 *       {@code rt_sigaction} syscall because glibc refuses its internal signals 32 and 33 (a JVM started by a parent
 *       that ignored them inherits that, and {@code execve} keeps ignored signals ignored). Signals with a handler
 *       need nothing: {@code execve} resets them, and touching HotSpot's SIGSEGV handler while Java still runs would
 *       be fatal;</li>
 *   <li>empties the calling thread's signal mask ({@code pthread_sigmask}): JVM threads block SIGQUIT, and
 *       {@code execve} keeps the caller's mask;</li>
 *   <li>last, right before {@code execve}, marks every fd from 3 up close-on-exec
 *       ({@code close_range(3, ~0, CLOSE_RANGE_CLOEXEC)}): the ~20 fds a JVM holds (jars, {@code /dev/random}, the
 *       perf-data file, …) do not reach the command. A file another JVM thread opens without {@code O_CLOEXEC} in the
 *       instant between the sweep and {@code execve} would; run the JVM with
 *       {@code -XX:-UseDynamicNumberOfCompilerThreads} (the {@code bin/} wrappers do), or HotSpot's compiler thread
 *       opens cgroup files now and then.</li>
 * </ol>
 *
 * <p>The native implementation comes from {@link Natives#exec()}.
 */
public interface Exec {
    /**
     * Execs {@code executable} with {@code argv} and exactly {@code environment}. Returns only from a test fake.
     *
     * @param executable the program, already resolved (see {@link CommandResolver})
     * @param argv       its argv, {@code argv.get(0)} included
     * @throws SpawnException  NOT_FOUND (127) or NOT_EXECUTABLE (126) when {@code execve} fails with ENOENT (also a
     *                         missing {@code #!} interpreter), or EACCES, ENOEXEC, EPERM
     * @throws NativeException when one of the steps before {@code execve} fails
     */
    void exec(Path executable, List<String> argv, Map<String, String> environment);
}
