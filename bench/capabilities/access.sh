#!/usr/bin/env bash
# bench/run access — what authentication costs per request: GET /jobs/{id} on synth serve in mode
# none (no credential) and in mode keys (an API key, verified by its grain on every request), a
# refused key (401), and /health/live (no authentication, no grain) as the floor.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run access [--requests N] [--concurrency C]

Starts synth serve twice on one data directory (--auth none, then --auth keys), sends N requests
(default 20000) with C in flight (default 8) per scenario from Node's fetch, prints requests/s and
p50/p99 latency per scenario with the load average, and saves them as JSON in
bench/results/access-<timestamp>.json.
USAGE
}

requests=20000 concurrency=8
while [[ $# -gt 0 ]]; do
    case "$1" in
        --requests) [[ $# -ge 2 ]] || die "--requests needs a value"; requests="$2"; shift 2 ;;
        --concurrency) [[ $# -ge 2 ]] || die "--concurrency needs a value"; concurrency="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run access: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
positive_int --requests "$requests"
positive_int --concurrency "$concurrency"
command -v jq >/dev/null || ensure_apt jq
command -v curl >/dev/null || ensure_apt curl

work="$(mktemp -d "${TMPDIR:-/tmp}/synth-bench-access.XXXXXX")"
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

log "building the CLI"
"$repo_root/synth" --help >/dev/null
synth=(dotnet "$repo_root/.artifacts/cli/synth.dll")

# serve MODE — starts synth serve on the bench's data directory; sets $server and $url.
serve() {
    SYNTH_LOG_LEVEL=warning SYNTH_API_PORT=0 "${synth[@]}" serve --auth "$1" --data-dir "$work/data" >"$work/serve-$1.log" 2>&1 &
    server=$!
    for _ in $(seq 1 300); do
        url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/serve-$1.log" | head -n 1 || true)"
        [[ -n "$url" ]] && return 0
        sleep 0.1
    done
    tail_log "$work/serve-$1.log"
    die "synth serve --auth $1 printed no URL within 30 s"
}

stop() {
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
}

load() { node "$bench_dir/access/load.mjs" "$@"; }

results=()
serve none
log "mode none at $url: a job and an admin key"
job="$(curl -sf -X POST "$url/jobs" -H 'Content-Type: application/json' -d '{"schema": {"id": {"type": "int", "min": 1, "max": 9}}, "rows": 10}' | jq -r .id)"
key="$(SYNTH_SERVER="$url" "${synth[@]}" keys create --name bench --role admin 2>/dev/null)"
results+=("$(load "$url/health/live" "$requests" "$concurrency" | jq -c '{scenario: "GET /health/live (no auth, no grain)"} + .')")
results+=("$(load "$url/jobs/$job" "$requests" "$concurrency" | jq -c '{scenario: "GET /jobs/{id}, mode none"} + .')")
stop

serve keys
log "mode keys at $url"
results+=("$(load "$url/jobs/$job" "$requests" "$concurrency" "$key" | jq -c '{scenario: "GET /jobs/{id}, mode keys (key verified per request)"} + .')")
results+=("$(load "$url/jobs/$job" "$requests" "$concurrency" "sk_k00000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" | jq -c '{scenario: "GET /jobs/{id}, mode keys, unknown key (401)"} + .')")
stop

load_avg="$(cut -d ' ' -f 1-3 /proc/loadavg)"
printf '%-58s %10s %8s %8s  %s\n' scenario "req/s" "p50 ms" "p99 ms" statuses
for r in "${results[@]}"; do
    jq -r '[.scenario, (.requests_per_sec | tostring), (.p50_ms | tostring), (.p99_ms | tostring), (.statuses | tostring)] | @tsv' <<<"$r" |
        awk -F '\t' '{ printf "%-58s %10s %8s %8s  %s\n", $1, $2, $3, $4, $5 }'
done
echo "load average (1, 5, 15 min) at the end: $load_avg; $(nproc) cores"
mkdir -p "$bench_dir/results"
out="$bench_dir/results/access-$(date +%Y%m%d-%H%M%S).json"
printf '%s\n' "${results[@]}" | jq -s --arg load "$load_avg" '{load_average: $load, scenarios: .}' >"$out"
log "saved $out"
