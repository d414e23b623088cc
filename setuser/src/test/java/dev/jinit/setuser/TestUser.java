package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A user an integration test creates with useradd: its own primary group and two supplementary groups, unique names,
 * no home directory made. {@link #remove()} removes all of it.
 */
final class TestUser {
    final String name;
    final String group1;
    final String group2;
    final int uid;
    final int gid;
    final int gid1;
    final int gid2;
    final String home;

    private TestUser(String name, String group1, String group2) throws Exception {
        this.name = name;
        this.group1 = group1;
        this.group2 = group2;
        String[] pw = Probe.getent("passwd", name);
        this.uid = Integer.parseInt(pw[2]);
        this.gid = Integer.parseInt(pw[3]);
        this.home = pw[5];
        this.gid1 = Integer.parseInt(Probe.getent("group", group1)[2]);
        this.gid2 = Integer.parseInt(Probe.getent("group", group2)[2]);
    }

    static TestUser create() throws Exception {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        String name = "jinit-u-" + suffix;
        String g1 = "jinit-a-" + suffix;
        String g2 = "jinit-b-" + suffix;
        sh("groupadd", g1);
        sh("groupadd", g2);
        sh("useradd", "-M", "-U", "-G", g1 + "," + g2, "-d", "/home/" + name, "-s", "/bin/sh", name);
        return new TestUser(name, g1, g2);
    }

    Set<Integer> allGroups() {
        return Set.of(gid, gid1, gid2);
    }

    private static void sh(String... command) throws Exception {
        Probe.Result r = Probe.run(List.of(command), Map.of());
        assertEquals(0, r.exit(), String.join(" ", command) + ": " + r.describe());
    }

    void remove() throws Exception {
        // userdel removes the user's own group too (USERGROUPS_ENAB); groupdel of it is then a no-op failure.
        Probe.run(List.of("userdel", name), Map.of());
        Probe.run(List.of("groupdel", name), Map.of());
        Probe.run(List.of("groupdel", group1), Map.of());
        Probe.run(List.of("groupdel", group2), Map.of());
    }
}
