#!/usr/bin/env bash
# The whole GPU check of private synthesis, for a machine with an NVIDIA GPU and no .NET.
#
#   bench/gpu/check.sh build   here (with the .NET SDK): publish Synth.Bench.Privacy as a self-contained
#                              single-file linux-x64 executable (compressed, NOT trimmed: a trimmed build
#                              fails inside ILGPU's Context.Create) into bench/gpu/bundle/, with Adult
#   bench/gpu/check.sh run     there (repository root, bundle/ carried along): nvidia-smi, every GPU kernel
#                              against the CPU code (--gpu-check), then AIM on Adult at epsilon 1 and 3 with
#                              --device cpu and --device gpu: fit time, peak memory, 2-way TV, speed-up
#
# Needs only bash and python3 on the GPU machine (for reading the JSON lines). Exit code 0 when the
# kernel check passed and every fit ran; 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bundle="$here/bundle"

build() {
    rm -rf "$bundle"
    dotnet publish "$root/bench/privacy/Synth.Bench.Privacy/Synth.Bench.Privacy.csproj" -c Release -r linux-x64 \
        --self-contained true -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true \
        -p:IncludeNativeLibrariesForSelfExtract=true -nologo -v q -o "$bundle"
    cp "$root/../shared/data/adult/adult.csv" "$root/../shared/data/adult/adult-domain.json" "$bundle/"
    rm -f "$bundle"/*.pdb
    du -sh "$bundle"
}

run() {
    local exe="$bundle/Synth.Bench.Privacy"
    [[ -x "$exe" ]] || { echo "no bundle: run 'bench/gpu/check.sh build' on a machine with the .NET SDK first" >&2; exit 1; }
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi: not available"
    echo "cpus: $(nproc); load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
    "$exe" --gpu-check
    local threads="${THREADS:-$(nproc)}"
    printf '%-4s %7s | %9s %8s %9s | %9s %8s %9s | %8s\n' method epsilon "cpu fit s" "cpu MB" "cpu TV" "gpu fit s" "gpu MB" "gpu TV" speed-up
    for epsilon in 1 3; do
        local cpu gpu
        cpu="$("$exe" --method aim --epsilon "$epsilon" --delta 1e-9 --seed 1 --threads "$threads" \
            --data "$bundle/adult.csv" --domain "$bundle/adult-domain.json" --device cpu 2>/dev/null | tail -n 1)"
        gpu="$("$exe" --method aim --epsilon "$epsilon" --delta 1e-9 --seed 1 --threads "$threads" \
            --data "$bundle/adult.csv" --domain "$bundle/adult-domain.json" --device gpu 2>/dev/null | tail -n 1)"
        python3 - "$epsilon" "$cpu" "$gpu" <<'PY'
import json, sys
epsilon, cpu, gpu = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
print(f"aim  {epsilon:>7} | {cpu['fit_seconds']:9.2f} {cpu['peak_working_set_mb']:8.0f} {cpu['tv_2way_mean']:9.4f} | "
      f"{gpu['fit_seconds']:9.2f} {gpu['peak_working_set_mb']:8.0f} {gpu['tv_2way_mean']:9.4f} | {cpu['fit_seconds'] / gpu['fit_seconds']:7.2f}x  ({gpu['device']})")
PY
    done
}

case "${1:-}" in
    build) build ;;
    run) run ;;
    *) echo "usage: bench/gpu/check.sh build|run" >&2; exit 2 ;;
esac
