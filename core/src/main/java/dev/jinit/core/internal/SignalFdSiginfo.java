package dev.jinit.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields jinit reads of one {@code struct signalfd_siginfo} (128 bytes; same layout on x86-64 and arm64):
 * {@code ssi_signo} at 0, {@code ssi_code} at 8, {@code ssi_pid} at 12, {@code ssi_uid} at 16, {@code ssi_status} at 40.
 *
 * @param signo  the signal number
 * @param code   {@code si_code}: 0 SI_USER (kill), -1 SI_QUEUE, -6 SI_TKILL, 0x80 SI_KERNEL, 1-6 CLD_* for SIGCHLD
 * @param pid    the sender's pid in this process's PID namespace, 0 when the sender is outside it (or the kernel)
 * @param uid    the sender's real uid in this process's user namespace
 * @param status for SIGCHLD, the exit code or signal
 */
public record SignalFdSiginfo(int signo, int code, int pid, int uid, int status) {
    /** {@code sizeof(struct signalfd_siginfo)}. */
    public static final int SIZE = 128;
    private static final int SSI_SIGNO = 0;
    private static final int SSI_CODE = 8;
    private static final int SSI_PID = 12;
    private static final int SSI_UID = 16;
    private static final int SSI_STATUS = 40;

    /**
     * Parses the records in the first {@code length} bytes of {@code records}, as {@code read(2)} on a signalfd filled
     * it, where they lie (no copy: this runs on a TERM's path).
     *
     * @throws IllegalArgumentException when {@code length} is not a multiple of {@link #SIZE} or exceeds the block
     *                                  (the kernel never does that: it would mean a wrong layout)
     */
    public static List<SignalFdSiginfo> parse(NativeMemory records, int length) {
        if (length < 0 || length > records.size() || length % SIZE != 0) {
            throw new IllegalArgumentException("a signalfd read returns whole " + SIZE + "-byte records, but got "
                    + length + " bytes (buffer " + records.size() + ")");
        }
        List<SignalFdSiginfo> out = new ArrayList<>(length / SIZE);
        for (int at = 0; at < length; at += SIZE) {
            out.add(new SignalFdSiginfo(records.getInt(at + SSI_SIGNO), records.getInt(at + SSI_CODE),
                    records.getInt(at + SSI_PID), records.getInt(at + SSI_UID), records.getInt(at + SSI_STATUS)));
        }
        return out;
    }
}
