#!/usr/bin/env bash
# bench/run streams — streams on Synth's own silo: one stream flat out against synth run, many slow
# streams on one silo (embedded), and the gap after kill -9 of the silo holding a stream (2 silo
# processes on a private PostgreSQL).
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run streams [--rows N] [--repeat R] [--streams K] [--seconds S] [--skip-many] [--failover-runs N] [--skip-failover]

Measures (bench/streams, hosting Synth's embedded silo: SQLite state, local artifact directory):
  (a) one stream of the seed example flat out, N records of CSV (default 10,000,000): the Core
      stream writer into a discarding buffer, a StreamerGrain into a discard sink and into its
      rolling-file sink, and synth run of the same rows (1 thread and all cores, in-process, to a
      file, and fsync'd as the file sink's files are) with the ratios and CPU seconds, and the
      disk's own rate of durable writes (targets: >= 1,000,000 records/s to a file, >= 0.8 x synth run)
  (b) K streams (default 10,000) at 1 record/s each on one silo for S seconds (default 60): the
      share of the asked records made (each stream's own count of records due but not made), the
      lateness of every batch of the S seconds against its schedule (p50, p99, p99.9; and each
      stream's own p99), CPU, peak memory and the GC's share
      (targets: >= 99 %, p99 < 100 ms, under 1 GB)
  (c) kill -9 of the silo holding a stream at 1,000 records/s into a webhook of the benchmark, two
      silo processes on a private PostgreSQL, nobody calling the stream: seconds until new records
      arrive, whether any record is missing, how many came twice; N runs (default 3)
      (targets: resumed within 10 s, no gap)

options:
  --rows N      records of (a) (default 10000000)
  --repeat R    rounds of (a), each contender once per round, the best of each kept, and the file
                sink / synth run ratio of each round with their median (default 1)
  --streams K   streams of (b) (default 10000)
  --seconds S   length of (b) (default 60)
  --skip-many   no (b)
  --failover-runs N  runs of (c) (default 3)
  --skip-failover    no (c) (and no PostgreSQL)
USAGE
}

extra=()
failover=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows | --repeat | --streams | --seconds | --failover-runs)
            [[ $# -ge 2 ]] || die "$1 needs a value"
            positive_int "$1" "$2"
            extra+=("$1" "$2"); shift 2 ;;
        --skip-many) extra+=("$1"); shift ;;
        --skip-failover) failover=false; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run streams: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

load="$(cut -d ' ' -f 1 /proc/loadavg)"
awk -v l="$load" 'BEGIN { exit !(l > 1.0) }' && log "warning: load average is $load before the benchmark starts: figures will be low and noisy"
log "building bench/streams"
dotnet build "$bench_dir/streams" -c Release -nologo -v q >&2
streams=(dotnet "$bench_dir/streams/bin/Release/net10.0/Synth.Bench.Streams.dll" "$bench_dir/schemas/seed-example.json" "${extra[@]}")
if ! $failover; then
    "${streams[@]}"
    exit 0
fi
ensure_apt postgresql
# shellcheck source=scripts/pg-private.sh
source "$repo_root/scripts/pg-private.sh"
trap pg_private_stop EXIT
pg_private_start >&2
"${streams[@]}" --postgres "$SYNTH_TEST_PG_CONNSTRING"
