package dev.jinit.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kenai.jffi.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The C memory of jinit's native calls, and one real libc call on it (strlen, memcmp); no root needed. */
class NativeMemoryTest {
    private static final NativeFunction STRLEN = NativeFunction.libc("strlen", Type.SLONG, Type.POINTER);

    /** Strings without NUL (C cannot carry one) and without lone surrogates (UTF-8 cannot). */
    private static boolean representable(String s) {
        return s.indexOf('\0') < 0 && s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Property
    void aCStringReadsBackAndLibcSeesItsLength(@ForAll @StringLength(max = 300) String s) {
        if (!representable(s)) {
            return;
        }
        NativeMemory m = NativeMemory.cString(s);
        assertEquals(s, NativeMemory.string(m.address()));
        assertEquals(s.getBytes(StandardCharsets.UTF_8).length, STRLEN.call(m.address()));
        byte[] last = new byte[1];
        m.get(m.size() - 1, last, 0, 1);
        assertEquals(0, last[0], "NUL-terminated");
    }

    @Property
    void anArgvIsNullTerminatedPointersToEachString(@ForAll @Size(max = 40) List<@StringLength(max = 50) String> argv) {
        if (!argv.stream().allMatch(NativeMemoryTest::representable)) {
            return;
        }
        NativeMemory m = NativeMemory.cStrings(argv);
        List<String> back = new ArrayList<>();
        for (int i = 0; i <= argv.size(); i++) {
            long p = m.getAddress(8L * i);
            if (p == 0) {
                assertEquals(argv.size(), i, "NULL only after the last string");
                break;
            }
            assertTrue(p > m.address() && p < m.address() + m.size(), "a string outside the block");
            back.add(NativeMemory.string(p));
        }
        assertEquals(argv, back);
    }

    /** Numbers go through jffi's MemoryIO, bytes through the buffer: both must see the same memory, in native order. */
    @Property
    void numbersAndBytesAgree(@ForAll @IntRange(min = 0, max = 56) int offset, @ForAll long value) {
        NativeMemory m = NativeMemory.allocate(64);
        m.putLong(offset, value);
        byte[] bytes = new byte[8];
        m.get(offset, bytes, 0, 8);
        assertEquals(value, ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getLong());
        assertEquals((int) value, m.getInt(offset + (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 4)));
        m.put(0, new byte[64], 0, 64);
        assertEquals(0, m.getLong(offset));
        m.putShort(offset, (short) value);
        assertEquals((short) value, m.getShort(offset));
    }

    @Property
    void everyAccessOutsideTheBlockIsRefused(@ForAll @IntRange(min = 1, max = 64) int size, @ForAll long offset) {
        NativeMemory m = NativeMemory.allocate(size);
        boolean inside = offset >= 0 && offset <= size - 4;
        if (inside) {
            m.putInt(offset, 1);
            assertEquals(1, m.getInt(offset));
        } else {
            assertThrows(IndexOutOfBoundsException.class, () -> m.getInt(offset));
            assertThrows(IndexOutOfBoundsException.class, () -> m.putInt(offset, 1));
        }
    }

    @Test
    void blocksAreZeroedAndBoundsChecked() {
        NativeMemory m = NativeMemory.allocate(16);
        assertEquals(0, m.getLong(0));
        assertEquals(0, m.getLong(8));
        m.putInt(12, -7);
        assertEquals(-7, m.getInt(12));
        assertThrows(IndexOutOfBoundsException.class, () -> m.getInt(13));
        assertThrows(IndexOutOfBoundsException.class, () -> m.putLong(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(10, new byte[8], 0, 8));
        assertThrows(IllegalArgumentException.class, () -> NativeMemory.allocate(0));
        m.requireRoom(16, "count");
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> m.requireRoom(17, "count"));
        assertTrue(tooLong.getMessage().startsWith("count 17 "), tooLong.getMessage());
        assertEquals("", NativeMemory.string(0));
    }

    @Test
    void aMissingFunctionFailsAtBindingWithItsName() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NativeFunction.libc("no_such_function_in_libc", Type.SINT));
        assertTrue(e.getMessage().contains("no_such_function_in_libc"), e.getMessage());
        assertTrue(e.getMessage().contains("glibc 2.34"), e.getMessage());
    }

    @Test
    void errnoIsSavedPerCall() {
        LibC libc = LibC.load();
        assertEquals(-1, libc.close(-1));
        assertEquals(9, NativeFunction.errno(), "EBADF"); // close(-1)
        assertEquals("Bad file descriptor", libc.strerror(9));
        assertEquals(-1, libc.kill(Integer.MAX_VALUE, 0));
        assertEquals(3, NativeFunction.errno(), "ESRCH");
    }
}
