package dev.jinit.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Reading a chunk of inotify events as the kernel lays them out. */
class InotifyBatchTest {
    private static final int GONE = InotifyBatch.IN_DELETE_SELF | InotifyBatch.IN_MOVE_SELF | InotifyBatch.IN_UNMOUNT
            | InotifyBatch.IN_IGNORED;

    record Event(int mask, int nameLength) {
    }

    @Provide
    Arbitrary<Event> events() {
        // The masks the watch asks for (create, delete, moved from/to), the ones the kernel adds, and mixes of them.
        Arbitrary<Integer> mask = Arbitraries.of(0x100, 0x200, 0x40, 0x80, InotifyBatch.IN_DELETE_SELF,
                        InotifyBatch.IN_MOVE_SELF, InotifyBatch.IN_UNMOUNT, InotifyBatch.IN_Q_OVERFLOW,
                        InotifyBatch.IN_IGNORED, 0x100 | 0x40000000)
                .list().ofMinSize(1).ofMaxSize(3).map(l -> l.stream().reduce(0, (a, b) -> a | b));
        // The kernel pads a name with NULs to a multiple of 16; 0 for events on the directory itself.
        Arbitrary<Integer> len = Arbitraries.integers().between(0, 16).map(n -> n * 16);
        return Combinators.combine(mask, len).as(Event::new);
    }

    private static byte[] encode(List<Event> events, int cut) {
        int size = events.stream().mapToInt(e -> InotifyBatch.HEADER + e.nameLength()).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        for (Event e : events) {
            b.putInt(1).putInt(e.mask()).putInt(0).putInt(e.nameLength()).put(new byte[e.nameLength()]);
        }
        byte[] all = b.array();
        return java.util.Arrays.copyOf(all, Math.max(0, all.length - cut));
    }

    @Property
    void everyWholeEventCountsAndItsMaskDecides(@ForAll @Size(max = 30) List<@From("events") Event> events) {
        InotifyBatch batch = InotifyBatch.parse(encode(events, 0));
        assertEquals(events.size(), batch.events());
        assertEquals(events.stream().anyMatch(e -> (e.mask() & ~GONE) != 0), batch.changed(), "changed");
        assertEquals(events.stream().anyMatch(e -> (e.mask() & GONE) != 0), batch.lost(), "lost");
    }

    @Property
    void aTruncatedLastEventIsNotRead(@ForAll @Size(min = 1, max = 10) List<@From("events") Event> events,
                                      @ForAll @IntRange(min = 1, max = 15) int cut) {
        assertEquals(events.size() - 1, InotifyBatch.parse(encode(events, cut)).events());
    }
}
