#!/usr/bin/env bash
# How long after its exec a PID 1 drops a SIGTERM. The kernel drops a TERM sent to the init of a PID namespace while
# TERM has neither a handler nor a block; this measures, for each init as PID 1 of its own namespace, the time from
# the init's exec to the moment from which a TERM is kept for it:
#   tini, dumb-init, catatonit  their first rt_sigprocmask that blocks (they block every signal and wait for them)
#   jinit (bin/my_init)         env's first blocking rt_sigprocmask (the wrapper execs java through env
#                               --block-signal); and, earlier, the wrapper shell's TERM trap ("first cover": a TERM
#                               then ends the script with 143, as my_init before starting its command). A TERM is
#                               dropped before that trap, and from the exec of env (which resets it) to env's block
#   jinit-jdk, java             HotSpot's first rt_sigaction(SIGTERM) with a handler (JINIT_BLOCK_SIGNALS=0, and a
#                               plain `java` running a class that only sleeps: any JVM started without a block)
# Read from the kernel's trace events (tracefs: sched_process_exec, sys_enter_rt_sigaction, sys_enter_rt_sigprocmask,
# with record-tgid), so the inits run unobserved: no ptrace, no polling.
# Usage (as root, after mvn -B -DskipTests package):  bench/term-window.sh [RUNS]      RUNS default 5
# Installs tini, dumb-init, catatonit from Debian's packages when missing. Needs tracefs (mounted here if it is not).
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
. "$here/lib.sh"
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
runs=${1:-5}
[ "$(id -u)" = 0 ] || { echo "term-window.sh: needs root (unshare --pid, tracefs)" >&2; exit 1; }
[ -x "$dist/bin/my_init" ] || { echo "term-window.sh: no $dist/bin/my_init: run mvn -B -DskipTests package" >&2; exit 1; }
[ "$runs" -ge 1 ] && [ "$runs" -le 100 ] || { echo "term-window.sh: RUNS must be 1..100" >&2; exit 2; }

install_packages tini dumb-init catatonit

t=$(tracefs_with term-window.sh syscalls/sys_enter_rt_sigaction)
out=$(mktemp -d /tmp/term-window.XXXXXX)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
cat >"$out/Sleep.java" <<'EOF'
public class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(300); } }
EOF
"${java}c" -d "$out" "$out/Sleep.java"

# The events, for every process: exec, a TERM handler installed, a mask that blocks (SIG_BLOCK 0, SIG_SETMASK 2).
events_on() {
  echo 0 >"$t/tracing_on"
  echo 1 >"$t/options/record-tgid"
  echo 'sig == 15 && act != 0' >"$t/events/syscalls/sys_enter_rt_sigaction/filter"
  echo '(how == 0 || how == 2) && nset != 0' >"$t/events/syscalls/sys_enter_rt_sigprocmask/filter"
  for e in sched/sched_process_exec syscalls/sys_enter_rt_sigaction syscalls/sys_enter_rt_sigprocmask; do
    echo 1 >"$t/events/$e/enable"
  done
}
events_off() {
  echo 0 >"$t/tracing_on"
  for e in sched/sched_process_exec syscalls/sys_enter_rt_sigaction syscalls/sys_enter_rt_sigprocmask; do
    echo 0 >"$t/events/$e/enable"
  done
  echo 0 >"$t/events/syscalls/sys_enter_rt_sigaction/filter"
  echo 0 >"$t/events/syscalls/sys_enter_rt_sigprocmask/filter"
  echo >"$t/trace"
}
trap events_off EXIT
events_on

# label | how the init is started | the exec its measure starts from | the event that ends it | after which exec
labels=(tini dumb-init catatonit jinit jinit-jdk java)
declare -A start=([tini]="/usr/bin/tini -- true" [dumb-init]="/usr/bin/dumb-init -- true"
  [catatonit]="/usr/bin/catatonit -- true" [jinit]="$dist/bin/my_init --quiet --skip-runit -- true"
  [jinit-jdk]="env JINIT_BLOCK_SIGNALS=0 $dist/bin/my_init --quiet --skip-runit -- true"
  [java]="$java -Xshare:auto -XX:+UseSerialGC -cp $out Sleep")
