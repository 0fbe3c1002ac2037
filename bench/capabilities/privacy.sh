#!/usr/bin/env bash
# bench/run privacy — Synth's differentially private synthesizers (MST, AIM, PrivSyn) on the Adult
# benchmark, next to the Python Private-PGM reference figures of ../shared/data/adult/REFERENCE.md.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run privacy [--methods mst,aim,privsyn] [--epsilons 0.3,1,3] [--seeds N] [--delta D]
                         [--threads T] [--quick] [--no-utility] [--data DIR]

Fits each method on Adult (48,842 rows, 14 integer-coded columns) at each epsilon and seed, one
process per fit, and samples 48,842 rows from each model. Per fit: wall time of the fit, peak
memory of the process, mean 1-way and mean/max 2-way total-variation distance of the sample
against the real data (TV = ½·Σ|p − q| over the full domain of the marginal), and ML utility: the
same method fitted again on a seeded 80% of the rows, a classifier trained on its sample and one
trained on those real rows predict income>50K of the other 20% (accuracy of each). Prints a table per
fit and a summary per method and epsilon next to the reference figures, and saves everything as
JSON in bench/results/privacy-<timestamp>.json. Timings are reported, never checked.

options:
  --methods L     comma-separated subset of mst,aim,privsyn,independent (default: mst,aim,privsyn)
  --epsilons L    comma-separated epsilons (default: 0.3,1,3)
  --seeds N       seeds per method and epsilon: 1..N (default 3)
  --delta D       delta of every fit (default 1e-9, as the reference)
  --threads T     threads per fit (default: nproc)
  --quick         smoke test: MST, AIM and PrivSyn at epsilon 1, one seed
  --no-utility    skip the ML utility (and its second fit per run)
  --data DIR      directory with adult.csv, adult-domain.json and REFERENCE.md
                  (default: ../shared/data/adult next to the repository)

AIM at epsilon 3 is the longest fit (its model grows to the size limit, 10 MiB by default).
USAGE
}

