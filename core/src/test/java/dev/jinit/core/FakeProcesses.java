package dev.jinit.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An in-memory {@link Processes} for tests of pure logic: children are entries in a map, "ending" one makes its status
 * reapable once, signals are recorded. Shipped in core's test-jar. Thread-safe (synchronized).
 */
public class FakeProcesses implements Processes {
    private final long pid;
    private final Map<Long, ExitStatus> ended = new LinkedHashMap<>(); // oldest first, as the kernel names them
    private final Map<Long, Boolean> children = new HashMap<>();
    private final List<String> sent = new ArrayList<>();
    private boolean subreaper;

    public FakeProcesses(long pid) {
        this.pid = pid;
    }

    /** Adds a running child. */
    public synchronized void addChild(long child) {
        children.put(child, true);
    }

    /** Makes a running child end with {@code status}; it stays a zombie until reaped. */
    public synchronized void end(long child, ExitStatus status) {
        if (children.remove(child) == null) {
            throw new IllegalArgumentException("no running child " + child);
        }
        ended.put(child, status);
    }

    /** Signals sent, as {@code "kill(pid, SIG)"}, {@code "killpg(..)"} or {@code "kill(-1, ..)"}. */
    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public synchronized boolean signal(long target, Signal signal) {
        sent.add("kill(" + target + ", " + signal + ")");
        return children.containsKey(target);
    }

    @Override
    public synchronized boolean exists(long target) {
        return target == pid || children.containsKey(target) || ended.containsKey(target);
    }

    @Override
    public synchronized boolean signalGroup(long pgid, Signal signal) {
        sent.add("killpg(" + pgid + ", " + signal + ")");
        return true;
    }

    @Override
    public synchronized void signalAllInNamespace(Signal signal) {
        if (pid != 1) {
            throw new IllegalStateException("refusing kill(-1): not PID 1");
        }
        sent.add("kill(-1, " + signal + ")");
    }

    @Override
    public synchronized Optional<ExitStatus> reap(long child) {
        Optional<ExitStatus> s = peek(child);
        s.ifPresent(status -> ended.remove(child));
        return s;
    }

    @Override
    public synchronized Optional<ExitStatus> peek(long child) {
        ExitStatus s = ended.get(child);
        if (s != null) {
            return Optional.of(s);
        }
        if (children.containsKey(child)) {
            return Optional.empty();
        }
        throw new NativeException("waitid(P_PID, " + child + ")", Errno.ECHILD, "No child processes");
    }

    @Override
    public synchronized OptionalLong anyEnded() {
        return ended.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ended.keySet().iterator().next());
    }

    @Override
    public synchronized void setChildSubreaper(boolean on) {
        subreaper = on;
    }

    @Override
    public synchronized boolean isChildSubreaper() {
        return subreaper;
    }

    @Override
    public void setParentDeathSignal(Signal signal) {
    }

    @Override
    public void setNoNewPrivileges() {
    }

    @Override
    public long setsid() {
        return pid;
    }

    @Override
    public void setProcessGroup(long target, long pgid) {
    }

    @Override
    public long processGroup(long target) {
        return target;
    }

    @Override
    public void closeOnExecFrom(int fromFd) {
    }

    @Override
    public boolean isTerminal(int fd) {
        return false;
    }
}
