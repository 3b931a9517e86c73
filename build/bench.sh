#!/usr/bin/env bash
# Benchmarks the tensor layer against PyTorch eager (Debian's python3-torch) on this machine, in
# the same run, and prints one table with the ratios. Takes a few minutes.
#   build/bench.sh --clip-step   also times one PyTTI step's CLIP work (ViT-B/32 size).
#   build/bench.sh --clip-parts  only: each part of that step alone (linear layers, QuickGELU, attention, cutouts).
#   build/bench.sh --long-run    only: 10,000 steps at 32x32, live tensors and memory every 1,000 steps.
#   build/bench.sh --video-frames  only: reading a 300-frame 256x256 video in order, select per frame vs sequential.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build/setup.sh --bench
mkdir -p artifacts/bench
if [[ "${1:-}" == "--long-run" ]]; then
  # Ten thousand steps on 32x32 with the tiny fixture CLIP: live tensors and memory must stay flat (issue 5).
  shared=$(cd "$root/../shared" && pwd)
  exec dotnet run -c Release --project tests/Pytti.Benchmarks -- long-run \
    "$shared/fixtures/clip/tiny_vit_b.pt" "$shared/fixtures/clip/bpe_simple_vocab_16e6.txt.gz" 10000
fi
if [[ "${1:-}" == "--clip-parts" ]]; then
  # Where the CLIP step's time goes: each part alone at the step's shapes, forward and backward.
  exec dotnet run -c Release --project tests/Pytti.Benchmarks -- clip-parts
fi
if [[ "${1:-}" == "--video-frames" ]]; then
  # Video Source reads (issue: quadratic decoding): one ffmpeg per frame against one decoder for the whole video.
  exec dotnet run -c Release --project tests/Pytti.Benchmarks -- video-frames 300 256 3
fi
/usr/bin/python3 build/bench/pytorch_eager.py > artifacts/bench/pytorch.json
dotnet run -c Release --project tests/Pytti.Benchmarks -- "$root/artifacts/bench/pytorch.json"
if [[ "${1:-}" == "--clip-step" ]]; then
  # One PyTTI step's CLIP work at ViT-B/32 size (issue 3); about a minute each side.
  /usr/bin/python3 build/bench/clip_step.py > artifacts/bench/clip_step.json
  dotnet run -c Release --project tests/Pytti.Benchmarks -- clip-step "$root/artifacts/bench/clip_step.json"
fi
