#!/usr/bin/env bash
# Renders the example scene examples/hello/hello.pytti.yaml into images_out/hello/.
# Installs the system packages and builds the CLI first. The first run downloads CLIP ViT-B/32
# (~340 MB, SHA-256 verified) into ~/.cache/pytti (or $PYTTI_MODELS_DIR); offline, it prints the
# URL, the digest and the exact path where the file can be placed by hand.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Pytti.Cli -c Release -nologo -v q -clp:ErrorsOnly
exec dotnet src/Pytti.Cli/bin/Release/net10.0/pytti.dll render examples/hello/hello.pytti.yaml "$@"
