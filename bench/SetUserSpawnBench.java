import dev.jinit.Init;
import dev.jinit.core.Child;
import dev.jinit.core.ExitStatus;
import dev.jinit.core.SpawnSpec;
import dev.jinit.setuser.Identity;
import dev.jinit.setuser.SetUser;
import dev.jinit.setuser.UserSpawner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Plain spawn vs spawn as another user of `true`, through jinit's core Spawner, interleaved in one JVM: on a
 * root thread switched to the user around each spawn only (UserSpawner's default when root, SWITCH_PER_SPAWN), on a
 * per-user thread switched alone (PER_THREAD; kept 30 s, or a new thread per spawn, ended when nothing is queued),
 * through setpriv (a command anyone may run) and
 * through setpriv + env (one only some may run); RUNS runs of N spawns each way; then a few spawns of bin/setuser (a
 * JVM per spawn) for scale. Run by bench/setuser-spawn.sh, as root.
 * Each sample is spawn() until the child's exit has been reaped and delivered (onExit completes).
 */
public final class SetUserSpawnBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        String user = args[1];
        String setuserBin = args.length > 2 ? args[2] : null;
        int jvmRuns = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Map<String, String> env = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        try (Init init = Init.builder().shutdownOn(Set.of()).start()) {
            // a thread per identity that lingers 30 s after its last spawn, and the default: a thread per burst
            SetUser setUser = SetUser.builder().natives(dev.jinit.core.Natives.load())
                    .spawnerIdleTimeout(java.time.Duration.ofSeconds(30)).spawnerMode(UserSpawner.Mode.PER_THREAD)
                    .build();
            SetUser perBurstSetUser = SetUser.builder().natives(dev.jinit.core.Natives.load())
                    .spawnerMode(UserSpawner.Mode.PER_THREAD).build();
            SetUser switchSetUser = SetUser.ofDefaults(); // the default: SWITCH_PER_SPAWN
            Identity who = setUser.resolve(user);
            SpawnSpec plain = SpawnSpec.builder("true").environment(env).build();
            SpawnSpec asUser = setUser.asUser(plain, who); // `true` may be run by anyone: setpriv execs it
            // The path of a command not everyone may run: setpriv execs env, which execs the command.
            List<String> hop = new ArrayList<>(asUser.command());
            hop.addAll(hop.indexOf("--") + 1, List.of("/usr/bin/env", "--"));
            SpawnSpec viaEnv = SpawnSpec.builder(hop).environment(asUser.environment()).build();
            try (UserSpawner perThread = setUser.spawner(init.spawner());
                 UserSpawner perBurst = perBurstSetUser.spawner(init.spawner());
                 UserSpawner switching = switchSetUser.spawner(init.spawner())) {
                if (perThread.mode() != UserSpawner.Mode.PER_THREAD
                        || switching.mode() != UserSpawner.Mode.SWITCH_PER_SPAWN) {
                    throw new IllegalStateException("no per-thread spawning here: " + perThread.modeReason());
                }
                System.out.println("per-thread:       " + String.join(" ", plain.command()) + " on a thread running as " + who
                        + " (lingering 30 s; or, the default, a new one per spawn)");
                System.out.println("setpriv:          " + String.join(" ", asUser.command()));
                System.out.println("setpriv + env:    " + String.join(" ", viaEnv.command()));
                Map<String, Supplier<Child>> ways = new LinkedHashMap<>();
                ways.put("plain spawn", () -> init.spawner().spawn(plain));
                ways.put("as " + user + ", switch per spawn", () -> switching.spawn(plain, who));
                ways.put("as " + user + ", per-user thread", () -> perThread.spawn(plain, who));
                ways.put("as " + user + ", thread per spawn", () -> perBurst.spawn(plain, who));
                ways.put("as " + user + ", setpriv", () -> init.spawner().spawn(asUser));
                ways.put("as " + user + ", setpriv + env", () -> init.spawner().spawn(viaEnv));
                for (int i = 0; i < 50; i++) { // warm-up: JIT, page cache, the per-user thread
                    for (Supplier<Child> w : ways.values()) {
                        time(w);
                    }
                }
                List<String> names = new ArrayList<>(ways.keySet());
                long[][] medians = new long[names.size()][runs];
                for (int r = 0; r < runs; r++) {
                    long[][] samples = new long[names.size()][n];
                    for (int i = 0; i < n; i++) { // interleaved, so drift hits all alike
                        for (int w = 0; w < names.size(); w++) {
                            samples[w][i] = time(ways.get(names.get(w)));
                        }
                    }
                    StringBuilder line = new StringBuilder(String.format("run %d (n=%d each):", r + 1, n));
                    for (int w = 0; w < names.size(); w++) {
                        medians[w][r] = median(samples[w]);
                        line.append(String.format("  %s %.3f ms", names.get(w), medians[w][r] / 1e6));
                    }
                    System.out.println(line);
                }
                // The signal window of the switch-per-spawn path: the thread runs as the user for the whole
                // base.spawn() call (resolve the command, build the attributes, posix_spawn until the child's exec).
                long[] call = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    Child c = init.spawner().spawn(plain);
                    call[i] = System.nanoTime() - t0;
                    c.onExit().get(60, TimeUnit.SECONDS);
                }
                Arrays.sort(call);
                System.out.printf("%nspawn() call alone (= the switched window of switch per spawn), n=%d: median %.3f ms,"
                        + " p90 %.3f ms, max %.3f ms%n", n, call[n / 2] / 1e6, call[n * 9 / 10] / 1e6, call[n - 1] / 1e6);
                System.out.printf("%nover %d runs: median of the run medians [min-max of the run medians]%n", runs);
                System.out.printf("%-34s %-26s %-28s %s%n", "way", "per spawn", "added vs plain", "ratio to plain");
                for (int w = 0; w < names.size(); w++) {
                    double[] added = new double[runs];
                    double[] ratio = new double[runs];
                    for (int r = 0; r < runs; r++) {
                        added[r] = (medians[w][r] - medians[0][r]) / 1e6;
                        ratio[r] = (double) medians[w][r] / medians[0][r];
                    }
                    double[] per = Arrays.stream(medians[w]).mapToDouble(v -> v / 1e6).toArray();
                    System.out.printf("%-34s %-26s %-28s %s%n", names.get(w), summary(per, "%.2f ms"),
                            w == 0 ? "-" : summary(added, "%+.2f ms"), w == 0 ? "-" : summary(ratio, "%.2fx"));
                }
            }
            if (setuserBin != null && jvmRuns > 0) {
                SpawnSpec jvm = SpawnSpec.builder(setuserBin, user, "true").environment(Map.of("PATH", env.get("PATH"),
                        "JAVA_HOME", System.getProperty("java.home"))).build();
                time(() -> init.spawner().spawn(jvm));
                long[] j = new long[jvmRuns];
                for (int i = 0; i < jvmRuns; i++) {
                    j[i] = time(() -> init.spawner().spawn(jvm));
                }
                Arrays.sort(j);
                System.out.printf("%nbin/setuser (a JVM per spawn), n=%d: median %.1f ms [%.1f-%.1f]%n", jvmRuns,
                        j[jvmRuns / 2] / 1e6, j[0] / 1e6, j[jvmRuns - 1] / 1e6);
            }
        }
    }

    private static long time(Supplier<Child> spawn) throws Exception {
        long t0 = System.nanoTime();
        Child c = spawn.get();
        ExitStatus s = c.onExit().get(60, TimeUnit.SECONDS);
        long t = System.nanoTime() - t0;
        if (!s.equals(new ExitStatus.Exited(0))) {
            throw new IllegalStateException("pid " + c.pid() + " ended " + s);
        }
        return t;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String summary(double[] v, String fmt) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(fmt + " [" + fmt + " to " + fmt + "]", s[s.length / 2], s[0], s[s.length - 1]);
    }
}
