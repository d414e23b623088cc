#!/bin/sh
# Measures what spawning as another user costs: a plain spawn of `true` vs the same spawn as USER through setpriv
# (the trampoline, for a command anyone may run) and through setpriv + env (for one only some users may run), N times
# each, interleaved in one JVM through jinit's core Spawner; then a few runs of bin/setuser, which starts a JVM per
# spawn, for scale. Needs root (switching user) and the dist:
#   mvn -B -DskipTests install && bench/setuser-spawn.sh [N] [USER] [JVM_RUNS]
# Defaults: N=500, USER=nobody, JVM_RUNS=20. Results go to docs/benchmarks.md by hand.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
n=${1:-500}
user=${2:-nobody}
jvm_runs=${3:-20}
[ "$(id -u)" = 0 ] || { echo "setuser-spawn.sh: switching user needs root" >&2; exit 1; }
[ -d "$dist/lib" ] || { echo "setuser-spawn.sh: no $dist/lib: build it with mvn -B -DskipTests install" >&2; exit 1; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "machine: $(nproc) CPUs, kernel $(uname -r), $("$java" -version 2>&1 | head -n 1), $(setpriv --version)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java" -XX:+UseSerialGC -Djnr.ffi.asm.enabled=false -cp "$dist/lib/*" "$here/SetUserSpawnBench.java" \
  "$n" "$user" "$dist/bin/setuser" "$jvm_runs"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