# ---------------------------------------------------------------- options
methods_arg=mst,aim,privsyn epsilons_arg=0.3,1,3 seeds=3 delta=1e-9 threads="$(nproc)" quick=false utility=--utility
data_dir="$repo_root/../shared/data/adult"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --methods) [[ $# -ge 2 ]] || die "--methods needs a value"; methods_arg="$2"; shift 2 ;;
        --epsilons) [[ $# -ge 2 ]] || die "--epsilons needs a value"; epsilons_arg="$2"; shift 2 ;;
        --seeds) [[ $# -ge 2 ]] || die "--seeds needs a value"; seeds="$2"; shift 2 ;;
        --delta) [[ $# -ge 2 ]] || die "--delta needs a value"; delta="$2"; shift 2 ;;
        --threads) [[ $# -ge 2 ]] || die "--threads needs a value"; threads="$2"; shift 2 ;;
        --quick) quick=true; shift ;;
        --no-utility) utility=""; shift ;;
        --data) [[ $# -ge 2 ]] || die "--data needs a value"; data_dir="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run privacy: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
if $quick; then
    methods_arg=mst,aim,privsyn epsilons_arg=1 seeds=1
fi
positive_int --seeds "$seeds"
positive_int --threads "$threads"
[[ "$delta" =~ ^[0-9.]+([eE]-?[0-9]+)?$ ]] || die "--delta must be a number, got '$delta'"
IFS=, read -r -a methods <<<"$methods_arg"
IFS=, read -r -a epsilons <<<"$epsilons_arg"
for m in "${methods[@]}"; do
    [[ "$m" =~ ^(mst|aim|privsyn|independent)$ ]] || die "--methods: unknown method '$m' (mst, aim, privsyn, independent)"
done
for e in "${epsilons[@]}"; do
    [[ "$e" =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v e="$e" 'BEGIN { exit !(e > 0) }' || die "--epsilons: '$e' is not a positive number"
done
data_dir="$(cd "$data_dir" 2>/dev/null && pwd)" || die "no data directory (pass --data DIR with adult.csv and adult-domain.json)"
[[ -f "$data_dir/adult.csv" && -f "$data_dir/adult-domain.json" ]] || die "$data_dir has no adult.csv and adult-domain.json"

work="$(mktemp -d "${TMPDIR:-/tmp}/synth-bench-privacy.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# Other work on the machine (builds, test runs) steals cores and makes every time high.
load_before="$(cut -d ' ' -f 1-3 /proc/loadavg)"
if awk -v l="${load_before%% *}" 'BEGIN { exit !(l > 0.5) }'; then
    log "warning: load average is $load_before before the benchmark starts: times will be high and noisy"
fi

# ---------------------------------------------------------------- prerequisites
ensure_apt time jq

project="$bench_dir/privacy/Synth.Bench.Privacy/Synth.Bench.Privacy.csproj"
log "building Synth.Bench.Privacy (Release)"
dotnet build "$project" -c Release -nologo -v q >"$work/log" 2>&1 || { tail_log "$work/log"; die "building Synth.Bench.Privacy failed"; }
bench_dll="$(dotnet msbuild "$project" -nologo -getProperty:TargetPath -p:Configuration=Release)"
[[ -f "$bench_dll" ]] || die "the build did not produce $bench_dll"

# ---------------------------------------------------------------- reference (REFERENCE.md)
# method|epsilon → "wall seconds (list)|1-way TV|2-way TV mean|2-way TV max" (ranges as printed there).
declare -A reference=(
    ["mst|1"]="69 72 75 86 105|0.0082-0.0093|0.0511-0.0548|0.313-0.322"
    ["aim|1"]="401 482|0.0083-0.0092|0.0392-0.0401|0.166-0.171"
    ["mst|0.3"]="67 75|0.0221-0.0227|0.0814-0.0819|0.561-0.568"
    ["mst|3"]="74 85|0.0033|0.0417-0.0442|0.170-0.176"
    ["aim|0.3"]="314|0.0221|0.0694|0.243"
    ["aim|3"]=">2100|-|-|-"
)
# The epsilon as REFERENCE.md writes it (1.0 → 1).
ref_key() { printf '%s|%s' "$1" "$(awk -v e="$2" 'BEGIN { printf "%g", e }')"; }
# upper end of a "a-b" range (or the single value)
range_high() { printf '%s' "${1##*-}"; }

# ---------------------------------------------------------------- fits
failures=0
results=()        # one JSON object per fit
fit_lines=()
total=$(( ${#methods[@]} * ${#epsilons[@]} * seeds ))
n=0
for method in "${methods[@]}"; do
    for epsilon in "${epsilons[@]}"; do
        for ((seed = 1; seed <= seeds; seed++)); do
            n=$((n + 1))
            log "[$n/$total] $method, epsilon $epsilon, seed $seed"
            if ! timed "$work/time" "$work/fit.log" dotnet "$bench_dll" --method "$method" --epsilon "$epsilon" --delta "$delta" \
                --seed "$seed" --threads "$threads" --data "$data_dir/adult.csv" --domain "$data_dir/adult-domain.json" $utility \
                || ! jq -e .method >/dev/null 2>&1 <<<"$(tail -n 1 "$work/fit.log")"; then
                failures=$((failures + 1))
                tail_log "$work/fit.log"
                error="$(grep -m 1 -E 'Unhandled exception|Exception' "$work/fit.log" | cut -c 1-100 || echo "exited with an error")"
                results+=("$(jq -cn --arg m "$method" --argjson e "$epsilon" --argjson s "$seed" --arg err "$error" \
                    '{method: $m, epsilon: $e, seed: $s, error: $err}')")
                fit_lines+=("$(printf '%-7s %7s %5s  FAILED: %s' "$method" "$epsilon" "$seed" "$error")")
                continue
            fi
            read -r wall rss user sys <"$work/time"
            json="$(tail -n 1 "$work/fit.log" | jq -c --argjson wall "$wall" --argjson rss "$rss" --argjson user "$user" --argjson sys "$sys" \
                '. + {process_seconds: $wall, peak_rss_mb: ($rss / 1024), process_cpu_seconds: ($user + $sys)}')"
            results+=("$json")
            fit_lines+=("$(jq -r '[.method, .epsilon, .seed, (.fit_seconds * 100 | round / 100), (.fit_cpu_seconds * 10 | round / 10), (.peak_rss_mb | round),
                (.tv_1way_mean * 10000 | round / 10000), (.tv_2way_mean * 10000 | round / 10000), (.tv_2way_max * 1000 | round / 1000),
                .measurements, .model_cells, (.utility_synthetic_accuracy // "-"), (.utility_real_accuracy // "-")] | @tsv' <<<"$json" |
                awk -F '\t' '{ printf "%-7s %7s %5s %9.2f %7.1f %8d %9.4f %10.4f %9.3f %6d %10d %8s %8s", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                    ($12 == "-" ? "-" : sprintf("%.3f", $12)), ($13 == "-" ? "-" : sprintf("%.3f", $13)) }')")
            log "    fit $(jq -r '.fit_seconds * 100 | round / 100' <<<"$json") s, 2-way TV $(jq -r '.tv_2way_mean * 10000 | round / 10000' <<<"$json")"
        done
    done
done

# ---------------------------------------------------------------- report
printf '%s\n' "${results[@]}" | jq -cs . >"$work/results.json"
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
load_after="$(cut -d ' ' -f 1-3 /proc/loadavg)"

echo
echo "Synth privacy benchmark — $started_at, commit $commit"
echo "machine: $(nproc) cores ($cpu), $(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB;" \
    "load average (1/5/15 min) $load_before before, $load_after after (a busy machine gives high times)"
echo "data: Adult, 48,842 rows, 14 attributes; delta $delta; $threads thread(s) per fit; 48,842 rows sampled per model"
echo
echo "per fit (fit s = wall time of Fit; cpu s = processor time of Fit, all threads: the fairer figure on a busy machine;"
echo " peak MB = max RSS of the process, sampling and scoring included):"
printf '%-7s %7s %5s %9s %7s %8s %9s %10s %9s %6s %10s %8s %8s\n' method epsilon seed "fit s" "cpu s" "peak MB" "1-way TV" "2-way TV" "2-way max" marg. "model cells" "syn acc" "real acc"
printf '%s\n' "${fit_lines[@]}"

echo
echo "summary (mean over seeds; reference = Python Private-PGM, single-threaded, REFERENCE.md):"
printf '%-7s %7s | %9s %10s %8s | %9s %10s %10s | %9s %12s %9s | %8s | %7s\n' method epsilon "fit s" "ref s" "speed-up" "1-way TV" "2-way TV" "ref 2-way" "2-way max" "ref max" "TV/ref" "ML ratio" "peak MB"
summary_json=()
for method in "${methods[@]}"; do
    for epsilon in "${epsilons[@]}"; do
        stats="$(jq -r --arg m "$method" --argjson e "$epsilon" '[.[] | select(.method == $m and .epsilon == $e and (.error | not))] |
            if length == 0 then "none" else
            "\(map(.fit_seconds) | add / length) \(map(.fit_seconds) | min) \(map(.fit_seconds) | max) \(map(.peak_rss_mb) | max)
             \(map(.tv_1way_mean) | add / length) \(map(.tv_2way_mean) | add / length) \(map(.tv_2way_max) | add / length) \(length)
             \([.[] | .utility_accuracy_ratio | select(. != null)] | if length == 0 then "null" else add / length end)" end' \
            "$work/results.json" | tr -s ' \n' ' ')"
        [[ "$stats" == none* ]] && { printf '%-6s %7s | no successful fit\n' "$method" "$epsilon"; continue; }
        read -r fit fit_min fit_max peak one two twomax count ml_ratio <<<"$stats"
        ref="${reference[$(ref_key "$method" "$epsilon")]:-}"
        ref_s="-" speedup="-" ref_two="-" ref_max="-" ratio="-" ref_mean_s="null" ref_two_high="null"
        if [[ -n "$ref" ]]; then
            IFS='|' read -r ref_walls _ ref_two ref_max <<<"$ref"
            if [[ "$ref_walls" == \>* ]]; then
                ref_s="$ref_walls"
                speedup="> $(calc "${ref_walls#>} / $fit")x"
            else
                ref_mean_s="$(awk -v l="$ref_walls" 'BEGIN { n = split(l, a, " "); s = 0; for (i = 1; i <= n; i++) s += a[i]; printf "%.1f", s / n }')"
                ref_s="$(awk -v l="$ref_walls" 'BEGIN { n = split(l, a, " "); min = a[1]; max = a[1]; for (i = 2; i <= n; i++) { if (a[i] < min) min = a[i]; if (a[i] > max) max = a[i] }; if (min == max) print min; else print min "-" max }')"
                speedup="$(calc "$ref_mean_s / $fit")x"
            fi
            if [[ "$ref_two" != "-" ]]; then
                ref_two_high="$(range_high "$ref_two")"
                ratio="$(awk -v a="$two" -v b="$ref_two_high" 'BEGIN { printf "%.2f", a / b }')"
            fi
        fi
        printf '%-7s %7s | %9.2f %10s %8s | %9.4f %10.4f %10s | %9.3f %12s %9s | %8s | %7.0f\n' "$method" "$epsilon" "$fit" "$ref_s" "$speedup" \
            "$one" "$two" "$ref_two" "$twomax" "$ref_max" "$ratio" "$( [[ "$ml_ratio" == null ]] && echo - || printf '%.3f' "$ml_ratio")" "$peak"
        summary_json+=("$(jq -cn --arg m "$method" --argjson e "$epsilon" --argjson n "$count" --argjson fit "$fit" --argjson fmin "$fit_min" \
            --argjson fmax "$fit_max" --argjson peak "$peak" --argjson one "$one" --argjson two "$two" --argjson twomax "$twomax" \
            --arg ref "$ref" --argjson refs "$ref_mean_s" --argjson reftwo "$ref_two_high" --argjson ml "$ml_ratio" \
            '{method: $m, epsilon: $e, fits: $n, fit_seconds_mean: $fit, fit_seconds_min: $fmin, fit_seconds_max: $fmax, peak_rss_mb_max: $peak,
              tv_1way_mean: $one, tv_2way_mean: $two, tv_2way_max_mean: $twomax, ml_accuracy_ratio_mean: $ml,
              reference: (if $ref == "" then null else $ref end), reference_seconds_mean: $refs, reference_tv_2way_mean_high: $reftwo,
              speedup: (if $refs == null then null else $refs / $fit end),
              tv_2way_vs_reference: (if $reftwo == null then null else $two / $reftwo end)}')")
    done
done
echo "(speed-up = mean reference wall time / mean fit time; TV/ref = mean 2-way TV / the reference's worst 2-way TV: <= 1 is no worse;"
echo " ML ratio = accuracy predicting income>50K of held-out real rows, trained on synthetic / trained on real; syn acc and real acc per fit)"

echo
echo "targets from the issue (reference only, never checked):"
for target in "mst|1|8" "aim|1|48"; do
    IFS='|' read -r m e limit <<<"$target"
    measured="$(jq -r --arg m "$m" '[.[] | select(.method == $m and .epsilon == 1 and (.error | not)) | .fit_seconds] |
        if length == 0 then "not run" else "mean \(add / length * 100 | round / 100) s, max \(max * 100 | round / 100) s" end' "$work/results.json")"
    printf '  %-58s measured: %s\n' "$m fit time <= 1/10 of the reference at epsilon 1 (<= $limit s)" "$measured"
done
printf '  %-58s measured: see TV/ref above\n' "mean 2-way TV no worse than the reference at each epsilon"
measured="$(jq -r '[.[] | select(.method == "aim" and .epsilon == 3 and (.error | not))] |
    if length == 0 then "not run" else "fit mean \(map(.fit_seconds) | add / length * 10 | round / 10) s (cpu \(map(.fit_cpu_seconds) | add / length * 10 | round / 10) s), peak \(map(.peak_rss_mb) | max | round) MB, 2-way TV \(map(.tv_2way_mean) | add / length * 10000 | round / 10000)" end' "$work/results.json")"
printf '  %-58s measured: %s\n' "aim at epsilon 3: <= 60 s, <= 400 MB, 2-way TV <= 0.025" "$measured"
measured="$(jq -r '[.[] | select(.error | not) | .peak_rss_mb] | if length == 0 then "not run" else "largest \(max | round) MB" end' "$work/results.json")"
printf '  %-58s measured: %s\n' "every (method, epsilon) under 500 MB peak" "$measured"

mkdir -p "$bench_dir/results"
result_file="$bench_dir/results/privacy-$(date -u +%Y%m%dT%H%M%SZ).json"
printf '%s\n' "${summary_json[@]+"${summary_json[@]}"}" | jq -cs . >"$work/summary.json"
jq -n --arg at "$started_at" --arg commit "$commit" --arg cpu "$cpu" --argjson cores "$(nproc)" \
    --arg load_before "$load_before" --arg load_after "$load_after" --arg dotnet "$(dotnet --version 2>/dev/null || true)" \
    --argjson threads "$threads" --argjson seeds "$seeds" --arg delta "$delta" --argjson quick "$quick" \
    --slurpfile fits "$work/results.json" --slurpfile summary "$work/summary.json" \
    '{capability: "privacy", started_at: $at, commit: $commit,
      machine: {cores: $cores, cpu: $cpu, load_average_before: $load_before, load_average_after: $load_after},
      tools: {dotnet: $dotnet},
      options: {threads: $threads, seeds: $seeds, delta: ($delta | tonumber), quick: $quick, rows_sampled: 48842},
      summary: $summary[0], fits: $fits[0],
      targets: {mst_fit_seconds_at_epsilon_1: 8, aim_fit_seconds_at_epsilon_1: 48, tv_2way_mean: "no worse than the reference at each epsilon"}}' \
    >"$result_file"
echo
echo "saved ${result_file#"$repo_root"/}"
if [[ "$failures" -gt 0 ]]; then
    echo "$failures fit(s) FAILED (see the table and the log above)" >&2
    exit 1
fi
