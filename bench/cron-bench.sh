#!/usr/bin/env bash
# jinit's cron (bin/jinit cron) beside Debian's cron (Vixie cron 3.0pl1, `cron -f`), the same job in both, run side by
# side for the same minutes:
#   start.ms     how long after the minute's boundary the job's first command ran (`date +%s%N`, CLOCK_REALTIME)
#   rss.mb       the daemon's RSS at the end (VmRSS)
#   wakeups.s    the daemon's wake-ups per second over the window (schedstat run counts, every thread)
#   cpu.ms       the daemon's CPU time over the window (utime + stime, every thread)
# Debian's cron reads fixed paths (/etc/crontab, /etc/cron.d, /var/spool/cron/crontabs, /etc/pam.d/cron, /run): it runs
# in its own mount namespace with empty directories mounted over those and the job in its cron.d, never this
# machine's. Its binary comes from the .deb (apt-get download, dpkg-deb -x): installing the package would start a
# cron daemon here. jinit's cron runs as PID 1 of its own PID namespace under its own directories (--crontab,
# --cron-dir, --spool).
# Usage (as root, after mvn -B -DskipTests package):  bench/cron-bench.sh [MINUTES]     MINUTES default 5 (3..30)
# Every wait is bounded (MINUTES + 2 minutes in all); both daemons are ended by pid.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
. "$here/lib.sh"
dist=${JINIT_DIST:-$here/../launcher/target/jinit}
minutes=${1:-5}
[ "$(id -u)" = 0 ] || { echo "cron-bench.sh: needs root (unshare, mount)" >&2; exit 1; }
[ -x "$dist/bin/jinit" ] || { echo "cron-bench.sh: no $dist/bin/jinit: run mvn -B -DskipTests package" >&2; exit 1; }
[ "$minutes" -ge 3 ] && [ "$minutes" -le 30 ] || { echo "cron-bench.sh: MINUTES must be 3..30" >&2; exit 2; }

out=$(mktemp -d /tmp/cron-bench.XXXXXX)
chmod 755 "$out"
(cd "$out" && { apt-get download cron >/dev/null 2>&1 || { apt-get update -qq && apt-get download cron >/dev/null; }; })
dpkg-deb -x "$out"/cron_*.deb "$out/deb"
cron_bin=$out/deb/usr/sbin/cron
[ -x "$cron_bin" ] || { echo "cron-bench.sh: no cron binary in the .deb" >&2; exit 1; }

# Debian's: cron.d with the job (root-owned, not group/world writable, a name without dots), pam.d as this machine's
# plus the package's cron file; an empty spool and /run (its pid file) are tmpfs in its mount namespace.
mkdir -p "$out/debian/cron.d" "$out/debian/pam.d"
cp -a /etc/pam.d/. "$out/debian/pam.d/"
cp "$out/deb/etc/pam.d/cron" "$out/debian/pam.d/cron"
# jinit's: the same job in its cron.d
mkdir -p "$out/jinit/cron.d" "$out/jinit/spool"
: >"$out/jinit/crontab"
for l in debian jinit; do
  printf 'SHELL=/bin/sh\n* * * * * root date +\\%%s\\%%N >>%s/%s.stamps\n' "$out" "$l" >"$out/$l/cron.d/bench"
  chmod 644 "$out/$l/cron.d/bench"
  : >"$out/$l.stamps"
done

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(nproc) CPUs, kernel $(uname -r), $("$java" -version 2>&1 | sed -n 2p)"
  echo "anchor: Debian cron $(dpkg-deb -f "$out"/cron_*.deb Version)"
  echo "command: $0 $minutes"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

unshare --mount --pid --fork --mount-proc --kill-child sh -c '
  set -e
  mount --bind "$1/debian/cron.d" /etc/cron.d
  mount --bind "$1/debian/pam.d" /etc/pam.d
  mount -t tmpfs none /run
  mount -t tmpfs none /var/spool && mkdir -p /var/spool/cron/crontabs && chmod 1730 /var/spool/cron/crontabs
  exec "$2" -f' sh "$out" "$cron_bin" >"$out/debian.log" 2>&1 &
debian_ns=$!
unshare --pid --fork --mount-proc --kill-child "$dist/bin/jinit" cron --crontab "$out/jinit/crontab" \
  --cron-dir "$out/jinit/cron.d" --spool "$out/jinit/spool" --syslog-socket "$out/jinit/nolog" >"$out/jinit.log" 2>&1 &
jinit_ns=$!

counters() { # runs (wake-ups) and CPU ticks of every thread of pid $1
  awk 'FILENAME ~ /schedstat$/ { r += $3; next } { c += $14 + $15 } END { printf "%d %d\n", r, c }' \
    /proc/"$1"/task/*/schedstat /proc/"$1"/task/*/stat 2>/dev/null
}
stop_all() {
  kill -KILL "$debian_ns" "$jinit_ns" 2>/dev/null || true
  wait "$debian_ns" "$jinit_ns" 2>/dev/null || true
}
trap stop_all EXIT
debian_pid=$(child_of "$debian_ns")
jinit_pid=$(child_of "$jinit_ns")

# The window: from the first minute boundary both daemons have seen (a stamp each) to MINUTES more stamps each.
deadline=$(( $(date +%s) + (minutes + 2) * 60 ))
until [ -s "$out/debian.stamps" ] && [ -s "$out/jinit.stamps" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "cron-bench.sh: no job ran in both daemons; logs in $out" >&2; exit 1; }
  sleep 1
done
read -r d_runs0 d_cpu0 < <(counters "$debian_pid")
read -r j_runs0 j_cpu0 < <(counters "$jinit_pid")
t0=$(date +%s%N)
until [ "$(wc -l <"$out/debian.stamps")" -gt "$minutes" ] && [ "$(wc -l <"$out/jinit.stamps")" -gt "$minutes" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "cron-bench.sh: fewer than $minutes runs in time; logs in $out" >&2; break; }
  sleep 1
done
read -r d_runs1 d_cpu1 < <(counters "$debian_pid")
read -r j_runs1 j_cpu1 < <(counters "$jinit_pid")
t1=$(date +%s%N)
rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/"$1"/status; }
d_rss=$(rss "$debian_pid"); j_rss=$(rss "$jinit_pid")
tick=$(getconf CLK_TCK)

summary() { # label stamps-file runs0 runs1 cpu0 cpu1 rss
  awk '{ printf "%.3f\n", ($1 % 60000000000) / 1e6 }' "$2" | sort -n |
  awk -v l="$1" -v w="$(( (t1 - t0) / 1000000 ))" -v r0="$3" -v r1="$4" -v c0="$5" -v c1="$6" -v rss="$7" -v tick="$tick" '
    { v[NR] = $1 }
    END {
      n = NR
      med = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      printf "| %s | %.1f ms (%.1f–%.1f), n=%d | %s MB | %.2f | %.0f ms over %.0f s |\n", l, med, v[1], v[n], n, rss,
        (r1 - r0) / (w / 1000), (c1 - c0) * 1000 / tick, w / 1000
    }'
}
{
  echo "| cron | job start after the minute (median, min–max) | RSS | wake-ups/s | CPU |"
  echo "|---|---|---|---|---|"
  summary "Debian cron" "$out/debian.stamps" "$d_runs0" "$d_runs1" "$d_cpu0" "$d_cpu1" "$d_rss"
  summary "jinit cron" "$out/jinit.stamps" "$j_runs0" "$j_runs1" "$j_cpu0" "$j_cpu1" "$j_rss"
} | tee "$out/summary.md"
echo "raw: $out/debian.stamps $out/jinit.stamps"
