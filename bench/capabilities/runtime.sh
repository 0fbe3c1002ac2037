#!/usr/bin/env bash
# bench/run runtime — the grain runtime's figures (Synth.Runtime): grain calls/s and latency on
# the embedded (SQLite) and PostgreSQL providers, grain stream event latency, and the failover
# time after kill -9 of a silo process, next to the targets of the issue.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run runtime [--quick] [--seconds S] [--warmup S] [--clients C] [--keys K]
                         [--rate R] [--repeats N] [--skip-postgres] [--postgres CONN]

Builds bench/runtime/Synth.Bench.Runtime (Release) and measures, each in a fresh database:
  calls     N in-process silos (one store each, same database), C concurrent callers on the
            clients of all silos: calls/s and p50/p99/max latency. Embedded (SQLite) 1 silo,
            PostgreSQL 1 and 2 silos; a counter grain (Add(1), durable state written every call)
            on K keys and on one key (one activation: turn-based throughput), and an echo grain
            without state
  streams   appender on one silo, subscriber on another, R events/s: end-to-end event latency
  failover  PostgreSQL, two silo processes with default SiloOptions: kill -9 the grain's host,
            time until the grain answers from the other silo, N rounds
then prints a table with the issue's targets for reference (never checked) and saves it as JSON
in bench/results/runtime-<timestamp>.json. A default run takes about 3 minutes.

options:
  --quick          smoke test (~30 s plus the build): 1.5 s per scenario, 1 failover round
  --seconds S      measured seconds per calls and streams scenario (default 10)
  --warmup S       warm-up seconds before each (default 5 for calls, 2 for streams)
  --clients C      concurrent callers (default 32)
  --keys K         grain keys of the spread-out scenarios (default 64)
  --rate R         stream events per second (default 200)
  --repeats N      failover rounds (default 3)
  --skip-postgres  embedded (SQLite) scenarios only; needs no PostgreSQL
  --postgres CONN  use this PostgreSQL server (Npgsql key=value form; the bench creates and drops
                   a database per scenario on it) instead of a private one on 127.0.0.1

PostgreSQL: by default a private, throwaway server from scripts/pg-private.sh (127.0.0.1, a free
port, fsync off, max_connections 200), started once and stopped at the end; each store pools at
most 20 connections (Maximum Pool Size=20).

environment:
  TMPDIR           where the SQLite databases are created (removed at the end)
USAGE
}

