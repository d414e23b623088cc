#!/bin/sh
# Measures what spawning as another user costs: a plain spawn of `true` vs the same spawn as USER on a root thread
# switched around that spawn only (UserSpawner's default), on a per-user thread switched alone (PER_THREAD, kept or
# one per spawn; no exec in between for any of these), through setpriv (the fallback, for a command anyone may run) and
# through setpriv + env (the fallback, for one only some users may run), N times each, interleaved in one JVM through
# jinit's core Spawner, RUNS times; then a few runs of bin/setuser, which starts a JVM per spawn, for scale. Needs root
# (switching user) and the dist:
#   mvn -B -o -q package -DskipTests -pl launcher -am && bench/setuser-spawn.sh [N] [USER] [JVM_RUNS] [RUNS]
# Defaults: N=300, USER=nobody, JVM_RUNS=10, RUNS=5. Results go to docs/benchmarks.md by hand.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
n=${1:-300}
user=${2:-nobody}
jvm_runs=${3:-10}
runs=${4:-5}
[ "$(id -u)" = 0 ] || { echo "setuser-spawn.sh: switching user needs root" >&2; exit 1; }
[ -d "$dist/lib" ] || { echo "setuser-spawn.sh: no $dist/lib: build it with mvn -B -DskipTests package -pl launcher -am" >&2; exit 1; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "machine: $(nproc) CPUs, kernel $(uname -r), $("$java" -version 2>&1 | head -n 1), $(setpriv --version)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java" -XX:+UseSerialGC -cp "$dist/lib/*" "$here/SetUserSpawnBench.java" \
  "$n" "$user" "$dist/bin/setuser" "$jvm_runs" "$runs"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
