package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.syslog.RotationStep.Delete;
import dev.jinit.syslog.RotationStep.Rename;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Size-based rotation as a decision and a list of renames, checked on an in-memory directory. */
class RotationPolicyTest {

    private static final Path LOG = Path.of("/var/log/syslog");

    @Test
    void keepingThreeDropsTheOldestThenRenamesTheChainOldestFirst() {
        assertEquals(List.of(
                new Delete(Path.of("/var/log/syslog.3")),
                new Rename(Path.of("/var/log/syslog.2"), Path.of("/var/log/syslog.3")),
                new Rename(Path.of("/var/log/syslog.1"), Path.of("/var/log/syslog.2")),
                new Rename(LOG, Path.of("/var/log/syslog.1"))), new RotationPolicy(100, 3).steps(LOG));
    }

    @Test
    void keepingOneReplacesTheOneOldFile() {
        assertEquals(List.of(new Delete(Path.of("/var/log/syslog.1")), new Rename(LOG, Path.of("/var/log/syslog.1"))),
                new RotationPolicy(100, 1).steps(LOG));
    }

    @Test
    void keepingNoneDeletesTheFile() {
        assertEquals(List.of(new Delete(LOG)), new RotationPolicy(100, 0).steps(LOG));
    }

    @Test
    void aWriteThatWouldGoPastTheLimitRotatesFirst() {
        RotationPolicy p = new RotationPolicy(1000, 4);
        assertFalse(p.shouldRotate(900, 100));
        assertTrue(p.shouldRotate(900, 101));
        assertTrue(p.shouldRotate(1000, 1));
        assertTrue(p.shouldRotate(5000, 0));
        assertFalse(p.shouldRotate(1000, 0));
    }

    @Test
    void anEmptyFileIsNeverRotatedSoAHugeLineStillGoesWholeIntoOneFile() {
        assertFalse(new RotationPolicy(10, 4).shouldRotate(0, 1_000_000));
    }

    @Test
    void neverRotatingMeansNoSizeIsTooLarge() {
        assertFalse(RotationPolicy.never().shouldRotate(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2));
    }

    @Test
    void defaultsAreTenMebibytesAndFourOldFiles() {
        assertEquals(new RotationPolicy(10L * 1024 * 1024, 4), RotationPolicy.ofDefaults());
    }

    @Test
    void badSettingsAreRejectedNamingTheField() {
        assertEquals("rotation.maxBytes must be at least 1, but was 0",
                assertThrows(IllegalArgumentException.class, () -> new RotationPolicy(0, 1)).getMessage());
        assertEquals("rotation.keep must be between 0 and 1000, but was -1",
                assertThrows(IllegalArgumentException.class, () -> new RotationPolicy(1, -1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RotationPolicy(1, 1001));
    }

    @Property
    void shouldRotateIsExactlySizePlusWriteOverTheLimitForANonEmptyFile(
            @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long max,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long size,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long write) {
        boolean over = java.math.BigInteger.valueOf(size).add(java.math.BigInteger.valueOf(write))
                .compareTo(java.math.BigInteger.valueOf(max)) > 0;
        assertEquals(size > 0 && over, new RotationPolicy(max, 1).shouldRotate(size, write));
    }

    /**
     * Carrying the steps out on any directory (any old files missing) shifts every generation by one and drops the
     * oldest: afterwards {@code syslog.i} holds what {@code syslog.(i-1)} held (or nothing, if it held nothing), and
     * {@code syslog} is gone.
     */
    @Property
    void rotatingShiftsEveryGenerationByOneAndDropsTheOldest(@ForAll @IntRange(min = 0, max = 12) int keep,
                                                             @ForAll @IntRange(min = 0, max = 1 << 14) int present) {
        Map<Path, String> dir = new HashMap<>();
        dir.put(LOG, "current");
        for (int i = 1; i <= keep + 1; i++) {
            if ((present & (1 << i)) != 0) {
                dir.put(RotationPolicy.numbered(LOG, i), "gen" + i);
            }
        }
        Map<Path, String> before = Map.copyOf(dir);

        for (RotationStep step : new RotationPolicy(100, keep).steps(LOG)) {
            if (step instanceof Rename) {
                Rename r = (Rename) step;
                String content = dir.remove(r.from());
                if (content != null) {
                    dir.put(r.to(), content);
                }
            } else {
                dir.remove(((Delete) step).file());
            }
        }

        assertFalse(dir.containsKey(LOG));
        for (int i = 1; i <= keep; i++) {
            Path older = i == 1 ? LOG : RotationPolicy.numbered(LOG, i - 1);
            assertEquals(before.get(older), dir.get(RotationPolicy.numbered(LOG, i)), "syslog." + i);
        }
        // A file beyond the chain (left from a larger keep) is left alone.
        Path beyond = RotationPolicy.numbered(LOG, keep + 1);
        assertEquals(before.get(beyond), dir.get(beyond));
    }
}
