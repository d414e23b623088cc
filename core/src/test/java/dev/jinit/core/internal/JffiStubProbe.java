package dev.jinit.core.internal;

import com.kenai.jffi.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A JVM for {@link JffiStubTest}: binds libc's getpid through jffi (which loads jffi's stub), then prints what getpid
 * returned, the JVM's own pid, and how many entries {@code java.io.tmpdir} holds now.
 */
public final class JffiStubProbe {
    private JffiStubProbe() {
    }

    public static void main(String[] args) throws Exception {
        long pid = NativeFunction.libc("getpid", Type.SINT).call();
        System.out.println(pid + " " + ProcessHandle.current().pid());
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (Files.isDirectory(tmp)) {
            try (Stream<Path> s = Files.list(tmp)) {
                System.out.println(s.count());
            }
        } else {
            System.out.println("no " + tmp);
        }
    }
}
