#!/usr/bin/env bash
# Idle footprint of jinit (issue 8: "idle launcher RSS <= 48 MB with every module running; Init.run() adds <= 12 MB RSS
# to an app; <= 2 wake-ups per second idle"). Each configuration runs as PID 1 of its own PID namespace; in each round
# all are started one after another (each once it is ready), then left SETTLE s, then measured over one common WINDOW:
#   my_init:all          bin/my_init --root R with one service (sleep), a crontab with one job, syslog, the status socket
#   my_init:-syslog      the same with --no-syslog            my_init:-cron     with --no-cron
#   my_init:bare         --no-syslog --skip-runit (no services, no cron), main command sleep
#   app:plain / app:init bench/footprint/FootprintApp without and with Init.run() (-Djinit.root=R2, the same layout),
#                        both with the JVM's default options (app:*) and with the wrappers' options (app-tuned:*);
#   app-tuned:init-min   Init.run() with nothing to supervise or schedule: the reaper and syslog only
# Reported: VmRSS, Pss (smaps_rollup), threads, wake-ups/s (the third field of every thread's schedstat, summed, over
# the window), median and min-max over the rounds; and Init.run()'s cost as the difference init - plain per round.
# Usage (as root, after mvn -B -DskipTests package): bench/footprint.sh [ROUNDS]   (default 5)
# Environment: JINIT_DIST (default launcher/target/jinit), SETTLE (35), WINDOW (20), BENCH_OUT (a new /tmp dir);
#   SETTLE is past 30 s so that the JVMs have made their first C-heap trim (-XX:TrimNativeHeapInterval=30000 in the
#   wrappers' options): before it an app with Init.run() reads ~2.6 MB higher (13.7 against 11.1 MB, session 11);
#   JINIT_DIST_BEFORE (optional, another dist, such as the one before a change): its Init.run() is measured too, in the
#   same rounds (labels before:app-tuned:init and before:app-tuned:init-min, the same app-tuned:plain subtracted).
# Every wait is bounded; every process started is ended by pid (TERM, then KILL after 10 s).
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
. "$here/lib.sh"
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
before=${JINIT_DIST_BEFORE:-}
rounds=${1:-5}
settle=${SETTLE:-35}
window=${WINDOW:-20}
[ "$(id -u)" = 0 ] || { echo "footprint.sh: needs root (unshare --pid)" >&2; exit 1; }
[ -x "$dist/bin/my_init" ] || { echo "footprint.sh: no $dist/bin/my_init: run mvn -B -DskipTests package" >&2; exit 1; }
[ -z "$before" ] || [ -d "$before/lib" ] || { echo "footprint.sh: JINIT_DIST_BEFORE=$before has no lib/" >&2; exit 1; }
[ "$rounds" -ge 1 ] && [ "$rounds" -le 50 ] || { echo "footprint.sh: ROUNDS must be 1..50" >&2; exit 2; }
out=${BENCH_OUT:-$(mktemp -d /tmp/footprint.XXXXXX)}
mkdir -p "$out/classes"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
"$javac" -d "$out/classes" -cp "$dist/lib/*" "$here/footprint/FootprintApp.java"
# The wrappers' JVM options, read from the dist (the line that sets jinit_jvm_opts), so app-tuned uses what my_init uses.
tuned=$(sh -c ". '$dist/bin/jinit-java' >/dev/null 2>&1; printf '%s' \"\$jinit_jvm_opts\"" 2>/dev/null || true)
[ -n "$tuned" ] || { echo "footprint.sh: could not read jinit_jvm_opts from $dist/bin/jinit-java" >&2; exit 1; }

# A root with every module's input: one service, one crontab entry; syslog and the status socket need nothing.
layout() {
  rm -rf "$1"; mkdir -p "$1/etc/service/idle" "$1/dev" "$1/var/log" "$1/run"
  printf '#!/bin/sh\nexec sleep 100000\n' >"$1/etc/service/idle/run"; chmod +x "$1/etc/service/idle/run"
  printf 'SHELL=/bin/sh\n17 3 * * * root true\n' >"$1/etc/crontab"
}
raw=$out/raw.tsv; : >"$raw"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(nproc) CPUs, kernel $(uname -r), $("$java" -version 2>&1 | sed -n 2p)"
  echo "command: $0 $rounds (SETTLE=$settle WINDOW=$window)"
  echo "tuned options: $tuned"
  [ -z "$before" ] || echo "before: $before"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

labels=(my_init:all my_init:-syslog my_init:-cron my_init:bare app:plain app:init app-tuned:plain app-tuned:init
        app-tuned:init-min)
