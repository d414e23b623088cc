#!/usr/bin/env bash
# jinit's bin/my_init beside the anchors (tini, dumb-init, catatonit; phusion's my_init when PHUSION_MY_INIT gives its
# path), each as PID 1 of its own PID namespace (unshare --pid --fork --mount-proc), in the same run, interleaved.
# Scenarios of issue 8 (see docs/benchmarks.md for what each measures):
#   storm   orphan storm of 1,000 and 10,000 orphans          (STORM_SIZES, default "1000 10000")
#   term    SIGTERM to PID 1 -> the child's handler, and -> the init's exit (the child's handler exits 0 at once:
#           how long a `docker stop` takes); exit codes; beside the inits a jvm-floor (bench/TermFloor.java: the
#           least a Java PID 1 can do, with the dist's JVM options)
#   launch  exec of the init -> the child's first instruction
#   idle    RSS, PSS, threads, wake-ups/s with an idle child (started one by one, then one common window)
# Usage (as root, after mvn -B -DskipTests package):
#   bench/init-bench.sh [RUNS] [SCENARIO...]          RUNS default 5, scenarios default: storm term launch idle
# Environment:
#   JINIT_DIST       the dist (default launcher/target/jinit)
#   JINIT_VARIANTS   jinit variants to run, one "label=JVM options" a line (default "jinit="); the options go to
#                    JINIT_JAVA_OPTS, e.g. $'jinit=\njinit-noperf=-XX:-UsePerfData'; a value "env:NAME=VALUE [options]"
#                    also starts my_init with that variable (through env: one more exec), e.g.
#                    $'jinit=\njdk-signals=env:JINIT_BLOCK_SIGNALS=0', and "args:OPT,OPT" adds my_init options, e.g.
#                    $'jinit=\njinit-tini=args:--skip-startup-files,--skip-runit,--no-syslog' (tini's role: the
#                    command is started by the wrapper, before the JVM; bin/jinit-java, "Early start"), and
#                    "dist:DIR" runs that variant from another dist (an A/B of two builds)
#   PHUSION_MY_INIT  path to phusion's my_init (run by the python of its #! line, --skip-startup-files --skip-runit);
#                    in the launch scenario also "phusion-syslog": its start-up file for syslog-ng first, as in
#                    baseimage-docker (syslog-ng-core unpacked into SNG_ROOT, default /opt/jinit-bench/syslog-ng)
#   STORM_SIZES      orphans per storm (default "1000 10000"); IDLE_SETTLE, IDLE_WINDOW seconds (default 5, 10)
#   BENCH_OUT        where raw results go (default: a new /tmp/init-bench.XXXXXX); raw.tsv holds every sample
# Installs tini, dumb-init, catatonit from Debian's packages when missing. Every wait is bounded; every process the
# script starts is ended by pid.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
. "$here/lib.sh"
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
runs=${1:-5}
shift || true
scenarios=${*:-storm term launch idle}
storm_sizes=${STORM_SIZES:-1000 10000}
idle_window=${IDLE_WINDOW:-10}
idle_settle=${IDLE_SETTLE:-5}

[ "$(id -u)" = 0 ] || { echo "init-bench.sh: needs root (unshare --pid)" >&2; exit 1; }
[ -x "$dist/bin/my_init" ] || { echo "init-bench.sh: no $dist/bin/my_init: run mvn -B -DskipTests package" >&2; exit 1; }
[ "$runs" -ge 1 ] && [ "$runs" -le 100 ] || { echo "init-bench.sh: RUNS must be 1..100" >&2; exit 2; }

install_packages tini dumb-init catatonit

out=${BENCH_OUT:-$(mktemp -d /tmp/init-bench.XXXXXX)}
mkdir -p "$out"
ib=$out/initbench
gcc -O2 -static -o "$ib" "$here/initbench.c" 2>/dev/null || gcc -O2 -o "$ib" "$here/initbench.c"
raw=$out/raw.tsv
: >"$raw"

