#!/usr/bin/env bash
# Runs every test of the solution after installing what the build needs, then prints one summary
# line: "Tests: N passed, N failed". Exit code 0 only when nothing failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build/setup.sh

log="$root/artifacts/test-output.log"
mkdir -p "$root/artifacts"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build PyttiPipeline.sln -c Release -nologo -v q -clp:ErrorsOnly
status=0
dotnet test PyttiPipeline.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# One "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S" line per test project.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       projects++ }
     END { printf "Tests: %d passed, %d failed%s\n", p, f, (s ? ", " s " skipped" : "");
           if (projects == 0 || p == 0) exit 1 }' "$log" || status=1
exit $status
