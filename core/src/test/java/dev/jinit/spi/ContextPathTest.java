package dev.jinit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** {@link Context#path(String)}: the one place default paths move under a root. */
class ContextPathTest {
    @Test
    void underTheRealRootAPathIsItself() {
        Context c = new FakeContext(Path.of("/"));
        assertEquals(Path.of("/etc/service"), c.path("/etc/service"));
        assertEquals(Path.of("/dev/log"), c.path("/dev/log"));
    }

    @Test
    void underAScratchRootEveryDefaultMovesBelowIt() {
        Context c = new FakeContext(Path.of("/tmp/r"));
        assertEquals(Path.of("/tmp/r/etc/service"), c.path("/etc/service"));
        assertEquals(Path.of("/tmp/r/dev/log"), c.path("/dev/log"));
        assertEquals(Path.of("/tmp/r/run/jinit/service"), c.path("/run/jinit/service/"));
        assertEquals(Path.of("/tmp/r"), c.path("/"));
    }

    @Test
    void dotDotCannotLeaveTheRoot() {
        Context c = new FakeContext(Path.of("/tmp/r"));
        assertEquals(Path.of("/tmp/r/etc"), c.path("/../etc"));
        assertEquals(Path.of("/tmp/r/etc"), c.path("/var/../../../etc"));
    }

    @Test
    void aRelativeDefaultIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FakeContext(Path.of("/tmp/r")).path("etc/service"));
        assertTrue(e.getMessage().contains("'etc/service'"), e.getMessage());
    }

    @Test
    void theDefaultRootOfAContextIsSlash() {
        Context bare = minimal();
        assertEquals(Path.of("/"), bare.root());
        assertEquals(Path.of("/etc/crontab"), bare.path("/etc/crontab"));
    }

    /** Every path resolved under a root lies under it, and under "/" it is the normalized path itself. */
    @Property
    void resolvedPathsStayUnderTheRoot(@ForAll @StringLength(min = 1, max = 5) @AlphaChars String a,
                                       @ForAll @StringLength(min = 1, max = 5) @AlphaChars String b,
                                       @ForAll boolean up) {
        String p = "/" + a + (up ? "/../.." : "") + "/" + b;
        Path root = Path.of("/tmp/root");
        assertTrue(new FakeContext(root).path(p).startsWith(root), p);
        assertEquals(Path.of(p).normalize(), new FakeContext(Path.of("/")).path(p));
    }

    private static Context minimal() {
        FakeContext f = new FakeContext(Path.of("/unused"));
        return new Context() { // only the abstract methods: root() and path() are the interface's defaults
            @Override
            public dev.jinit.core.Processes processes() {
                return f.processes();
            }

            @Override
            public dev.jinit.core.Spawner spawner() {
                return f.spawner();
            }

            @Override
            public dev.jinit.core.ChildTable children() {
                return f.children();
            }

            @Override
            public dev.jinit.core.Signals signals() {
                return f.signals();
            }

            @Override
            public java.time.InstantSource clock() {
                return f.clock();
            }

            @Override
            public <T> java.util.Optional<T> component(Class<T> type) {
                return java.util.Optional.empty();
            }
        };
    }
}
