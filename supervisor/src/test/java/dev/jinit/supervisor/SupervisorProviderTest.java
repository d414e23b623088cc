package dev.jinit.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinit.setuser.UserSpawner;
import dev.jinit.setuser.UserSpawnsProperty;
import dev.jinit.spi.Context;
import dev.jinit.spi.FakeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code Init.run()} gets from the supervisor module: a supervisor when the root's {@code etc/service} exists or
 * a {@link ServiceSource} offers services; the errors name where each clashing service came from. Nothing starts.
 */
class SupervisorProviderTest {
    private final String before = System.getProperty("jinit.supervisor");
    private final String spawnsBefore = System.getProperty(UserSpawnsProperty.NAME);

    @TempDir
    Path root;

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("jinit.supervisor");
        } else {
            System.setProperty("jinit.supervisor", before);
        }
        if (spawnsBefore == null) {
            System.clearProperty(UserSpawnsProperty.NAME);
        } else {
            System.setProperty(UserSpawnsProperty.NAME, spawnsBefore);
        }
    }

    static ServiceDefinition service(String name) {
        return ServiceDefinition.builder(name).command("sleep", "1000").build();
    }

    /** A source with a class name of its own, as the errors show it. */
    static final class Web implements ServiceSource {
        @Override
        public List<ServiceDefinition> services(Context context) {
            return List.of(service("web"), service("db"));
        }
    }

    static final class AlsoDb implements ServiceSource {
        @Override
        public List<ServiceDefinition> services(Context context) {
            return List.of(service("db"));
        }
    }

    static final class Broken implements ServiceSource {
        @Override
        public List<ServiceDefinition> services(Context context) {
            throw new IllegalStateException("no config file");
        }
    }

    static final class Dangling implements ServiceSource {
        @Override
        public List<ServiceDefinition> services(Context context) {
            return List.of(ServiceDefinition.builder("app").command("app").dependsOn("cache").build());
        }
    }

    private Supervisor create(ServiceSource... sources) {
        return (Supervisor) SupervisorProvider.create(new FakeContext(root), List.of(sources), false).orElseThrow();
    }

    @Test
    void nothingWithoutAServiceDirectoryOrAService() {
        assertEquals(Optional.empty(), SupervisorProvider.create(new FakeContext(root), List.of(), false));
        assertEquals(Optional.empty(), SupervisorProvider.create(new FakeContext(root), List.of(c -> List.of()), false));
        assertEquals(200, new SupervisorProvider().order());
    }

    @Test
    void theServiceDirectoryUnderTheRootIsSupervisedWithTheStateDirectoryBesideIt() throws Exception {
        Files.createDirectories(root.resolve("etc/service/hello"));
        Supervisor s = create();
        assertEquals(Optional.of(root.resolve("etc/service")), s.directory());
        assertEquals(root.resolve("run/jinit/service"), s.stateDirectory());
        assertEquals(List.of(), s.definitions());
    }

    @Test
    void servicesFromSourcesAloneMakeASupervisorWithoutADirectory() {
        Supervisor s = create(new Web());
        assertEquals(Optional.empty(), s.directory());
        assertEquals(List.of("web", "db"), s.definitions().stream().map(d -> d.name().value()).toList());
        assertEquals(root.resolve("run/jinit/service"), s.stateDirectory());
    }

    @Test
    void aSourceSeesTheRootThroughItsContext() {
        Path[] seen = new Path[1];
        create(c -> {
            seen[0] = c.path("/dev/log");
            return List.of(service("x"));
        });
        assertEquals(root.resolve("dev/log"), seen[0]);
    }

    @Test
    void aNameTwiceIsAnErrorNamingBothSources() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(new Web(), new AlsoDb()));
        assertEquals("service 'db' is defined twice: by " + Web.class.getName() + " (a ServiceSource) and by "
                + AlsoDb.class.getName() + " (a ServiceSource); rename one of them", e.getMessage());
    }

    @Test
    void aNameOfTheServiceDirectoryIsAnErrorNamingTheSourceAndTheDirectory() throws Exception {
        Files.createDirectories(root.resolve("etc/service/db"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(new AlsoDb()));
        assertEquals("service 'db' of " + AlsoDb.class.getName() + " (a ServiceSource) has the name of the service "
                + "directory " + root.resolve("etc/service/db") + "; rename one of them", e.getMessage());
    }

    @Test
    void aFailingSourceOrABrokenDependencyIsAnErrorNamingTheSource() {
        IllegalArgumentException failed = assertThrows(IllegalArgumentException.class, () -> create(new Broken()));
        assertTrue(failed.getMessage().startsWith(Broken.class.getName() + " (a ServiceSource) failed: ")
                && failed.getMessage().contains("no config file"), failed.getMessage());
        IllegalArgumentException dangling = assertThrows(IllegalArgumentException.class, () -> create(new Dangling()));
        assertTrue(dangling.getMessage().startsWith("services in code from [" + Dangling.class.getName()
                + " (a ServiceSource)]: service 'app': dependsOn names 'cache'"), dangling.getMessage());
    }

    @Test
    void theSwitchTurnsTheSupervisorOnWithNothingToSuperviseOrOff() throws Exception {
        Supervisor empty = (Supervisor) SupervisorProvider.create(new FakeContext(root), List.of(), true).orElseThrow();
        assertEquals(Optional.empty(), empty.directory());
        assertEquals(List.of(), empty.definitions());
        // (this module's test META-INF/services lists InitRunIT.Sleeper: the real lookup finds that source)
        Files.createDirectories(root.resolve("etc/service"));
        System.setProperty("jinit.supervisor", "false");
        assertEquals(Optional.empty(), new SupervisorProvider().createDefault(new FakeContext(root)));
        System.clearProperty("jinit.supervisor");
        assertTrue(new SupervisorProvider().createDefault(new FakeContext(root)).isPresent());
    }

    @Test
    void thePropertyChoosesHowServicesOfOtherUsersStartAndABadValueFailsTheStartNamingIt() throws Exception {
        Files.createDirectories(root.resolve("etc/service"));
        System.clearProperty(UserSpawnsProperty.NAME);
        assertEquals(UserSpawner.Mode.SETPRIV, defaultSupervisor().userSpawns(), "setpriv unless asked");
        System.setProperty(UserSpawnsProperty.NAME, "switch-per-spawn");
        assertEquals(UserSpawner.Mode.SWITCH_PER_SPAWN, defaultSupervisor().userSpawns());
        System.setProperty(UserSpawnsProperty.NAME, "per-thread");
        assertEquals(UserSpawner.Mode.PER_THREAD, defaultSupervisor().userSpawns());
        System.setProperty(UserSpawnsProperty.NAME, "setpriv");
        assertEquals(UserSpawner.Mode.SETPRIV, defaultSupervisor().userSpawns());
        System.setProperty(UserSpawnsProperty.NAME, "fast");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SupervisorProvider().createDefault(new FakeContext(root)));
        assertEquals("-Djinit.setuser.spawns=fast is not a valid value; accepted: setpriv, switch-per-spawn, per-thread"
                + " (default setpriv)", e.getMessage());
    }

    private Supervisor defaultSupervisor() {
        return (Supervisor) new SupervisorProvider().createDefault(new FakeContext(root)).orElseThrow();
    }
}