[ -z "$before" ] || labels+=(before:app-tuned:init before:app-tuned:init-min)
start() { # label root -> runs it in the background, stdout to $out/$label.out
  local l=$1 r=$2 f=$out/${1//:/_}.out
  case $l in
    my_init:all) exec unshare --pid --fork --mount-proc "$dist/bin/my_init" --root "$r" --quiet ;;
    my_init:-syslog) exec unshare --pid --fork --mount-proc "$dist/bin/my_init" --root "$r" --quiet --no-syslog ;;
    my_init:-cron) exec unshare --pid --fork --mount-proc "$dist/bin/my_init" --root "$r" --quiet --no-cron ;;
    my_init:bare) exec unshare --pid --fork --mount-proc "$dist/bin/my_init" --root "$r" --quiet --no-syslog --skip-runit -- sleep 100000 ;;
    app:plain) exec unshare --pid --fork --mount-proc "$java" -cp "$out/classes:$dist/lib/*" FootprintApp plain ;;
    app:init) exec unshare --pid --fork --mount-proc "$java" "-Djinit.root=$r" -cp "$out/classes:$dist/lib/*" FootprintApp init ;;
    # shellcheck disable=SC2086
    app-tuned:plain) exec unshare --pid --fork --mount-proc "$java" $tuned -cp "$out/classes:$dist/lib/*" FootprintApp plain ;;
    # shellcheck disable=SC2086
    app-tuned:init*) exec unshare --pid --fork --mount-proc "$java" $tuned "-Djinit.root=$r" -cp "$out/classes:$dist/lib/*" FootprintApp init ;;
    # shellcheck disable=SC2086
    before:app-tuned:init*) exec unshare --pid --fork --mount-proc "$java" $tuned "-Djinit.root=$r" -cp "$out/classes:$before/lib/*" FootprintApp init ;;
  esac >"$f" 2>"$f.err" &
}
# Ready: an app printed "ready"; my_init has a child (its service's sleep, or its main command).
ready() { local l=$1 p=$2 f=$out/${1//:/_}.out i
  for i in $(seq 3000); do
    case $l in app*|before:app*) grep -q '^ready$' "$f" 2>/dev/null && return 0 ;; *) child_of "$p" >/dev/null 2>&1 && return 0 ;; esac
    sleep 0.01
  done; return 1; }

# Whatever happens (an error, ^C), every init started here is stopped, by pid.
declare -A job=() pid=()
cleanup() { local l; for l in "${!job[@]}"; do [ -z "${pid[$l]:-}" ] || stop_init "${job[$l]}" "${pid[$l]}"; done; }
trap cleanup EXIT

for round in $(seq "$rounds"); do
  job=() pid=(); declare -A c0=()
  for l in "${labels[@]}"; do
    r=$out/root.${l//:/_}; layout "$r"
    [[ $l != *init-min ]] || rm -rf "$r/etc/service" "$r/etc/crontab"   # nothing to supervise or schedule
    start "$l" "$r"; job[$l]=$!
    pid[$l]=$(child_of "${job[$l]}") || { echo "footprint.sh: $l did not start: $(tail -3 "$out/${l//:/_}.out.err")" >&2; kill "${job[$l]}" 2>/dev/null; exit 1; }
    ready "$l" "${pid[$l]}" || { echo "footprint.sh: $l not ready in 30 s: $(tail -3 "$out/${l//:/_}.out.err")" >&2; exit 1; }
  done
  sleep "$settle"
  for l in "${labels[@]}"; do c0[$l]=$(counters "${pid[$l]}"); done
  sleep "$window"
  for l in "${labels[@]}"; do idle_sample "$round" "$l" "${pid[$l]}" "${c0[$l]}" "$raw"; done
  for l in "${labels[@]}"; do stop_init "${job[$l]}" "${pid[$l]}"; done
  job=() pid=(); unset c0
done

echo
echo "| configuration | RSS, MB | PSS, MB | threads | wake-ups/s |"
echo "|---|---|---|---|---|"
idle_table "$raw" "${labels[@]}"
# adds PLAIN INIT WHAT: Init.run()'s cost, INIT - PLAIN per round, median (min-max).
adds() {
  awk -F'\t' -v pl_l="$1" -v in_l="$2" -v what="$3" '
    $2 == pl_l { pl[$1] = $3 }
    $2 == in_l { in_[$1] = $3 }
    END { n = 0; for (k in pl) if (k in in_) d[++n] = (in_[k] - pl[k]) / 1024
          for (i = 2; i <= n; i++) { t = d[i]; for (j = i - 1; j >= 1 && d[j] > t; j--) d[j + 1] = d[j]; d[j + 1] = t }
          printf "Init.run() adds (%s): %.1f MB RSS median (%.1f-%.1f), per round init - plain\n", what,
            n % 2 ? d[(n + 1) / 2] : (d[n / 2] + d[n / 2 + 1]) / 2, d[1], d[n] }' "$raw"
}
adds app:plain app:init "default options, every module"
adds app-tuned:plain app-tuned:init "wrapper options, every module"
adds app-tuned:plain app-tuned:init-min "wrapper options, reaper and syslog only"
if [ -n "$before" ]; then
  adds app-tuned:plain before:app-tuned:init "JINIT_DIST_BEFORE, wrapper options, every module"
  adds app-tuned:plain before:app-tuned:init-min "JINIT_DIST_BEFORE, wrapper options, reaper and syslog only"
fi
echo "raw samples: $raw; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
