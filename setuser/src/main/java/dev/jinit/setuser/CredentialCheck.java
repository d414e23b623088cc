package dev.jinit.setuser;

import dev.jinit.core.Credentials;
import dev.jinit.core.ThreadCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what the kernel reports with the identity asked for. Pure: the caller reads the credentials.
 */
final class CredentialCheck {
    private CredentialCheck() {
    }

    /**
     * Every way the process differs from {@code who}: real, effective and saved uid and gid; supplementary groups
     * (as a set); and for each thread its four uids and gids (real, effective, saved, filesystem), its groups and,
     * unless {@code who} is root, that it holds no capability (permitted, effective or ambient) any more.
     *
     * @return one line per difference; empty when the switch is complete
     */
    static List<String> differences(Identity who, Credentials.Ids uids, Credentials.Ids gids, List<Integer> groups,
                                    List<ThreadCredentials> threads) {
        List<String> out = new ArrayList<>();
        if (!uids.allAre(who.uid())) {
            out.add("uids are " + uids + "; expected " + who.uid() + " for all three");
        }
        if (!gids.allAre(who.gid())) {
            out.add("gids are " + gids + "; expected " + who.gid() + " for all three");
        }
        Set<Integer> expectedGroups = new TreeSet<>(who.groups());
        if (!new TreeSet<>(groups).equals(expectedGroups)) {
            out.add("supplementary groups are " + new TreeSet<>(groups) + "; expected " + expectedGroups);
        }
        if (threads.isEmpty()) {
            out.add("no thread could be read from /proc/self/task");
        }
        for (ThreadCredentials t : threads) {
            out.addAll(threadDifferences(who, t));
        }
        return out;
    }

    /**
     * Every way one thread differs from {@code who}: its four uids and gids (real, effective, saved, filesystem), its
     * groups (as a set) and, unless {@code who} is root, any capability (permitted, effective or ambient) left.
     */
    static List<String> threadDifferences(Identity who, ThreadCredentials t) {
        List<String> out = new ArrayList<>();
        List<Integer> fourUids = List.of(who.uid(), who.uid(), who.uid(), who.uid());
        List<Integer> fourGids = List.of(who.gid(), who.gid(), who.gid(), who.gid());
        String thread = "thread " + t.tid() + " (" + t.name() + ")";
        if (!t.uids().equals(fourUids)) {
            out.add(thread + ": Uid " + ids(t.uids()) + "; expected " + ids(fourUids));
        }
        if (!t.gids().equals(fourGids)) {
            out.add(thread + ": Gid " + ids(t.gids()) + "; expected " + ids(fourGids));
        }
        Set<Integer> expectedGroups = new TreeSet<>(who.groups());
        if (!new TreeSet<>(t.groups()).equals(expectedGroups)) {
            out.add(thread + ": Groups " + new TreeSet<>(t.groups()) + "; expected " + expectedGroups);
        }
        if (who.uid() != 0 && (t.capPrm() | t.capEff() | t.capAmb()) != 0) {
            out.add(thread + ": still holds capabilities (CapPrm " + Long.toHexString(t.capPrm()) + ", CapEff "
                    + Long.toHexString(t.capEff()) + ", CapAmb " + Long.toHexString(t.capAmb()) + "); expected none");
        }
        return out;
    }

    private static String ids(List<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(sb.length() == 0 ? "" : " ").append(Integer.toUnsignedString(id));
        }
        return sb.toString();
    }
}
