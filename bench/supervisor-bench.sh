#!/usr/bin/env bash
# jinit's supervisor (bin/jinit supervise DIR) beside runit's runsvdir -P DIR (runsv per service, binaries extracted
# from Debian's runit package), each as PID 1 of its own PID namespace (unshare --pid --fork --mount-proc), same run.
# Scenarios (issue 4's numbers; docs/benchmarks.md says what each measures):
#   idle     SERVICES idle services (exec sleep 1d): RSS, PSS and threads of the supervisor, wake-ups/s over
#            IDLE_WINDOW s; jinit with an empty DIR beside it gives the RSS the services add
#   restart  a service that ran > 1 s is KILLed; time from the kill to the new instance's first work (a static C
#            program as ./run stamps CLOCK_REALTIME), RUNS times per supervisor, interleaved
# Usage (as root, after mvn -B -o -q -DskipTests package):
#   bench/supervisor-bench.sh [RUNS] [SCENARIO...]       RUNS default 7, scenarios default: idle restart
# Environment: JINIT_DIST (default launcher/target/jinit), SERVICES (500), IDLE_SETTLE (10), IDLE_WINDOW (30),
#   IDLE_RUNS (5: rounds of the idle scenario, each with fresh service directories),
#   BENCH_OUT (default: a new /tmp/supervisor-bench.XXXXXX; raw.tsv holds every sample), NO_RUNIT=1 to skip runit,
#   NICE (default 0): both supervisors (and so their services) run under nice -n NICE; on a shared, loaded host a
#   negative value keeps run-queue waits out of the restart latency, for both alike.
# Every wait is bounded; every process the script starts is ended by pid (the namespaces' PID 1s) on exit.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
. "$here/lib.sh"
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
runs=${1:-7}
shift || true
scenarios=${*:-idle restart}
services=${SERVICES:-500}
idle_settle=${IDLE_SETTLE:-10}
idle_window=${IDLE_WINDOW:-30}
idle_runs=${IDLE_RUNS:-5}

[ "$(id -u)" = 0 ] || { echo "supervisor-bench.sh: needs root (unshare --pid)" >&2; exit 1; }
[ -x "$dist/bin/jinit" ] || { echo "supervisor-bench.sh: no $dist/bin/jinit: run mvn -B -o -q -DskipTests package" >&2; exit 1; }
[ "$runs" -ge 1 ] && [ "$runs" -le 100 ] || { echo "supervisor-bench.sh: RUNS must be 1..100" >&2; exit 2; }
[ "$idle_runs" -ge 1 ] && [ "$idle_runs" -le 100 ] || { echo "supervisor-bench.sh: IDLE_RUNS must be 1..100" >&2; exit 2; }
[ "$services" -ge 1 ] && [ "$services" -le 5000 ] || { echo "supervisor-bench.sh: SERVICES must be 1..5000" >&2; exit 2; }

out=${BENCH_OUT:-$(mktemp -d /tmp/supervisor-bench.XXXXXX)}
mkdir -p "$out"
raw=$out/raw.tsv
: >"$raw"
helper=$out/supervisor-bench
gcc -O2 -static -o "$helper" "$here/supervisor-bench.c" 2>/dev/null || gcc -O2 -o "$helper" "$here/supervisor-bench.c"

# runit's runsvdir and runsv, from the .deb only: installing the package would create /etc/service and start things.
runsvdir=""
if [ -z "${NO_RUNIT:-}" ]; then
  if (mkdir -p "$out/runit" && cd "$out/runit" && apt-get download -qq runit >/dev/null 2>&1 \
      && dpkg-deb -x runit_*.deb x); then
    runsvdir=$(find "$out/runit/x" -type f -name runsvdir | head -1)
    runit_version=$(dpkg-deb -f "$out"/runit/runit_*.deb Version)
  fi
  [ -n "$runsvdir" ] || echo "supervisor-bench.sh: runit's .deb not available; measuring jinit alone" >&2
fi
# runsvdir finds runsv on PATH
runit_path=${runsvdir:+$(dirname "$runsvdir"):}$PATH

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(nproc) CPUs, kernel $(uname -r), $("$java" -version 2>&1 | sed -n 2p)"
  echo "runit: ${runit_version:-not measured}"
  echo "command: $0 $runs $scenarios (SERVICES=$services IDLE_SETTLE=$idle_settle IDLE_WINDOW=$idle_window NICE=${NICE:-0})"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

sample() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$raw"; }   # metric label run value

