package dev.jinit.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignalFdSiginfoTest {
    private static void record(NativeMemory b, int at, int signo, int code, int pid, int uid, int status) {
        b.putInt(at, signo);
        b.putInt(at + 4, 0);
        b.putInt(at + 8, code);
        b.putInt(at + 12, pid);
        b.putInt(at + 16, uid);
        b.putInt(at + 20, -1);
        b.putInt(at + 24, 777);
        b.putInt(at + 40, status);
    }

    @Test
    void readsEachRecordOfARead() {
        NativeMemory b = NativeMemory.allocate(4 * SignalFdSiginfo.SIZE);
        record(b, 0, 15, 0, 0, 0, 0); // kill from outside the namespace (docker stop)
        record(b, 128, 17, 1, 42, 1000, 3); // CLD_EXITED, child 42 of uid 1000, exit 3
        record(b, 256, 1, -1, 4321, 1234, 0); // sigqueue
        assertEquals(List.of(new SignalFdSiginfo(15, 0, 0, 0, 0), new SignalFdSiginfo(17, 1, 42, 1000, 3),
                new SignalFdSiginfo(1, -1, 4321, 1234, 0)), SignalFdSiginfo.parse(b, 3 * SignalFdSiginfo.SIZE));
        assertEquals(List.of(), SignalFdSiginfo.parse(b, 0));
    }

    @Test
    void refusesAPartialRecord() {
        assertThrows(IllegalArgumentException.class, () -> SignalFdSiginfo.parse(NativeMemory.allocate(256), 100));
        assertThrows(IllegalArgumentException.class, () -> SignalFdSiginfo.parse(NativeMemory.allocate(128), 256));
    }
}
