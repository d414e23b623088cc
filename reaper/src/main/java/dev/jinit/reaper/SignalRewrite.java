package dev.jinit.reaper;

import dev.jinit.core.Signal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a forwarded signal becomes, like dumb-init's {@code --rewrite}: {@code TERM:QUIT} sends QUIT where TERM
 * arrived, {@code USR1:0} (or {@code USR1:none}) drops USR1. Signals without a rule pass unchanged. Immutable.
 */
public record SignalRewrite(Map<Signal, Optional<Signal>> rules) {

    public SignalRewrite {
        rules = Collections.unmodifiableMap(new EnumMap<>(rules.isEmpty() ? new EnumMap<>(Signal.class) : rules));
    }

    /** No rules: every signal passes as it is. */
    public static SignalRewrite none() {
        return new SignalRewrite(Map.of());
    }

    /**
     * Parses rules like {@code "TERM:QUIT"}, {@code "15:3"} or {@code "USR1:0"}, each given separately or
     * comma-separated.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    public static SignalRewrite parse(Iterable<String> specs) {
        Map<Signal, Optional<Signal>> rules = new EnumMap<>(Signal.class);
        for (String spec : specs) {
            for (String rule : spec.split(",", -1)) {
                int colon = rule.indexOf(':');
                if (colon <= 0 || colon == rule.length() - 1) {
                    throw new IllegalArgumentException("rewrite rule '" + rule + "' must be FROM:TO, like TERM:QUIT or USR1:0");
                }
                Signal from = Signal.parse(rule.substring(0, colon));
                String to = rule.substring(colon + 1).trim();
                rules.put(from, to.equals("0") || to.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(Signal.parse(to)));
            }
        }
        return new SignalRewrite(rules);
    }

    /** The signal to send for {@code received}, or empty to drop it. */
    public Optional<Signal> apply(Signal received) {
        return rules.getOrDefault(received, Optional.of(received));
    }
}
