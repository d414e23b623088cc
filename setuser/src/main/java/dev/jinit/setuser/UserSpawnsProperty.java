package dev.jinit.setuser;

import java.util.Locale;
import java.util.Objects;

/**
 * The system property {@value #NAME}: how the supervisor and cron, when configured without code ({@code Init.run()}'s
 * providers, {@code bin/my_init}), start a service or a job of another user. It lives here, in the module both
 * depend on, so that the two read one spelling. Absent or empty means {@link UserSpawner.Mode#SETPRIV}, the default:
 * the faster modes let the user's processes signal a JVM thread during each spawn (see {@link UserSpawner.Mode}).
 */
public final class UserSpawnsProperty {
    /** The property's name. */
    public static final String NAME = "jinit.setuser.spawns";
    /** The values accepted, as written in the property. */
    public static final String ACCEPTED = "setpriv, switch-per-spawn, per-thread";

    private UserSpawnsProperty() {
    }

    /**
     * Reads {@value #NAME} from the system properties.
     *
     * @throws IllegalArgumentException naming the property, its value and the accepted values when it is none of them
     */
    public static UserSpawner.Mode fromSystemProperties() {
        return parse(System.getProperty(NAME));
    }

    /**
     * {@code setpriv}, {@code switch-per-spawn} or {@code per-thread} (case and surrounding blanks ignored); null or
     * blank is {@code setpriv}.
     *
     * @throws IllegalArgumentException naming the property, the value and the accepted values
     */
    public static UserSpawner.Mode parse(String value) {
        if (value == null || value.isBlank()) {
            return UserSpawner.Mode.SETPRIV;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "setpriv":
                return UserSpawner.Mode.SETPRIV;
            case "switch-per-spawn":
                return UserSpawner.Mode.SWITCH_PER_SPAWN;
            case "per-thread":
                return UserSpawner.Mode.PER_THREAD;
            default:
                throw new IllegalArgumentException("-D" + NAME + "=" + value + " is not a valid value; accepted: "
                        + ACCEPTED + " (default setpriv)");
        }
    }

    /** How {@code mode} is written in the property. */
    public static String valueOf(UserSpawner.Mode mode) {
        return Objects.requireNonNull(mode, "mode").name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
