package dev.jinit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One thread's credentials as {@code /proc/<pid>/task/<tid>/status} reports them.
 *
 * @param tid    the thread id
 * @param name   the thread's name ({@code Name:}), for messages
 * @param uids   real, effective, saved and filesystem uid ({@code Uid:})
 * @param gids   real, effective, saved and filesystem gid ({@code Gid:})
 * @param groups supplementary groups ({@code Groups:})
 * @param capPrm permitted capabilities ({@code CapPrm:}, a bit mask)
 * @param capEff effective capabilities ({@code CapEff:})
 * @param capAmb ambient capabilities ({@code CapAmb:}; 0 on kernels without it)
 */
public record ThreadCredentials(long tid, String name, List<Integer> uids, List<Integer> gids, List<Integer> groups,
                                long capPrm, long capEff, long capAmb) {

    public ThreadCredentials {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
        groups = List.copyOf(groups);
        if (uids.size() != 4 || gids.size() != 4) {
            throw new IllegalArgumentException("Uid and Gid need 4 fields each (real, effective, saved, fs), but were "
                    + uids + " and " + gids);
        }
    }

    /**
     * Parses the text of a {@code status} file.
     *
     * @throws IllegalArgumentException when the Uid, Gid or Groups line is missing or malformed
     */
    public static ThreadCredentials parse(long tid, String status) {
        String name = "";
        List<Integer> uids = null;
        List<Integer> gids = null;
        List<Integer> groups = null;
        long capPrm = 0;
        long capEff = 0;
        long capAmb = 0;
        for (String line : status.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            try {
                switch (key) {
                    case "Name" -> name = value;
                    case "Uid" -> uids = ids(value);
                    case "Gid" -> gids = ids(value);
                    case "Groups" -> groups = ids(value);
                    case "CapPrm" -> capPrm = Long.parseUnsignedLong(value, 16);
                    case "CapEff" -> capEff = Long.parseUnsignedLong(value, 16);
                    case "CapAmb" -> capAmb = Long.parseUnsignedLong(value, 16);
                    default -> { }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("thread " + tid + ": malformed '" + key + "' line: '" + line + "'", e);
            }
        }
        if (uids == null || gids == null || groups == null) {
            throw new IllegalArgumentException("thread " + tid + ": status has no Uid, Gid or Groups line");
        }
        return new ThreadCredentials(tid, name, uids, gids, groups, capPrm, capEff, capAmb);
    }

    private static List<Integer> ids(String value) {
        List<Integer> out = new ArrayList<>();
        for (String s : value.split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(Integer.parseUnsignedInt(s));
            }
        }
        return out;
    }
}
