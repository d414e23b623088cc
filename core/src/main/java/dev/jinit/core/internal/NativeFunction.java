package dev.jinit.core.internal;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

/**
 * One C function of libc, bound through jffi (libffi behind one JNI stub): its address and call description. Every
 * argument travels as a {@code long} (an int sign-extended, a pointer as its address) and libffi passes each as the
 * type it was bound with; the result comes back as a {@code long}, which the caller narrows to the C return type
 * (an {@code int} result's upper half is undefined). errno is saved right after every call, on the calling thread,
 * for {@link #errno()}.
 *
 * <p>Why not jnr-ffi's generated interfaces on top of jffi: they loaded ~300 more classes and dynamic proxies, which
 * cost ~10 MB RSS and ~150 ms of every start, and a reflective call per invocation (docs/architecture.md).
 */
public final class NativeFunction {
    private static final String LIBC = "libc.so.6";

    static {
        JffiStub.ensureLoaded();
    }

    private final String name;
    private final CallContext context;
    private final long address;
    private final Invoker invoker = Invoker.getInstance();

    private NativeFunction(String name, CallContext context, long address) {
        this.name = name;
        this.context = context;
        this.address = address;
    }

    /**
     * Binds libc's {@code name} with the given C return and parameter types.
     *
     * @throws IllegalStateException when libc cannot be opened or has no such function (an older glibc)
     */
    public static NativeFunction libc(String name, Type result, Type... parameters) {
        return bind(name, CallContext.getCallContext(result, parameters, CallingConvention.DEFAULT, true));
    }

    /** Binds a variadic libc function whose first {@code fixed} parameters are fixed (such as {@code syscall}). */
    public static NativeFunction libcVariadic(String name, int fixed, Type result, Type... parameters) {
        return bind(name, CallContext.getCallContext(result, fixed, parameters, CallingConvention.DEFAULT, true));
    }

    private static NativeFunction bind(String name, CallContext context) {
        Library lib = Library.getCachedInstance(LIBC, Library.LAZY | Library.LOCAL);
        if (lib == null) {
            throw new IllegalStateException("cannot open " + LIBC + ": " + Library.getLastError());
        }
        long address = lib.getSymbolAddress(name);
        if (address == 0) {
            throw new IllegalStateException(LIBC + " has no function " + name + " (" + Library.getLastError()
                    + "): jinit needs glibc 2.34 or later");
        }
        return new NativeFunction(name, context, address);
    }

    /** The errno the last call of a bound function on this thread left. */
    public static int errno() {
        return LastError.getInstance().get();
    }

    /** Sets this thread's errno (for a call whose result cannot tell an error from a value: check errno after it). */
    public static void setErrno(int value) {
        LastError.getInstance().set(value);
    }

    /** The C name, for messages. */
    public String name() {
        return name;
    }

    public long call() {
        return invoker.invokeN0(context, address);
    }

    public long call(long a) {
        return invoker.invokeN1(context, address, a);
    }

    public long call(long a, long b) {
        return invoker.invokeN2(context, address, a, b);
    }

    public long call(long a, long b, long c) {
        return invoker.invokeN3(context, address, a, b, c);
    }

    public long call(long a, long b, long c, long d) {
        return invoker.invokeN4(context, address, a, b, c, d);
    }

    public long call(long a, long b, long c, long d, long e) {
        return invoker.invokeN5(context, address, a, b, c, d, e);
    }

    public long call(long a, long b, long c, long d, long e, long f) {
        return invoker.invokeN6(context, address, a, b, c, d, e, f);
    }

    /** The address of {@code m}, 0 (NULL) for null. */
    public static long address(NativeMemory m) {
        return m == null ? 0 : m.address();
    }
}
