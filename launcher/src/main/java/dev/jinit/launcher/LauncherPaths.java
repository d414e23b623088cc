package dev.jinit.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The launcher's paths for one run: each given one as given, each default under the root. */
final class LauncherPaths {
    private final Map<LauncherPath, Path> paths = new EnumMap<>(LauncherPath.class);

    /**
     * @param root    where defaults are resolved (from {@code --root}, default /)
     * @param given   paths given by option
     * @param initDir {@code ENV_INIT_DIRECTORY}, the start-up directory's default, if set
     */
    LauncherPaths(Path root, Map<LauncherPath, Path> given, Path initDir) {
        for (LauncherPath p : LauncherPath.values()) {
            Path def = p == LauncherPath.STARTUP_DIR && initDir != null ? initDir : p.defaultPath();
            paths.put(p, given.containsKey(p) ? given.get(p).toAbsolutePath() : under(root, def));
        }
    }

    /** {@code path} (absolute) under {@code root}: {@code /etc/x} under {@code /tmp/r} is {@code /tmp/r/etc/x}. */
    static Path under(Path root, Path path) {
        Path abs = path.isAbsolute() ? path : Path.of("/").resolve(path);
        return root.toAbsolutePath().resolve(Path.of("/").relativize(abs)).normalize();
    }

    Path get(LauncherPath p) {
        return paths.get(p);
    }

    /** {@code /etc/container_environment.sh} beside the directory. */
    Path environmentShell() {
        Path d = get(LauncherPath.CONTAINER_ENVIRONMENT);
        return d.resolveSibling(d.getFileName() + ".sh");
    }

    Path environmentJson() {
        Path d = get(LauncherPath.CONTAINER_ENVIRONMENT);
        return d.resolveSibling(d.getFileName() + ".json");
    }

    ContainerEnvironment containerEnvironment() {
        return new ContainerEnvironment(get(LauncherPath.CONTAINER_ENVIRONMENT), environmentShell(), environmentJson());
    }
}
