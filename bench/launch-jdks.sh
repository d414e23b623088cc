#!/usr/bin/env bash
# bin/my_init on JDK 17 and on JDK 25, in the same run: launch -> the child's first instruction, and idle footprint.
# Variants (each a copy of the dist under BENCH_OUT, with the class-data archive its JDK makes, JINIT_CDS_DUMP):
#   jdk17+jsa      JDK 17, lib/jinit.jsa (static AppCDS archive)             the baseline of the ratios
#   jdk25+aot      JDK 25, lib/jinit.aot (AOT cache, JEP 483/514)
#   jdk25-none     JDK 25, no archive of jinit's (the JDK's own CDS archive only)
#   jdk25+aot+coh  JDK 25, -XX:+UseCompactObjectHeaders (JEP 519), an AOT cache made with it
# 1. launch: bench/launch-ab.sh RUNS with the four (interleaved, the order rotated from run to run; medians, min-max
#    and ratios to jdk17+jsa).
# 2. idle: ROUNDS rounds; in each, every variant's my_init (and jdk25+aot:stci1000, jdk25+aot with JDK 25's default
#    -XX:ServiceThreadCleanupInterval=1000 in place of the wrappers' 30000, to show what that option saves) runs as PID 1 of its own PID namespace with every module
#    (one service, a crontab with one job, syslog, the status socket: bench/footprint.sh's my_init:all), all started
#    one after another, left SETTLE s, then measured over one common WINDOW: VmRSS, Pss, threads, wake-ups/s (the
#    third field of every thread's schedstat). Median (min-max) over the rounds. A window that spans a minute boundary
#    holds cron's pass (in the first rounds with its first compilations): all variants of that round read higher, so
#    compare wake-ups within a round (idle.tsv), not only the medians.
# Usage (as root, after mvn -B -o -q package -DskipTests -pl launcher -am): bench/launch-jdks.sh [RUNS [ROUNDS]]
#   RUNS default 9, ROUNDS default 3.
# Environment: JDK17, JDK25 (the homes; default /usr/lib/jvm/java-17-openjdk-amd64 and the newest /usr/lib/jvm/* whose
#   release says 25 or later), JINIT_DIST (default launcher/target/jinit), SETTLE (5), WINDOW (10), BENCH_OUT.
# Every wait is bounded; every process started is ended by pid.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
. "$here/lib.sh"
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
runs=${1:-9}
rounds=${2:-3}
settle=${SETTLE:-5}
window=${WINDOW:-10}
[ "$(id -u)" = 0 ] || { echo "launch-jdks.sh: needs root (unshare --pid)" >&2; exit 1; }
[ -x "$dist/bin/my_init" ] || { echo "launch-jdks.sh: no $dist/bin/my_init: run mvn package" >&2; exit 1; }
[ "$rounds" -ge 1 ] && [ "$rounds" -le 50 ] || { echo "launch-jdks.sh: ROUNDS must be 1..50" >&2; exit 2; }

feature() { [ -r "$1/release" ] || return 0; sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1; }
jdk17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25:-}
if [ -z "$jdk25" ]; then
  best=0
  for h in /usr/lib/jvm/*; do
    f=$(feature "$h")
    if [ -n "$f" ] && [ -x "$h/bin/java" ] && [ "$f" -ge 25 ] && [ "$f" -gt "$best" ]; then best=$f; jdk25=$h; fi
  done
fi
[ "$(feature "$jdk17")" = 17 ] || { echo "launch-jdks.sh: $jdk17 is no JDK 17 (set JDK17)" >&2; exit 1; }
[ -n "$jdk25" ] && [ "$(feature "$jdk25")" -ge 25 ] || { echo "launch-jdks.sh: no JDK 25 or later (set JDK25)" >&2; exit 1; }

out=${BENCH_OUT:-$(mktemp -d /tmp/launch-jdks.XXXXXX)}
mkdir -p "$out"
labels=(jdk17+jsa jdk25+aot jdk25-none jdk25+aot+coh)
declare -A home=([jdk17+jsa]=$jdk17 [jdk25+aot]=$jdk25 [jdk25-none]=$jdk25 [jdk25+aot+coh]=$jdk25)
declare -A opts=([jdk17+jsa]="" [jdk25+aot]="" [jdk25-none]="" [jdk25+aot+coh]="-XX:+UseCompactObjectHeaders")
for l in "${labels[@]}"; do
  d=$out/dist-$l
  rm -rf "$d"; cp -a "$dist" "$d"; rm -f "$d"/lib/jinit.jsa* "$d"/lib/jinit.aot*
  [ "$l" = jdk25-none ] && continue
  r=$(mktemp -d "$out/dump-root.XXXXXX")
  JAVA_HOME=${home[$l]} JINIT_JAVA_OPTS=${opts[$l]} JINIT_CDS_DUMP=1 timeout -s KILL 120 \
    "$d/bin/my_init" --quiet --root "$r" -- true </dev/null
  rm -rf "$r"
done
ls -l "$out"/dist-*/lib/jinit.* | tee "$out/archives.txt"

