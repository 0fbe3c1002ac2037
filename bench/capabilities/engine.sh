#!/usr/bin/env bash
# bench/run engine — Synth's schema-driven generation figures, and how they compare with the
# generators people use today (Bogus, faker-js, Python Faker) on the same seed example.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run engine [--rows N] [--quick] [--full] [--repeat N] [--seed S]
                        [--targets devnull,csv,parquet] [--skip-synth] [--skip-peers]

Measures Synth (rows/s and peak RSS, 1 thread and all threads, to /dev/null, a CSV file and a
Parquet file) for bench/schemas/seed-example.json and numeric-10.json, and for relational.json
(customers → orders → order lines, with products; one file per table in a directory, rows/s over
all tables; /dev/null does not apply), checks that memory stays
flat as the row count grows, runs the peers (Bogus, faker-js, Python Faker) on the seed example,
prints a table and saves it as JSON in bench/results/engine-<timestamp>.json.

options:
  --rows N       rows per Synth run for every schema (default: seed 10,000,000, numeric 20,000,000,
                 relational 1,000,000 customers ≈ 9.2 M rows over all tables)
  --quick        smoke test: 1,000,000 rows per Synth run and fewer peer rows (200k, 50k, 5k)
  --full         memory flatness 1,000,000 vs 100,000,000 rows (default: a tenth of the seed
                 rows, at most 1M, vs the seed → /dev/null run)
  --repeat N     run every measurement (Synth and peers) N times and keep the fastest (default 1)
  --seed S       seed passed to every generator (default 42)
  --targets L    comma-separated subset of devnull,csv,parquet (default: all three)
  --skip-synth   peers only (e.g. before the CLI exists)
  --skip-peers   Synth only

environment:
  SYNTH               Synth command (default: ./synth at the repo root); may hold arguments
  BENCH_THREADS       the "all threads" count (default: nproc)
  BENCH_SEED_ROWS     BENCH_NUMERIC_ROWS  BENCH_RELATIONAL_ROWS  Synth rows per schema
  BENCH_BOGUS_ROWS    BENCH_FAKERJS_ROWS    BENCH_PYTHON_ROWS  peer rows (1M, 200k, 50k)
  TMPDIR              where the CSV/Parquet outputs are written (removed at the end; a default
                      run needs about 2.5 GB free there)
USAGE
}

