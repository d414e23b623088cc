#!/usr/bin/env bash
# What the orphan storm's "last exit -> reaped" figure is made of: for each init, as PID 1 of its own PID namespace,
# a storm of N orphans (bench/initbench.c, "storm") started DELAY seconds after the init (so that the init is up and
# idle, as in a running container), traced by the kernel (tracefs, no ptrace): when each orphan exits
# (sched_process_exit), when the init reaps one (tini, dumb-init, catatonit: wait4 returning a pid; jinit: its
# waitid(P_PID, pid, WEXITED|WNOHANG)), and how long the init's reaping thread waited on a run queue, runnable but
# not running (sched_switch with prev_state R until it is switched in again). Per run: the reaps made while the
# orphans were still exiting, the backlog left at the last orphan's exit, the time from that exit to the last reap,
# and the reaping thread's longest runnable wait. Tracing slows every init (each event costs): read the figures as
# shapes, not as latencies; bench/init-bench.sh measures those untraced.
# Every run is bounded (timeout -s KILL 120; unshare --kill-child ends the init with it). Usage (as root, after
# mvn -B -DskipTests package):  bench/storm-trace.sh [RUNS] [N]     RUNS 3, N 1000
#   DELAY=1    seconds between the init's start and the storm
#   STORMS=1   storms one after the other in each init (the second and later run on code the first one compiled)
#   CGROUP=1   run each init in a fresh cpu cgroup, as in a container (see make_cpu_cgroup in lib.sh: without one, the
#              scheduler's autogroups shield an init whose command has its own session, as dumb-init's has)
#   INITS="tini jinit"   which inits (tini dumb-init catatonit jinit; jinit runs in tini's role, early start); a
#              LABEL=DIR runs the jinit dist in DIR under that label, e.g. INITS="before=/tmp/dist-before jinit"
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
. "$here/lib.sh"
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
runs=${1:-3}
n=${2:-1000}
delay=${DELAY:-1}
storms=${STORMS:-1}
inits=${INITS:-tini jinit}
[ "$(id -u)" = 0 ] || { echo "storm-trace.sh: needs root (unshare --pid, tracefs)" >&2; exit 1; }
[ -x "$dist/bin/my_init" ] || { echo "storm-trace.sh: no $dist/bin/my_init: run mvn -B -DskipTests package" >&2; exit 1; }
[ "$runs" -ge 1 ] && [ "$runs" -le 50 ] || { echo "storm-trace.sh: RUNS must be 1..50" >&2; exit 2; }
[ "$n" -ge 10 ] && [ "$n" -le 20000 ] || { echo "storm-trace.sh: N must be 10..20000" >&2; exit 2; }
[ "$storms" -ge 1 ] && [ "$storms" -le 5 ] || { echo "storm-trace.sh: STORMS must be 1..5" >&2; exit 2; }

install_packages tini dumb-init catatonit
t=$(tracefs_with storm-trace.sh syscalls/sys_enter_waitid)
out=$(mktemp -d /tmp/storm-trace.XXXXXX)
ib=$out/initbench
gcc -O2 -static -o "$ib" "$here/initbench.c" 2>/dev/null || gcc -O2 -o "$ib" "$here/initbench.c"
mkdir -p "$out/root"

events=(sched/sched_process_exit sched/sched_switch syscalls/sys_exit_wait4 syscalls/sys_enter_waitid)
cg=
if [ "${CGROUP:-0}" = 1 ]; then cg=$(make_cpu_cgroup "storm-trace.$$"); fi
events_off() {
  echo 0 >"$t/tracing_on"
  for e in "${events[@]}"; do echo 0 >"$t/events/$e/enable"; echo 0 >"$t/events/$e/filter"; done
  echo >"$t/trace"
  echo 1408 >"$t/buffer_size_kb"
}
cleanup() { events_off; [ -z "$cg" ] || rmdir "$cg" 2>/dev/null || true; }
trap cleanup EXIT
events_off
echo 1 >"$t/options/record-tgid"
echo $((8192 + n * storms * 8)) >"$t/buffer_size_kb"
echo 'comm == "initbench"' >"$t/events/sched/sched_process_exit/filter"
echo 'ret > 0' >"$t/events/syscalls/sys_exit_wait4/filter"
echo '(which == 1 && options == 5) || which == 0' >"$t/events/syscalls/sys_enter_waitid/filter"
for e in "${events[@]}"; do echo 1 >"$t/events/$e/enable"; done
close_inherited_fds

jinit_args="--quiet --root $out/root --skip-startup-files --skip-runit --no-syslog --"
declare -A cmd=([tini]="/usr/bin/tini --" [dumb-init]="/usr/bin/dumb-init --" [catatonit]="/usr/bin/catatonit --"
  [jinit]="$dist/bin/my_init $jinit_args")
