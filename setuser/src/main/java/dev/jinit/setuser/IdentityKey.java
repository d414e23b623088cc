package dev.jinit.setuser;

import java.util.List;
import java.util.TreeSet;

/**
 * What a spawn thread is switched to: the identity's ids and groups (as a sorted set) and whether no-new-privs is on
 * (it is per thread and irreversible, so it is part of what the thread is).
 */
record IdentityKey(int uid, int gid, List<Integer> groups, boolean noNewPrivileges, Identity identity) {

    static IdentityKey of(Identity who, boolean noNewPrivileges) {
        return new IdentityKey(who.uid(), who.gid(), List.copyOf(new TreeSet<>(who.groups())), noNewPrivileges, who);
    }

    /** Equal when the kernel credentials are: the name and home (environment only) do not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityKey k && k.uid == uid && k.gid == gid && k.groups.equals(groups)
                && k.noNewPrivileges == noNewPrivileges;
    }

    @Override
    public int hashCode() {
        return ((uid * 31 + gid) * 31 + groups.hashCode()) * 2 + (noNewPrivileges ? 1 : 0);
    }

    /** For thread names and messages: {@code NAME-UID:GID}, with {@code +nnp} when no-new-privs is on. */
    String describe() {
        return identity.name() + "-" + uid + ":" + gid + (noNewPrivileges ? "+nnp" : "");
    }
}