# ---------------------------------------------------------------- options
quick=false seconds="" warmup="" clients=32 keys=64 rate=200 repeats="" use_postgres=true pg_conn=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=true; shift ;;
        --seconds) [[ $# -ge 2 ]] || die "--seconds needs a value"; seconds="$2"; shift 2 ;;
        --warmup) [[ $# -ge 2 ]] || die "--warmup needs a value"; warmup="$2"; shift 2 ;;
        --clients) [[ $# -ge 2 ]] || die "--clients needs a value"; clients="$2"; shift 2 ;;
        --keys) [[ $# -ge 2 ]] || die "--keys needs a value"; keys="$2"; shift 2 ;;
        --rate) [[ $# -ge 2 ]] || die "--rate needs a value"; rate="$2"; shift 2 ;;
        --repeats) [[ $# -ge 2 ]] || die "--repeats needs a value"; repeats="$2"; shift 2 ;;
        --skip-postgres) use_postgres=false; shift ;;
        --postgres) [[ $# -ge 2 ]] || die "--postgres needs a value"; pg_conn="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run runtime: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
if $quick; then
    calls_seconds="${seconds:-1.5}" calls_warmup="${warmup:-0.5}"
    stream_seconds="${seconds:-1.5}" stream_warmup="${warmup:-0.5}" repeats="${repeats:-1}"
else
    calls_seconds="${seconds:-10}" calls_warmup="${warmup:-5}"
    stream_seconds="${seconds:-10}" stream_warmup="${warmup:-2}" repeats="${repeats:-3}"
fi
for v in calls_seconds calls_warmup; do
    [[ "${!v}" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--${v#calls_} must be a number of seconds, got '${!v}'"
done
awk -v s="$calls_seconds" 'BEGIN { exit !(s > 0) }' || die "--seconds must be more than 0"
positive_int --clients "$clients"
positive_int --keys "$keys"
positive_int --rate "$rate"
positive_int --repeats "$repeats"

work="$(mktemp -d "${TMPDIR:-/tmp}/synth-bench-runtime.XXXXXX")"
cleanup() {
    if declare -F pg_private_stop >/dev/null; then pg_private_stop; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# Other work on the machine (builds, test runs) steals cores and makes every figure low; here
# PostgreSQL and the silos share the same cores too.
load_before="$(cut -d ' ' -f 1 /proc/loadavg)"
if awk -v l="$load_before" 'BEGIN { exit !(l > 0.5) }'; then
    log "warning: load average is $load_before before the benchmark starts: figures will be low and noisy"
fi

# ---------------------------------------------------------------- prerequisites
ensure_apt jq
$use_postgres && [[ -z "$pg_conn" ]] && ensure_apt postgresql

project="$bench_dir/runtime/Synth.Bench.Runtime/Synth.Bench.Runtime.csproj"
log "building Synth.Bench.Runtime (Release)"
dotnet build "$project" -c Release -nologo -v q >"$work/log" 2>&1 || { tail_log "$work/log"; die "building Synth.Bench.Runtime failed"; }
bench_dll="$(dotnet msbuild "$project" -nologo -getProperty:TargetPath -p:Configuration=Release)"
[[ -f "$bench_dll" ]] || die "the build did not produce $bench_dll"

pg_version=""
pg_label=""
if $use_postgres; then
    if [[ -z "$pg_conn" ]]; then
        # shellcheck source=scripts/pg-private.sh
        source "$repo_root/scripts/pg-private.sh"
        log "starting a private PostgreSQL on 127.0.0.1"
        pg_private_start || die "could not start the private PostgreSQL"
        pg_conn="$SYNTH_TEST_PG_CONNSTRING"
        pg_version="$("$PG_PRIVATE_BIN/postgres" --version | awk '{ print $3 }')"
        pg_label="private PostgreSQL $pg_version on 127.0.0.1:$PG_PRIVATE_PORT (fsync off, max_connections 200)"
        log "$pg_label"
    else
        pg_label="PostgreSQL given with --postgres"
    fi
fi

# ---------------------------------------------------------------- measurements
failures=0
calls_json=() streams_json=() failover_json=null
calls_table=() streams_table=() failover_lines=() notes=()

# run_mode MODE ARGS... — runs the bench driver; its progress goes to stderr as it comes, its last
# stdout line (JSON) into r_json. On failure sets r_error (one line) and returns 1.
run_mode() {
    r_json="" r_error=""
    local mode="$1"
    shift
    local pg_args=()
    [[ "$mode" == failover || " $* " == *" postgres "* ]] && pg_args=(--postgres "$pg_conn")
    if ! dotnet "$bench_dll" "$mode" "$@" "${pg_args[@]}" 2>&1 >"$work/out" | tee "$work/err" >&2; then
        r_error="$(grep -m 1 -E 'Unhandled exception|Synth.Bench.Runtime:' "$work/err" || grep -E '[^[:space:]]' "$work/err" | tail -n 1 || true)"
        r_error="$(sed -E 's/^[[:space:]]+//; s/^(Unhandled exception\. |Synth\.Bench\.Runtime: (failed: )?)//; s/ \(0x[0-9A-Fa-f]+\)//' \
            <<<"${r_error:-exited with an error}" | cut -c 1-100)"
        return 1
    fi
    r_json="$(tail -n 1 "$work/out")"
    if ! jq -e .mode >/dev/null 2>&1 <<<"$r_json"; then
        r_error="printed no JSON result"
        return 1
    fi
}

fmt_ms() { [[ "$1" == null ]] && printf 'n/a' || printf '%.2f' "$1"; }

# note_problems LABEL — failed calls and runtime warnings of the last result, as notes under the table.
note_problems() {
    local label="$1" kinds
    kinds="$(jq -r '[(.error_kinds // {}), (.runtime_warning_kinds // {}), (.driver_warning_kinds // {})] | add
                    | to_entries[] | "\(.value)× \(.key)"' <<<"$r_json")"
    [[ -z "$kinds" ]] && return 0
    notes+=("$label:")
    while IFS= read -r line; do notes+=("    ${line:0:150}"); done <<<"$kinds"
}

# calls_scenario LABEL PROVIDER SILOS KEYS GRAIN [CALLERS]
calls_scenario() {
    local label="$1" provider="$2" silos="$3" nkeys="$4" grain="$5" callers="${6:-$clients}"
    log "calls: $label"
    if ! run_mode calls --provider "$provider" --silos "$silos" --keys "$nkeys" --grain "$grain" \
        --clients "$callers" --seconds "$calls_seconds" --warmup "$calls_warmup"; then
        failures=$((failures + 1))
        log "FAILED: $label: $r_error; going on"
        calls_json+=("$(jq -cn --arg s "$label" --arg p "$provider" --argjson n "$silos" --argjson k "$nkeys" --arg g "$grain" --arg e "$r_error" \
            '{scenario: $s, provider: $p, silos: $n, keys: $k, grain: $g, error: $e}')")
        calls_table+=("$(printf '%-50s  FAILED: %s' "$label" "${r_error:0:70}")")
        return 0
    fi
    calls_json+=("$(jq -c --arg s "$label" '{scenario: $s} + .' <<<"$r_json")")
    local cps p50 p99 max errors cpu state
    IFS=$'\t' read -r cps p50 p99 max errors cpu state < <(jq -r '[
        (.calls_per_sec | round),
        .p50_ms, .p99_ms, .max_ms, .errors,
        (if .calls > 0 then ((.bench_process_cpu_seconds * 1000 / .calls * 100 | round) / 100 | tostring)
            + (if .postgres_backend_cpu_seconds == null then "" else " + " + ((.postgres_backend_cpu_seconds * 1000 / .calls * 100 | round) / 100 | tostring) end)
         else "n/a" end),
        (if .state_check == null then "-" elif .state_check.ok then "ok" else "MISMATCH" end)] | @tsv' <<<"$r_json")
    calls_table+=("$(printf '%-50s %9s %8s %8s %8s %7s  %-14s %s' "$label" "$(group "$cps")" "$(fmt_ms "$p50")" "$(fmt_ms "$p99")" \
        "$(fmt_ms "$max")" "$errors" "$cpu" "$state")")
    note_problems "$label"
}

# streams_scenario LABEL PROVIDER
streams_scenario() {
    local label="$1" provider="$2"
    log "streams: $label"
    if ! run_mode streams --provider "$provider" --rate "$rate" --seconds "$stream_seconds" --warmup "$stream_warmup"; then
        failures=$((failures + 1))
        log "FAILED: streams $label: $r_error; going on"
        streams_json+=("$(jq -cn --arg s "$label" --arg p "$provider" --arg e "$r_error" '{scenario: $s, provider: $p, error: $e}')")
        streams_table+=("$(printf '%-50s  FAILED: %s' "$label" "${r_error:0:70}")")
        return 0
    fi
    streams_json+=("$(jq -c --arg s "$label" '{scenario: $s} + .' <<<"$r_json")")
    local eps p50 p99 max errors delivered
    IFS=$'\t' read -r eps p50 p99 max errors delivered < <(jq -r '[(.events_per_sec | round), .p50_ms, .p99_ms, .max_ms, .errors,
        "\(.events_received)/\(.events_sent)"] | @tsv' <<<"$r_json")
    streams_table+=("$(printf '%-50s %9s %8s %8s %8s %7s  %s' "$label" "$(group "$eps")" "$(fmt_ms "$p50")" "$(fmt_ms "$p99")" \
        "$(fmt_ms "$max")" "$errors" "$delivered")")
    note_problems "streams, $label"
}

s_="s"
[[ "$keys" -eq 1 ]] && s_=""
calls_scenario "embedded (SQLite), 1 silo, counter, $keys key$s_" sqlite 1 "$keys" counter
calls_scenario "embedded (SQLite), 1 silo, counter, 1 key" sqlite 1 1 counter
if $use_postgres; then
    calls_scenario "PostgreSQL, 1 silo, counter, $keys key$s_" postgres 1 "$keys" counter
    calls_scenario "PostgreSQL, 2 silos, counter, $keys key$s_" postgres 2 "$keys" counter
    pg2_json="$r_json"
    # Half the callers: throughput near saturation, with less queueing in the latency.
    half=$(( clients > 1 ? clients / 2 : 1 ))
    calls_scenario "PostgreSQL, 2 silos, counter, $keys key$s_, $half callers" postgres 2 "$keys" counter "$half"
    pg2_half_json="$r_json"
    calls_scenario "PostgreSQL, 2 silos, counter, 1 key" postgres 2 1 counter
    calls_scenario "PostgreSQL, 2 silos, echo (no state), $keys key$s_" postgres 2 "$keys" echo
    # One caller, one call at a time: the latency of a call without queueing behind others.
    calls_scenario "PostgreSQL, 2 silos, counter, $keys key$s_, 1 caller" postgres 2 "$keys" counter 1
fi

streams_scenario "embedded (SQLite), 2 silos in one process" sqlite
$use_postgres && streams_scenario "PostgreSQL, 2 silos" postgres

failover_median=""
if $use_postgres; then
    log "failover: $repeats round(s)"
    if run_mode failover --repeats "$repeats"; then
        failover_json="$r_json"
        while IFS= read -r line; do failover_lines+=("$line"); done < <(jq -r '.rounds[] |
            if .error then "  round \(.round): FAILED: \(.error)"
            else "  round \(.round): \(.failover_seconds * 100 | round / 100) s  (\(.from) → \(.to); declared dead after \(if .declared_dead_seconds == null then "?" else (.declared_dead_seconds * 100 | round / 100 | tostring) end) s; state \(if .state_kept then "kept" else "LOST" end))"
            end' <<<"$r_json")
        failover_median="$(jq -r '.median_seconds // empty' <<<"$r_json")"
        [[ -n "$failover_median" ]] && failover_lines+=("  median: $(calc2 "$failover_median") s")
        if [[ "$(jq -r '.errors' <<<"$r_json")" -gt 0 ]]; then failures=$((failures + 1)); fi
        note_problems "failover"
    else
        failures=$((failures + 1))
        log "FAILED: failover: $r_error"
        failover_json="$(jq -cn --arg e "$r_error" '{mode: "failover", error: $e}')"
        failover_lines+=("  FAILED: ${r_error:0:90}")
    fi
fi

# ---------------------------------------------------------------- report
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
load_after="$(cut -d ' ' -f 1 /proc/loadavg)"

echo
echo "Synth runtime benchmark — $started_at, commit $commit"
echo "machine: $(nproc) cores ($cpu), $(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB;" \
    "load average $load_before before, $load_after after (a busy machine gives low figures)"
$use_postgres && echo "$pg_label; the silos, the callers and PostgreSQL share these cores"
echo
echo "grain calls: $clients concurrent callers (unless the scenario says otherwise), each calling as soon as its previous call"
echo "returned, spread over the clients of all silos; ${calls_seconds} s each after ${calls_warmup} s of warm-up"
echo "(counter = Add(1) writing durable state every call; CPU = milliseconds of CPU per call, bench process + PostgreSQL backends;"
echo " state = the counters hold exactly the successful calls)"
printf '%-50s %9s %8s %8s %8s %7s  %-14s %s\n' scenario calls/s "p50 ms" "p99 ms" "max ms" errors "CPU ms/call" state
printf '%s\n' "${calls_table[@]}"
echo
echo "stream events: appender on one silo, subscriber on another, $rate events/s for ${stream_seconds} s; latency = append → delivery"
printf '%-50s %9s %8s %8s %8s %7s  %s\n' scenario events/s "p50 ms" "p99 ms" "max ms" errors delivered
printf '%s\n' "${streams_table[@]}"
if $use_postgres; then
    echo
    echo "failover (PostgreSQL, two silo processes, default SiloOptions: heartbeat 1 s, death timeout 5 s):"
    echo "kill -9 of the grain's host → first answer from the other silo"
    printf '%s\n' "${failover_lines[@]}"
fi
echo
echo "targets from the issue (reference only, never checked):"
if $use_postgres && [[ -n "${pg2_json:-}" ]]; then
    for j in "$pg2_json" "${pg2_half_json:-}"; do
        [[ -n "$j" ]] || continue
        printf '  %-62s measured: %s\n' ">= 2,000 calls/s across two silos on PostgreSQL, p99 < 25 ms" \
            "$(jq -r '"\(.calls_per_sec | round) calls/s, p99 \(.p99_ms * 10 | round / 10) ms (2 silos, counter, \(.keys) keys, \(.clients) callers)"' <<<"$j")"
    done
else
    printf '  %-62s measured: %s\n' ">= 2,000 calls/s across two silos on PostgreSQL, p99 < 25 ms" "n/a"
fi
printf '  %-62s measured: %s\n' "failover <= 10 s with default settings" \
    "$([[ -n "$failover_median" ]] && echo "median $(calc2 "$failover_median") s" || echo n/a)"
if [[ ${#notes[@]} -gt 0 ]]; then
    echo
    echo "failed calls and runtime warnings/errors (count× kind):"
    printf '  %s\n' "${notes[@]}"
fi

mkdir -p "$bench_dir/results"
result_file="$bench_dir/results/runtime-$(date -u +%Y%m%dT%H%M%SZ).json"
{
    printf '%s\n' "${calls_json[@]+"${calls_json[@]}"}" | jq -cs . >"$work/calls.json"
    printf '%s\n' "${streams_json[@]+"${streams_json[@]}"}" | jq -cs . >"$work/streams.json"
    jq -n --arg at "$started_at" --arg commit "$commit" --arg cpu "$cpu" --argjson cores "$(nproc)" \
        --argjson load_before "$load_before" --argjson load_after "$load_after" \
        --arg dotnet "$(dotnet --version 2>/dev/null || true)" --arg pg "$pg_version" --arg pg_label "$pg_label" \
        --argjson quick "$quick" --argjson clients "$clients" --argjson keys "$keys" --argjson rate "$rate" \
        --argjson repeats "$repeats" --argjson cs "$calls_seconds" --argjson cw "$calls_warmup" \
        --argjson ss "$stream_seconds" --argjson sw "$stream_warmup" --argjson pgon "$use_postgres" \
        --slurpfile calls "$work/calls.json" --slurpfile streams "$work/streams.json" --argjson failover "$failover_json" \
        '{capability: "runtime", started_at: $at, commit: $commit,
          machine: {cores: $cores, cpu: $cpu, load_average_before: $load_before, load_average_after: $load_after},
          tools: {dotnet: $dotnet, postgres: (if $pg == "" then null else $pg end)},
          postgres: (if $pgon then $pg_label else null end),
          options: {quick: $quick, clients: $clients, keys: $keys, calls_seconds: $cs, calls_warmup_seconds: $cw,
                    stream_rate: $rate, stream_seconds: $ss, stream_warmup_seconds: $sw, failover_repeats: $repeats,
                    postgres_pool_size_per_store: 20},
          calls: $calls[0], streams: $streams[0], failover: $failover,
          targets: {calls: {silos: 2, provider: "postgres", min_calls_per_sec: 2000, max_p99_ms: 25},
                    failover: {max_seconds: 10, silo_options: "default"}}}'
} >"$result_file"
echo
echo "saved ${result_file#"$repo_root"/}"
if [[ "$failures" -gt 0 ]]; then
    echo "$failures runtime measurement(s) FAILED (see the table and the log above)" >&2
    exit 1
fi
