# Helpers the bench scripts share; sourced (`. "$here/lib.sh"`), not run.

# Installs the Debian packages named that are not installed yet (tini, dumb-init, ...).
install_packages() {
  local p missing=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  fi
}

# Unpacks Debian's syslog-ng-core into $1 (default /opt/jinit-bench/syslog-ng) unless it is there: its package
# conflicts with rsyslog's, so it is not installed but unpacked, with the libraries it needs installed.
install_syslog_ng() {
  local root=${1:-/opt/jinit-bench/syslog-ng} dl
  [ -x "$root/usr/sbin/syslog-ng" ] && return 0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libcap2 libglib2.0-0 libivykis0 \
    libjson-c5 libnet1 libpcre3 libssl3 libwrap0 >/dev/null
  dl=$(mktemp -d)
  (cd "$dl" && apt-get download -q syslog-ng-core >/dev/null)
  mkdir -p "$root"
  dpkg -x "$dl"/syslog-ng-core_*.deb "$root"
  rm -rf "$dl"
}

# Sets sng_bin, sng_lib, sng_mod (its module directory) and sng_version ("3.38", what a config's @version wants) for
# the syslog-ng unpacked under $1 by install_syslog_ng; fails, naming $2 (the calling script), when it is not there.
syslog_ng_paths() {
  sng_bin=$1/usr/sbin/syslog-ng
  sng_lib=$1/usr/lib/syslog-ng
  [ -x "$sng_bin" ] || { echo "$2: no $sng_bin" >&2; return 1; }
  sng_mod=$(ls -d "$sng_lib"/[0-9]* | head -1)
  # "syslog-ng 3 (3.38.1)": the config wants "@version: 3.38"
  sng_version=$(LD_LIBRARY_PATH=$sng_lib "$sng_bin" --version | sed -n '1s/.*(\([0-9]*\.[0-9]*\).*/\1/p')
}

# Makes a fresh cpu cgroup (v1 or v2) for the inits to run in, as a container's processes run in theirs, and prints
# its directory (remove it with rmdir when done). Why it matters: the scheduler's autogroups, which give each session
# its own share of the CPU, apply only to tasks of the root cpu cgroup; outside any cgroup an init whose command runs
# in a session of its own (dumb-init's setsid) competes with that command's processes as one group against another.
make_cpu_cgroup() {
  local name=$1 d
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then # v2: the cpu controller must be enabled for the children
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu >/sys/fs/cgroup/cgroup.subtree_control
    d=/sys/fs/cgroup/$name
  elif [ -d /sys/fs/cgroup/cpu ]; then
    d=/sys/fs/cgroup/cpu/$name
  else
    echo "lib.sh: no cpu cgroup controller under /sys/fs/cgroup" >&2
    return 1
  fi
  mkdir "$d" && echo "$d"
}

# Prints the tracefs directory, mounting it if it is not, once it holds the trace event $2 (e.g.
# syscalls/sys_enter_waitid); else says so for script $1 and fails.
tracefs_with() {
  local t=/sys/kernel/tracing
  [ -e "$t/trace" ] || mount -t tracefs nodev "$t"
  [ -d "$t/events/$2" ] || { echo "$1: no trace event $2 in $t (kernel without syscall tracepoints?)" >&2; return 1; }
  echo "$t"
}

# Closes every fd above 2 this script inherited without close-on-exec (a harness's pipes, its /dev/null): what a
# container runtime passes an init is fds 0-2, and bin/my_init's early start leaves the command to the JVM when the
# command would inherit more (see "Early start" in launcher/src/dist/bin/jinit-java).
close_inherited_fds() {
  local f n k v flags
  for f in /proc/$$/fd/*; do
    n=${f##*/}
    case $n in 0|1|2) continue ;; esac
    flags=
    while read -r k v; do [ "$k" = flags: ] && { flags=$v; break; }; done 2>/dev/null <"/proc/$$/fdinfo/$n" || continue
    [ -n "$flags" ] && [ $((0$flags & 02000000)) = 0 ] || continue # close-on-exec: bash's own script fd, say
    eval "exec $n>&-" 2>/dev/null || true
  done
}

# The pid of a child of pid $1 (for unshare: the init; for an init: its command), waiting at most 10 s for one. Any
# thread may have forked it.
child_of() {
  local i c
  for i in $(seq 1000); do
    c=$(cat /proc/"$1"/task/*/children 2>/dev/null || true)
    [ -n "${c// /}" ] && { echo "${c%% *}"; return 0; }
    sleep 0.01
  done
  return 1
}

# "RUNS TIME": the schedstat run counts (wake-ups) of every thread of pid $1 so far, and the time now.
counters() {
  awk '{ r += $3 } END { printf "%d ", r }' /proc/"$1"/task/*/schedstat 2>/dev/null || true
  echo "$EPOCHREALTIME"
}

# Ends an init pid $2 that job $1 (its unshare) runs: TERM, then KILL after 10 s; waits for the job.
stop_init() {
  local u=$1 p=$2 i
  kill -TERM "$p" 2>/dev/null || true
  for i in $(seq 200); do kill -0 "$u" 2>/dev/null || return 0; sleep 0.05; done
  kill -KILL "$p" 2>/dev/null || true
  wait "$u" 2>/dev/null || true
}

# idle_sample ROUND LABEL PID "COUNTERS AT THE WINDOW'S START" RAW: pid PID's RSS, PSS (kB), threads and wake-ups a
# second since then, appended to RAW as a tab-separated row (round label rss pss threads wake-ups) and said on stdout.
idle_sample() {
  local round=$1 l=$2 p=$3 s0 t0 s1 t1 rss pss thr wk
  read -r s0 t0 <<<"$4"
  read -r s1 t1 <<<"$(counters "$p")"
  rss=$(awk '/^VmRSS/ { print $2 }' /proc/"$p"/status); thr=$(awk '/^Threads/ { print $2 }' /proc/"$p"/status)
  pss=$(awk '/^Pss:/ { print $2 }' /proc/"$p"/smaps_rollup)
  wk=$(awk -v a="$s0" -v b="$s1" -v x="$t0" -v y="$t1" 'BEGIN { printf "%.2f", (b - a) / (y - x) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$l" "$rss" "$pss" "$thr" "$wk" >>"$5"
  echo "round $round $l: RSS $rss kB, PSS $pss kB, $thr threads, $wk wake-ups/s"
}

# idle_table RAW LABEL...: a markdown row per label of idle_sample's rows: median (min-max) RSS in MB, PSS, threads,
# wake-ups a second.
idle_table() {
  local raw=$1 l
  shift
  for l in "$@"; do
    awk -F'\t' -v l="$l" '
      function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
                                     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      $2 == l { n++; r[n] = $3 / 1024; p[n] = $4 / 1024; t[n] = $5; w[n] = $6 }
      END { printf "| %s | %.1f (%.1f-%.1f) | %.1f | %d | %.2f (%.2f-%.2f) |\n", l,
              med(r, n), r[1], r[n], med(p, n), med(t, n), med(w, n), w[1], w[n] }' "$raw"
  done
}
