package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@code -Djinit.setuser.spawns}: its three values, its default, and a rejection that names everything. */
class UserSpawnsPropertyTest {
    private static final Set<String> ACCEPTED = Set.of("setpriv", "switch-per-spawn", "per-thread");

    @Test
    void theThreeValuesAndTheDefault() {
        assertEquals(UserSpawner.Mode.SETPRIV, UserSpawnsProperty.parse(null));
        assertEquals(UserSpawner.Mode.SETPRIV, UserSpawnsProperty.parse(""));
        assertEquals(UserSpawner.Mode.SETPRIV, UserSpawnsProperty.parse(" "));
        assertEquals(UserSpawner.Mode.SETPRIV, UserSpawnsProperty.parse("setpriv"));
        assertEquals(UserSpawner.Mode.SWITCH_PER_SPAWN, UserSpawnsProperty.parse("switch-per-spawn"));
        assertEquals(UserSpawner.Mode.PER_THREAD, UserSpawnsProperty.parse(" Per-Thread "));
        assertEquals("jinit.setuser.spawns", UserSpawnsProperty.NAME);
    }

    @Test
    void aBadValueIsRejectedNamingThePropertyTheValueAndTheAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserSpawnsProperty.parse("switch_per_spawn"));
        assertEquals("-Djinit.setuser.spawns=switch_per_spawn is not a valid value; accepted: setpriv,"
                + " switch-per-spawn, per-thread (default setpriv)", e.getMessage());
    }

    @Property
    void everyModeReadsBackFromItsOwnSpelling(@ForAll UserSpawner.Mode mode) {
        assertEquals(mode, UserSpawnsProperty.parse(UserSpawnsProperty.valueOf(mode)));
        assertAccepted(UserSpawnsProperty.valueOf(mode));
    }

    private static void assertAccepted(String value) {
        assertEquals(true, ACCEPTED.contains(value), value);
    }

    @Property
    void anyOtherValueIsRejectedWithItInTheMessage(@ForAll("notAccepted") String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserSpawnsProperty.parse(value));
        assertEquals("-D" + UserSpawnsProperty.NAME + "=" + value + " is not a valid value; accepted: "
                + UserSpawnsProperty.ACCEPTED + " (default setpriv)", e.getMessage());
    }

    @Provide
    Arbitrary<String> notAccepted() {
        Arbitrary<String> near = Arbitraries.of("setpriv", "switch-per-spawn", "per-thread", "SWITCH_PER_SPAWN")
                .map(v -> v + "x");
        return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(20), near)
                .filter(v -> !v.isBlank() && !ACCEPTED.contains(v.strip().toLowerCase(Locale.ROOT)));
    }
}
