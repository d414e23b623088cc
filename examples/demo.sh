#!/bin/sh
# The jinit demo: jinit as PID 1 of a new PID namespace, the way a container runs its entrypoint (no Docker needed).
# Run from the repository root after `mvn -B -DskipTests package`. Root uses unshare directly; anyone else gets a
# user namespace too (--map-root-user), where the kernel allows it.
set -eu
cd "$(dirname "$0")/.."
dist=launcher/target/jinit
[ -x "$dist/bin/my_init" ] || { echo "demo: $dist/bin/my_init missing: run mvn -B -DskipTests package first" >&2; exit 1; }
# my_init runs its whole sequence (syslog, start-up scripts, services, cron): give it an empty root, so that it
# touches nothing of this machine (its /dev/log, /etc/cron.d, /run).
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
if [ "$(id -u)" = 0 ]; then ns="unshare --pid --fork --mount-proc"; else ns="unshare --user --map-root-user --pid --fork --mount-proc"; fi

echo "== 1. bin/my_init as PID 1: orphans reaped, exit code passed on =="
set +e
$ns "$dist/bin/my_init" --root "$scratch" -- sh -c '
  for i in 1 2 3 4 5; do (sleep 0.3 &) ; done     # five orphans, re-parented to PID 1
  echo "child: pid $$, parent $PPID (my_init is PID 1)"
  sleep 0.5; echo "zombies left: $(ps -eo stat= | grep -c "^Z")"
  exit 42'
echo "my_init exited $? (the command exited 42)"

echo
echo "== 2. bin/my_init forwards TERM and exits 128+15 when it kills the child =="
$ns "$dist/bin/my_init" --quiet --root "$scratch" -- sh -c 'kill -TERM 1; sleep 5' 
echo "my_init exited $? (143 = 128 + SIGTERM)"

echo
echo "== 3. an app calling Init.run() as PID 1: 500 orphans reaped, 100 ProcessBuilder exit codes exact =="
# Only core and reaper on the class path (examples/target/lib): Init.run() starts what it finds, and the dist's lib/
# would add syslog on /dev/log and cron on this machine's /etc/crontab.
$ns java -Djnr.ffi.asm.enabled=false -cp "examples/target/lib/*:examples/target/classes" dev.jinit.examples.OrphanDemo 500
echo "demo app exited $?"