labels=()
for l in $inits; do
  case $l in
    *=*) [ -x "${l#*=}/bin/my_init" ] || { echo "storm-trace.sh: no ${l#*=}/bin/my_init" >&2; exit 2; }
         cmd[${l%%=*}]="${l#*=}/bin/my_init $jinit_args"; labels+=("${l%%=*}") ;;
    *) [ -n "${cmd[$l]:-}" ] || { echo "storm-trace.sh: unknown init $l" >&2; exit 2; }
       labels+=("$l") ;;
  esac
done
echo "date: $(date -u +%FT%TZ); $(nproc) CPUs, kernel $(uname -r); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: $0 $runs $n (DELAY=$delay STORMS=$storms INITS='$inits' CGROUP=${CGROUP:-0}${cg:+: $cg})"
storm_cmd="sleep $delay"
for k in $(seq "$storms"); do storm_cmd="$storm_cmd; $ib storm $n"; done
for r in $(seq "$runs"); do
  for l in "${labels[@]}"; do
    echo >"$t/trace"
    echo 1 >"$t/tracing_on"
    # shellcheck disable=SC2086
    # shellcheck disable=SC2016 # $$ is the inner shell's: it joins the cgroup, then becomes unshare
    res=$(timeout -s KILL 120 sh -c '[ -z "$1" ] || echo $$ >"$1/cgroup.procs" || exit 1; shift; exec "$@"' sh "$cg" \
      unshare --pid --fork --kill-child --mount-proc ${cmd[$l]} sh -c "$storm_cmd" 2>/dev/null) || true
    echo 0 >"$t/tracing_on"
    cat "$t/trace" >"$out/trace.$l.$r"
    python3 - "$out/trace.$l.$r" "$l" "$r" "$res" "$n" <<'EOF'
import re, sys
path, label, run, res, n = sys.argv[1:6]
n = int(n)
pat = re.compile(r'^\s*(.+?)-(\d+)\s+\(\s*([\d-]+)\)\s+\[\d+\]\s+\S+\s+([\d.]+):\s+(\w+)\W\s*(.*)$')
exits, reaps, switches = [], [], []
for line in open(path):
    m = pat.match(line)
    if not m:
        continue
    comm, tid, ts, name, rest = m.group(1), int(m.group(2)), float(m.group(4)), m.group(5), m.group(6)
    if name == 'sched_process_exit':
        exits.append(ts)
    elif name == 'sys_waitid' and not rest.startswith('which: 1,'):
        continue  # jinit's waitid(P_ALL, WNOWAIT): which child ended, reaps nothing
    elif name in ('sys_wait4', 'sys_waitid') and comm not in ('initbench', 'sh', 'sleep', 'timeout', 'unshare'):
        reaps.append((ts, tid))
    elif name == 'sched_switch':
        p = re.search(r'prev_pid=(\d+) .*prev_state=(\S+)', rest); q = re.search(r'next_pid=(\d+)', rest)
        switches.append((ts, int(p.group(1)), p.group(2).startswith('R'), int(q.group(1))))
results = res.splitlines()
if len(exits) < n + 2 or not reaps:
    print(f"{label} run {run}: too few events ({len(exits)} exits, {len(reaps)} reaps); {res}")
    sys.exit(0)
reaper = max(set(t for _, t in reaps), key=lambda t: sum(1 for _, u in reaps if u == t))
times = sorted(ts for ts, t in reaps if t == reaper)
# the reaping thread's runnable waits: preempted (prev_state R) -> next switched in
waits, since = [], None
for ts, prev, runnable, nxt in sorted(switches):
    if prev == reaper and runnable and since is None:
        since = ts
    elif nxt == reaper and since is not None:
        waits.append((ts - since, since)); since = None
k = 0
while len(exits) >= 1 + n:
    orphans = exits[1:1 + n]  # each storm: its intermediate process exits first, then its n orphans
    exits = exits[1 + n:]
    first, last = orphans[0], orphans[-1]
    nxt = exits[0] if exits else float('inf')  # the next storm's intermediate, or the storm command's own exit
    during = sum(1 for ts in times if first <= ts <= last)
    after = [ts for ts in times if last < ts < nxt]
    inside = [w for w, s in waits if first <= s <= last]
    bench = results[k] if k < len(results) else ''
    k += 1
    print(f"{label} run {run} storm {k}: {len(orphans)} orphans over {1000 * (last - first):.0f} ms; reaped while they "
          f"exited {during}, backlog at the last exit {len(after)}, last exit -> last reap "
          f"{1000 * ((after[-1] if after else last) - last):.2f} ms; reaping thread runnable but waiting: longest "
          f"{1000 * max(inside, default=0.0):.1f} ms, total {1000 * sum(inside):.0f} ms; bench: {bench}")
EOF
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); traces: $out"
