# shellcheck shell=bash
# Idempotent installers for what ./test (and later benchmarks) need on a fresh
# Debian 12 machine that only has the .NET SDK, Node 20/npm and apt.
# Source this file; it only defines functions.
#
# Everything here prints only when it actually has to install something, so a
# second run of ./test on a prepared machine stays quiet.

# apt-get update is slow and only needed when the package lists are missing or
# stale; remember in this shell whether we already did it.
_ENSURE_APT_UPDATED=0

# _ensure_as_root CMD...: run CMD as root (directly, or through sudo when we are
# a normal user), because apt-get needs root.
_ensure_as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: '$*' needs root and sudo is not available" >&2
    return 1
  fi
}

# _ensure_probe PROBE: true when PROBE is satisfied. A PROBE starting with '/'
# is a path glob (e.g. /usr/lib/postgresql/*/bin/initdb), anything else is a
# command name looked up on PATH.
_ensure_probe() {
  local probe=$1 match
  if [[ $probe == /* ]]; then
    # Unquoted on purpose: let the shell expand the glob.
    for match in $probe; do
      [[ -e $match ]] && return 0
    done
    return 1
  fi
  command -v "$probe" >/dev/null 2>&1
}

# ensure_apt_package PROBE PACKAGE...
#   Installs the Debian PACKAGEs only when PROBE (see _ensure_probe) is not
#   satisfied, e.g.
#     ensure_apt_package '/usr/lib/postgresql/*/bin/initdb' postgresql
#     ensure_apt_package /usr/sbin/rabbitmq-server rabbitmq-server
#     ensure_apt_package /usr/bin/chromium chromium chromium-driver
#   A first install attempt runs without 'apt-get update' (fast when the lists
#   are fresh); if it fails, the lists are refreshed once and it is retried.
ensure_apt_package() {
  local probe=$1
  shift
  _ensure_probe "$probe" && return 0

  echo "==> installing Debian package(s): $* (missing: $probe)"
  local -a apt=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q
                --no-install-recommends "$@")
  if ! _ensure_as_root "${apt[@]}"; then
    if [[ $_ENSURE_APT_UPDATED -eq 0 ]]; then
      echo "==> apt-get install failed; refreshing package lists once and retrying"
      _ensure_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
      _ENSURE_APT_UPDATED=1
    fi
    _ensure_as_root "${apt[@]}"
  fi

  if ! _ensure_probe "$probe"; then
    echo "error: installed '$*' but '$probe' is still missing" >&2
    return 1
  fi
}

# ensure_node_modules ROOT
#   For every ROOT/tests/node*/ folder with a package.json: install its npm
#   dependencies when node_modules is missing or older than package.json /
#   package-lock.json. 'npm ci' when a lock file exists (reproducible; falls
#   back to 'npm install --no-save' if npm ci rejects the lock, see below),
#   'npm install' otherwise. node_modules is touched afterwards so that its
#   mtime is the "installed at" stamp even when npm rewrote the lock file.
ensure_node_modules() {
  local root=$1 dir pkg_dir
  for pkg_dir in "$root"/tests/node*/; do
    [[ -f $pkg_dir/package.json ]] || continue
    dir=${pkg_dir%/}
    if [[ -d $dir/node_modules
          && ! $dir/package.json -nt $dir/node_modules
          && ! ( -f $dir/package-lock.json && $dir/package-lock.json -nt $dir/node_modules ) ]]; then
      continue
    fi
    if ! command -v npm >/dev/null 2>&1; then
      echo "error: npm is needed for ${dir#"$root"/} but is not installed" >&2
      return 1
    fi
    if [[ -f $dir/package-lock.json ]]; then
      echo "==> npm ci in ${dir#"$root"/}"
      local log
      log=$(mktemp)
      if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
        # npm 11's 'npm ci' also wants lock entries for the other platforms'
        # optional packages (e.g. @duckdb/node-bindings-darwin-*); a registry
        # that lacks them yields a lock 'npm ci' rejects forever. 'npm install
        # --no-save' still installs the locked versions and never rewrites
        # package.json or package-lock.json.
        echo "warning: npm ci rejected ${dir#"$root"/}/package-lock.json:"
        grep -E 'Missing:|Invalid:|ERR|error code' "$log" | head -n 8 | sed 's/^/    /' || true
        echo "==> falling back to npm install --no-save in ${dir#"$root"/}"
        if ! (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error); then
          rm -f "$log"
          return 1
        fi
      fi
      rm -f "$log"
    else
      echo "==> npm install in ${dir#"$root"/} (no package-lock.json)"
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
    fi
    touch "$dir/node_modules"
  done
}
