# shellcheck shell=bash
# Helpers shared by the bench/capabilities/*.sh scripts. Source it; it defines functions only
# (plus bench_dir / repo_root), so sourcing has no side effects.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_root="$(cd "$bench_dir/.." && pwd)"

# Progress goes to stderr so that stdout carries only the results table.
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# ensure_apt PKG... — install the Debian packages that are not installed yet (checked with
# dpkg -s, so a machine that has them is never touched and no network is needed).
ensure_apt() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    local sudo=()
    [[ $EUID -ne 0 ]] && sudo=(sudo)
    log "installing Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2
}

# ensure_npm DIR — install DIR's npm dependencies when node_modules is missing or older than
# the lock file (npm ci when there is a lock file, npm install otherwise).
ensure_npm() {
    local dir="$1"
    local stamp="$dir/node_modules/.package-lock.json"
    if [[ -f "$stamp" && ! "$dir/package-lock.json" -nt "$stamp" && ! "$dir/package.json" -nt "$stamp" ]]; then
        return 0
    fi
    log "installing npm packages in ${dir#"$repo_root"/}"
    if [[ -f "$dir/package-lock.json" ]]; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    else
        (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
    fi
}

# timed TIMEFILE LOGFILE CMD... — run CMD with GNU time; TIMEFILE gets
# "ELAPSED_S MAXRSS_KB USER_S SYS_S" (max RSS and CPU times include CMD's children).
# CMD's stdout and stderr both go to LOGFILE. Returns CMD's exit status.
timed() {
    local timefile="$1" logfile="$2"
    shift 2
    local rc=0
    /usr/bin/time -f '%e %M %U %S' -o "$timefile" -- "$@" >"$logfile" 2>&1 || rc=$?
    return "$rc"
}

# group 1234567 → 1,234,567 (readable row counts whatever the locale).
group() {
    local n="$1" sign=""
    [[ "$n" == -* ]] && sign="-" && n="${n#-}"
    while [[ "$n" =~ ^([0-9]+)([0-9]{3})(.*)$ ]]; do
        n="${BASH_REMATCH[1]},${BASH_REMATCH[2]}${BASH_REMATCH[3]}"
    done
    printf '%s%s' "$sign" "$n"
}

# calc EXPR — floating-point arithmetic (awk), e.g. calc "10000000 / 3.21" → 3115264.
calc() { awk "BEGIN { v = $1; printf \"%.0f\", v }"; }
calc2() { awk "BEGIN { v = $1; printf \"%.2f\", v }"; }

# positive_int NAME VALUE — die unless VALUE is a positive integer.
positive_int() {
    [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, got '$2'"
}

# tail_log FILE — the last lines of a failed command's log, indented, on stderr.
tail_log() { tail -n 20 "$1" | sed 's/^/    | /' >&2; }
