#!/usr/bin/env bash
# bench/run gpu — AIM on Adult at epsilon 1 and 3 on the CPU path and on the GPU path (ILGPU on CUDA),
# with the speed-up, after checking every GPU kernel against the CPU code. Needs an NVIDIA GPU; on a
# machine without one it says so and stops. bench/gpu/check.sh runs the same from a self-contained
# bundle on a GPU machine that has no .NET.
set -euo pipefail
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

usage() {
    cat <<USAGE
usage: bench/run gpu [--epsilons 1,3] [--seed S] [--threads T] [--data DIR] [--bench DLL|EXE]

Checks the GPU kernels (marginalisation, factor product, mirror-descent step) against the CPU code
on AIM-sized tables, then fits AIM on Adult at each epsilon twice, --device cpu and --device gpu,
and prints fit time, peak memory, 2-way TV and the speed-up. Timings are reported, never checked.

options:
  --epsilons L    comma-separated epsilons (default 1,3)
  --seed S        the fits' seed (default 1)
  --threads T     CPU threads per fit (default: nproc)
  --data DIR      directory with adult.csv and adult-domain.json (default: ../shared/data/adult)
  --bench PATH    a built Synth.Bench.Privacy (a .dll, or the single-file executable of bench/gpu/check.sh)
USAGE
}

epsilons_arg=1,3 seed=1 threads="$(nproc)" bench_path=""
data_dir="$repo_root/../shared/data/adult"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --epsilons) [[ $# -ge 2 ]] || die "--epsilons needs a value"; epsilons_arg="$2"; shift 2 ;;
        --seed) [[ $# -ge 2 ]] || die "--seed needs a value"; seed="$2"; shift 2 ;;
        --threads) [[ $# -ge 2 ]] || die "--threads needs a value"; threads="$2"; shift 2 ;;
        --data) [[ $# -ge 2 ]] || die "--data needs a value"; data_dir="$2"; shift 2 ;;
        --bench) [[ $# -ge 2 ]] || die "--bench needs a value"; bench_path="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bench/run gpu: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
positive_int --threads "$threads"
IFS=, read -r -a epsilons <<<"$epsilons_arg"
data_dir="$(cd "$data_dir" 2>/dev/null && pwd)" || die "no data directory (pass --data DIR with adult.csv and adult-domain.json)"

if [[ -z "$bench_path" ]]; then
    project="$bench_dir/privacy/Synth.Bench.Privacy/Synth.Bench.Privacy.csproj"
    log "building Synth.Bench.Privacy (Release)"
    dotnet build "$project" -c Release -nologo -v q >/dev/null || die "building Synth.Bench.Privacy failed"
    bench_path="$(dotnet msbuild "$project" -nologo -getProperty:TargetPath -p:Configuration=Release)"
fi
run_bench() { if [[ "$bench_path" == *.dll ]]; then dotnet "$bench_path" "$@"; else "$bench_path" "$@"; fi; }

command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
echo "load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
if ! run_bench --gpu-check; then
    echo "the GPU check did not pass (or found no CUDA GPU): not benchmarking the GPU path" >&2
    exit 1
fi

echo
printf '%-4s %7s | %9s %8s %9s | %9s %8s %9s | %8s\n' method epsilon "cpu fit s" "cpu MB" "cpu TV" "gpu fit s" "gpu MB" "gpu TV" speed-up
for epsilon in "${epsilons[@]}"; do
    declare -A fit=() peak=() tv=()
    for device in cpu gpu; do
        line="$(run_bench --method aim --epsilon "$epsilon" --delta 1e-9 --seed "$seed" --threads "$threads" \
            --data "$data_dir/adult.csv" --domain "$data_dir/adult-domain.json" --device "$device" 2>/dev/null | tail -n 1)"
        fit[$device]="$(jq -r '.fit_seconds' <<<"$line")"
        peak[$device]="$(jq -r '.peak_working_set_mb | round' <<<"$line")"
        tv[$device]="$(jq -r '.tv_2way_mean' <<<"$line")"
    done
    printf '%-4s %7s | %9.2f %8s %9.4f | %9.2f %8s %9.4f | %7.2fx\n' aim "$epsilon" "${fit[cpu]}" "${peak[cpu]}" "${tv[cpu]}" \
        "${fit[gpu]}" "${peak[gpu]}" "${tv[gpu]}" "$(calc2 "${fit[cpu]} / ${fit[gpu]}")"
done
echo "(the GPU path sums AIM's candidate marginals of cliques of 64K cells or more on the device; belief"
echo " propagation and the mirror-descent loop of the estimator stay on the CPU, see docs/privacy.md)"