# 1. launch
variants=()
for l in "${labels[@]}"; do variants+=("$l=$out/dist-$l|${opts[$l]}|${home[$l]}"); done
BENCH_OUT=$out/launch "$here/launch-ab.sh" "$runs" "${variants[@]}"

# 2. idle, every module
layout() {
  rm -rf "$1"; mkdir -p "$1/etc/service/idle" "$1/dev" "$1/var/log" "$1/run"
  printf '#!/bin/sh\nexec sleep 100000\n' >"$1/etc/service/idle/run"; chmod +x "$1/etc/service/idle/run"
  printf 'SHELL=/bin/sh\n17 3 * * * root true\n' >"$1/etc/crontab"
}
declare -A job=() pid=()
cleanup() { local l; for l in "${!job[@]}"; do [ -z "${pid[$l]:-}" ] || stop_init "${job[$l]}" "${pid[$l]}"; done; }
trap cleanup EXIT
labels+=(jdk25+aot:stci1000)
home[jdk25+aot:stci1000]=$jdk25; opts[jdk25+aot:stci1000]="-XX:ServiceThreadCleanupInterval=1000"
ln -sfn "dist-jdk25+aot" "$out/dist-jdk25+aot:stci1000"
raw=$out/idle.tsv; : >"$raw"
echo "idle: $rounds rounds, SETTLE=$settle WINDOW=$window; load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/idle.txt"
for round in $(seq "$rounds"); do
  job=() pid=(); declare -A c0=()
  for l in "${labels[@]}"; do
    r=$out/root-$l; layout "$r"
    JAVA_HOME=${home[$l]} JINIT_JAVA_OPTS=${opts[$l]} unshare --pid --fork --mount-proc \
      "$out/dist-$l/bin/my_init" --root "$r" --quiet >"$out/idle-$l.out" 2>"$out/idle-$l.err" &
    job[$l]=$!
    pid[$l]=$(child_of "${job[$l]}") || { echo "launch-jdks.sh: $l did not start: $(tail -3 "$out/idle-$l.err")" >&2; exit 1; }
    # ready: my_init has started its service (a child of its own)
    child_of "${pid[$l]}" >/dev/null || { echo "launch-jdks.sh: $l not ready: $(tail -3 "$out/idle-$l.err")" >&2; exit 1; }
  done
  sleep "$settle"
  for l in "${labels[@]}"; do c0[$l]=$(counters "${pid[$l]}"); done
  sleep "$window"
  for l in "${labels[@]}"; do idle_sample "$round" "$l" "${pid[$l]}" "${c0[$l]}" "$raw" | tee -a "$out/idle.txt"; done
  for l in "${labels[@]}"; do stop_init "${job[$l]}" "${pid[$l]}"; done
  job=() pid=(); unset c0
done
{
  echo
  echo "| my_init, every module | RSS, MB | PSS, MB | threads | wake-ups/s |"
  echo "|---|---|---|---|---|"
  idle_table "$raw" "${labels[@]}"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw: $raw"
} | tee -a "$out/idle.txt"
rm -rf "$out"/root-*
echo "results: $out (launch/summary.txt, idle.txt)"
