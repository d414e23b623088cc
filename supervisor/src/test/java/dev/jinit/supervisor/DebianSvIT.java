package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** Debian's own sv (runit 2.1.2, installed by .ci/run) against jinit's supervisor. */
class DebianSvIT extends SvProtocolContract {
    static String svBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "sv");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    @BeforeAll
    @Override
    void supervise() throws Exception {
        Assumptions.assumeTrue(svBinary() != null, "needs runit's sv on the PATH (.ci/run installs it)");
        super.supervise();
    }

    @Override
    Result sv(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(svBinary()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd + " did not end within 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
