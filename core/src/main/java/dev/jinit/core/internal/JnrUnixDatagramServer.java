package dev.jinit.core.internal;

import dev.jinit.core.Errno;
import dev.jinit.core.NativeException;
import dev.jinit.core.UnixDatagramServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UnixDatagramServer} through jffi: {@code socket}, {@code bind}, {@code recv}, {@code shutdown},
 * {@code close}. This is an internal class; use {@link UnixDatagramServer#open}.
 */
public final class JnrUnixDatagramServer implements UnixDatagramServer {
    private static final Logger LOG = LoggerFactory.getLogger(JnrUnixDatagramServer.class);

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_WAITFORONE = 0x10000;
    /** struct mmsghdr on LP64 Linux: msghdr (56 bytes) + msg_len (4) + padding. */
    private static final int MMSGHDR_SIZE = 64;
    private static final int MSGHDR_IOV = 16;
    private static final int MSGHDR_IOVLEN = 24;
    private static final int MMSGHDR_LEN = 56;
    private static final int IOVEC_SIZE = 16;
    private static final int SHUT_RD = 0;
    private static final int ECONNREFUSED = 111;
    private static final int EPROTOTYPE = 91;
    /** sun_path is 108 bytes, with the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final SocketLibC lib;
    private final Path path;
    private final int fd;
    private final Object boundFileKey;
    private final AtomicBoolean inputShut = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean draining;
    private NativeMemory scratch;
    private int scratchSize;
    private byte[] bounce = new byte[0];
    private NativeMemory vec;
    private int vecCount;
    private int vecRoom;

    private JnrUnixDatagramServer(Path path, int fd, Object boundFileKey) {
        this.lib = SocketLibC.shared();
        this.path = path;
        this.fd = fd;
        this.boundFileKey = boundFileKey;
    }

    /** See {@link UnixDatagramServer#open}. */
    public static JnrUnixDatagramServer open(Path path, int mode) {
        Objects.requireNonNull(path, "path");
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("mode must be between 0 and 0777, but was 0" + Integer.toOctalString(mode));
        }
        NativeMemory addr = sockaddr(path);
        PathState state = probe(path);
        switch (state) {
            case LIVE_SOCKET -> throw new IllegalStateException(path + " is a socket that another process is bound to"
                    + " (another syslog daemon?); not replacing it");
            case OTHER -> throw new IllegalStateException(path + " exists and is not a socket; not replacing it");
            case STALE_SOCKET -> {
                try {
                    Files.deleteIfExists(path);
                    LOG.debug("syslog - removed the stale socket {}", path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove the stale socket " + path, e);
                }
            }
            case ABSENT -> {
            }
        }
        SocketLibC lib = SocketLibC.shared();
        int fd = lib.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int errno = NativeFunction.errno();
            throw new NativeException("socket(AF_UNIX, SOCK_DGRAM)", errno, lib.strerror(errno));
        }
        boolean ok = false;
        try {
            if (lib.bind(fd, addr, addr.size()) != 0) {
                int errno = NativeFunction.errno();
                throw new NativeException("bind(" + path + ")", errno, lib.strerror(errno));
            }
            // bind(2) creates the file with 0777 & ~umask; set the mode asked for, whatever the umask.
            Files.setPosixFilePermissions(path, permissions(mode));
            Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            ok = true;
            return new JnrUnixDatagramServer(path, fd, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the mode of the socket " + path, e);
        } finally {
            if (!ok) {
                lib.close(fd);
            }
        }
    }

    /** See {@link UnixDatagramServer#probe}. */
    public static PathState probe(Path path) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return PathState.ABSENT;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the attributes of " + path, e);
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            return PathState.OTHER;
        }
        NativeMemory addr = sockaddr(path);
        SocketLibC lib = SocketLibC.shared();
        int fd = lib.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            int errno = NativeFunction.errno();
            throw new NativeException("socket(AF_UNIX, SOCK_DGRAM)", errno, lib.strerror(errno));
        }
        try {
            if (lib.connect(fd, addr, addr.size()) == 0) {
                return PathState.LIVE_SOCKET;
            }
            int errno = NativeFunction.errno();
            return switch (errno) {
                case ECONNREFUSED -> PathState.STALE_SOCKET;
                case Errno.ENOENT -> PathState.ABSENT;
                case EPROTOTYPE -> PathState.LIVE_SOCKET; // a stream socket something listens on
                default -> throw new NativeException("connect(" + path + ")", errno, lib.strerror(errno));
            };
        } finally {
            lib.close(fd);
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public int receive(ByteBuffer into) {
        int room = into.remaining();
        if (scratch == null || scratchSize < room) {
            scratchSize = Math.max(room, 64);
            scratch = NativeMemory.allocate(scratchSize);
        }
        while (true) {
            boolean dontWait = draining;
            long n = lib.recv(fd, scratch, room, MSG_TRUNC | (dontWait ? MSG_DONTWAIT : 0));
            if (n >= 0) {
                int copied = (int) Math.min(n, room);
                copyOut(into, copied);
                return (int) Math.min(n, Integer.MAX_VALUE);
            }
            int errno = NativeFunction.errno();
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno == Errno.EAGAIN && dontWait) {
                return END;
            }
            throw new NativeException("recv(" + path + ")", errno, lib.strerror(errno));
        }
    }

    @Override
    public int receive(ByteBuffer[] into, int[] lengths) {
        if (into.length != lengths.length || into.length == 0) {
            throw new IllegalArgumentException("into and lengths must have the same length, at least 1, but have "
                    + into.length + " and " + lengths.length);
        }
        int room = into[0].remaining();
        if (vec == null || vecCount < into.length || vecRoom < room) {
            allocateVector(into.length, room);
        }
        while (true) {
            boolean dontWait = draining;
            int n = lib.recvmmsg(fd, vec, into.length, MSG_TRUNC | MSG_WAITFORONE | (dontWait ? MSG_DONTWAIT : 0), null);
            if (n >= 0) {
                if (n == 0) {
                    lengths[0] = 0; // not seen from Linux for datagram sockets; keep the contract (an empty datagram)
                    return 1;
                }
                long dataBase = (long) vecCount * (MMSGHDR_SIZE + IOVEC_SIZE);
                for (int i = 0; i < n; i++) {
                    long len = vec.getInt((long) i * MMSGHDR_SIZE + MMSGHDR_LEN) & 0xffffffffL;
                    int copied = (int) Math.min(len, Math.min(vecRoom, into[i].remaining()));
                    copyOut(vec, dataBase + (long) i * vecRoom, into[i], copied);
                    lengths[i] = (int) Math.min(len, Integer.MAX_VALUE);
                }
                return n;
            }
            int errno = NativeFunction.errno();
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno == Errno.EAGAIN && dontWait) {
                return END;
            }
            throw new NativeException("recvmmsg(" + path + ")", errno, lib.strerror(errno));
        }
    }

    /** count × struct mmsghdr, then count × struct iovec, then count × room bytes of data. */
    private void allocateVector(int count, int room) {
        long headers = (long) count * MMSGHDR_SIZE;
        long iovecs = (long) count * IOVEC_SIZE;
        NativeMemory p = NativeMemory.allocate(Math.toIntExact(headers + iovecs + (long) count * room));
        long base = p.address();
        for (int i = 0; i < count; i++) {
            long iov = headers + (long) i * IOVEC_SIZE;
            p.putLong(iov, base + headers + iovecs + (long) i * room);
            p.putLong(iov + 8, room);
            long h = (long) i * MMSGHDR_SIZE;
            p.putLong(h + MSGHDR_IOV, base + iov);
            p.putLong(h + MSGHDR_IOVLEN, 1);
        }
        vec = p;
        vecCount = count;
        vecRoom = room;
    }

    private void copyOut(ByteBuffer into, int n) {
        copyOut(scratch, 0, into, n);
    }

    private void copyOut(NativeMemory from, long offset, ByteBuffer into, int n) {
        if (into.hasArray()) {
            from.get(offset, into.array(), into.arrayOffset() + into.position(), n);
            into.position(into.position() + n);
        } else {
            if (bounce.length < n) {
                bounce = new byte[n];
            }
            from.get(offset, bounce, 0, n);
            into.put(bounce, 0, n);
        }
    }

    @Override
    public void shutdownInput() {
        if (!inputShut.compareAndSet(false, true)) {
            return;
        }
        // From now on the reader does not wait: it reads what the kernel holds until EAGAIN, then ends. Set before
        // shutdown(2), so that a reader woken by it (recv returns 0) sees it on its next call.
        draining = true;
        if (!closed.get() && lib.shutdown(fd, SHUT_RD) != 0) {
            int errno = NativeFunction.errno();
            LOG.warn("syslog - shutdown({}) failed: errno {} ({}); a blocked receive may not wake up", path, errno,
                    lib.strerror(errno));
        }
    }

    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        shutdownInput();
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (lib.close(fd) != 0) {
            int errno = NativeFunction.errno();
            LOG.warn("syslog - close({}) failed: errno {} ({})", path, errno, lib.strerror(errno));
        }
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (Objects.equals(key, boundFileKey)) {
                Files.deleteIfExists(path);
            } else {
                LOG.info("syslog - {} is no longer the socket bound here; leaving it", path);
            }
        } catch (NoSuchFileException e) {
            // removed by someone else already
        } catch (IOException e) {
            LOG.warn("syslog - cannot remove the socket {}: {}", path, e.toString());
        }
    }

    /** A struct sockaddr_un for {@code path}, exactly as long as its family, path and NUL. */
    static NativeMemory sockaddr(Path path) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length == 0 || p.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("a unix socket path must have 1 to " + MAX_PATH_BYTES
                    + " bytes, but " + path + " has " + p.length);
        }
        NativeMemory m = NativeMemory.allocate(2 + p.length + 1);
        m.putShort(0, (short) AF_UNIX);
        m.put(2, p, 0, p.length);
        return m;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return "UnixDatagramServer[" + path + ", fd " + fd + "]";
    }
}
