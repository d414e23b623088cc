#!/bin/sh
# What a signal sent with kill() from another process does to a HotSpot JVM: the question behind spawning as a user
# from a thread of the JVM (a process of that user may signal the whole JVM through that thread's tid while it runs
# as the user). Starts a JVM that sleeps, sends it one signal, reports its exit status and whether it wrote hs_err.
#   bench/hotspot-signals.sh [SIGNAL...]      default: SEGV BUS ILL FPE TRAP SYS QUIT TERM
set -eu
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/Sleep.java" <<'JAVA'
public class Sleep {
    public static void main(String[] a) throws Exception {
        System.out.println("up");
        System.out.flush();
        Thread.sleep(20_000);
        System.out.println("survived");
    }
}
JAVA
"${java%java}javac" -d "$dir" "$dir/Sleep.java"
echo "$("$java" -version 2>&1 | head -n 1)"
for sig in ${*:-SEGV BUS ILL FPE TRAP SYS QUIT TERM}; do
    (cd "$dir" && exec "$java" -cp "$dir" Sleep > "$dir/out.$sig" 2>&1) &
    jvm=$!
    i=0
    until grep -q up "$dir/out.$sig" 2>/dev/null; do
        i=$((i + 1)); [ "$i" -lt 100 ] || { echo "JVM did not start" >&2; exit 1; }
        sleep 0.1 # polling a file another process writes: no event to wait for from sh
    done
    kill -"$sig" "$jvm"
    set +e; wait "$jvm"; rc=$?; set -e
    hs=$(ls "$dir"/hs_err_pid*.log 2>/dev/null | head -n 1 || true)
    what=$(grep -m1 -o 'SIG[A-Z]* (0x[0-9a-f]*) at pc=[^,]*(sent by kill)' "$hs" 2>/dev/null || true)
    if [ -n "$hs" ]; then report="yes: $what"; else report=no; fi
    echo "SIG$sig: exit $rc, hs_err: $report, survived: $(grep -c survived "$dir/out.$sig" || true)"
    rm -f "$dir"/hs_err_pid*.log
done
