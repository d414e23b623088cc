package dev.jinit.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading {@code /proc/<tid>/syscall} lines: which pids a thread of ours is blocked reaping. Lines as the kernel
 * prints them: syscall number, six arguments in hex, stack pointer, program counter.
 */
class WaitingThreadsTest {
    private final JdkChildren.WaitingThreads x86 = new JdkChildren.WaitingThreads("amd64");
    private final JdkChildren.WaitingThreads arm = new JdkChildren.WaitingThreads("aarch64");

    private static Set<Long> parse(JdkChildren.WaitingThreads w, String... lines) {
        Set<Long> out = new HashSet<>();
        for (String l : lines) {
            w.parse(l, out);
        }
        return out;
    }

    @Test
    void aThreadInWait4OnAPidWaitsForThatPid() {
        // The JDK's process reaper thread: waitpid(8000, &status, 0) is wait4(0x1f40, ...).
        assertEquals(Set.of(8000L), parse(x86, "61 0x1f40 0x7ffd5c1e 0x0 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01\n"));
    }

    @Test
    void aThreadInAReapingWaitidOnAPidWaitsForThatPid() {
        // waitid(P_PID=1, 8001, infop, WEXITED=4, NULL)
        assertEquals(Set.of(8001L), parse(x86, "247 0x1 0x1f41 0x7ffd5c1e 0x4 0x0 0x0 0x7ffd5c00 0x7f12aa01"));
    }

    @Test
    void aWaitidWithWnowaitOnlyWatchesAndSoClaimsNothing() {
        // ProcessHandle.of(pid).onExit(): waitid(P_PID, 8002, infop, WEXITED|WNOWAIT): the pid still needs a reaper.
        assertEquals(Set.of(), parse(x86, "247 0x1 0x1f42 0x7ffd5c1e 0x1000004 0x0 0x0 0x7ffd5c00 0x7f12aa01"));
    }

    @Test
    void aTruncatedWaitidLineWithoutOptionsIsTakenAsReaping() {
        // Missing a real reap is recovered at the next pass; stealing a JDK child's status is not: err towards "JDK's".
        assertEquals(Set.of(8001L), parse(x86, "247 0x1 0x1f41 ..."));
    }

    @Test
    void waitidOnAnythingButASinglePidClaimsNothing() {
        assertEquals(Set.of(), parse(x86,
                "247 0x0 0x0 0x7ffd5c1e 0x4 0x0 0x0 0x7ffd5c00 0x7f12aa01", // P_ALL
                "247 0x2 0x1f41 0x7ffd5c1e 0x4 0x0 0x0 0x7ffd5c00 0x7f12aa01", // P_PGID
                "247 0x3 0x9 0x7ffd5c1e 0x4 0x0 0x0 0x7ffd5c00 0x7f12aa01")); // P_PIDFD
    }

    @Test
    void wait4OnAnyChildOrAGroupClaimsNothingAndDoesNotThrow() {
        assertEquals(Set.of(), parse(x86,
                "61 0xffffffffffffffff 0x7ffd5c1e 0x0 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01", // waitpid(-1): any child
                "61 0xffffffff 0x7ffd5c1e 0x0 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01", // the same, zero-extended
                "61 0x0 0x7ffd5c1e 0x0 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01", // waitpid(0): own group
                "61 0xfffffffffffff830 0x7ffd5c1e 0x0 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01")); // waitpid(-2000)
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "running",
        "running\n",
        "-1 0x7ffd5c00 0x7f12aa01", // blocked, but not in a syscall
        "",
        "0 0x3 0x7f00 0x2000 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01", // read(2)
        "202 0x7f12 0x80 0x0 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01", // futex, the JVM's parked threads
        "61 zz 0x0 0x0 0x0 0x0 0x0 0x1 0x2", // not hex
        "61 0xzz 0x0 0x0 0x0 0x0 0x0 0x1 0x2",
    })
    void linesThatAreNoWaitOnAPidClaimNothing(String line) {
        assertEquals(Set.of(), parse(x86, line));
    }

    @Test
    void syscallNumbersFollowTheArchitecture() {
        // arm64 and riscv64 use the generic table: wait4 = 260, waitid = 95; 61 and 247 are other calls there.
        assertEquals(Set.of(8000L, 8001L), parse(arm,
                "260 0x1f40 0xffffd1e0 0x0 0x0 0x0 0x0 0xffffd100 0xffff8a01",
                "95 0x1 0x1f41 0xffffd1e0 0x4 0x0 0x0 0xffffd100 0xffff8a01",
                "61 0x1f42 0x0 0x0 0x0 0x0 0x0 0xffffd100 0xffff8a01",
                "247 0x1 0x1f43 0x0 0x4 0x0 0x0 0xffffd100 0xffff8a01"));
        assertEquals(Set.of(), parse(x86, "260 0x1f40 0x0 0x0 0x0 0x0 0x0 0x1 0x2"));
        assertEquals(Set.of(), parse(new JdkChildren.WaitingThreads("sparcv9"), "61 0x1f40 0x0 0x0 0x0 0x0 0x0 0x1 0x2"),
                "an architecture whose numbers are unknown claims nothing rather than misreading other calls");
    }

    @Test
    void severalThreadsEachAddTheirPid() {
        assertEquals(Set.of(8000L, 8001L, 9L), parse(x86,
                "61 0x1f40 0x7ffd5c1e 0x0 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01",
                "running",
                "61 0x1f41 0x7ffd5c1e 0x0 0x0 0x0 0x0 0x7ffd5c00 0x7f12aa01",
                "247 0x1 0x9 0x7ffd5c1e 0x4 0x0 0x0 0x7ffd5c00 0x7f12aa01"));
    }
}
