#!/usr/bin/env bash
# Builds what Azure runs: the isolated worker's publish output (framework-dependent: Flex Consumption's dotnet-isolated
# 10.0 runtime brings .NET) and the zip package of it, contents at the root as the Functions host loads them. ReadyToRun
# for linux-x64, the platform Flex Consumption runs: the app's code is compiled ahead, so a cold start JITs less
# (start to first answer 1.22 s → 0.85 s, medians of three bench runs, docs/PERFORMANCE.md).
#
#   ./scripts/publish.sh [OUT] [dotnet publish options…]   →   OUT/publish/ (the folder)   OUT/cspupgrades.zip (the package)
#
# OUT defaults to artifacts/. Then: az functionapp deployment source config-zip -g <group> -n <app> --src artifacts/cspupgrades.zip
# (docs/DEPLOY.md). Needs only the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mkdir -p "${1:-artifacts}" && cd "${1:-artifacts}" && pwd)
shift $(( $# > 0 ? 1 : 0 ))
publish=$out/publish
package=$out/cspupgrades.zip

rm -rf "$publish" "$package"
dotnet publish src/CspUpgrades.Functions -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$publish" -p:DeploymentPackage="$package" --nologo "$@"

# What the host loads from the package root; fail here rather than in Azure.
for file in host.json functions.metadata worker.config.json extensions.json CspUpgrades.Functions.dll; do
  [ -f "$publish/$file" ] || { echo "publish left no $file in $publish" >&2; exit 1; }
done
[ -d "$publish/.azurefunctions" ] || { echo "publish left no .azurefunctions/ (the host's extensions) in $publish" >&2; exit 1; }
[ ! -e "$publish/local.settings.json" ] || { echo "$publish/local.settings.json must not be deployed" >&2; exit 1; }
[ -f "$package" ] || { echo "publish left no package $package" >&2; exit 1; }

functions=$(grep -c '"scriptFile"' "$publish/functions.metadata")
echo "$package: $(du -h "$package" | cut -f1), $functions functions."
