#!/usr/bin/env bash
# bench/run audit — how fast the audit log keeps events, and what recording one costs its caller.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run audit [--events N] [--no-postgres]

Records N audit events (default 200000) from 8 callers through the batched AuditWriter into a
SQLite file and into a private PostgreSQL (started here; --no-postgres skips it), and prints events
stored per second and how long one RecordAsync call held its caller (mean and worst), with the load
average.
USAGE
}

events=200000 use_postgres=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --events) [[ $# -ge 2 ]] || die "--events needs a value"; events="$2"; shift 2 ;;
        --no-postgres) use_postgres=false; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run audit: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
positive_int --events "$events"

log "building bench/audit"
dotnet build "$bench_dir/audit" -c Release -nologo -v q >&2
bench=(dotnet "$bench_dir/audit/bin/Release/net10.0/Synth.Bench.Audit.dll")

if ! $use_postgres; then
    "${bench[@]}" "" "$events"
    exit 0
fi
ensure_apt postgresql
# shellcheck source=scripts/pg-private.sh
source "$repo_root/scripts/pg-private.sh"
trap pg_private_stop EXIT
pg_private_start >&2
"${bench[@]}" "$SYNTH_TEST_PG_CONNSTRING" "$events"
