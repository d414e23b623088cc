package dev.jinit.core.internal;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A block of C memory for a native call: a direct {@link ByteBuffer} in the platform's byte order, zeroed, with its
 * address. The JDK frees it once it is unreachable (no free to forget, no thread of ours); {@link NativeFunction}
 * keeps every block passed to a call reachable until the call returns. Reads and writes are bounds-checked Java
 * accesses, not native calls. Not thread-safe: a block belongs to one call at a time.
 */
public final class NativeMemory {
    static {
        JffiStub.ensureLoaded();
    }

    private final ByteBuffer buffer;
    private final long address;

    private NativeMemory(int size) {
        this.buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        this.address = MemoryIO.getInstance().getDirectBufferAddress(buffer);
        if (address == 0) {
            throw new IllegalStateException("no address for a direct buffer of " + size + " bytes");
        }
    }

    /** {@code size} zeroed bytes (at least 1). */
    public static NativeMemory allocate(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0, but was " + size);
        }
        return new NativeMemory(size);
    }

    /** {@code s} as a NUL-terminated UTF-8 C string. */
    public static NativeMemory cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        NativeMemory m = new NativeMemory(b.length + 1);
        m.buffer.put(0, b);
        return m;
    }

    /**
     * A NULL-terminated {@code char *[]} of {@code strings} (argv, envp), the strings themselves in the same block
     * after the pointers.
     */
    public static NativeMemory cStrings(List<String> strings) {
        byte[][] bytes = new byte[strings.size()][];
        int pointers = (strings.size() + 1) * Long.BYTES;
        int total = pointers;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = Objects.requireNonNull(strings.get(i), "strings[" + i + "]").getBytes(StandardCharsets.UTF_8);
            total = Math.addExact(total, bytes[i].length + 1);
        }
        NativeMemory m = new NativeMemory(total);
        int at = pointers;
        for (int i = 0; i < bytes.length; i++) {
            m.putAddress((long) i * Long.BYTES, m.address + at);
            m.buffer.put(at, bytes[i]);
            at += bytes[i].length + 1;
        }
        return m;
    }

    /** The block's address, valid while this object is reachable. */
    public long address() {
        return address;
    }

    /** The block's size in bytes. */
    public int size() {
        return buffer.capacity();
    }

    /**
     * Checks that {@code bytes} fit in this block: a C call is never told that a block is longer than it is.
     *
     * @throws IllegalArgumentException naming {@code what} (the parameter) when they do not
     */
    public void requireRoom(long bytes, String what) {
        if (bytes > size()) {
            throw new IllegalArgumentException(what + " " + bytes + " is more than the block's " + size() + " bytes");
        }
    }

    public int getInt(long offset) {
        return buffer.getInt(index(offset, 4));
    }

    public void putInt(long offset, int value) {
        buffer.putInt(index(offset, 4), value);
    }

    public short getShort(long offset) {
        return buffer.getShort(index(offset, 2));
    }

    public void putShort(long offset, short value) {
        buffer.putShort(index(offset, 2), value);
    }

    public long getLong(long offset) {
        return buffer.getLong(index(offset, 8));
    }

    public void putLong(long offset, long value) {
        buffer.putLong(index(offset, 8), value);
    }

    /** A pointer stored at {@code offset} (LP64: 8 bytes). */
    public long getAddress(long offset) {
        return getLong(offset);
    }

    public void putAddress(long offset, long value) {
        putLong(offset, value);
    }

    /** Copies {@code length} bytes at {@code offset} into {@code into[at..]}. */
    public void get(long offset, byte[] into, int at, int length) {
        buffer.get(index(offset, length), into, at, length);
    }

    /** Copies {@code from[at..at+length)} to {@code offset}. */
    public void put(long offset, byte[] from, int at, int length) {
        buffer.put(index(offset, length), from, at, length);
    }

    /** The NUL-terminated UTF-8 string the pointer at {@code offset} points to; "" for NULL. */
    public String getString(long offset) {
        return string(getAddress(offset));
    }

    /**
     * The NUL-terminated UTF-8 string at {@code address}, outside any block of ours (a libc buffer); "" for NULL.
     * The caller keeps what holds the string alive.
     */
    public static String string(long address) {
        if (address == 0) {
            return "";
        }
        return new String(MemoryIO.getInstance().getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }

    /** The pointer stored at {@code address}, outside any block of ours (an array libc filled in). */
    public static long addressAt(long address) {
        if (address == 0) {
            throw new IllegalArgumentException("NULL dereferenced");
        }
        return MemoryIO.getInstance().getAddress(address);
    }

    private int index(long offset, int length) {
        return Objects.checkFromIndexSize(Math.toIntExact(offset), length, buffer.capacity());
    }
}
