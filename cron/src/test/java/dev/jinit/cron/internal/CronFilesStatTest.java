package dev.jinit.cron.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** {@link CronFiles.Stat}'s written-out equals and hashCode: a record's, component by component. */
class CronFilesStatTest {
    @Property
    void equalExactlyWhenEveryComponentIs(@ForAll int uid, @ForAll int mode, @ForAll long mtime, @ForAll long size,
                                          @ForAll int which) {
        CronFiles.Stat a = new CronFiles.Stat(uid, mode, mtime, size);
        CronFiles.Stat same = new CronFiles.Stat(uid, mode, mtime, size);
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        CronFiles.Stat other = switch (Math.floorMod(which, 4)) {
            case 0 -> new CronFiles.Stat(uid + 1, mode, mtime, size);
            case 1 -> new CronFiles.Stat(uid, mode + 1, mtime, size);
            case 2 -> new CronFiles.Stat(uid, mode, mtime + 1, size);
            default -> new CronFiles.Stat(uid, mode, mtime, size + 1);
        };
        assertNotEquals(a, other);
        assertNotEquals(a, null);
        assertNotEquals(a, (Object) "a string");
    }
}
