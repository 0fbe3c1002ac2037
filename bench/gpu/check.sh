#!/usr/bin/env bash
# The whole GPU check of private synthesis, for a machine with an NVIDIA GPU and no .NET.
#
#   bench/gpu/check.sh build   here (with the .NET SDK): publish Synth.Bench.Privacy as a self-contained
#                              single-file linux-x64 executable (compressed, NOT trimmed: a trimmed build
#                              fails inside ILGPU's Context.Create) into bench/gpu/bundle/ (git-ignored),
#                              with Adult; checks that it runs and that the bundle stays under 64 MiB
#   bench/gpu/check.sh run     there, from the repository root with bench/gpu/bundle carried along (the
#                              device tool: carry ["bench/gpu/bundle"], timeout 600): nvidia-smi, every
#                              GPU kernel against the CPU code (--gpu-check), then AIM on Adult at epsilon 1
#                              and 3 with --device cpu and --device gpu: fit time, CPU time, peak memory,
#                              2-way TV, speed-up. Prints a summary and writes it, with every fit's JSON, to
#                              $OUT (the device tool's output folder) or bench/gpu/results/.
#
# Needs only bash, coreutils and python3 on the GPU machine. Each fit is limited to FIT_TIMEOUT seconds
# (default 150) and the whole run to TOTAL seconds (default 570, under the device tool's ten minutes):
# a fit that would start past it is skipped and reported. Exit code 0 when the kernel check passed and
# every fit ran; 1 otherwise (the summary says which).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bundle="$here/bundle"
max_bundle_bytes=$((64 * 1024 * 1024))

build() {
    set -e
    rm -rf "$bundle"
    dotnet publish "$root/bench/privacy/Synth.Bench.Privacy/Synth.Bench.Privacy.csproj" -c Release -r linux-x64 \
        --self-contained true -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true \
        -p:IncludeNativeLibrariesForSelfExtract=true -p:PublishTrimmed=false -nologo -v q -o "$bundle"
    cp "$root/../shared/data/adult/adult.csv" "$root/../shared/data/adult/adult-domain.json" "$bundle/"
    rm -f "$bundle"/*.pdb
    local bytes
    bytes="$(du -sb "$bundle" | cut -f 1)"
    ls -l "$bundle"
    echo "bundle: $bytes bytes (limit $max_bundle_bytes)"
    ((bytes <= max_bundle_bytes)) || { echo "the bundle is over 64 MiB: it cannot be carried to the GPU machine" >&2; exit 1; }
    # The executable starts without .NET (it must, on the GPU machine): the kernel check on ILGPU's CPU accelerator.
    DOTNET_ROOT=/nonexistent "$bundle/Synth.Bench.Privacy" --gpu-check --simulate >/dev/null
    echo "bundle ready: carry bench/gpu/bundle and run 'bench/gpu/check.sh run'"
}

run() {
    local exe="$bundle/Synth.Bench.Privacy"
    [[ -x "$exe" ]] || { echo "no bundle: run 'bench/gpu/check.sh build' on a machine with the .NET SDK first" >&2; exit 1; }
    local out="${OUT:-$here/results}"
    mkdir -p "$out"
    # The single-file bundle extracts its native libraries (ILGPU's need none, but the runtime's do) here.
    export DOTNET_BUNDLE_EXTRACT_BASE_DIR="${TMPDIR:-/tmp}/synth-gpu-bundle"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1
    local threads="${THREADS:-$(nproc)}" fit_timeout="${FIT_TIMEOUT:-150}" failed=0
    local deadline=$((SECONDS + ${TOTAL:-570}))
    {
        echo "# bench/gpu/check.sh run, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1; else echo "nvidia-smi: not available"; fi
        echo "cpus: $(nproc); threads per fit: $threads; load average: $(cut -d ' ' -f 1-3 /proc/loadavg)"
        echo
        echo "## kernels against the CPU code"
    } | tee "$out/summary.txt"
    if ! timeout 120 "$exe" --gpu-check 2>&1 | tee -a "$out/summary.txt"; then
        echo "the kernel check failed (or found no CUDA GPU)" | tee -a "$out/summary.txt"
        failed=1
    fi
    {
        echo
        echo "## AIM on Adult (seed 1, delta 1e-9), CPU path against GPU path"
        printf '%-4s %7s | %9s %8s %7s %9s | %9s %8s %7s %9s | %8s\n' method epsilon "cpu fit s" "cpu s" "cpu MB" "cpu TV" "gpu fit s" "cpu s" "gpu MB" "gpu TV" speed-up
    } | tee -a "$out/summary.txt"
    for epsilon in 1 3; do
        for device in cpu gpu; do
            local limit=$((deadline - SECONDS))
            ((limit > fit_timeout)) && limit=$fit_timeout
            if ((limit < 10)); then
                echo "aim epsilon $epsilon on $device skipped: the run's time is spent" | tee -a "$out/summary.txt"
                failed=1
                continue
            fi
            echo "aim epsilon $epsilon on $device (at most $limit s) ..." >&2
            if ! timeout "$limit" "$exe" --method aim --epsilon "$epsilon" --delta 1e-9 --seed 1 --threads "$threads" \
                --data "$bundle/adult.csv" --domain "$bundle/adult-domain.json" --device "$device" \
                >"$out/aim-$epsilon-$device.json" 2>"$out/aim-$epsilon-$device.log"; then
                echo "aim epsilon $epsilon on $device failed or ran past $limit s: see aim-$epsilon-$device.log" | tee -a "$out/summary.txt"
                tail -n 5 "$out/aim-$epsilon-$device.log" | tee -a "$out/summary.txt"
                failed=1
            fi
        done
        python3 - "$epsilon" "$out/aim-$epsilon-cpu.json" "$out/aim-$epsilon-gpu.json" <<'PY' | tee -a "$out/summary.txt"
import json, sys
epsilon, paths = sys.argv[1], sys.argv[2:]
def last(path):
    try:
        lines = [l for l in open(path).read().splitlines() if l.startswith("{")]
        return json.loads(lines[-1]) if lines else None
    except OSError:
        return None
cpu, gpu = (last(p) for p in paths)
def cells(r):
    return "         -        -       -         -" if r is None else \
        f"{r['fit_seconds']:9.2f} {r['fit_cpu_seconds']:8.1f} {r['peak_working_set_mb']:7.0f} {r['tv_2way_mean']:9.4f}"
speed = f"{cpu['fit_seconds'] / gpu['fit_seconds']:7.2f}x" if cpu and gpu else "      -"
print(f"aim  {epsilon:>7} | {cells(cpu)} | {cells(gpu)} | {speed}  ({gpu['device'] if gpu else 'gpu run failed'})")
PY
    done
    echo "results in $out" >&2
    return "$failed"
}

case "${1:-}" in
    build) build ;;
    run) run ;;
    *) echo "usage: bench/gpu/check.sh build|run" >&2; exit 2 ;;
esac
