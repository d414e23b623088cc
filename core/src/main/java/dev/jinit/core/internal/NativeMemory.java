package dev.jinit.core.internal;

import com.kenai.jffi.MemoryIO;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A block of C memory for a native call: a direct {@link ByteBuffer} in the platform's byte order, zeroed, with its
 * address. The JDK frees it once it is unreachable (no free to forget, no thread of ours); {@link NativeFunction}
 * keeps every block passed to a call reachable until the call returns. Reads and writes of numbers are bounds-checked
 * accesses at the block's address through jffi's {@link MemoryIO} (Unsafe underneath), not through the buffer: a
 * {@code ByteBuffer} access runs a dozen JDK methods (index checks, scoped access, byte order), and on the path of a
 * TERM after seconds of idle every method and page run costs (docs/benchmarks.md, "TERM: the JVM's floor"). Not
 * thread-safe: a block belongs to one call at a time.
 */
public final class NativeMemory {
    static {
        JffiStub.ensureLoaded();
    }

    private static final MemoryIO IO = MemoryIO.getInstance();

    private final ByteBuffer buffer; // owns the memory: the JDK frees it when this block is unreachable
    private final long address;
    private final int size;

    private NativeMemory(int size) {
        this.buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
        this.address = IO.getDirectBufferAddress(buffer);
        this.size = size;
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
        return size;
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
        try {
            return IO.getInt(at(offset, 4));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public void putInt(long offset, int value) {
        try {
            IO.putInt(at(offset, 4), value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public short getShort(long offset) {
        try {
            return IO.getShort(at(offset, 2));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public void putShort(long offset, short value) {
        try {
            IO.putShort(at(offset, 2), value);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public long getLong(long offset) {
        try {
            return IO.getLong(at(offset, 8));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public void putLong(long offset, long value) {
        try {
            IO.putLong(at(offset, 8), value);
        } finally {
            Reference.reachabilityFence(this);
        }
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
        return new String(IO.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }

    /** The pointer stored at {@code address}, outside any block of ours (an array libc filled in). */
    public static long addressAt(long address) {
        if (address == 0) {
            throw new IllegalArgumentException("NULL dereferenced");
        }
        return IO.getAddress(address);
    }

    /** The buffer index of {@code length} bytes at {@code offset}, checked to lie in the block. */
    private int index(long offset, int length) {
        return (int) (at(offset, length) - address);
    }

    /** The address of {@code length} bytes at {@code offset}, checked to lie in the block. */
    private long at(long offset, int length) {
        if (length < 0 || offset < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException(length + " bytes at offset " + offset + " are outside a block of "
                    + size + " bytes");
        }
        return address + offset;
    }
}
