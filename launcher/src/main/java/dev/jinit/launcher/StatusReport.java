package dev.jinit.launcher;

import dev.jinit.spi.ComponentStatus;
import java.util.List;

/**
 * The text {@code jinit status} prints, as the running launcher sends it: one header line per component
 * ({@code NAME: ok} or {@code NAME: UNHEALTHY}), its lines indented by two spaces, and a last line {@code healthy} or
 * {@code unhealthy} that {@code jinit status --check} reads.
 */
final class StatusReport {
    static final String HEALTHY = "healthy";
    static final String UNHEALTHY = "unhealthy";

    private StatusReport() {
    }

    static String format(List<ComponentStatus> statuses) {
        StringBuilder b = new StringBuilder();
        boolean all = true;
        for (ComponentStatus s : statuses) {
            all &= s.healthy();
            b.append(s.component()).append(": ").append(s.healthy() ? "ok" : "UNHEALTHY").append('\n');
            for (String line : s.lines()) {
                b.append("  ").append(line).append('\n');
            }
        }
        return b.append(all ? HEALTHY : UNHEALTHY).append('\n').toString();
    }

    /** Whether a complete report says healthy. */
    static boolean healthy(String report) {
        return complete(report) && verdict(report).equals(HEALTHY);
    }

    /** Whether a report is complete: it ends with a line break after an unindented verdict line; a cut one is not. */
    static boolean complete(String report) {
        if (!report.endsWith("\n")) {
            return false;
        }
        String v = verdict(report);
        return v.equals(HEALTHY) || v.equals(UNHEALTHY);
    }

    private static String verdict(String report) {
        String body = report.endsWith("\n") ? report.substring(0, report.length() - 1) : report;
        return body.substring(body.lastIndexOf('\n') + 1);
    }
}
