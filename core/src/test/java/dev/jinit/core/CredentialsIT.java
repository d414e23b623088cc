package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JNR lookups against getent and id, and the thread list against /proc. Needs no root. */
class CredentialsIT {
    private static final Credentials CREDENTIALS = Natives.load().credentials();

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return out;
    }

    @Test
    void passwdAndGroupLookupsAgreeWithGetent() throws Exception {
        String[] root = run("getent", "passwd", "0").split(":");
        Credentials.User byId = CREDENTIALS.userById(0).orElseThrow();
        assertEquals(new Credentials.User(root[0], 0, Integer.parseInt(root[3]), root[5], root[6]), byId);
        assertEquals(byId, CREDENTIALS.userByName(root[0]).orElseThrow());
        String[] group = run("getent", "group", "0").split(":");
        assertEquals(group[0], CREDENTIALS.groupById(0).orElseThrow().name());
        assertEquals(0, CREDENTIALS.groupByName(group[0]).orElseThrow().gid());
        assertFalse(CREDENTIALS.userByName("no-such-user-jinit").isPresent());
        assertFalse(CREDENTIALS.groupByName("no-such-group-jinit").isPresent());
        assertFalse(CREDENTIALS.userById(2_000_000_123).isPresent());
    }

    @Test
    void groupListIsWhatIdReportsForTheCurrentUser() throws Exception {
        String name = run("id", "-un");
        int gid = Integer.parseInt(run("id", "-g", name));
        List<Integer> expected = new ArrayList<>();
        for (String g : run("id", "-G", name).split(" ")) {
            expected.add(Integer.parseInt(g));
        }
        assertEquals(expected.stream().sorted().toList(), CREDENTIALS.groupList(name, gid).stream().sorted().toList());
    }

    @Test
    void idsAndThreadsDescribeThisProcess() throws Exception {
        int uid = Integer.parseInt(run("id", "-u"));
        assertTrue(CREDENTIALS.uids().allAre(uid));
        List<ThreadCredentials> threads = CREDENTIALS.threads();
        assertTrue(threads.size() > 1, "a JVM has several threads: " + threads);
        for (ThreadCredentials t : threads) {
            assertEquals(List.of(uid, uid, uid, uid), t.uids(), t.toString());
            assertEquals(CREDENTIALS.groups().stream().sorted().toList(), t.groups().stream().sorted().toList());
        }
    }
}