# The inits: label and command (the main command follows). jinit variants set JINIT_JAVA_OPTS.
labels=(tini dumb-init catatonit)
declare -A cmd=([tini]="/usr/bin/tini --" [dumb-init]="/usr/bin/dumb-init --" [catatonit]="/usr/bin/catatonit --")
declare -A jopts=()
anchors=(tini dumb-init catatonit)
launch_extra=() # inits that take part in the launch scenario only
sng_root=${SNG_ROOT:-/opt/jinit-bench/syslog-ng}
if [ -n "${PHUSION_MY_INIT:-}" ]; then
  labels+=(phusion); anchors+=(phusion)
  # The interpreter its first line names (/usr/bin/python3 -u), as in an image: python3 on PATH may be a wrapper (a
  # pyenv shim is a shell script that starts pyenv: ~0.45 s more per launch here, which an earlier run counted).
  phusion_shebang=
  IFS= read -r phusion_shebang <"$PHUSION_MY_INIT" || true
  case $phusion_shebang in
    '#!'*) phusion_interp=${phusion_shebang#'#!'} ;;
    *) echo "init-bench.sh: $PHUSION_MY_INIT has no #! line naming its python" >&2; exit 2 ;;
  esac
  # shellcheck disable=SC2086 # the interpreter and its options are words
  set -- $phusion_interp
  [ -x "$1" ] || { echo "init-bench.sh: $PHUSION_MY_INIT wants $1, which is not here: install python3" >&2; exit 2; }
  set --
  cmd[phusion]="$phusion_interp $PHUSION_MY_INIT --skip-startup-files --skip-runit --"
  # In the launch scenario also phusion's sequence with syslog first, as baseimage-docker ships it: a start-up file
  # (its /etc/my_init.d/10_syslog-ng.init) starts syslog-ng in the background, then asks syslog-ng-ctl for its stats
  # once a second, at most 30 times, until it answers. runit is skipped: jinit's --root here has no services either.
  # syslog-ng listens in a directory of this run, not on /dev/log.
  install_syslog_ng "$sng_root"
  syslog_ng_paths "$sng_root" init-bench.sh
  mkdir -p "$out/phusion.d"
  cat >"$out/phusion-syslog-ng.conf" <<CONF
@version: $sng_version
options { use-dns(no); stats-freq(0); };
source s { unix-dgram("$out/phusion-syslog/log"); internal(); };
destination d { file("$out/phusion-syslog/syslog"); };
log { source(s); destination(d); };
CONF
  cat >"$out/phusion.d/10_syslog-ng.init" <<INIT
#!/bin/sh
# baseimage-docker's syslog-ng start-up file, in this bench's directories: syslog-ng in the background, then wait
# until syslog-ng-ctl exits with anything but 1 (no connection), trying once a second, 30 times at most.
export LD_LIBRARY_PATH=$sng_lib
d=$out/phusion-syslog
$sng_bin -F -f $out/phusion-syslog-ng.conf --module-path=$sng_mod --persist-file=\$d/persist \\
  --pidfile=\$d/pid --control=\$d/ctl &
i=0
while [ \$i -lt 30 ]; do
  rc=0
  $sng_root/usr/sbin/syslog-ng-ctl stats --control=\$d/ctl >/dev/null 2>&1 || rc=\$?
  [ \$rc = 1 ] || exit 0
  sleep 1
  i=\$((i + 1))
done
exit 1
INIT
  chmod +x "$out/phusion.d/10_syslog-ng.init"
  launch_extra+=(phusion-syslog); anchors+=(phusion-syslog)
  cmd[phusion-syslog]="env ENV_INIT_DIRECTORY=$out/phusion.d $phusion_interp $PHUSION_MY_INIT --skip-runit --"