# ---------------------------------------------------------------- options
targets_arg=devnull,csv,parquet quick=false full=false repeat=1 seed=42 run_synth=true run_peers=true rows_override=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) [[ $# -ge 2 ]] || die "--rows needs a value"; rows_override="$2"; shift 2 ;;
        --rows=*) rows_override="${1#*=}"; shift ;;
        --quick) quick=true; shift ;;
        --full) full=true; shift ;;
        --repeat) [[ $# -ge 2 ]] || die "--repeat needs a value"; repeat="$2"; shift 2 ;;
        --seed) [[ $# -ge 2 ]] || die "--seed needs a value"; seed="$2"; shift 2 ;;
        --targets) [[ $# -ge 2 ]] || die "--targets needs a value"; targets_arg="$2"; shift 2 ;;
        --skip-synth) run_synth=false; shift ;;
        --skip-peers) run_peers=false; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run engine: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
positive_int --repeat "$repeat"
[[ "$seed" =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer, got '$seed'"

if $quick; then
    seed_rows=1000000 numeric_rows=1000000 relational_rows=100000
    peer_rows_bogus=200000 peer_rows_fakerjs=50000 peer_rows_python=5000
else
    seed_rows=10000000 numeric_rows=20000000 relational_rows=1000000
    peer_rows_bogus=1000000 peer_rows_fakerjs=200000 peer_rows_python=50000
fi
if [[ -n "$rows_override" ]]; then
    positive_int --rows "$rows_override"
    seed_rows="$rows_override" numeric_rows="$rows_override" relational_rows="$rows_override"
fi
relational_rows="${BENCH_RELATIONAL_ROWS:-$relational_rows}"
seed_rows="${BENCH_SEED_ROWS:-$seed_rows}"
numeric_rows="${BENCH_NUMERIC_ROWS:-$numeric_rows}"
peer_rows_bogus="${BENCH_BOGUS_ROWS:-$peer_rows_bogus}"
peer_rows_fakerjs="${BENCH_FAKERJS_ROWS:-$peer_rows_fakerjs}"
peer_rows_python="${BENCH_PYTHON_ROWS:-$peer_rows_python}"
all_threads="${BENCH_THREADS:-$(nproc)}"
for v in seed_rows numeric_rows relational_rows peer_rows_bogus peer_rows_fakerjs peer_rows_python all_threads; do
    positive_int "$v" "${!v}"
done

# Memory flatness compares peak RSS at two row counts. --full: 1M vs 100M. Otherwise the large
# count is the seed → /dev/null all-threads run of the matrix (reused) and the small one a tenth
# of it, at most 1M.
if $full; then
    flat_small=1000000 flat_large=100000000
else
    flat_small=$((seed_rows / 10 > 1000000 ? 1000000 : (seed_rows / 10 > 0 ? seed_rows / 10 : 1)))
    flat_large=""
fi

thread_counts=(1)
[[ "$all_threads" -gt 1 ]] && thread_counts+=("$all_threads")
schemas=(seed-example numeric-10 relational)
IFS=, read -r -a targets <<<"$targets_arg"
for t in "${targets[@]}"; do
    [[ "$t" =~ ^(devnull|csv|parquet)$ ]] || die "--targets: unknown target '$t' (devnull, csv, parquet)"
done

declare -A schema_rows=([seed-example]="$seed_rows" [numeric-10]="$numeric_rows" [relational]="$relational_rows")
declare -A target_label=([devnull]="/dev/null" [csv]="CSV file" [parquet]="Parquet file")

work="$(mktemp -d "${TMPDIR:-/tmp}/synth-bench-engine.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

repeat_note=""
[[ "$repeat" -gt 1 ]] && repeat_note=" (best of $repeat)"
# Other work on the machine (builds, test runs) steals cores and makes every figure low.
load_before="$(cut -d ' ' -f 1 /proc/loadavg)"
if awk -v l="$load_before" 'BEGIN { exit !(l > 0.5) }'; then
    log "warning: load average is $load_before before the benchmark starts: figures will be low and noisy"
fi

# ---------------------------------------------------------------- prerequisites
ensure_apt time jq
$run_peers && ensure_apt python3-fake-factory

synth_cmd=()
if $run_synth; then
    read -r -a synth_cmd <<<"${SYNTH:-$repo_root/synth}"
    if ! command -v "${synth_cmd[0]}" >/dev/null 2>&1; then
        die "Synth CLI not found at '${synth_cmd[0]}' (set SYNTH=/path/to/synth, or pass --skip-synth to run only the peers)"
    fi
fi

# ---------------------------------------------------------------- Synth
# measure_synth SCHEMA ROWS TARGET THREADS — one Synth measurement (best of --repeat); sets
# m_seconds, m_rss_kb, m_bytes, or m_error (one line) and returns 1 when the run failed or its
# output is wrong. Outputs are validated, then deleted at once to spare the disk.
measure_synth() {
    local schema="$1" rows="$2" target="$3" threads="$4"
    local schema_file="$bench_dir/schemas/$schema.json"
    local format="$target" out="$work/$schema-t$threads.$target"
    [[ "$target" == devnull ]] && format=csv out=/dev/null
    # A multi-table schema writes one file per table into a directory; its rows are all tables'.
    local relational=false
    if [[ "$(jq -r 'has("tables")' "$schema_file")" == true ]]; then
        relational=true out="$work/$schema-t$threads-$target/"
    fi
    m_seconds="" m_rss_kb=0 m_bytes=0 m_error="" m_cpu="" m_rows="$rows"
    local i t0 t1 seconds rss user sys rebuilds=0
    for ((i = 1; i <= repeat; i++)); do
        [[ "$out" != /dev/null ]] && rm -rf "$out"
        t0=$EPOCHREALTIME
        if ! SYNTH_LOG_LEVEL=info timed "$work/time" "$work/log" "${synth_cmd[@]}" run --schema "$schema_file" --rows "$rows" \
            --format "$format" --output "$out" --seed "$seed" --threads "$threads"; then
            tail_log "$work/log"
            m_error="$(grep -m 1 -E '[^[:space:]]' "$work/log" | cut -c 1-120)"
            log "synth failed: $schema → $target, $rows rows, $threads threads (log above); going on"
            rm -rf "$out" 2>/dev/null || true
            return 1
        fi
        t1=$EPOCHREALTIME
        [[ -c /dev/null ]] || die "/dev/null is no longer a character device after a synth run: restore it (mknod -m 666 /dev/null c 1 3)"
        # The ./synth wrapper rebuilds when sources changed (others work in the same checkout):
        # such a run timed the build too, so it does not count.
        if grep -q 'synth: building the CLI' "$work/log"; then
            ((++rebuilds <= 3)) || die "./synth rebuilt the CLI on every run: sources keep changing"
            log "the CLI was rebuilt during this run (sources changed): measuring again"
            ((i--))
            continue
        fi
        seconds="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
        read -r _ rss user sys <"$work/time"
        [[ "$rss" -gt "$m_rss_kb" ]] && m_rss_kb="$rss"
        if [[ -z "$m_seconds" ]] || awk -v s="$seconds" -v b="$m_seconds" 'BEGIN { exit !(s < b) }'; then
            m_seconds="$seconds" m_cpu="$(calc2 "$user + $sys")"
        fi
    done
    [[ "$out" == /dev/null ]] && return 0

    if $relational; then
        # Rows over all tables, from the run's summary line, checked against the files.
        m_rows="$(grep -oE 'wrote [0-9]+ tables, [0-9,]+ rows' "$work/log" | grep -oE '[0-9,]+ rows' | tr -d ', rows')"
        m_bytes="$(du -sb "$out" | cut -f 1)"
        if [[ -z "$m_rows" ]]; then
            m_error="no summary line with the rows written"
        elif [[ "$target" == csv ]]; then
            local counted=0 f n
            for f in "$out"*.csv; do n="$(wc -l <"$f")"; counted=$((counted + n - 1)); done
            [[ "$counted" -eq "$m_rows" ]] || m_error="the CSV files hold $counted rows, the run reports $m_rows"
        fi
        rm -rf "$out"
        [[ -z "$m_error" ]] || { log "synth output wrong: $schema → $target: $m_error"; return 1; }
        return 0
    fi

    [[ -f "$out" ]] || { m_error="no output file"; return 1; }
    m_bytes="$(stat -c %s "$out")"
    case "$target" in
        csv)
            local lines header expected
            lines="$(wc -l <"$out")"
            [[ "$lines" -eq $((rows + 1)) ]] ||
                m_error="wrote $lines lines to the CSV, expected header + $rows rows"
            header="$(head -n 1 "$out" | tr -d '\r')"
            expected="$(jq -r 'keys_unsorted | join(",")' "$schema_file")"
            [[ "$header" == "$expected" ]] ||
                log "warning: $schema CSV header is '$header', expected '$expected'"
            ;;
        parquet)
            # A Parquet file starts and ends with the magic bytes PAR1.
            [[ "$(head -c 4 "$out")" == PAR1 && "$(tail -c 4 "$out")" == PAR1 ]] ||
                m_error="the Parquet output does not start and end with PAR1"
            ;;
    esac
    rm -f "$out"
    [[ -z "$m_error" ]] || { log "synth output wrong: $schema → $target: $m_error"; return 1; }
}

synth_json=()                 # one JSON object per measurement
declare -A synth_rate synth_rss  # "schema|target|threads" → rows/s, peak RSS KB
table_rows=()
failures=0

record_synth() {
    local schema="$1" rows="$2" target="$3" threads="$4"
    local rate
    rows="${m_rows:-$rows}" # a multi-table run counts the rows of every table
    if [[ -n "$m_error" ]]; then
        failures=$((failures + 1))
        synth_json+=("$(jq -cn --arg schema "$schema" --arg target "$target" --argjson threads "$threads" \
            --argjson rows "$rows" --arg error "$m_error" \
            '{schema: $schema, target: $target, format: (if $target == "devnull" then "csv" else $target end),
              threads: $threads, rows: $rows, error: $error}')")
        table_rows+=("$(printf '%-13s %-13s %7s %13s  FAILED: %s' "$schema" "${target_label[$target]}" "$threads" \
            "$(group "$rows")" "${m_error:0:60}")")
        return 0
    fi
    rate="$(calc "$rows / ($m_seconds > 0 ? $m_seconds : 0.001)")"
    synth_rate["$schema|$target|$threads"]="$rate"
    synth_rss["$schema|$target|$threads"]="$m_rss_kb"
    synth_json+=("$(jq -cn --arg schema "$schema" --arg target "$target" --argjson threads "$threads" \
        --argjson rows "$rows" --argjson seconds "$m_seconds" --argjson rate "$rate" \
        --argjson rss "$m_rss_kb" --argjson bytes "$m_bytes" --argjson cpu "$m_cpu" \
        '{schema: $schema, target: $target, format: (if $target == "devnull" then "csv" else $target end),
          threads: $threads, rows: $rows, seconds: $seconds, cpu_seconds: $cpu, rows_per_sec: $rate,
          peak_rss_mb: (($rss / 1024 * 10 | round) / 10), output_bytes: $bytes}')")
    table_rows+=("$(printf '%-13s %-13s %7s %13s %9s %13s %11s' "$schema" "${target_label[$target]}" "$threads" \
        "$(group "$rows")" "$m_seconds" "$(group "$rate")" "$(calc2 "$m_rss_kb / 1024")")")
}

flat_json=null
flat_lines=()
startup_seconds=null
if $run_synth; then
    log "warm-up: ${synth_cmd[*]} (builds the CLI if its sources changed)"
    warm_t0=$EPOCHREALTIME
    if ! timed "$work/time" "$work/log" "${synth_cmd[@]}" run --schema "$bench_dir/schemas/seed-example.json" \
        --rows 1000 --format csv --output "$work/warmup.csv" --seed "$seed" --threads 1; then
        tail_log "$work/log"
        die "synth warm-up failed (log above)"
    fi
    [[ "$(wc -l <"$work/warmup.csv")" -eq 1001 ]] || die "synth warm-up: expected header + 1000 rows in the CSV"
    log "warm-up done in $(awk -v a="$warm_t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
    # What every measurement below pays besides generating: process start-up plus whatever the
    # ./synth wrapper does to check that the build is current. Reported, not subtracted.
    measure_synth seed-example 1 devnull 1 || die "synth failed on 1 row → /dev/null: $m_error"
    startup_seconds="$m_seconds"
    log "start-up overhead per run (1 row → /dev/null): $startup_seconds s"

    for schema in "${schemas[@]}"; do
        rows="${schema_rows[$schema]}"
        for threads in "${thread_counts[@]}"; do
            for target in "${targets[@]}"; do
                [[ "$schema" == relational && "$target" == devnull ]] && continue
                log "synth: $schema → ${target_label[$target]}, $(group "$rows") rows, $threads thread(s)${repeat_note}"
                measure_synth "$schema" "$rows" "$target" "$threads" || true
                record_synth "$schema" "$rows" "$target" "$threads"
            done
        done
    done

    # Memory flatness: streaming writers mean peak RSS must not grow with the row count.
    log "memory flatness: seed-example → /dev/null, $(group "$flat_small") rows, $all_threads threads"
    small_rss="" large_rss=""
    measure_synth seed-example "$flat_small" devnull "$all_threads" && small_rss="$m_rss_kb"
    if [[ -n "$flat_large" ]]; then
        log "memory flatness: seed-example → /dev/null, $(group "$flat_large") rows, $all_threads threads"
        measure_synth seed-example "$flat_large" devnull "$all_threads" && large_rss="$m_rss_kb"
        large_rows="$flat_large"
    else
        large_rows="$seed_rows" large_rss="${synth_rss["seed-example|devnull|$all_threads"]:-}"
    fi
fi
if $run_synth && [[ -z "$small_rss" || -z "$large_rss" ]]; then
    failures=$((failures + 1))
    flat_lines+=("  FAILED: a synth run to /dev/null failed (see above)")
elif $run_synth; then
    flat_ratio="$(calc2 "$large_rss / $small_rss")"
    verdict=flat
    awk -v r="$flat_ratio" 'BEGIN { exit !(r > 1.5) }' && verdict="GROWS"
    flat_json="$(jq -cn --argjson threads "$all_threads" --argjson sr "$flat_small" --argjson srss "$small_rss" \
        --argjson lr "$large_rows" --argjson lrss "$large_rss" --argjson ratio "$flat_ratio" --arg verdict "$verdict" \
        '{schema: "seed-example", target: "devnull", threads: $threads,
          small: {rows: $sr, peak_rss_mb: (($srss / 1024 * 10 | round) / 10)},
          large: {rows: $lr, peak_rss_mb: (($lrss / 1024 * 10 | round) / 10)},
          ratio: $ratio, verdict: $verdict}')"
    flat_lines+=("$(printf '  %13s rows: %8s MB' "$(group "$flat_small")" "$(calc2 "$small_rss / 1024")")")
    flat_lines+=("$(printf '  %13s rows: %8s MB' "$(group "$large_rows")" "$(calc2 "$large_rss / 1024")")")
    flat_lines+=("$(printf '  ratio large/small: %s  (%s; flat means <= 1.5)' "$flat_ratio" "$verdict")")
    $full || flat_lines+=("  (--full measures 100,000,000 rows)")
fi

# ---------------------------------------------------------------- peers
peer_json=()
peer_table=()
synth_1t="${synth_rate["seed-example|csv|1"]:-}"
synth_nt="${synth_rate["seed-example|csv|$all_threads"]:-}"

ratio_or_na() { [[ -n "$1" ]] && printf '%sx' "$(calc2 "$1 / $2")" || printf 'n/a'; }

# run_peer NAME ROWS CMD... — CMD gets ROWS and the output path appended, prints one JSON line.
run_peer() {
    local name="$1" rows="$2"
    shift 2
    local out="$work/peer-$name.csv"
    local i line="" rate="" seconds wall rss cpu try_line try_rate try_wall try_rss try_user try_sys
    for ((i = 1; i <= repeat; i++)); do
        log "peer: $name, $(group "$rows") rows${repeat_note}"
        if ! timed "$work/time" "$work/log" "$@" "$rows" "$out"; then
            tail_log "$work/log"
            die "peer $name failed (log above)"
        fi
        try_line="$(grep -E '^\{' "$work/log" | tail -n 1)"
        [[ -n "$try_line" ]] || { tail_log "$work/log"; die "peer $name printed no JSON line"; }
        try_rate="$(jq -r .rows_per_sec <<<"$try_line")"
        read -r try_wall try_rss try_user try_sys <"$work/time"
        if [[ -z "$rate" || "$try_rate" -gt "$rate" ]]; then
            line="$try_line" rate="$try_rate" wall="$try_wall" rss="$try_rss" cpu="$(calc2 "$try_user + $try_sys")"
        fi
    done
    seconds="$(jq -r .seconds <<<"$line")"
    [[ "$(jq -r .rows <<<"$line")" -eq "$rows" ]] || die "peer $name reports $(jq -r .rows <<<"$line") rows, asked $rows"

    [[ "$(head -n 1 "$out")" == "id,name,email,income,created_at,status" ]] || die "peer $name: unexpected CSV header"
    [[ "$(wc -l <"$out")" -eq $((rows + 1)) ]] || die "peer $name: expected header + $rows rows in its CSV"
    rm -f "$out"

    peer_json+=("$(jq -c --argjson rss "$rss" --argjson wall "$wall" --argjson cpu "$cpu" --arg s1 "$synth_1t" --arg sn "$synth_nt" \
        '. + {process_wall_seconds: $wall, process_cpu_seconds: $cpu, peak_rss_mb: (($rss / 1024 * 10 | round) / 10),
              synth_1t_over_peer: (if $s1 == "" then null else (($s1 | tonumber) / .rows_per_sec * 100 | round) / 100 end),
              synth_all_threads_over_peer: (if $sn == "" then null else (($sn | tonumber) / .rows_per_sec * 100 | round) / 100 end)}' \
        <<<"$line")")
    peer_table+=("$(printf '%-13s %13s %9s %13s %11s %15s %15s' "$name" "$(group "$rows")" "$seconds" "$(group "$rate")" \
        "$(calc2 "$rss / 1024")" "$(ratio_or_na "$synth_1t" "$rate")" "$(ratio_or_na "$synth_nt" "$rate")")")
}

if $run_peers; then
    bogus_project="$bench_dir/peers/Bogus/Synth.Bench.Bogus.csproj"
    log "building the Bogus peer (Release)"
    dotnet build "$bogus_project" -c Release -nologo -v q >"$work/log" 2>&1 || { tail_log "$work/log"; die "building the Bogus peer failed"; }
    bogus_dll="$(dotnet msbuild "$bogus_project" -nologo -getProperty:TargetPath -p:Configuration=Release)"
    ensure_npm "$bench_dir/peers/fakerjs"

    run_peer bogus "$peer_rows_bogus" dotnet "$bogus_dll"
    run_peer faker-js "$peer_rows_fakerjs" node "$bench_dir/peers/fakerjs/gen.mjs"
    run_peer python-faker "$peer_rows_python" /usr/bin/python3 "$bench_dir/peers/python/gen.py"
fi

# ---------------------------------------------------------------- report
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"

echo
echo "Synth engine benchmark — $started_at, commit $commit, seed $seed"
load_after="$(cut -d ' ' -f 1 /proc/loadavg)"
echo "machine: $(nproc) cores ($cpu), $(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB;" \
    "load average $load_before before, $load_after after (a busy machine gives low figures)"
if $run_synth; then
    echo
    printf '%-13s %-13s %7s %13s %9s %13s %11s\n' schema target threads rows seconds rows/s "peak RSS MB"
    printf '%s\n' "${table_rows[@]}"
    echo
    echo "(seconds are wall time of the whole process; start-up overhead of one run: $startup_seconds s)"
    echo
    echo "memory flatness (seed-example → /dev/null, $all_threads threads), peak RSS:"
    printf '%s\n' "${flat_lines[@]}"
fi
if $run_peers; then
    echo
    echo "peers (seed-example → CSV file, single-threaded); ratio = Synth rows/s ÷ peer rows/s,"
    echo "Synth on the same schema and target (CSV file) with 1 and $all_threads threads:"
    printf '%-13s %13s %9s %13s %11s %15s %15s\n' peer rows seconds rows/s "peak RSS MB" "Synth 1T/peer" "Synth ${all_threads}T/peer"
    printf '%s\n' "${peer_table[@]}"
fi

mkdir -p "$bench_dir/results"
result_file="$bench_dir/results/engine-$(date -u +%Y%m%dT%H%M%SZ).json"
{
    printf '%s\n' "${synth_json[@]+"${synth_json[@]}"}" | jq -cs . >"$work/synth.json"
    printf '%s\n' "${peer_json[@]+"${peer_json[@]}"}" | jq -cs . >"$work/peers.json"
    jq -n --arg at "$started_at" --arg commit "$commit" --arg cpu "$cpu" --argjson cores "$(nproc)" \
        --argjson load_before "$load_before" --argjson load_after "$load_after" \
        --argjson seed "$seed" --arg targets "$targets_arg" --argjson quick "$quick" --argjson full "$full" --argjson repeat "$repeat" \
        --arg synth "${synth_cmd[*]:-}" --slurpfile synth_results "$work/synth.json" \
        --slurpfile peers "$work/peers.json" --argjson flat "$flat_json" --argjson startup "$startup_seconds" \
        --arg dotnet "$(dotnet --version 2>/dev/null || true)" --arg node "$(node --version 2>/dev/null || true)" \
        '{capability: "engine", started_at: $at, commit: $commit,
          machine: {cores: $cores, cpu: $cpu, load_average_before: $load_before, load_average_after: $load_after},
          tools: {dotnet: $dotnet, node: $node},
          options: {seed: $seed, targets: $targets, quick: $quick, full: $full, repeat: $repeat, synth_command: $synth},
          synth_startup_seconds: $startup, synth: $synth_results[0], memory_flatness: $flat, peers: $peers[0]}'
} >"$result_file"
echo
echo "saved ${result_file#"$repo_root"/}"
if [[ "$failures" -gt 0 ]]; then
    echo "$failures Synth measurement(s) FAILED (see the table and the log above)" >&2
    exit 1
fi
