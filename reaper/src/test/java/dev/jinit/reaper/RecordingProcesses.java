package dev.jinit.reaper;

import dev.jinit.core.Errno;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.NativeException;
import dev.jinit.core.Processes;
import dev.jinit.core.Signal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Process control for unit tests, without natives: children are map entries, an ended child stays reapable once,
 * and every signal is recorded as {@code "kill(pid, SIG)"} or {@code "kill(-1, SIG)"}. (Kept here rather than taken
 * from core's test-jar so that reaper's unit tests do not depend on which core test-jar is installed.)
 */
class RecordingProcesses implements Processes {
    private final long pid;
    private final Map<Long, Optional<ExitStatus>> children = new HashMap<>();
    private final List<String> sent = new ArrayList<>();
    private boolean subreaper;

    RecordingProcesses(long pid) {
        this.pid = pid;
    }

    synchronized void addChild(long child) {
        children.put(child, Optional.empty());
    }

    synchronized void end(long child, ExitStatus status) {
        children.put(child, Optional.of(status));
    }

    synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public synchronized boolean signal(long target, Signal signal) {
        sent.add("kill(" + target + ", " + signal + ")");
        return true;
    }

    @Override
    public synchronized boolean signalGroup(long pgid, Signal signal) {
        sent.add("killpg(" + pgid + ", " + signal + ")");
        return true;
    }

    @Override
    public synchronized void signalAllInNamespace(Signal signal) {
        if (pid != 1) {
            throw new IllegalStateException("refusing kill(-1, " + signal + "): not PID 1");
        }
        sent.add("kill(-1, " + signal + ")");
    }

    @Override
    public synchronized Optional<ExitStatus> reap(long child) {
        Optional<ExitStatus> s = peek(child);
        if (s.isPresent()) {
            children.remove(child);
        }
        return s;
    }

    @Override
    public synchronized Optional<ExitStatus> peek(long child) {
        Optional<ExitStatus> s = children.get(child);
        if (s == null) {
            throw new NativeException("waitid(P_PID, " + child + ")", Errno.ECHILD, "No child processes");
        }
        return s;
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
