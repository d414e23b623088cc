import dev.jinit.Init;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.SpawnSpec;
import dev.jinit.setuser.Identity;
import dev.jinit.setuser.SetUser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Plain spawn vs spawn as another user of `true`, through jinit's core Spawner, interleaved in one run: through
 * setpriv (a command anyone may run) and through setpriv + env (one only some may run); then a few spawns of
 * bin/setuser (a JVM per spawn) for scale. Run by bench/setuser-spawn.sh, as root.
 * Each sample is spawn() until the child's exit has been reaped and delivered (onExit completes).
 */
public final class SetUserSpawnBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        String user = args[1];
        String setuserBin = args.length > 2 ? args[2] : null;
        int jvmRuns = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Map<String, String> env = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        try (Init init = Init.builder().shutdownOn(Set.of()).start()) {
            SetUser setUser = SetUser.ofDefaults();
            Identity who = setUser.resolve(user);
            SpawnSpec plain = SpawnSpec.builder("true").environment(env).build();
            SpawnSpec asUser = setUser.asUser(plain, who); // `true` may be run by anyone: setpriv execs it
            // The path of a command not everyone may run: setpriv execs env, which execs the command.
            List<String> hop = new ArrayList<>(asUser.command());
            hop.addAll(hop.indexOf("--") + 1, List.of("/usr/bin/env", "--"));
            SpawnSpec viaEnv = SpawnSpec.builder(hop).environment(asUser.environment()).build();
            System.out.println("as user:          " + String.join(" ", asUser.command()));
            System.out.println("as user, via env: " + String.join(" ", viaEnv.command()));
            for (int i = 0; i < 50; i++) { // warm-up: JIT, page cache
                time(init, plain);
                time(init, asUser);
                time(init, viaEnv);
            }
            long[] p = new long[n];
            long[] u = new long[n];
            long[] e = new long[n];
            for (int i = 0; i < n; i++) { // interleaved, so drift hits all alike
                p[i] = time(init, plain);
                u[i] = time(init, asUser);
                e[i] = time(init, viaEnv);
            }
            report("plain spawn", p);
            report("as " + user + " (setpriv)", u);
            report("as " + user + " (setpriv + env)", e);
            System.out.printf("added per spawn, median: %.3f ms through setpriv (ratio %.2f), %.3f ms through setpriv + env"
                            + " (ratio %.2f)%n", (median(u) - median(p)) / 1e6, (double) median(u) / median(p),
                    (median(e) - median(p)) / 1e6, (double) median(e) / median(p));
            if (setuserBin != null && jvmRuns > 0) {
                SpawnSpec jvm = SpawnSpec.builder(setuserBin, user, "true").environment(Map.of("PATH", env.get("PATH"),
                        "JAVA_HOME", System.getProperty("java.home"))).build();
                time(init, jvm);
                long[] j = new long[jvmRuns];
                for (int i = 0; i < jvmRuns; i++) {
                    j[i] = time(init, jvm);
                }
                report("bin/setuser (a JVM per spawn)", j);
            }
        }
    }

    private static long time(Init init, SpawnSpec spec) throws Exception {
        long t0 = System.nanoTime();
        ExitStatus s = init.spawner().spawn(spec).onExit().get(60, TimeUnit.SECONDS);
        long t = System.nanoTime() - t0;
        if (!s.equals(new ExitStatus.Exited(0))) {
            throw new IllegalStateException(spec.command() + " ended " + s);
        }
        return t;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void report(String what, long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        System.out.printf("%-32s n=%d  median %.3f ms  p90 %.3f ms  min %.3f ms  max %.3f ms%n", what, s.length,
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
    }
}
