#!/usr/bin/env bash
# Benchmarks the tensor layer against PyTorch eager (Debian's python3-torch) on this machine, in
# the same run, and prints one table with the ratios. Takes a few minutes.
#   build/bench.sh --clip-step   also times one PyTTI step's CLIP work (ViT-B/32 size).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build/setup.sh --bench
mkdir -p artifacts/bench
/usr/bin/python3 build/bench/pytorch_eager.py > artifacts/bench/pytorch.json
dotnet run -c Release --project tests/Pytti.Benchmarks -- "$root/artifacts/bench/pytorch.json"
if [[ "${1:-}" == "--clip-step" ]]; then
  # One PyTTI step's CLIP work at ViT-B/32 size (issue 3); about a minute each side.
  /usr/bin/python3 build/bench/clip_step.py > artifacts/bench/clip_step.json
  dotnet run -c Release --project tests/Pytti.Benchmarks -- clip-step "$root/artifacts/bench/clip_step.json"
fi
