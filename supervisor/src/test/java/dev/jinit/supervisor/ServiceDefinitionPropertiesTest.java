package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The builder rejects every invalid value, whatever it is, naming the field and showing the value. */
class ServiceDefinitionPropertiesTest {

    @Provide
    Arbitrary<String> invalidNames() {
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(20);
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                any.map(s -> "." + s),
                Combinators.combine(any, any).as((a, b) -> a + "/" + b),
                Combinators.combine(any, any).as((a, b) -> a + "\0" + b),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(256).ofMaxLength(300));
    }

    @Property
    void rejectsEveryInvalidNameNamingTheField(@ForAll("invalidNames") String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceDefinition.builder(name));
        assertTrue(e.getMessage().startsWith("name "), e.getMessage());
        assertTrue(e.getMessage().contains("but was '"), e.getMessage());
    }

    @Property
    void acceptsEveryNameRunsvdirWouldSupervise(@ForAll("validNames") String name) {
        ServiceDefinition.builder(name).command("true").build();
    }

    @Provide
    Arbitrary<String> validNames() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(60)
                .filter(s -> !s.startsWith(".") && s.indexOf('/') < 0 && s.indexOf('\0') < 0);
    }

    @Property
    void rejectsEveryStopTimeoutThatIsNotPositiveNamingIt(@ForAll @LongRange(min = -1_000_000, max = 0) long millis) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceDefinition.builder("web").command("true").stopTimeout(Duration.ofMillis(millis)));
        assertTrue(e.getMessage().startsWith("service 'web': stopTimeout must be"), e.getMessage());
        assertTrue(e.getMessage().endsWith(Duration.ofMillis(millis).toString()), e.getMessage());
    }

    @Property
    void rejectsEveryPortOutsideTheTcpRangeNamingIt(@ForAll int port) {
        if (port >= 1 && port <= 65535) {
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Readiness.tcpPort(port));
        assertTrue(e.getMessage().equals("readiness.port must be 1-65535, but was " + port), e.getMessage());
    }

    @Property
    void rejectsEveryStdioNotificationFdNamingIt(@ForAll @IntRange(min = Integer.MIN_VALUE, max = 2) int fd) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Readiness.notificationFd(fd));
        assertTrue(e.getMessage().startsWith("readiness.fd must be >= 3") && e.getMessage().endsWith(" " + fd),
                e.getMessage());
    }

    @Property
    void rejectsEveryEnvironmentNameWithAnEqualsSignNamingIt(@ForAll String prefix, @ForAll String suffix) {
        String name = prefix + "=" + suffix;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceDefinition.builder("web").env(name, "v"));
        assertTrue(e.getMessage().startsWith("service 'web': environment names must be"), e.getMessage());
    }

    @Property
    void rejectsEveryFailureCountBelowOneNamingIt(@ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) int n) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServiceDefinition.builder("web").command("true").essential(n, Duration.ofMinutes(1)));
        assertTrue(e.getMessage().equals("service 'web': essential: failureLimit.failures must be at least 1, "
                + "but was " + n), e.getMessage());
    }
}
