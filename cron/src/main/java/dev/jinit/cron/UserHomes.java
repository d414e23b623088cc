package dev.jinit.cron;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The passwd lookup a crontab parser needs: whether a user exists, and their home directory (a job's {@code HOME}
 * unless the crontab sets one). The daemon plugs in the system's passwd database; tests use {@link #of(Map)}.
 *
 * <p>Implementations must be thread-safe if the parser is shared between threads.
 */
@FunctionalInterface
public interface UserHomes {

    /**
     * The home directory of {@code user}.
     *
     * @return empty when {@code user} has no passwd entry (a job for them is a bad line)
     */
    Optional<String> homeOf(String user);

    /** A fixed table: user name → home directory. */
    static UserHomes of(Map<String, String> homes) {
        Map<String, String> copy = Map.copyOf(homes);
        return user -> Optional.ofNullable(copy.get(Objects.requireNonNull(user, "user")));
    }
}
