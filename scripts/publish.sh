#!/usr/bin/env bash
# Builds what Azure runs: a self-contained linux-x64 publish of the custom handler, with host.json and
# one function.json per function beside the executable, zipped with the executable bit kept.
#
#   ./scripts/publish.sh   →   artifacts/publish/ (the folder)   artifacts/cspupgrades.zip (the package)
#
# Then: az functionapp deployment source config-zip -g <group> -n <app> --src artifacts/cspupgrades.zip
# (docs/DEPLOY.md). Needs the .NET SDK and zip, on Linux x64 (or WSL): the publish step runs the
# linux-x64 executable once to write the function.json files.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v zip >/dev/null; then
  echo "zip is required: it stores the Unix permissions, and the Functions host must be able to execute" >&2
  echo "CspUpgrades.Functions from the package. Install it (apt-get install zip, dnf install zip, brew install zip)." >&2
  exit 1
fi

publish=artifacts/publish
package=artifacts/cspupgrades.zip
exe=CspUpgrades.Functions

rm -rf "$publish" "$package"
dotnet publish src/CspUpgrades.Functions -c Release -o "$publish" --nologo

# What the host needs at the package root; fail here rather than in Azure.
[ -x "$publish/$exe" ] || { echo "publish left no executable $publish/$exe" >&2; exit 1; }
[ -f "$publish/host.json" ] || { echo "publish left no host.json in $publish" >&2; exit 1; }
functions=$(find "$publish" -mindepth 2 -maxdepth 2 -name function.json | wc -l)
[ "$functions" -gt 0 ] || { echo "publish wrote no function.json (it runs $exe --write-function-metadata; is this Linux x64?)" >&2; exit 1; }
[ ! -e "$publish/local.settings.json" ] || { echo "$publish/local.settings.json must not be deployed" >&2; exit 1; }

# Zip from inside the folder: host.json must be at the root of the package. zip keeps the mode bits.
(cd "$publish" && zip -q -r -X "../$(basename "$package")" .)

if command -v zipinfo >/dev/null && ! zipinfo "$package" "$exe" | grep -q '^-rwx'; then
  echo "$exe lost its executable bit in $package" >&2; exit 1
fi

echo "$package: $(du -h "$package" | cut -f1), $functions functions, $exe executable."
