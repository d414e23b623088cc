package dev.jinit.reaper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Makes real orphans for the integration tests. */
final class Orphans {
    private Orphans() {
    }

    /**
     * Starts {@code command} in the background of a short-lived {@code sh} and returns its pid once that sh has
     * exited: the process is then an orphan, re-parented to the nearest subreaper (or the namespace's init).
     */
    static long orphan(String command) throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", command + " </dev/null >/dev/null 2>&1 & echo $!")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(sh.getInputStream(), StandardCharsets.US_ASCII))) {
            line = r.readLine();
        }
        if (!sh.waitFor(10, TimeUnit.SECONDS)) {
            sh.destroyForcibly();
            throw new IllegalStateException("sh did not exit");
        }
        if (sh.exitValue() != 0 || line == null) {
            throw new IllegalStateException("sh exited " + sh.exitValue() + " printing " + line);
        }
        return Long.parseLong(line.trim());
    }
}
