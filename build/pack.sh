#!/usr/bin/env bash
# Packs the two packages users install into a local NuGet feed, artifacts/feed/:
#   Pytti.Cli (the pytti tool: a small pointer package plus Pytti.Cli.<rid> for linux-x64, win-x64 and osx-arm64,
#   each with its own OS's libtorch) and Pytti.Build (the MSBuild package), with symbol packages.
#   build/pack.sh                          all three runtime identifiers (restores their libtorch packages once)
#   PYTTI_TOOL_RIDS=linux-x64 build/pack.sh   only the ones named (faster, for trying the tool on this machine)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
feed="$root/artifacts/feed"
mkdir -p "$feed"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rids=${PYTTI_TOOL_RIDS:-linux-x64;win-x64;osx-arm64}
dotnet pack src/Pytti.Cli -c Release -o "$feed" -nologo -v q -p:PyttiToolRuntimeIdentifiers="${rids//;/%3B}"
dotnet pack src/Pytti.Build -c Release -o "$feed" -nologo -v q
ls -l "$feed"
