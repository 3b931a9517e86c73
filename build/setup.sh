#!/usr/bin/env bash
# Installs the system packages PyttiPipeline builds and tests with, on Debian 12.
# Idempotent: does nothing when everything is present. Runs apt-get as root, through sudo otherwise.
#   build/setup.sh            build + test dependencies (chromium: preview page tests only)
#   build/setup.sh --bench    also python3-torch (PyTorch eager, the benchmark baseline)
set -euo pipefail

# libtorch comes from NuGet with TorchSharp; FFmpeg is the only system package the product needs.
# nginx-light (its WebDAV module) is the remote-cache server the tests start on loopback.
packages=(ffmpeg nginx-light)
# chromium is for the tests only: they drive the live preview page in headless Chromium (the product never needs it).
packages+=(chromium)
if [[ "${1:-}" == "--bench" ]]; then packages+=(python3-torch); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required but 'dotnet' is not on PATH." >&2
  echo "       Install it from https://dot.net (packages.microsoft.com has Debian 12 packages: dotnet-sdk-10.0)." >&2
  exit 1
fi
