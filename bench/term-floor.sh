#!/bin/sh
# The floor of a Java init's TERM forward (bench/TermFloor.java) as PID 1, with the JVM options of a jinit dist:
#   bench/term-floor.sh DIST CLASSDIR -- COMMAND [ARG...]
# CLASSDIR holds TermFloor.class (init-bench.sh compiles it there). COMMAND starts first, from this shell, with
# nothing blocked and default dispositions (as my_init's early start gives it); then the JVM is exec'ed, with TERM and
# CHLD blocked from its first instruction, as bin/jinit-java does. Not an init: it forwards TERM alone and exits when
# COMMAND has ended.
[ $# -ge 4 ] && [ "$3" = -- ] || { echo "usage: term-floor.sh DIST CLASSDIR -- COMMAND [ARG...]" >&2; exit 2; }
jinit_bin=$1/bin
floor_classes=$2
shift 3
jinit_block=TERM,CHLD
. "$jinit_bin/jinit-java" # sets java and jinit_jvm_opts (the dist's options), jinit_home; runs nothing
env --default-signal -- "$@" &
floor_child=$!
# shellcheck disable=SC2086
exec env --ignore-signal=HUP,INT,TERM --block-signal=TERM,CHLD "$java" $jinit_jvm_opts \
  "-Djffi.boot.library.path=$jinit_home/lib/jni" -cp "$jinit_home/lib/*:$floor_classes" TermFloor "$floor_child"
