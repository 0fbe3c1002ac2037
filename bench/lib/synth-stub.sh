#!/usr/bin/env bash
# Stand-in for ./synth to test the harness alone: SYNTH=bench/lib/synth-stub.sh bench/run engine --quick
# Takes the `synth run` contract (--schema --rows --format --output --seed --threads) and writes
# header + rows of dummy values (CSV) or a file framed by PAR1 (Parquet). Its figures mean nothing.
set -euo pipefail
[[ "${1:-}" == run ]] || { echo "synth-stub: only 'run' is supported" >&2; exit 2; }
shift
schema="" rows="" format=csv output=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --schema) schema="$2"; shift 2 ;;
        --rows) rows="$2"; shift 2 ;;
        --format) format="$2"; shift 2 ;;
        --output) output="$2"; shift 2 ;;
        --seed | --threads) shift 2 ;;
        *) echo "synth-stub: unknown option '$1'" >&2; exit 2 ;;
    esac
done
[[ -f "$schema" && "$rows" =~ ^[0-9]+$ && -n "$output" ]] || { echo "synth-stub: bad arguments" >&2; exit 2; }
header="$(jq -r 'keys_unsorted | join(",")' "$schema")"
case "$format" in
    csv) awk -v n="$rows" -v h="$header" 'BEGIN { print h; c = split(h, f, ","); for (i = 1; i <= n; i++) { line = i; for (j = 2; j <= c; j++) line = line "," j; print line } }' >"$output" ;;
    parquet) { printf 'PAR1'; head -c $((rows / 10)) /dev/zero; printf 'PAR1'; } >"$output" ;;
    *) echo "synth-stub: unsupported format '$format'" >&2; exit 2 ;;
esac
