#!/usr/bin/env bash
# Benchmarks the tensor layer against PyTorch eager (Debian's python3-torch) on this machine, in
# the same run, and prints one table with the ratios. Takes a few minutes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build/setup.sh --bench
mkdir -p artifacts/bench
/usr/bin/python3 build/bench/pytorch_eager.py > artifacts/bench/pytorch.json
dotnet run -c Release --project tests/Pytti.Benchmarks -- "$root/artifacts/bench/pytorch.json"
