package dev.jinit.supervisor;

import dev.jinit.setuser.UserSpawner;
import dev.jinit.setuser.UserSpawnsProperty;
import dev.jinit.spi.Component;
import dev.jinit.spi.ComponentProvider;
import dev.jinit.spi.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Offers {@code Init.run()} a supervisor of {@code /etc/service} (runit's layout on Debian) when that directory exists,
 * with the services every {@link ServiceSource} on the class path defines in code; nothing when there is neither. With
 * {@code -Djinit.supervisor=true} always (for services {@linkplain Supervisor#add added} to it later), never with
 * {@code -Djinit.supervisor=false}. Both paths ({@code /etc/service}, and {@code /run/jinit/service} for the
 * services in code) are resolved under the init's root ({@link Context#path(String)}). Services with a {@code user}
 * start as {@code -Djinit.setuser.spawns} says ({@link Supervisor.Builder#userSpawns}; setpriv by default). Found through
 * {@code META-INF/services}. This is an internal class.
 */
public final class SupervisorProvider implements ComponentProvider {
    static final String DEFAULT_DIRECTORY = "/etc/service";
    static final String DEFAULT_STATE_DIRECTORY = "/run/jinit/service";

    @Override
    public int order() {
        return 200;
    }

    @Override
    public Optional<Component> createDefault(Context context) {
        String wanted = System.getProperty("jinit.supervisor", "");
        if (wanted.equals("false")) {
            return Optional.empty();
        }
        UserSpawner.Mode userSpawns = UserSpawnsProperty.fromSystemProperties(); // a bad value fails the start
        List<ServiceSource> sources = new ArrayList<>();
        try {
            ServiceLoader.load(ServiceSource.class).forEach(sources::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("cannot load a " + ServiceSource.class.getName() + " listed in "
                    + "META-INF/services: " + e.getMessage(), e);
        }
        return create(context, sources, wanted.equals("true"), userSpawns);
    }

    /** As {@link #create(Context, List, boolean, UserSpawner.Mode)}, spawning as other users through setpriv. */
    static Optional<Component> create(Context context, List<ServiceSource> sources, boolean always) {
        return create(context, sources, always, UserSpawner.Mode.SETPRIV);
    }

    /**
     * The supervisor for {@code context}'s root and these sources, or empty when there is no service directory, no
     * source offers a service and {@code always} is false.
     *
     * @throws IllegalArgumentException naming the sources (or the directory) involved when two services share a name,
     *                                  a source fails, or the services' dependencies are broken
     */
    static Optional<Component> create(Context context, List<ServiceSource> sources, boolean always,
                                      UserSpawner.Mode userSpawns) {
        Path directory = context.path(DEFAULT_DIRECTORY);
        boolean hasDirectory = Files.isDirectory(directory);
        Supervisor.Builder b = Supervisor.builder().stateDirectory(context.path(DEFAULT_STATE_DIRECTORY))
                .userSpawns(userSpawns);
        Map<String, String> origin = new LinkedHashMap<>(); // service name -> where it was defined
        for (ServiceSource source : sources) {
            String from = source.getClass().getName() + " (a ServiceSource)";
            List<ServiceDefinition> services;
            try {
                services = List.copyOf(source.services(context));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(from + " failed: " + e, e);
            }
            for (ServiceDefinition d : services) {
                String name = d.name().value();
                String earlier = origin.putIfAbsent(name, from);
                if (earlier != null) {
                    throw new IllegalArgumentException("service '" + name + "' is defined twice: by " + earlier
                            + " and by " + from + "; rename one of them");
                }
                Path dir = directory.resolve(name);
                if (hasDirectory && Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("service '" + name + "' of " + from
                            + " has the name of the service directory " + dir + "; rename one of them");
                }
                b.service(d);
            }
        }
        if (!hasDirectory && origin.isEmpty() && !always) {
            return Optional.empty();
        }
        if (hasDirectory) {
            b.directory(directory);
        }
        try {
            return Optional.of(b.build());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("services in code from " + List.copyOf(new java.util.LinkedHashSet<>(
                    origin.values())) + ": " + e.getMessage(), e);
        }
    }
}
