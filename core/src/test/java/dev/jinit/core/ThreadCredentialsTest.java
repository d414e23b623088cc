package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadCredentialsTest {
    private static final String STATUS = """
            Name:\tC2 CompilerThre
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t812
            Pid:\t830
            Uid:\t65534\t65534\t65534\t65534
            Gid:\t65534\t65534\t65534\t65534
            FDSize:\t64
            Groups:\t65534 1001\s
            NStgid:\t812
            SigBlk:\t0000000000000004
            SigIgn:\t0000000000000000
            CapInh:\t0000000000000000
            CapPrm:\t0000000000000000
            CapEff:\t0000000000000000
            CapBnd:\t000001ffffffffff
            CapAmb:\t0000000000000000
            NoNewPrivs:\t0
            """;

    @Test
    void readsNameAllFourIdsGroupsAndCapabilities() {
        ThreadCredentials t = ThreadCredentials.parse(830, STATUS);
        assertEquals(830, t.tid());
        assertEquals("C2 CompilerThre", t.name());
        assertEquals(List.of(65534, 65534, 65534, 65534), t.uids());
        assertEquals(List.of(65534, 65534, 65534, 65534), t.gids());
        assertEquals(List.of(65534, 1001), t.groups());
        assertEquals(0, t.capEff());
        assertEquals(0, t.capPrm());
    }

    @Test
    void anEmptyGroupsLineIsNoGroupsAndRootCapsAreRead() {
        String root = STATUS.replace("65534\t65534\t65534\t65534", "0\t0\t0\t0").replace("Groups:\t65534 1001 ", "Groups:\t")
                .replace("CapEff:\t0000000000000000", "CapEff:\t000001ffffffffff");
        ThreadCredentials t = ThreadCredentials.parse(1, root);
        assertEquals(List.of(), t.groups());
        assertEquals(List.of(0, 0, 0, 0), t.uids());
        assertEquals(0x1ffffffffffL, t.capEff());
    }

    @Test
    void idsAboveIntMaxAreReadUnsigned() {
        ThreadCredentials t = ThreadCredentials.parse(1, STATUS.replace("Uid:\t65534", "Uid:\t4294967294"));
        assertEquals("4294967294", Integer.toUnsignedString(t.uids().get(0)));
    }

    @Test
    void rejectsAStatusWithoutIdsOrWithMalformedOnes() {
        assertThrows(IllegalArgumentException.class, () -> ThreadCredentials.parse(1, "Name:\tx\n"));
        assertThrows(IllegalArgumentException.class, () -> ThreadCredentials.parse(1, STATUS.replace("Uid:\t65534", "Uid:\tx")));
        assertThrows(IllegalArgumentException.class, () -> ThreadCredentials.parse(1, STATUS.replace("Gid:\t65534\t", "Gid:\t")));
    }
}
