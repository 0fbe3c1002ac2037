#!/usr/bin/env bash
# bench/run jobs — bulk jobs end to end: a seed-example CSV job through `synth serve` (embedded:
# SQLite + local disk) and through a two-silo cluster on PostgreSQL (`synth api` + 2 × `synth silo`),
# against `synth run` of the same rows on the same machine.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run jobs [--rows N] [--shard-rows N] [--skip-postgres] [--no-verify] [--cold]

Measures, for one seed-example CSV job of N rows (default 20,000,000):
  synth run        wall time writing the file (the reference)
  synth serve      submit → succeeded wall time over HTTP, and its ratio to synth run (target >= 0.9;
                   2 silos on PostgreSQL: >= 0.8);
                   submit → first progress event, submit → first rows, and last shard done →
                   artifact published (the job's own timestamps)
  2 silos on PG    the same through \`synth api\` in front of two \`synth silo\` processes on a private
                   PostgreSQL (127.0.0.1, fsync off), each silo with its default threads (all
                   cores; SYNTH_BENCH_SILO_THREADS=N to change it)
then checks that each job's download is byte-identical to the synth run file (sha256; skip with
--no-verify), prints a table and saves it as JSON in bench/results/jobs-<timestamp>.json.

options:
  --rows N         rows of the job (default 20000000)
  --shard-rows N   rows per shard (default: the server's, 1,000,000)
  --skip-postgres  the embedded server only
  --no-verify      do not download and compare the outputs
  --cold           measure each server's first job; by default each first runs a 1,000-row
                   job, as a server that has been running has (JIT, first grain activations)
USAGE
}

rows=20000000 shard_rows="" use_postgres=true verify=true cold=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) [[ $# -ge 2 ]] || die "--rows needs a value"; rows="$2"; shift 2 ;;
        --shard-rows) [[ $# -ge 2 ]] || die "--shard-rows needs a value"; shard_rows="$2"; shift 2 ;;
        --skip-postgres) use_postgres=false; shift ;;
        --no-verify) verify=false; shift ;;
        --cold) cold=true; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run jobs: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
positive_int --rows "$rows"
[[ -z "$shard_rows" ]] || positive_int --shard-rows "$shard_rows"
command -v jq >/dev/null || ensure_apt jq
command -v curl >/dev/null || ensure_apt curl

repo="$(cd "$bench_dir/.." && pwd)"
schema="$bench_dir/schemas/seed-example.json"
work="$(mktemp -d "${TMPDIR:-/tmp}/synth-bench-jobs.XXXXXX")"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ -n "${pg_started:-}" ]] && pg_private_stop
    rm -rf "$work"
}
trap cleanup EXIT

load="$(cut -d ' ' -f 1 /proc/loadavg)"
awk -v l="$load" 'BEGIN { exit !(l > 1.0) }' && log "warning: load average is $load before the benchmark starts: figures will be low and noisy"

log "building the CLI"
"$repo/synth" --help >/dev/null
synth=(dotnet "$repo/.artifacts/cli/synth.dll")

now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- synth run
log "synth run: $(group "$rows") rows of CSV"
t0=$(now_ms)
"${synth[@]}" run --schema "$schema" --rows "$rows" --output "$work/run.csv" 2>"$work/run.log" || { tail_log "$work/run.log"; die "synth run failed"; }
run_s=$(calc2 "($(now_ms) - $t0) / 1000")
run_bytes=$(stat -c %s "$work/run.csv")
run_sha=""
$verify && run_sha=$(sha256sum "$work/run.csv" | cut -d ' ' -f 1)
log "synth run: ${run_s} s, $(group "$run_bytes") bytes"
rm -f "$work/run.csv"

# wait_for_url LOG — the URL a server prints once it listens.
wait_for_url() {
    local logfile="$1" url=""
    for _ in $(seq 1 300); do
        url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$logfile" | head -n 1 || true)"
        [[ -n "$url" ]] && { echo "$url"; return 0; }
        sleep 0.1
    done
    tail_log "$logfile"
    die "the server printed no URL within 30 s"
}

# run_job LABEL URL [ROWS] — submits the job, follows it, prints one JSON result line.
run_job() {
    local label="$1" url="$2" job_rows="${3:-$rows}" body id info status first_event="" first_rows="" t_submit t_end
    body="$(jq -cn --rawfile s "$schema" --argjson rows "$job_rows" --arg shard "$shard_rows" \
        '{schemaText: $s, rows: $rows, format: "csv", seed: 42} + (if $shard == "" then {} else {shardRows: ($shard | tonumber)} end)')"
    t_submit=$(now_ms)
    id="$(curl -sf -X POST "$url/jobs" -H 'Content-Type: application/json' -d "$body" | jq -r .id)" || die "$label: POST /jobs failed"
    # Follow the job as a client would, over server-sent events (no polling load on the server):
    # the first event, the first one with rows done, and the final one.
    while IFS= read -r line; do
        [[ "$line" == data:* ]] || continue
        [[ -z "$first_event" ]] && first_event=$(now_ms)
        [[ -z "$first_rows" && "$(jq -r .progress.rowsDone <<<"${line#data:}")" != 0 ]] && first_rows=$(now_ms)
        status="$(jq -r .status <<<"${line#data:}")"
        case "$status" in Succeeded | Failed | Cancelled) break ;; esac
    done < <(curl -sfN --max-time 1800 "$url/jobs/$id/events?after=0")
    t_end=$(now_ms)
    info="$(curl -sf "$url/jobs/$id")" || die "$label: GET /jobs/$id failed"
    [[ "$(jq -r .status <<<"$info")" == Succeeded ]] || die "$label: the job ended ${status:-without a final event}: $(jq -r .error <<<"$info")"
    local sha=""
    if $verify; then
        sha="$(curl -sf "$url/jobs/$id/download" | sha256sum | cut -d ' ' -f 1)"
    fi
    jq -cn --arg scenario "$label" --arg id "$id" --argjson info "$info" --argjson submit "$t_submit" --argjson finished "$t_end" \
        --arg fe "$first_event" --arg fr "${first_rows:-}" --arg sha "$sha" --arg run_sha "$run_sha" --argjson run_s "$run_s" '
        def ms(t): (t | sub("\\.[0-9]+"; "") | sub("\\+00:00$"; "Z") | fromdateiso8601) * 1000 + ((t | capture("\\.(?<f>[0-9]{1,3})").f // "0") + "00" | .[0:3] | tonumber);
        {scenario: $scenario, job: $id, rows: $info.spec.rows, shards: ($info.progress.shardsDone),
         wall_s: (($finished - $submit) / 1000), rows_per_sec: ($info.spec.rows / (($finished - $submit) / 1000)),
         ratio_vs_synth_run: ($run_s / (($finished - $submit) / 1000)),
         submit_to_first_event_ms: (if $fe == "" then null else ($fe | tonumber) - $submit end),
         submit_to_first_rows_ms: (if $fr == "" then null else ($fr | tonumber) - $submit end),
         last_shard_to_published_ms: (if $info.shardsDoneAt == null then null else ms($info.finishedAt) - ms($info.shardsDoneAt) end),
         bytes: ($info.files[0].length), identical_to_synth_run: (if $sha == "" then null else $sha == $run_sha end)}'
}

results=()

# ---------------------------------------------------------------- synth serve (embedded)
log "synth serve (embedded: SQLite + local disk)"
SYNTH_API_PORT=0 "${synth[@]}" serve --data-dir "$work/serve" >"$work/serve.log" 2>&1 &
pids+=($!)
url="$(wait_for_url "$work/serve.log")"
log "server at $url; submitting"
$cold || run_job "warm-up" "$url" 1000 >/dev/null
results+=("$(run_job "synth serve (embedded)" "$url")")
log "$(jq -r '"done in \(.wall_s) s (\(.ratio_vs_synth_run * 100 | round) % of synth run)"' <<<"${results[-1]}")"
kill "${pids[0]}" 2>/dev/null || true

# ---------------------------------------------------------------- 2 silos on PostgreSQL
if $use_postgres; then
    # shellcheck source=scripts/pg-private.sh
    source "$repo/scripts/pg-private.sh"
    log "starting a private PostgreSQL on 127.0.0.1"
    pg_private_start >"$work/pg.log" 2>&1 || { tail_log "$work/pg.log"; die "could not start PostgreSQL"; }
    pg_started=1
    export Synth__Artifacts__Local__RootDirectory="$work/cluster-artifacts"
    # Each silo as `synth silo` runs out of the box (all cores for a shard), unless SYNTH_BENCH_SILO_THREADS says otherwise.
    threads=${SYNTH_BENCH_SILO_THREADS:-$(nproc)}
    for name in silo-a silo-b; do
        Synth__Jobs__Threads=$threads "${synth[@]}" silo --postgres "$SYNTH_TEST_PG_CONNSTRING" --name "$name" >"$work/$name.log" 2>&1 &
        pids+=($!)
    done
    SYNTH_API_PORT=0 "${synth[@]}" api --auth none --postgres "$SYNTH_TEST_PG_CONNSTRING" >"$work/api.log" 2>&1 &
    pids+=($!)
    url="$(wait_for_url "$work/api.log")"
    sleep 2 # both silos joined
    log "cluster API at $url; submitting"
    $cold || run_job "warm-up" "$url" 1000 >/dev/null
    results+=("$(run_job "2 silos on PostgreSQL" "$url")")
    log "$(jq -r '"done in \(.wall_s) s (\(.ratio_vs_synth_run * 100 | round) % of synth run)"' <<<"${results[-1]}")"
fi

# ---------------------------------------------------------------- report
echo
echo "jobs: $(group "$rows") rows of seed-example CSV; synth run: ${run_s} s ($(group "$(calc "$rows / $run_s")") rows/s)"
printf '%-26s %9s %12s %9s %12s %12s %14s %10s\n' scenario "wall s" "rows/s" "vs run" "1st event" "1st rows" "publish" identical
for r in "${results[@]}"; do
    jq -r '[.scenario, (.wall_s | tostring), (.rows_per_sec | round | tostring), ((.ratio_vs_synth_run * 100 | round | tostring) + " %"),
            ((.submit_to_first_event_ms // "n/a" | tostring) + " ms"), ((.submit_to_first_rows_ms // "n/a" | tostring) + " ms"),
            ((.last_shard_to_published_ms // "n/a" | tostring) + " ms"), (.identical_to_synth_run // "n/a" | tostring)] | @tsv' <<<"$r" |
        awk -F '\t' '{ printf "%-26s %9s %12s %9s %12s %12s %14s %10s\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
done
echo "targets from the issue (reference only, never checked): synth serve >= 0.9 × synth run; 2 silos on PostgreSQL >= 0.8 × synth run"
mkdir -p "$bench_dir/results"
out="$bench_dir/results/jobs-$(date -u +%Y%m%dT%H%M%SZ).json"
printf '%s\n' "${results[@]}" | jq -s --arg rows "$rows" --argjson run_s "$run_s" --arg commit "$(git -C "$repo" rev-parse --short HEAD)" \
    '{capability: "jobs", commit: $commit, rows: ($rows | tonumber), synth_run_seconds: $run_s, jobs: .}' >"$out"
echo "saved $out"