declare -A event=([tini]=block [dumb-init]=block [catatonit]=block [jinit]=block [jinit-jdk]=handler [java]=handler)
declare -A after=([tini]=tini [dumb-init]=dumb-init [catatonit]=catatonit [jinit]=env [jinit-jdk]=java [java]=java)
declare -A first=([tini]=tini [dumb-init]=dumb-init [catatonit]=catatonit [jinit]=my_init [jinit-jdk]=my_init [java]=java)

{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(nproc) CPUs, kernel $(uname -r), $("$java" -version 2>&1 | sed -n 2p)"
  echo "command: $0 $runs"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"
: >"$out/raw.tsv"

for r in $(seq "$runs"); do
  for l in "${labels[@]}"; do
    echo >"$t/trace"
    echo 1 >"$t/tracing_on"
    # shellcheck disable=SC2086
    timeout -s KILL 60 unshare --pid --fork --mount-proc --kill-child ${start[$l]} >/dev/null 2>&1 || true
    echo 0 >"$t/tracing_on"
    # The init's process: the tgid of the first exec of its program; times from that exec to the first event of the
    # wanted kind after the exec of `after` in the same tgid (and, for jinit, to the wrapper shell's first trap).
    line=$(awk -v first="${first[$l]}" -v after="${after[$l]}" -v kind="${event[$l]}" '
      function base(f) { sub(/.*\//, "", f); return f }
      {
        if (!match($0, /\(([ 0-9-]+)\)/)) next
        tg = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "", tg)
        ts = ""
        for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = substr($i, 1, length($i) - 1); break }
        if (ts == "") next
      }
      /sched_process_exec:/ {
        match($0, /filename=[^ ]+/); f = base(substr($0, RSTART + 9, RLENGTH - 9))
        if (init == "" && f == first) { init = tg; t0 = ts }
        if (tg == init && f == after && ta == "") ta = ts
        next
      }
      tg != init || init == "" { next }
      /sys_rt_sigaction/ && cover == "" { cover = ts }
      /sys_rt_sigaction/ && kind == "handler" && ta != "" && done == "" { done = ts }
      /sys_rt_sigprocmask/ && kind == "block" && ta != "" && done == "" { done = ts }
      END {
        if (init == "" || done == "") { print "none"; exit }
        c = (cover == "" || cover > ta ? done : cover)
        # dropped: from the exec to the first cover, and from the exec of `after` (which resets handlers) to the block
        dropped = (c == done ? done - t0 : (cover - t0) + (done - ta))
        printf "%.3f %.3f %.3f\n", (done - t0) * 1000, (c - t0) * 1000, dropped * 1000
      }' "$t/trace")
    echo "run $r $l: exec -> TERM kept, first cover, time a TERM is dropped (ms): $line"
    # shellcheck disable=SC2086
    [ "$line" = none ] || printf '%s\t%s\t%s\t%s\t%s\n' "$l" "$r" $line >>"$out/raw.tsv"
  done
done

python3 - "$out/raw.tsv" <<'EOF' | tee "$out/summary.md"
import sys, statistics
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
labels = list(dict.fromkeys(r[0] for r in rows))
best = min(statistics.median(float(r[2]) for r in rows if r[0] == l) for l in labels if l in ("tini", "dumb-init", "catatonit"))
best_dropped = min(statistics.median(float(r[4]) for r in rows if r[0] == l) for l in labels if l in ("tini", "dumb-init", "catatonit"))
print("| init | exec → TERM kept for the init (median, min–max) | × best anchor | exec → first cover | time a TERM is dropped (median, min–max) | × best anchor |")
print("|---|---|---|---|---|---|")
for l in labels:
    kept = sorted(float(r[2]) for r in rows if r[0] == l)
    cover = sorted(float(r[3]) for r in rows if r[0] == l)
    dropped = sorted(float(r[4]) for r in rows if r[0] == l)
    print(f"| {l} | {statistics.median(kept):.2f} ms ({kept[0]:.2f}–{kept[-1]:.2f}) | {statistics.median(kept) / best:.1f}× "
          f"| {statistics.median(cover):.2f} ms | {statistics.median(dropped):.2f} ms ({dropped[0]:.2f}–{dropped[-1]:.2f}) "
          f"| {statistics.median(dropped) / best_dropped:.1f}× |")
EOF
echo "raw: $out/raw.tsv"
