package dev.jinit.syslog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A facility/severity filter in syslog.conf's selector syntax, as sysklogd and rsyslog read it:
 * {@code auth,authpriv.*}, {@code *.info}, {@code *.*;auth,authpriv.none}, {@code mail.*;mail.!=info}.
 *
 * <p>The subset understood — everything but rsyslog's property and expression filters:
 * <pre>
 * selector   = rule *( ";" rule )
 * rule       = facilities "." priority
 * facilities = "*" / facility *( "," facility )       ; keywords of {@link Facility}, "security" = auth
 * priority   = "*" / "none" / [ "!" ] [ "=" ] severity / "!*"   ; keywords of {@link Severity}, with panic, error, warn
 * </pre>
 * Keywords are case-insensitive; spaces around {@code ; , .} are ignored.
 *
 * <p>Meaning, sysklogd's: each facility has a set of selected severities, empty at first. The rules apply left to
 * right, each to its facilities only: {@code sev} adds {@code sev} and every more severe one, {@code =sev} adds just
 * {@code sev}, {@code *} adds all; {@code none} empties the set; {@code !sev}, {@code !=sev} and {@code !*} remove
 * what {@code sev}, {@code =sev} and {@code *} would add. So a negation only narrows earlier rules:
 * {@code mail.!=info} alone selects nothing, {@code mail.*;mail.!=info} all of mail but info. rsyslog's comparison
 * forms ({@code <}, {@code >}, {@code <=}…) and the {@code mark} facility are not supported.
 *
 * <p>{@link #toString()} prints the canonical form, which parses back to an equal selector: facilities in code order
 * ({@code *} for all 24), canonical keywords. Immutable and thread-safe.
 *
 * @param rules at least one, applied in order
 */
public record Selector(List<Rule> rules) implements Predicate<SyslogMessage> {

    /** Every message: {@code *.*}. */
    public static final Selector ALL = parse("*.*");
    /** No message: {@code *.none}. */
    public static final Selector NONE = parse("*.none");

    public Selector {
        rules = List.copyOf(Objects.requireNonNull(rules, "selector.rules"));
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("selector.rules must not be empty (use *.none to select nothing)");
        }
    }

    /** Whether a message of this facility and severity is selected. */
    public boolean matches(Facility facility, Severity severity) {
        boolean selected = false;
        for (Rule r : rules) {
            if (r.facilities().contains(facility)) {
                selected = r.apply(selected, severity);
            }
        }
        return selected;
    }

    /** Whether the message's facility and severity are selected. */
    @Override
    public boolean test(SyslogMessage message) {
        return matches(message.facility(), message.severity());
    }

    /**
     * Parses selector text.
     *
     * @throws IllegalArgumentException saying which part is wrong and why, with the whole text
     */
    public static Selector parse(String text) {
        Objects.requireNonNull(text, "selector");
        List<Rule> rules = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            rules.add(Rule.parse(part.strip(), text));
        }
        return new Selector(rules);
    }

    /** The canonical text, rules joined by {@code ;}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Rule r : rules) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(r);
        }
        return sb.toString();
    }

    /** What a rule's priority part selects. */
    public enum Match {
        /** {@code *}: every severity. */
        ALL,
        /** {@code none}: empties the selection (cannot be negated). */
        NONE,
        /** {@code sev}: this severity and every more severe one. */
        AT_LEAST,
        /** {@code =sev}: this severity only. */
        EXACTLY
    }

    /**
     * One {@code facilities.priority} rule.
     *
     * @param facilities the facilities it applies to; not empty (all 24 for {@code *})
     * @param negated    {@code !}: removes what it would otherwise add; not with {@link Match#NONE}
     * @param match      never null
     * @param severity   present exactly for {@link Match#AT_LEAST} and {@link Match#EXACTLY}
     */
    public record Rule(Set<Facility> facilities, boolean negated, Match match, Optional<Severity> severity) {
        public Rule {
            Objects.requireNonNull(facilities, "rule.facilities");
            Objects.requireNonNull(match, "rule.match");
            Objects.requireNonNull(severity, "rule.severity");
            if (facilities.isEmpty()) {
                throw new IllegalArgumentException("rule.facilities must not be empty");
            }
            facilities = Collections.unmodifiableSet(EnumSet.copyOf(facilities));
            boolean needsSeverity = match == Match.AT_LEAST || match == Match.EXACTLY;
            if (severity.isPresent() != needsSeverity) {
                throw new IllegalArgumentException("rule.severity must be " + (needsSeverity ? "present" : "empty")
                        + " for " + match + ", but was " + severity);
            }
            if (negated && match == Match.NONE) {
                throw new IllegalArgumentException("rule: none cannot be negated");
            }
        }

        /** The selection after this rule, for one severity of one of its facilities. */
        boolean apply(boolean selected, Severity s) {
            if (match == Match.NONE) {
                return false;
            }
            boolean denoted = match == Match.ALL
                    || (match == Match.AT_LEAST ? s.isAtLeast(severity.get()) : s == severity.get());
            return negated ? selected && !denoted : selected || denoted;
        }

        static Rule parse(String rule, String whole) {
            int dot = rule.indexOf('.');
            if (dot < 0) {
                throw error(whole, "\"" + rule + "\" has no '.' between facilities and priority");
            }
            Set<Facility> facilities = facilities(rule.substring(0, dot).strip(), whole);
            String priority = rule.substring(dot + 1).strip();
            boolean negated = priority.startsWith("!");
            if (negated) {
                priority = priority.substring(1).strip();
            }
            if (priority.equals("*")) {
                return new Rule(facilities, negated, Match.ALL, Optional.empty());
            }
            if (priority.equalsIgnoreCase("none")) {
                if (negated) {
                    throw error(whole, "\"!none\" means nothing; use \"none\" or \"*\"");
                }
                return new Rule(facilities, false, Match.NONE, Optional.empty());
            }
            boolean exactly = priority.startsWith("=");
            String keyword = exactly ? priority.substring(1).strip() : priority;
            Severity severity = Severity.ofKeyword(keyword).orElseThrow(() -> error(whole, "unknown priority \""
                    + keyword + "\" (emerg alert crit err warning notice info debug, *, none)"));
            return new Rule(facilities, negated, exactly ? Match.EXACTLY : Match.AT_LEAST, Optional.of(severity));
        }

        private static Set<Facility> facilities(String list, String whole) {
            if (list.equals("*")) {
                return EnumSet.allOf(Facility.class);
            }
            EnumSet<Facility> set = EnumSet.noneOf(Facility.class);
            for (String name : list.split(",", -1)) {
                String n = name.strip();
                set.add(Facility.ofKeyword(n).orElseThrow(() -> error(whole, "unknown facility \"" + n
                        + "\" (kern user mail daemon auth syslog lpr news uucp cron authpriv ftp ntp audit alert "
                        + "clock local0-local7, or * alone)")));
            }
            return set;
        }

        private static IllegalArgumentException error(String whole, String what) {
            return new IllegalArgumentException("selector must be FACILITIES.PRIORITY[;...], but in \"" + whole
                    + "\" " + what);
        }

        /** The canonical text of this rule. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (facilities.size() == Facility.values().length) {
                sb.append('*');
            } else {
                for (Facility f : facilities) { // an EnumSet iterates in code order
                    if (sb.length() > 0) {
                        sb.append(',');
                    }
                    sb.append(f.keyword());
                }
            }
            sb.append('.');
            if (negated) {
                sb.append('!');
            }
            if (match == Match.ALL) {
                return sb.append('*').toString();
            }
            if (match == Match.NONE) {
                return sb.append("none").toString();
            }
            return sb.append(match == Match.EXACTLY ? "=" : "").append(severity.get().keyword()).toString();
        }
    }
}
