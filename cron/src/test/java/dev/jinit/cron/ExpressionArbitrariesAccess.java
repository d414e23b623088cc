package dev.jinit.cron;

import net.jqwik.api.Arbitrary;

/** Lets tests in {@code internal} use the package-private expression generators. */
public final class ExpressionArbitrariesAccess {
    private ExpressionArbitrariesAccess() {
    }

    public static Arbitrary<String> any() {
        return ExpressionArbitraries.expressions();
    }

    public static Arbitrary<String> night() {
        return ExpressionArbitraries.nightExpressions();
    }
}
