package dev.jinit.setuser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A resolved user: the uid, gid and supplementary groups to switch to, and the name and home the environment gets.
 * Made by {@link SetUser#resolve}, or by {@link #builder()} for an identity decided elsewhere.
 *
 * @param name   the passwd name, or the decimal uid when the uid has no passwd entry
 * @param uid    0 to 2147483647
 * @param gid    0 to 2147483647
 * @param groups the supplementary groups, exactly (an empty list clears them)
 * @param home   the home directory from the passwd entry, or {@code /}
 */
public record Identity(String name, int uid, int gid, List<Integer> groups, Path home) {

    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(home, "home");
        groups = List.copyOf(groups);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty (use the decimal uid for a user without a name)");
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must be between 0 and 2147483647, but were " + uid + " and " + gid);
        }
        for (int g : groups) {
            if (g < 0) {
                throw new IllegalArgumentException("groups must be between 0 and 2147483647, but were " + groups);
            }
        }
        if (!home.isAbsolute()) {
            throw new IllegalArgumentException("home must be an absolute path, but was " + home);
        }
    }

    /**
     * What {@code setuser} sets in the environment: {@code HOME}, {@code USER}, {@code LOGNAME} and {@code UID} (as
     * phusion's setuser sets it). Everything else in the environment is left as it is.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("USER", name);
        env.put("LOGNAME", name);
        env.put("UID", Integer.toString(uid));
        return env;
    }

    @Override
    public String toString() {
        return name + " (uid " + uid + ", gid " + gid + ", groups " + groups + ", home " + home + ")";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: no supplementary groups, home {@code /}, the name the decimal uid. uid and gid must be set. */
    public static final class Builder {
        private String name;
        private Integer uid;
        private Integer gid;
        private final List<Integer> groups = new ArrayList<>();
        private Path home = Path.of("/");

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder uid(int uid) {
            this.uid = uid;
            return this;
        }

        public Builder gid(int gid) {
            this.gid = gid;
            return this;
        }

        /** Replaces the supplementary groups. */
        public Builder groups(List<Integer> groups) {
            this.groups.clear();
            this.groups.addAll(groups);
            return this;
        }

        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** @throws IllegalArgumentException when uid or gid is unset, or a value breaks the rules of {@link Identity} */
        public Identity build() {
            if (uid == null || gid == null) {
                throw new IllegalArgumentException("uid and gid must be set (gid is never guessed: 0 would be root's)");
            }
            return new Identity(name == null ? Integer.toString(uid) : name, uid, gid, groups, home);
        }
    }
}
