#!/usr/bin/env bash
# bench/run runtime — Orleans as Synth configures it: grain calls per second and their latency,
# embedded (synth serve's shape) and on PostgreSQL (synth api + synth silo's shape), failover times,
# and grain state writes through each storage provider.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run runtime [--seconds S] [--callers N] [--failover-runs N] [--skip-postgres]

Measures (bench/runtime, a program hosting Synth's own silo configuration, AddSynthSilo):
  calls        calls/s and p50/p99 latency of in-memory grain calls and of calls that write the
               grain's state each time, from N concurrent callers (default 32) over 1,024 grains,
               S seconds each (default 10) after a 2 s warm-up:
                 embedded        one silo on SQLite under a temp data directory, calls from inside
                                 the process (as synth serve's API makes them)
                 PostgreSQL      1 and 2 silo processes on a private PostgreSQL (127.0.0.1, fsync
                                 off), calls from a client process (as synth api makes them)
  failover     seconds from kill -9 / SIGSTOP of the silo hosting a grain to the first answer from
               the other silo (2 silos on PostgreSQL, Synth's membership settings), N runs each
               (default 3)
  storage      grain state writes through each provider without grains (bench/grain-storage):
               SQLite NORMAL, SQLite FULL (--durable), PostgreSQL; sequential and 8 writers
and prints them next to the targets (>= 40,000 in-memory calls/s across 2 silos with p99 < 10 ms;
failover <= 5 s after kill -9 and <= 15 s after SIGSTOP) and the deleted home-made runtime's figures.

options:
  --seconds S         seconds per call figure (default 10)
  --callers N         concurrent callers (default 32)
  --failover-runs N   runs per signal (default 3)
  --skip-postgres     embedded only (no PostgreSQL, no failover)
USAGE
}

seconds=10 callers=32 failover_runs=3 use_postgres=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) [[ $# -ge 2 ]] || die "--seconds needs a value"; seconds="$2"; shift 2 ;;
        --callers) [[ $# -ge 2 ]] || die "--callers needs a value"; callers="$2"; shift 2 ;;
        --failover-runs) [[ $# -ge 2 ]] || die "--failover-runs needs a value"; failover_runs="$2"; shift 2 ;;
        --skip-postgres) use_postgres=false; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run runtime: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
positive_int --seconds "$seconds"
positive_int --callers "$callers"
positive_int --failover-runs "$failover_runs"

load="$(cut -d ' ' -f 1 /proc/loadavg)"
awk -v l="$load" 'BEGIN { exit !(l > 1.0) }' && log "warning: load average is $load before the benchmark starts: figures will be low and noisy"

log "building bench/runtime and bench/grain-storage"
dotnet build "$bench_dir/runtime" -c Release -nologo -v q >&2
dotnet build "$bench_dir/grain-storage" -c Release -nologo -v q >&2
runtime=(dotnet "$bench_dir/runtime/bin/Release/net10.0/Synth.Bench.Runtime.dll" measure --seconds "$seconds" --callers "$callers" --failover-runs "$failover_runs")

if ! $use_postgres; then
    "${runtime[@]}"
    exit 0
fi

ensure_apt postgresql
# shellcheck source=scripts/pg-private.sh
source "$repo_root/scripts/pg-private.sh"
trap pg_private_stop EXIT
pg_private_start >&2
"${runtime[@]}" --postgres "$SYNTH_TEST_PG_CONNSTRING"
echo
dotnet "$bench_dir/grain-storage/bin/Release/net10.0/Synth.Bench.GrainStorage.dll" "$SYNTH_TEST_PG_CONNSTRING" 2000