fi
while IFS= read -r line; do
  [ -n "$line" ] || continue
  l=${line%%=*}
  v=${line#*=}
  pre='' margs='' vdist=$dist
  while :; do # leading env:NAME=VALUE, args:OPT,OPT,... and dist:DIR tokens; the rest are JVM options
    t=${v%% *}
    case $t in
      env:*) pre="$pre ${t#env:}" ;;
      dist:*) vdist=${t#dist:} ;;
      args:*) t2=${t#args:}; margs="$margs ${t2//,/ }" ;;
      *) break ;;
    esac
    [ "$t" = "$v" ] && v='' || v=${v#"$t" }
  done
  [ -x "$vdist/bin/my_init" ] || { echo "init-bench.sh: no $vdist/bin/my_init for variant $l" >&2; exit 1; }
  # --root: an empty directory, so that my_init's syslog, status socket and cron never touch this machine's /dev/log,
  # /run or /etc/cron.d (its syslog would otherwise print the machine's messages into the storm's report)
  mkdir -p "$out/root-$l"
  labels+=("$l"); cmd[$l]="${pre:+env$pre }$vdist/bin/my_init --root $out/root-$l$margs --"; jopts[$l]=$v
done <<<"${JINIT_VARIANTS:-jinit=}"
close_inherited_fds

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(nproc) CPUs, kernel $(uname -r), $("$java" -version 2>&1 | sed -n 2p)"
  echo "anchors: tini $(dpkg-query -W -f='${Version}' tini), dumb-init $(dpkg-query -W -f='${Version}' dumb-init), catatonit $(dpkg-query -W -f='${Version}' catatonit)"
  for l in "${labels[@]}"; do [ -z "${jopts[$l]+x}" ] || echo "variant $l: ${cmd[$l]} with JINIT_JAVA_OPTS='${jopts[$l]}'"; done
  echo "command: $0 $runs $scenarios (STORM_SIZES='$storm_sizes' IDLE_WINDOW=$idle_window)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

ns() { unshare --pid --fork --mount-proc "$@"; }
sample() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$raw"; }   # metric label run value
with_opts() { local l=$1; shift; JINIT_JAVA_OPTS=${jopts[$l]:-} "$@"; }
ms_between() { awk -v a="$(cat "$1")" -v b="$(cat "$2")" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'; }
# Waits at most $2 s for pid $1 (a job of this shell) to end, then kills it (by pid) and its init.
reap_job() {
  local pid=$1 secs=$2 i rc=0
  for i in $(seq $((secs * 20))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "init-bench.sh: pid $pid still running after ${secs}s; killing it" >&2
    local c; c=$(cat /proc/"$pid"/task/*/children 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$c" ] || kill -KILL $c 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" || rc=$?
  return $rc
}

scenario_storm() {
  local r l n line rc
  for n in $storm_sizes; do
    for r in $(seq "$runs"); do
      for l in "${labels[@]}"; do
        rc=0
        # shellcheck disable=SC2086
        line=$(with_opts "$l" timeout -s KILL 180 unshare --pid --fork --mount-proc ${cmd[$l]} "$ib" storm "$n" 2>/dev/null) || rc=$?
        echo "storm $n run $r $l: rc=$rc $line"
        for kv in $line; do
          case $kv in orphans=*|*=*[!0-9.-]*|[!a-z]*) ;; *=*) sample "storm$n.${kv%%=*}" "$l" "$r" "${kv#*=}" ;; esac
        done
        sample "storm$n.exit_code" "$l" "$r" "$rc"
      done
    done
  done
}

scenario_term() {
  local r l u w init rc i
  local term_labels=("${labels[@]}")
  # jvm-floor: the least a Java init can do (bench/TermFloor.java, on JINIT_DIST with its JVM options):
  # how much of jinit's figure is the JVM's own
  if javac -cp "$dist/lib/*" -d "$out/floor" "$here/TermFloor.java" 2>"$out/floor.err"; then
    term_labels+=(jvm-floor)
    cmd[jvm-floor]="$here/term-floor.sh $dist $out/floor --"
  else
    echo "term: no jvm-floor (javac failed: $(head -1 "$out/floor.err"))" >&2
  fi
  for r in $(seq "$runs"); do
    for l in "${term_labels[@]}"; do
      rm -f "$out/ready" "$out/t0" "$out/t1"
      # shellcheck disable=SC2086
      JINIT_JAVA_OPTS=${jopts[$l]:-} unshare --pid --fork --mount-proc ${cmd[$l]} "$ib" termchild "$out/ready" "$out/t1" 2>/dev/null &
      u=$!
      init=$(child_of "$u") || { echo "term: no init under $u" >&2; reap_job "$u" 5 || true; continue; }
      for i in $(seq 3000); do [ -e "$out/ready" ] && break; sleep 0.01; done
      rm -f "$out/t2"
      "$ib" exitwatch "$init" "$out/t2" &   # the init's end, from a pidfd opened now
      w=$!
      sleep 2   # let the init settle: a JVM is still compiling and loading right after the child started
      "$ib" sendterm "$init" "$out/t0"
      rc=0; reap_job "$u" 20 || rc=$?
      wait "$w" || true
      if [ -s "$out/t1" ]; then
        sample term.latency_ms "$l" "$r" "$(ms_between "$out/t0" "$out/t1")"
        echo "term run $r $l: $(ms_between "$out/t0" "$out/t1") ms, init exited $rc"
      else
        echo "term run $r $l: the child's handler never ran; init exited $rc"
      fi
      [ ! -s "$out/t2" ] || sample term.exit_ms "$l" "$r" "$(ms_between "$out/t0" "$out/t2")"
      sample term.exit_after_term "$l" "$r" "$rc"
    done
  done
  # Exit-code propagation: a child exiting 42, killed by TERM (its own), killed by KILL.
  local name
  for l in "${labels[@]}"; do
    for name in exit42 killed_by_TERM killed_by_KILL; do
      rc=0
      case $name in
        exit42) set -- sh -c 'exit 42' ;;
        killed_by_TERM) set -- "$ib" killself 15 ;;
        killed_by_KILL) set -- "$ib" killself 9 ;;
      esac
      # shellcheck disable=SC2086
      with_opts "$l" timeout -s KILL 60 unshare --pid --fork --mount-proc ${cmd[$l]} "$@" >/dev/null 2>&1 || rc=$?
      sample "exit.$name" "$l" 1 "$rc"
      echo "exit code $l $name: $rc"
    done
  done
}

scenario_launch() {
  local r l rc
  for r in $(seq "$runs"); do
    for l in "${labels[@]}" "${launch_extra[@]}"; do
      rm -f "$out/t0" "$out/t1"
      [ "$l" != phusion-syslog ] || { rm -rf "$out/phusion-syslog"; mkdir "$out/phusion-syslog"; }
      rc=0
      # shellcheck disable=SC2086
      with_opts "$l" timeout -s KILL 60 unshare --pid --fork --mount-proc "$ib" launch "$out/t0" -- ${cmd[$l]} "$ib" stamp "$out/t1" \
        >/dev/null 2>&1 || rc=$?
      if [ -s "$out/t1" ]; then
        sample launch.ms "$l" "$r" "$(ms_between "$out/t0" "$out/t1")"
        echo "launch run $r $l: $(ms_between "$out/t0" "$out/t1") ms (rc $rc)"
      else
        echo "launch run $r $l: the child never ran (rc $rc)"
      fi
    done
  done
}

# Sum over the threads of PID of: schedstat's run count (times a thread was put on a CPU: its wake-ups), voluntary and
# nonvoluntary context switches. Threads that come and go within the window are missed (an idle init has none).
counters() {
  awk 'FILENAME ~ /schedstat$/ { r += $3; next }
       /^voluntary_ctxt_switches/ { v += $2 }
       /^nonvoluntary_ctxt_switches/ { nv += $2 }
       END { printf "%d %d %d ", r, v, nv }' /proc/"$1"/task/*/schedstat /proc/"$1"/task/*/status 2>/dev/null || true
  echo "$EPOCHREALTIME"
}

scenario_idle() {
  local r l
  for r in $(seq "$runs"); do
    declare -A job=() ipid=() c0=()
    # One at a time: an init is started when the one before has started its child (JVMs starting together would
    # still be busy in the window), then all are measured over the same window.
    for l in "${labels[@]}"; do
      # shellcheck disable=SC2086
      JINIT_JAVA_OPTS=${jopts[$l]:-} unshare --pid --fork --mount-proc ${cmd[$l]} sleep 300 >/dev/null 2>"$out/idle.$l.err" &
      job[$l]=$!
      ipid[$l]=$(child_of "${job[$l]}")
      child_of "${ipid[$l]}" >/dev/null || true
    done
    sleep "$idle_settle"
    for l in "${labels[@]}"; do c0[$l]=$(counters "${ipid[$l]}"); done
    sleep "$idle_window"
    for l in "${labels[@]}"; do
      local p=${ipid[$l]} a b
      [ -r "/proc/$p/status" ] || { echo "idle run $r $l: the init (pid $p) is gone"; continue; }
      read -r -a a <<<"${c0[$l]}"; read -r -a b <<<"$(counters "$p")"
      local rss pss thr
      rss=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null) || true
      pss=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null) || true
      thr=$(awk '/^Threads/ {print $2}' "/proc/$p/status" 2>/dev/null) || true
      [ -n "$rss" ] && [ -n "$pss" ] && [ -n "$thr" ] || { echo "idle run $r $l: the init (pid $p) ended during the window (see $out/idle.$l.err)"; continue; }
      sample idle.rss_kb "$l" "$r" "$rss"
      sample idle.pss_kb "$l" "$r" "$pss"
      sample idle.threads "$l" "$r" "$thr"
            local w; w=$(awk -v a="${a[3]}" -v b="${b[3]}" 'BEGIN { print b - a }')
      sample idle.wakeups_per_s "$l" "$r" "$(awk -v d=$((b[0] - a[0])) -v w="$w" 'BEGIN { printf "%.2f", d / w }')"
      sample idle.vcsw_per_s "$l" "$r" "$(awk -v d=$((b[1] - a[1])) -v w="$w" 'BEGIN { printf "%.2f", d / w }')"
      echo "idle run $r $l: rss ${rss} kB, pss ${pss} kB, threads $thr, wake-ups $(((b[0] - a[0]))) in ${w}s"
    done
    for l in "${labels[@]}"; do kill -TERM "${ipid[$l]}" 2>/dev/null || true; done
    for l in "${labels[@]}"; do reap_job "${job[$l]}" 40 >/dev/null 2>&1 || true; done
    unset job ipid c0
  done
}

for s in $scenarios; do
  case $s in
    storm|term|launch|idle) "scenario_$s" ;;
    *) echo "init-bench.sh: unknown scenario $s" >&2; exit 2 ;;
  esac
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"

# Summary: per metric and init, median (min-max) over the runs, and the ratio of the medians to the best anchor's
# (the lowest median among the anchors of this run).
python3 - "$raw" "${anchors[@]}" <<'EOF' | tee "$out/summary.md"
import sys, statistics, collections
raw, anchors = sys.argv[1], sys.argv[2:]
data = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
for line in open(raw):
    m, l, r, v = line.rstrip("\n").split("\t")
    data[m][l].append(float(v))
    if l not in order: order.append(l)
def f(x): return f"{x:.3g}" if abs(x) < 1000 else f"{x:.0f}"
print("| metric | " + " | ".join(order) + " |")
print("|---|" + "---|" * len(order))
for m, per in data.items():
    med = {l: statistics.median(v) for l, v in per.items()}
    best = min((med[a] for a in anchors if a in med), default=None)
    cells = []
    for l in order:
        if l not in per: cells.append(""); continue
        v = per[l]
        c = f(med[l]) if len(set(v)) == 1 else f"{f(med[l])} ({f(min(v))}–{f(max(v))})"
        if best and not m.startswith("exit.") and m.split(".")[-1] not in ("exit_code", "exit_after_term", "reaped"):
            c += f", {med[l] / best:.2f}×"
        cells.append(c)
    print(f"| {m} | " + " | ".join(cells) + " |")
EOF
echo "raw samples: $raw"
