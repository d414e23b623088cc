package dev.jinit.cron.internal;

import dev.jinit.cron.CronExpression;
import dev.jinit.cron.CronField;
import dev.jinit.cron.CronSpec;
import dev.jinit.cron.CronSyntaxException;
import dev.jinit.cron.CronSyntaxException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses a whole expression: five blank-separated fields, or one keyword. This is an internal class; use
 * {@link CronSpec#parse}.
 */
public final class ExpressionParser {

    /**
     * The keywords and the fields they stand for (Debian's entry.c). Parsing the expansion gives the same flags
     * Debian sets: {@code @hourly} is a wildcard job, {@code @weekly} ANDs its days with a {@code *} day of month,
     * {@code @monthly}/{@code @yearly} with a {@code *} day of week. ({@code @daily} sets no day flag in Debian and
     * both here; with both day sets full the two readings select the same days.)
     */
    public static final Map<String, String> KEYWORDS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("@yearly", "0 0 1 1 *");
        k.put("@annually", "0 0 1 1 *");
        k.put("@monthly", "0 0 1 * *");
        k.put("@weekly", "0 0 * * 0");
        k.put("@daily", "0 0 * * *");
        k.put("@midnight", "0 0 * * *");
        k.put("@hourly", "0 * * * *");
        KEYWORDS = java.util.Collections.unmodifiableMap(k);
    }

    /** The keyword for {@link CronSpec.Reboot}. */
    public static final String REBOOT = "@reboot";

    private ExpressionParser() {
    }

    /** See {@link CronSpec#parse}. */
    public static CronSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        List<String> tokens = split(text);
        if (tokens.isEmpty()) {
            throw CronSyntaxException.inExpression(Reason.EMPTY, text, "empty expression");
        }
        if (tokens.get(0).startsWith("@")) {
            CronSpec spec = keyword(tokens.get(0));
            if (tokens.size() > 1) {
                throw CronSyntaxException.inExpression(Reason.FIELD_COUNT, text,
                        tokens.get(0) + " stands for all five fields, so nothing may follow it");
            }
            return spec;
        }
        if (tokens.size() != 5) {
            throw CronSyntaxException.inExpression(Reason.FIELD_COUNT, text,
                    "expected 5 fields (minute hour day-of-month month day-of-week), found " + tokens.size());
        }
        return fields(tokens);
    }

    /**
     * One {@code @} keyword, case-sensitive.
     *
     * @throws CronSyntaxException {@link Reason#UNKNOWN_KEYWORD} for any other word
     */
    public static CronSpec keyword(String word) {
        if (word.equals(REBOOT)) {
            return CronSpec.Reboot.INSTANCE;
        }
        String expansion = KEYWORDS.get(word);
        if (expansion == null) {
            throw CronSyntaxException.inExpression(Reason.UNKNOWN_KEYWORD, word,
                    "bad time specifier: not one of @reboot " + String.join(" ", KEYWORDS.keySet())
                            + " (they are case-sensitive)");
        }
        return fields(split(expansion));
    }

    /** Five field texts, in order. */
    public static CronExpression fields(List<String> texts) {
        if (texts.size() != 5) {
            throw new IllegalArgumentException("expected 5 field texts, but got " + texts);
        }
        FieldParser.Value minute = FieldParser.parse(CronField.MINUTE, texts.get(0));
        FieldParser.Value hour = FieldParser.parse(CronField.HOUR, texts.get(1));
        FieldParser.Value dom = FieldParser.parse(CronField.DAY_OF_MONTH, texts.get(2));
        FieldParser.Value month = FieldParser.parse(CronField.MONTH, texts.get(3));
        FieldParser.Value dow = FieldParser.parse(CronField.DAY_OF_WEEK, texts.get(4));
        return new CronExpression(minute.bits(), hour.bits(), dom.bits(), month.bits(), dow.bits(),
                minute.star(), hour.star(), dom.star(), dow.star());
    }

    /** Splits on runs of blanks (space and tab, as cron's own parser); other whitespace belongs to the field. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>(5);
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && isBlank(text.charAt(i))) {
                i++;
            }
            if (i == n) {
                return out;
            }
            int start = i;
            while (i < n && !isBlank(text.charAt(i))) {
                i++;
            }
            out.add(text.substring(start, i));
        }
    }

    public static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
