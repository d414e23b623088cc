package dev.jinit.supervisor.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What one read of an inotify descriptor says ({@code struct inotify_event}s: wd, mask, cookie and len, four 32-bit
 * fields in the machine's order, then len bytes of name). Pure; an internal class.
 *
 * @param events  how many whole events the chunk held
 * @param changed an entry was created, deleted or moved in or out, or events were lost (IN_Q_OVERFLOW): read the
 *                directory again
 * @param lost    the watch is gone (the directory was deleted, moved, or its file system unmounted)
 */
public record InotifyBatch(int events, boolean changed, boolean lost) {
    static final int HEADER = 16;
    static final int IN_DELETE_SELF = 0x400;
    static final int IN_MOVE_SELF = 0x800;
    static final int IN_UNMOUNT = 0x2000;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    private static final int GONE = IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED;

    /** Parses the events of {@code chunk}; a truncated last event (the kernel never returns one) is not counted. */
    public static InotifyBatch parse(byte[] chunk) {
        ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.nativeOrder());
        int events = 0;
        boolean changed = false;
        boolean lost = false;
        while (b.remaining() >= HEADER) {
            b.getInt(); // wd: one watch per descriptor
            int mask = b.getInt();
            b.getInt(); // cookie
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                break;
            }
            b.position(b.position() + len);
            events++;
            lost |= (mask & GONE) != 0;
            changed |= (mask & ~GONE) != 0;
        }
        return new InotifyBatch(events, changed, lost);
    }
}
