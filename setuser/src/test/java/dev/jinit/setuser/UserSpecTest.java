package dev.jinit.setuser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class UserSpecTest {

    @Test
    void readsNamesUidsAndTheirGroups() {
        assertEquals(new UserSpec("nobody", Optional.empty()), UserSpec.parse("nobody"));
        assertEquals(new UserSpec("www-data", Optional.of("adm")), UserSpec.parse("www-data:adm"));
        UserSpec numeric = UserSpec.parse("1234:5678");
        assertEquals(OptionalInt.of(1234), numeric.numericUid());
        assertEquals(OptionalInt.of(5678), numeric.numericGid());
        UserSpec mixed = UserSpec.parse("app:100");
        assertEquals(OptionalInt.empty(), mixed.numericUid());
        assertEquals(OptionalInt.of(100), mixed.numericGid());
        assertEquals(OptionalInt.of(0), UserSpec.parse("0").numericUid());
        assertEquals(OptionalInt.empty(), UserSpec.parse("nobody").numericGid());
        assertEquals(OptionalInt.of(2147483647), UserSpec.parse("2147483647").numericUid());
    }

    @Test
    void namesMayHoldDotsAtSignsAndDigitsAfterALetter() {
        assertEquals(OptionalInt.empty(), UserSpec.parse("u1234").numericUid());
        assertEquals("first.last@example.org", UserSpec.parse("first.last@example.org").user());
        assertEquals("svc_01$", UserSpec.parse("svc_01$").user());
    }

    @Test
    void rejectsEmptyPartsExtraColonsWhitespaceDashesAndHugeIds() {
        for (String bad : new String[] {"", ":", "user:", ":group", "a:b:c", "two words", "tab\tx", "nul\0x",
                "-rf", "user:-g", "2147483648", "1:99999999999", "new\nline"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserSpec.parse(bad), bad);
            assertTrue(e.getMessage().length() > 10, "says why: " + e.getMessage());
        }
    }

    @Property
    void everyUidIsReadAsANumber(@ForAll @IntRange(min = 0) int uid, @ForAll @IntRange(min = 0) int gid) {
        assertEquals(OptionalInt.of(uid), UserSpec.parse(Integer.toString(uid)).numericUid());
        UserSpec both = UserSpec.parse(uid + ":" + gid);
        assertEquals(OptionalInt.of(uid), both.numericUid());
        assertEquals(OptionalInt.of(gid), both.numericGid());
    }

    @Property
    void toStringReadsBackToTheSameSpec(@ForAll("specs") UserSpec spec) {
        assertEquals(spec, UserSpec.parse(spec.toString()));
    }

    @Property
    void arbitraryTextIsASpecOrAnIllegalArgument(@ForAll String text) {
        try {
            UserSpec spec = UserSpec.parse(text);
            assertEquals(text, spec.toString());
        } catch (IllegalArgumentException e) {
            assertTrue(!e.getMessage().isEmpty());
        }
    }

    @Provide
    Arbitrary<UserSpec> specs() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withChars("._-@$0123456789").ofMinLength(1)
                .ofMaxLength(32).filter(s -> s.charAt(0) != '-' && !s.matches("[0-9]+"));
        Arbitrary<String> number = Arbitraries.integers().greaterOrEqual(0).map(String::valueOf);
        Arbitrary<String> part = Arbitraries.oneOf(name, number);
        return Combinators.combine(part, part.optional()).as(UserSpec::new);
    }
}
