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

echo
echo "== 4. my_init's full sequence on a test root: a start-up script exports a variable, a service logs it through"
echo "      syslog, the main command looks, then services stop and a post-shutdown script runs =="
r="$scratch/image"
mkdir -p "$r/etc/container_environment" "$r/etc/my_init.d" "$r/etc/service/hello" "$r/etc/my_init.post_shutdown.d"
printf '#!/bin/sh\nprintf world > %s/etc/container_environment/WHO\n' "$r" > "$r/etc/my_init.d/10_who"
printf '#!/bin/sh\nlogger -u %s/dev/log -t hello "hello $WHO"\nexec sleep 1000\n' "$r" > "$r/etc/service/hello/run"
printf '#!/bin/sh\necho "post-shutdown: the services have stopped"\n' > "$r/etc/my_init.post_shutdown.d/bye"
chmod +x "$r/etc/my_init.d/10_who" "$r/etc/service/hello/run" "$r/etc/my_init.post_shutdown.d/bye"
# (a demo may wait a moment for the service to log; the tests wait for events instead)
$ns "$dist/bin/my_init" --quiet --root "$r" -- sh -c "sleep 2; $dist/bin/sv status $r/etc/service/hello; tail -n 1 $r/var/log/syslog; exit 5"
echo "my_init exited $? (the main command exited 5)"
