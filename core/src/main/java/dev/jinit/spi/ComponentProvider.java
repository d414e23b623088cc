package dev.jinit.spi;

import java.util.Optional;

/**
 * Found with {@link java.util.ServiceLoader} by {@link dev.jinit.Init#run()}: each module on the class path offers
 * its component with defaults, or nothing when there is nothing to do (no service directory, say).
 */
public interface ComponentProvider {
    /** Start order: lower first (the reaper is 0, syslog 10, cron 30, the supervisor 200: services stop before cron). */
    int order();

    /** The component with its defaults, or empty when it has nothing to do here. */
    Optional<Component> createDefault(Context context);
}
