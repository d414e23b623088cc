package dev.jinit.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalFdSiginfoTest {
    private static void record(ByteBuffer b, int at, int signo, int code, int pid, int uid, int status) {
        b.putInt(at, signo).putInt(at + 4, 0).putInt(at + 8, code).putInt(at + 12, pid).putInt(at + 16, uid)
                .putInt(at + 20, -1).putInt(at + 24, 777).putInt(at + 40, status);
    }

    @Test
    void readsEachRecordOfARead() {
        byte[] buf = new byte[4 * SignalFdSiginfo.SIZE];
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        record(b, 0, 15, 0, 0, 0, 0); // kill from outside the namespace (docker stop)
        record(b, 128, 17, 1, 42, 1000, 3); // CLD_EXITED, child 42 of uid 1000, exit 3
        record(b, 256, 1, -1, 4321, 1234, 0); // sigqueue
        assertEquals(List.of(new SignalFdSiginfo(15, 0, 0, 0, 0), new SignalFdSiginfo(17, 1, 42, 1000, 3),
                new SignalFdSiginfo(1, -1, 4321, 1234, 0)), SignalFdSiginfo.parse(buf, 3 * SignalFdSiginfo.SIZE));
        assertEquals(List.of(), SignalFdSiginfo.parse(buf, 0));
    }

    @Test
    void refusesAPartialRecord() {
        assertThrows(IllegalArgumentException.class, () -> SignalFdSiginfo.parse(new byte[256], 100));
        assertThrows(IllegalArgumentException.class, () -> SignalFdSiginfo.parse(new byte[128], 256));
    }
}
