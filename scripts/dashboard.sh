# shellcheck shell=bash
# Builds the web dashboard (web/dashboard) into Synth.Api's wwwroot, which the .NET build copies
# beside the server. Sourced by ./synth and ./test; defines functions only.
#
# ensure_dashboard_built ROOT
#   'npm ci' when node_modules is missing or older than package.json / package-lock.json, then
#   'npm run build' when any source of the dashboard is newer than the last build (or the bundle
#   is missing). A no-op that costs one 'find' when nothing changed. Prints only when it works.
#   Returns non-zero when npm is missing or a step fails (the caller decides whether that is fatal).
ensure_dashboard_built() {
  local root=$1
  local dir=$root/web/dashboard
  local out=$root/src/Synth.Api/wwwroot
  local stamp=$root/.artifacts/web/.build-stamp

  if [[ -f $out/index.html && -f $stamp
        && -z $(find "$dir" -path "$dir/node_modules" -prune -o -type f -newer "$stamp" -print -quit) ]]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "warning: npm is not installed: the dashboard cannot be built (/ will say how)" >&2
    return 1
  fi
  if [[ ! -d $dir/node_modules || $dir/package.json -nt $dir/node_modules || $dir/package-lock.json -nt $dir/node_modules ]]; then
    echo "==> npm ci in web/dashboard" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || return 1
    touch "$dir/node_modules"
  fi
  echo "==> building the dashboard (web/dashboard)" >&2
  local log
  if ! log=$(cd "$dir" && npm run build 2>&1); then
    echo "$log" >&2
    echo "error: the dashboard's build failed" >&2
    return 1
  fi
  mkdir -p "$(dirname "$stamp")"
  touch "$stamp"
}
