package dev.jinit.supervisor;

import dev.jinit.spi.Context;
import java.util.List;

/**
 * Services defined in code for the supervisor that {@code Init.run()} discovers. List the implementing class in
 * {@code META-INF/services/dev.jinit.supervisor.ServiceSource}; it needs a public no-argument constructor.
 * {@code Init.run()} then starts a supervisor even where {@code /etc/service} does not exist, and supervises these
 * services beside that directory's, with their {@code supervise/} state in {@code /run/jinit/service/NAME} (both under
 * {@code -Djinit.root}), so that {@code sv} drives them.
 *
 * <pre>{@code
 * public final class MyServices implements ServiceSource {
 *     public List<ServiceDefinition> services(Context context) {
 *         return List.of(ServiceDefinition.builder("web").command("nginx", "-g", "daemon off;").build());
 *     }
 * }
 * }</pre>
 *
 * <p>Service names must be unique across every source and {@code /etc/service}: {@code Init.run()} fails naming both
 * places otherwise. Sources are asked once, before anything starts, on the thread that calls {@code Init.run()}.
 * With {@code Supervisor.builder().service(...)} and {@code Init.builder()} services are given explicitly instead,
 * and no source is read.
 */
@FunctionalInterface
public interface ServiceSource {
    /**
     * The services to supervise.
     *
     * @param context the init's context: {@link Context#path(String)} gives a default path under the init's root
     *                (the syslog socket {@code context.path("/dev/log")}, say)
     * @return the services; an empty list adds none
     */
    List<ServiceDefinition> services(Context context);
}
