package dev.jinit.supervisor;

import dev.jinit.core.Natives;
import dev.jinit.supervisor.runit.Sv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/** jinit's own sv client ({@link Sv}, bin/sv) against jinit's supervisor: the same contract as Debian's sv. */
class JinitSvIT extends SvProtocolContract {
    @Override
    Result sv(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int rc = new Sv(Natives.load().descriptors(), InstantSource.system(), Map.of(), ps, ps).run(List.of(args));
        return new Result(rc, bytes.toString(StandardCharsets.UTF_8));
    }
}