# Every namespace this script starts, by its unshare job's pid (the namespace's PID 1 is that job's one child).
declare -a jobs=()
cleanup() {
  local p c
  # The children each unshare has now (the namespaces' PID 1s): a pid read at the start may have been a passing one
  # (seen once in a second idle round: unshare's child then was not the supervisor), and a stale pid may be reused.
  for p in "${jobs[@]}"; do
    kill -0 "$p" 2>/dev/null || continue
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do kill -KILL "$c" 2>/dev/null || true; done
  done   # PID 1 gone: the namespace goes with it
  for p in "${jobs[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT


# start LABEL DIR: starts a supervisor of DIR in a new PID namespace; sets started to the pid of its PID 1 (host
# view). Not in a subshell: cleanup must know every namespace.
start() {
  local label=$1 dir=$2 job
  if [ "$label" = runit ]; then
    PATH=$runit_path nice -n "${NICE:-0}" unshare --pid --fork --mount-proc "$runsvdir" -P "$dir" >"$out/$label.$(basename "$dir").log" 2>&1 &
  else
    nice -n "${NICE:-0}" unshare --pid --fork --mount-proc "$dist/bin/jinit" supervise "$dir" >"$out/$label.$(basename "$dir").log" 2>&1 &
  fi
  job=$!
  jobs+=("$job")
  started_job=$job
  started=$(child_of "$job")
}

# stop PID: TERM to a namespace's PID 1, at most 30 s for it to end, then KILL.
stop() {
  local i
  kill -TERM "$1" 2>/dev/null || true
  for i in $(seq 600); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done
  echo "supervisor-bench.sh: pid $1 still running after 30 s; killing it" >&2
  kill -KILL "$1" 2>/dev/null || true
}

# await_running DIR COUNT SECONDS: until COUNT services of DIR have supervise/stat "run...".
await_running() {
  local i n=0
  for i in $(seq $(($3 * 4))); do
    n=$(grep -l '^run' "$1"/*/supervise/stat 2>/dev/null | wc -l) || true
    [ "$n" -ge "$2" ] && return 0
    sleep 0.25
  done
  echo "supervisor-bench.sh: only $n of $2 services of $1 running after $3 s" >&2
  return 1
}

# Sum over the threads of the given pids: schedstat's run count (times a thread was put on a CPU: its wake-ups),
# voluntary context switches; then the time.
counters() {
  local files=() p
  for p in "$@"; do files+=(/proc/"$p"/task/*/schedstat /proc/"$p"/task/*/status); done
  awk 'FILENAME ~ /schedstat$/ { r += $3; next }
       /^voluntary_ctxt_switches/ { v += $2 }
       END { printf "%d %d ", r, v }' "${files[@]}" 2>/dev/null || true
  echo "$EPOCHREALTIME"
}
sum_status() { local p s=0 v; for p in "${@:2}"; do v=$(awk -v k="$1:" '$1 == k {print $2}' /proc/"$p"/status 2>/dev/null) || true; s=$((s + ${v:-0})); done; echo "$s"; }
sum_pss() { local p s=0 v; for p in "$@"; do v=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null) || true; s=$((s + ${v:-0})); done; echo "$s"; }
children() { cat /proc/"$1"/task/*/children 2>/dev/null || true; }

make_services() {   # DIR COUNT (few forks: the machine may be loaded)
  local i
  mkdir -p "$1"
  (cd "$1" && eval "mkdir -p s{1..$2}")
  for i in $(seq "$2"); do printf '#!/bin/sh\nexec sleep 1d\n' >"$1/s$i/run"; done
  (cd "$1" && eval "chmod 755 s{1..$2}/run")
}

scenario_idle() {
  local labels=(jinit-empty jinit) l r
  [ -z "$runsvdir" ] || labels+=(runit)
  for r in $(seq "$idle_runs"); do
    idle_round "$r" "${labels[@]}"
  done
}

# One round of the idle scenario: fresh service directories, every supervisor started (each once all its services
# run), IDLE_SETTLE s, then one common IDLE_WINDOW for all; then all stopped.
idle_round() {
  local r=$1 l
  shift
  local labels=("$@")
  declare -A dir=([jinit-empty]=$out/idle-empty [jinit]=$out/idle-jinit [runit]=$out/idle-runit) pid=() job=() c0=() \
    procs=()
  rm -rf "${dir[jinit-empty]}" "${dir[jinit]}" "${dir[runit]}"
  mkdir -p "${dir[jinit-empty]}"
  make_services "${dir[jinit]}" "$services"
  [ -z "$runsvdir" ] || make_services "${dir[runit]}" "$services"
  for l in "${labels[@]}"; do
    local t0=$EPOCHREALTIME
    start "${l%-empty}" "${dir[$l]}"
    job[$l]=$started_job
    [ "$l" = jinit-empty ] || await_running "${dir[$l]}" "$services" 300
    pid[$l]=$(child_of "${job[$l]}")   # read again now that it runs: the one read at the start may have been passing
    echo "idle run $r $l: pid ${pid[$l]}, all running after $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
  done
  sleep "$idle_settle"
  for l in "${labels[@]}"; do
    pid[$l]=$(child_of "${job[$l]}")
    # runit: runsvdir and every runsv (the services themselves are not counted for either supervisor)
    if [ "$l" = runit ]; then procs[$l]="${pid[$l]} $(children "${pid[$l]}")"; else procs[$l]=${pid[$l]}; fi
    # shellcheck disable=SC2086
    c0[$l]=$(counters ${procs[$l]})
  done
  sleep "$idle_window"
  for l in "${labels[@]}"; do
    local a b rss pss thr n w
    # shellcheck disable=SC2086
    read -r -a a <<<"${c0[$l]}"; read -r -a b <<<"$(counters ${procs[$l]})"
    # shellcheck disable=SC2086
    rss=$(sum_status VmRSS ${procs[$l]}); pss=$(sum_pss ${procs[$l]}); thr=$(sum_status Threads ${procs[$l]})
    n=$(wc -w <<<"${procs[$l]}")
    w=$(awk -v a="${a[2]}" -v b="${b[2]}" 'BEGIN { print b - a }')
    sample idle.rss_kb "$l" "$r" "$rss"; sample idle.pss_kb "$l" "$r" "$pss"; sample idle.threads "$l" "$r" "$thr"
    sample idle.processes "$l" "$r" "$n"
    sample idle.wakeups_per_s "$l" "$r" "$(awk -v d=$((b[0] - a[0])) -v w="$w" 'BEGIN { printf "%.2f", d / w }')"
    sample idle.vcsw_per_s "$l" "$r" "$(awk -v d=$((b[1] - a[1])) -v w="$w" 'BEGIN { printf "%.2f", d / w }')"
    echo "idle run $r $l: $n process(es), rss $rss kB, pss $pss kB, threads $thr, wake-ups $((b[0] - a[0])) in ${w}s"
  done
  for l in "${labels[@]}"; do stop "${pid[$l]}"; done
}

scenario_restart() {
  local labels=(jinit) l r
  [ -z "$runsvdir" ] || labels+=(runit)
  declare -A dir=() pid=()
  for l in "${labels[@]}"; do
    dir[$l]=$out/restart-$l
    mkdir -p "${dir[$l]}/svc"
    cp "$helper" "${dir[$l]}/svc/run"
    start "$l" "${dir[$l]}"
    pid[$l]=$started
    await_running "${dir[$l]}" 1 60
  done
  for r in $(seq "$runs"); do
    for l in "${labels[@]}"; do
      local starts=${dir[$l]}/svc/starts n last now nspid killed i
      for i in $(seq 200); do [ -s "$starts" ] && break; sleep 0.05; done
      n=$(wc -l <"$starts"); last=$(tail -1 "$starts")
      # let it run more than 1 s, so neither supervisor's 1-second rule delays the restart
      now=$(date +%s%N)
      [ $((now - last)) -ge 1200000000 ] || sleep "$(awk -v d=$((1200000000 - (now - last))) 'BEGIN { printf "%.3f", d / 1e9 }')"
      nspid=$(cat "${dir[$l]}/svc/supervise/pid")
      killed=$(nsenter -t "${pid[$l]}" -p "$helper" kill "$nspid")
      for i in $(seq 500); do [ "$(wc -l <"$starts")" -gt "$n" ] && break; sleep 0.01; done
      [ "$(wc -l <"$starts")" -gt "$n" ] || { echo "restart run $r $l: no new instance within 5 s" >&2; continue; }
      local ms; ms=$(awk -v a="$killed" -v b="$(sed -n "$((n + 1))p" "$starts")" 'BEGIN { printf "%.3f", (b - a) / 1e6 }')
      sample restart.ms "$l" "$r" "$ms"
      echo "restart run $r $l: ${ms} ms"
    done
  done
  for l in "${labels[@]}"; do stop "${pid[$l]}"; done
}

for s in $scenarios; do
  case $s in
    idle|restart) "scenario_$s" ;;
    *) echo "supervisor-bench.sh: unknown scenario $s" >&2; exit 2 ;;
  esac
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"

# Summary: per metric and supervisor, median (min-max) over the runs.
echo
echo "metric	supervisor	median	min	max	runs"
cut -f1,2 "$raw" | sort -u | while IFS=$'\t' read -r m l; do
  awk -F'\t' -v m="$m" -v l="$l" '$1 == m && $2 == l { print $4 }' "$raw" | sort -g | awk -v m="$m" -v l="$l" '
    { v[NR] = $1 } END { med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%s\t%s\t%s\t%s\t%s\t%d\n", m, l, med, v[1], v[NR], NR }'
done | tee "$out/summary.tsv"
echo "raw samples: $raw"
