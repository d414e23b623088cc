#!/usr/bin/env bash
# syslog-bench.sh: jinit syslog beside Debian's rsyslog and syslog-ng, in the same run, on the same load.
#
# Each daemon listens on a unix datagram socket in a temporary directory (as /dev/log) and writes every message to
# one file. A load generator (syslog-loadgen.c, compiled here) sends N datagrams of SIZE bytes with blocking sends,
# as glibc's syslog(3) does, then follows the file until it holds N lines. Reported per daemon over ROUNDS fresh
# starts (interleaved: jinit, rsyslog, syslog-ng, jinit, ...): messages per second from the first send to the N-th
# line in the file (median, min-max), lines written against sent, the daemon's CPU time during the load
# (utime+stime from /proc/PID/stat, after minus before), its peak RSS (VmHWM), and jinit's ratios to the others.
#
# rsyslog runs in the foreground with a private config (imuxsock on the test socket, rate limiting off, omfile with
# the traditional format); syslog-ng likewise (unix-dgram source, file destination). Debian's packages conflict
# with each other, so rsyslog is installed with apt-get (services not started: policy-rc.d) and syslog-ng-core is
# unpacked with dpkg -x into a private directory, its libraries installed with apt-get. Neither is enabled or left
# running: every daemon this script starts is stopped by pid; the trap stops any left on exit.
#
# Usage: bench/syslog-bench.sh            (root; needs gcc, the dist: mvn -B -DskipTests package)
#   N=500000 SIZE=120 ROUNDS=5            the defaults
#   JINIT_DIST=launcher/target/jinit      jinit's dist
#   JINIT_JAVA_OPTS=...                   JVM options for jinit (passed through by bin/jinit)
#   NO_INSTALL=1                          do not call apt-get (rsyslogd and the unpacked syslog-ng must be there)
#   DAEMONS="jinit rsyslog"               a subset (default: jinit rsyslog syslog-ng)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
N=${N:-500000}
SIZE=${SIZE:-120}
ROUNDS=${ROUNDS:-5}
SNG_ROOT=${SNG_ROOT:-/opt/jinit-bench/syslog-ng}
START_WAIT=300   # tenths of a second for a daemon's socket to appear
STOP_WAIT=100    # tenths of a second for a daemon to exit on TERM before KILL

[ "$(id -u)" = 0 ] || { echo "syslog-bench.sh: run as root (it installs packages)" >&2; exit 1; }
[ -x "$dist/bin/jinit" ] || { echo "syslog-bench.sh: no $dist/bin/jinit: run mvn -B -DskipTests package" >&2; exit 1; }

# ---- the reference daemons
if [ -z "${NO_INSTALL:-}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  command -v rsyslogd >/dev/null || apt-get install -y -q --no-install-recommends rsyslog >/dev/null
  install_syslog_ng "$SNG_ROOT"
fi
# Debian's units must neither run nor be enabled: this is a benchmark, not a system logger.
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl disable --now rsyslog.service syslog.socket >/dev/null 2>&1 || true
fi
rsyslogd=$(command -v rsyslogd)
syslog_ng_paths "$SNG_ROOT" syslog-bench.sh

work=$(mktemp -d /tmp/syslog-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

gcc -O2 -o "$work/loadgen" "$here/syslog-loadgen.c"

# ---- one run of one daemon: prints "msgs_per_s lines cpu_s hwm_kb"
tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # utime + stime (comm has no spaces here)
hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }

start_daemon() { # name dir -> sets $pid
  local name=$1 d=$2
  case $name in
    jinit)
      "$dist/bin/jinit" syslog --socket "$d/log" --file "$d/out" --selector '*.*' --no-rotate --host bench \
        >"$d/stdout" 2>"$d/stderr" &
      ;;
    rsyslog)
      cat >"$d/rsyslog.conf" <<CONF
global(workDirectory="$d")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$d/log" RateLimit.Interval="0" CreatePath="on")
*.* action(type="omfile" file="$d/out" template="RSYSLOG_TraditionalFileFormat")
CONF
      "$rsyslogd" -n -f "$d/rsyslog.conf" -i "$d/rsyslog.pid" >"$d/stdout" 2>"$d/stderr" &
      ;;
    syslog-ng)
      cat >"$d/syslog-ng.conf" <<CONF
