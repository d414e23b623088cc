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
