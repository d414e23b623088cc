package dev.jinit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Selectors print and parse back, and their meaning follows the left-to-right rule. */
class SelectorPropertiesTest {

    @Provide
    Arbitrary<Selector.Rule> rules() {
        Arbitrary<Set<Facility>> facilities = Arbitraries.oneOf(
                Arbitraries.of(Facility.class).set().ofMinSize(1).ofMaxSize(5),
                Arbitraries.just(Set.of(Facility.values())));
        Arbitrary<Selector.Match> match = Arbitraries.of(Selector.Match.class);
        return Combinators.combine(facilities, Arbitraries.of(true, false), match, Arbitraries.of(Severity.class))
                .as((fs, negated, m, s) -> new Selector.Rule(fs, negated && m != Selector.Match.NONE, m,
                        m == Selector.Match.AT_LEAST || m == Selector.Match.EXACTLY ? Optional.of(s)
                                : Optional.empty()));
    }

    @Provide
    Arbitrary<Selector> selectors() {
        return rules().list().ofMinSize(1).ofMaxSize(5).map(Selector::new);
    }

    @Property
    void aPrintedSelectorParsesBackEqual(@ForAll("selectors") Selector s) {
        assertEquals(s, Selector.parse(s.toString()));
    }

    @Property
    void printingIsCanonical(@ForAll("selectors") Selector s) {
        String text = s.toString();
        assertEquals(text, Selector.parse(text).toString());
    }

    @Property
    void aLaterNoneForAFacilityDeselectsItWhateverCameBefore(@ForAll("selectors") Selector s,
                                                             @ForAll Facility f, @ForAll Severity sev) {
        Selector then = Selector.parse(s + ";" + f.keyword() + ".none");
        assertEquals(false, then.matches(f, sev));
    }

    @Property
    void aLaterStarSelectsEverythingAndANegatedStarNothing(@ForAll("selectors") Selector s, @ForAll Facility f,
                                                           @ForAll Severity sev) {
        assertEquals(true, Selector.parse(s + ";*.*").matches(f, sev));
        assertEquals(false, Selector.parse(s + ";*.!*").matches(f, sev));
    }

    @Property
    void aNegationOnlyNarrowsAndAPositiveRuleOnlyWidens(@ForAll("selectors") Selector s,
                                                       @ForAll("rules") Selector.Rule r, @ForAll Facility f,
                                                       @ForAll Severity sev) {
        boolean before = s.matches(f, sev);
        boolean after = Selector.parse(s + ";" + r).matches(f, sev);
        if (r.match() == Selector.Match.NONE) {
            assertEquals(before && !r.facilities().contains(f), after);
        } else if (r.negated()) {
            assertEquals(true, !after || before, "a negation never adds");
        } else {
            assertEquals(true, after || !before, "a positive rule never removes");
        }
    }
}