@version: $sng_version
options { use-dns(no); stats-freq(0); };
source s { unix-dgram("$d/log"); };
destination d { file("$d/out"); };
log { source(s); destination(d); };
CONF
      LD_LIBRARY_PATH=$sng_lib "$sng_bin" -F -f "$d/syslog-ng.conf" --module-path="$sng_mod" \
        --persist-file="$d/persist" --pidfile="$d/pid" --control="$d/ctl" >"$d/stdout" 2>"$d/stderr" &
      ;;
  esac
  pid=$!
  pids+=("$pid")
  local i
  for ((i = 0; i < START_WAIT; i++)); do
    [ -S "$d/log" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "syslog-bench.sh: $name did not create its socket; stderr:" >&2
  cat "$d/stderr" >&2
  return 1
}

stop_daemon() {
  local i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_WAIT; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

run_one() { # name round
  local name=$1 d="$work/$1.$2"
  mkdir -p "$d"
  start_daemon "$name" "$d" || exit 1
  local c0 c1 hwm out
  c0=$(cpu_ticks "$pid")
  out=$("$work/loadgen" "$d/log" "$d/out" "$N" "$SIZE")
  c1=$(cpu_ticks "$pid")
  hwm=$(hwm_kb "$pid")
  stop_daemon
  # loadgen: "sent N lines L seconds T sendseconds S"
  awk -v c="$((c1 - c0))" -v tick="$tick" -v hwm="$hwm" '{ printf "%.0f %d %.2f %d\n", $2 / $6, $4, c / tick, hwm }' <<<"$out"
  rm -rf "$d"
}

read -r -a daemons <<<"${DAEMONS:-jinit rsyslog syslog-ng}"
echo "# syslog-bench: $N datagrams of $SIZE bytes, $ROUNDS rounds, $(date -u +%FT%TZ), $(nproc) cores,"\
     "load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $("$rsyslogd" -v | head -1); syslog-ng $sng_version ($(LD_LIBRARY_PATH=$sng_lib "$sng_bin" --version | head -1));"\
     "jinit $(java -version 2>&1 | head -1)"
declare -A res
for ((r = 1; r <= ROUNDS; r++)); do
  for name in "${daemons[@]}"; do
    line=$(run_one "$name" "$r") || { echo "syslog-bench.sh: $name failed in round $r" >&2; exit 1; }
    res[$name.$r]=$line
    printf 'round %d %-9s %s\n' "$r" "$name" "$line" | awk '{ printf "round %s %-9s %8s msg/s  %7s/%s lines  %6s s CPU  %6.1f MB peak RSS\n", $2, $3, $4, $5, '"$N"', $6, $7 / 1024 }'
  done
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { local name=$1 k=$2 r; for ((r = 1; r <= ROUNDS; r++)); do echo "${res[$name.$r]}" | cut -d' ' -f"$k"; done; }

echo
printf '| daemon | msg/s median (min–max) | lines written / sent (worst) | CPU s median | peak RSS MB median |\n'
printf '|---|---|---|---|---|\n'
declare -A med
for name in "${daemons[@]}"; do
  m=$(col "$name" 1 | median); med[$name]=$m
  lo=$(col "$name" 1 | sort -n | head -1); hi=$(col "$name" 1 | sort -n | tail -1)
  worst=$(col "$name" 2 | sort -n | head -1)
  cpu=$(col "$name" 3 | median)
  rss=$(col "$name" 4 | median)
  printf '| %s | %.0f (%s–%s) | %s / %s | %s | %.1f |\n' "$name" "$m" "$lo" "$hi" "$worst" "$N" "$cpu" \
    "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
done
echo
for other in rsyslog syslog-ng; do
  [ -n "${med[jinit]:-}" ] && [ -n "${med[$other]:-}" ] || continue   # DAEMONS left one out
  per_round=$(for ((r = 1; r <= ROUNDS; r++)); do
    awk -v a="$(echo "${res[jinit.$r]}" | cut -d' ' -f1)" -v b="$(echo "${res[$other.$r]}" | cut -d' ' -f1)" \
      'BEGIN { printf "%.2f\n", a / b }'
  done)
  printf 'jinit / %s: %.2f× (medians); per round %s\n' "$other" \
    "$(awk -v a="${med[jinit]}" -v b="${med[$other]}" 'BEGIN { print a / b }')" "$(echo $per_round)"
done
