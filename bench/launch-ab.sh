#!/usr/bin/env bash
# Launch -> the child's first instruction of bin/my_init, for two or more dists or JVM option sets side by side:
# the A/B of a start-up change. Each run starts every variant once (the order rotated from run to run), each as PID 1
# of its own PID namespace under a fresh scratch --root (nothing of this machine's /dev/log, /var/log, /etc/service),
# with `initbench stampcpu` as the command. Per variant, median (min-max) over the runs of:
#   launch.ms     exec of my_init -> the command's first instruction (CLOCK_MONOTONIC)
#   cpu@child.ms  CPU time my_init had used by then (utime+stime of /proc/1/stat, 10 ms ticks; every thread)
#   sched@child.ms the same from /proc/1/task/*/schedstat (ns precision; live threads only)
#   wall.s user.s sys.s   the whole run, start to exit (the command exits at once), from /usr/bin/time
# and each median's ratio to the first variant's. CPU time is what a loaded machine does not distort much; say the
# load (printed before and after) with the figures.
# Usage (as root, after mvn -B -o -q package -DskipTests -pl launcher -am):
#   bench/launch-ab.sh RUNS LABEL=DIST[|JVM OPTIONS[|JAVA_HOME]] ...
#   e.g. bench/launch-ab.sh 20 before=/tmp/jinit-before after=launcher/target/jinit 'debug=launcher/target/jinit|-Xint'
#   A JAVA_HOME runs that variant on that JDK (default: the environment's JAVA_HOME, else java on PATH); see
#   bench/launch-jdks.sh, which compares JDKs with it.
# A DIST copied from launcher/target/jinit needs its own class-data archive (its key names the directory):
#   JINIT_CDS_DUMP=1 /tmp/jinit-before/bin/my_init --quiet --root "$(mktemp -d)" -- true
# Environment: QUIET=1 adds --quiet; MY_INIT_ARGS more options for every variant (e.g. '--no-syslog --skip-runit':
# the command is then started by the wrapper before the JVM, "Early start" in bin/jinit-java; JINIT_EARLY_START=0 in
# the environment turns that off); BENCH_OUT where raw results go (default: a new /tmp/launch-ab.XXXXXX).
# Every run is bounded (timeout -s KILL 60); nothing is left running.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
runs=${1:?usage: bench/launch-ab.sh RUNS LABEL=DIST[|JVM OPTIONS] ...}
shift
[ "$#" -ge 1 ] || { echo "launch-ab.sh: give at least one LABEL=DIST" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "launch-ab.sh: needs root (unshare --pid)" >&2; exit 1; }
[ "$runs" -ge 1 ] && [ "$runs" -le 200 ] || { echo "launch-ab.sh: RUNS must be 1..200" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "launch-ab.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

labels=()
declare -A dist=() opts=() jhome=()
for v in "$@"; do
  l=${v%%=*}; rest=${v#*=}
  d=${rest%%|*}; o=""; h=${JAVA_HOME:-}
  [ "$rest" = "$d" ] || o=${rest#*|}
  case $o in *'|'*) h=${o#*|}; o=${o%%|*} ;; esac
  [ -x "$d/bin/my_init" ] || { echo "launch-ab.sh: no $d/bin/my_init" >&2; exit 1; }
  [ -z "$h" ] || [ -x "$h/bin/java" ] || { echo "launch-ab.sh: no $h/bin/java for $l" >&2; exit 1; }
  labels+=("$l"); dist[$l]=$(CDPATH= cd -- "$d" && pwd -P); opts[$l]=$o; jhome[$l]=$h
done

. "$here/lib.sh"
close_inherited_fds
out=${BENCH_OUT:-$(mktemp -d /tmp/launch-ab.XXXXXX)}
mkdir -p "$out"
ib=$out/initbench
gcc -O2 -static -o "$ib" "$here/initbench.c" 2>/dev/null || gcc -O2 -o "$ib" "$here/initbench.c"
raw=$out/raw.tsv
: >"$raw"
quiet=${QUIET:+--quiet}
{
  echo "date: $(date -u +%FT%TZ); $(nproc) CPUs; $(java -version 2>&1 | sed -n 2p)"
  for l in "${labels[@]}"; do
    echo "variant $l: ${dist[$l]} JINIT_JAVA_OPTS='${opts[$l]}' JAVA_HOME='${jhome[$l]}'" \
      "($("${jhome[$l]:+${jhome[$l]}/bin/}java" -version 2>&1 | sed -n 2p))"
  done
  echo "command: $0 $runs $* ${QUIET:+(QUIET=1)}"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

n=${#labels[@]}
for r in $(seq "$runs"); do
  for k in $(seq 0 $((n - 1))); do
    l=${labels[$(((k + r) % n))]}
    root=$out/root-$l
    rm -rf "$root" "$out/t0" "$out/t1" "$out/c1" "$out/time"
    mkdir -p "$root"
    rc=0
    # shellcheck disable=SC2086
    JAVA_HOME=${jhome[$l]} JINIT_JAVA_OPTS=${opts[$l]} /usr/bin/time -f "%e %U %S" -o "$out/time" \
      timeout -s KILL 60 unshare --pid --fork --mount-proc "$ib" launch "$out/t0" -- \
      "${dist[$l]}/bin/my_init" --root "$root" $quiet ${MY_INIT_ARGS:-} -- "$ib" stampcpu "$out/t1" "$out/c1" >/dev/null 2>"$out/err" || rc=$?
    if [ ! -s "$out/t1" ] || [ ! -s "$out/c1" ]; then
      echo "run $r $l: the command never ran (rc $rc); stderr:"; sed -n 1,5p "$out/err"
      continue
    fi
    launch=$(awk -v a="$(cat "$out/t0")" -v b="$(cat "$out/t1")" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')
    read -r cpu sched <"$out/c1"
    read -r wall user sys < <(tail -n 1 "$out/time")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$l" "$r" "$launch" "$cpu" "$sched" "$wall" "$user" "$sys" >>"$raw"
    echo "run $r $l: launch $launch ms, cpu@child $cpu ms ($sched), whole run ${wall}s user ${user}s sys ${sys}s (rc $rc)"
  done
done
rm -rf "$out"/root-*
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"

# median (min-max) per label and metric; ratio of medians to the first label
awk -F'\t' -v order="${labels[*]}" '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { for (m = 3; m <= 8; m++) { k = $1 SUBSEP m; c[k]++; v[k, c[k]] = $m } }
  END {
    split("launch.ms cpu@child.ms sched@child.ms wall.s user.s sys.s", names, " ")
    nl = split(order, ls, " ")
    printf "%-12s", "metric"; for (i = 1; i <= nl; i++) printf " | %-30s", ls[i]; printf "\n"
    for (m = 3; m <= 8; m++) {
      printf "%-12s", names[m - 2]
      for (i = 1; i <= nl; i++) {
        k = ls[i] SUBSEP m; n = c[k]
        if (!n) { printf " | %-30s", "-"; continue }
        lo = hi = v[k, 1]; delete a
        for (j = 1; j <= n; j++) { a[j] = v[k, j]; if (v[k, j] < lo) lo = v[k, j]; if (v[k, j] > hi) hi = v[k, j] }
        med = median(a, n); if (i == 1) base = med
        cell = sprintf("%g (%g-%g)", med, lo, hi)
        if (i > 1 && base > 0) cell = cell sprintf(" %.2fx", med / base)
        printf " | %-30s", cell
      }
      printf "   n=%d\n", c[ls[1] SUBSEP m]
    }
  }' "$raw" | tee "$out/summary.txt"
echo "raw samples: $raw"
