#!/usr/bin/env bash
# The benchmark of issues #6 and #25 (docs/PERFORMANCE.md): builds the deployment package (scripts/publish.sh), starts its
# own Azurite and the app as deployed: the package unpacked, under the local Functions host (tools/CspUpgrades.LocalHost,
# the worker as a process). Seeds the data sets, measures every use case beside the raw storage calls it cannot avoid, the
# host → worker hop per invocation and the cold start phase by phase, prints one table and writes
# bench/results/run-<timestamp>.json. Sizes: ./bench.sh --help. About 5–6 minutes at the default size plus the publish.
#   ./bench.sh [--customers N ...]          one run
#   ./bench.sh --summarize [run.json ...]   medians of several runs (default: every bench/results/run-*.json)
#   ./bench.sh --localhost                  the local Functions host (tools/CspUpgrades.LocalHost) with the worker as a
#                                           process and in-process: start, HTTP, queue, timer, stop; writes
#                                           bench/results/localhost-<timestamp>.json (1–2 minutes with the build)
set -euo pipefail
cd "$(dirname "$0")"

harness=artifacts/bench/harness
build_harness() {
  dotnet build bench/CspUpgrades.Bench -c Release -o "$harness" --artifacts-path artifacts/bench/build-harness \
    --nologo -v quiet -clp:"ErrorsOnly;NoSummary" -p:RunAnalyzers=false
}

install_azurite() {
  command -v node >/dev/null || { echo "Node.js 20+ is required (Azurite runs on it)." >&2; exit 1; }
  if ! cmp -s package-lock.json node_modules/.package-lock.json.ci 2>/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.package-lock.json.ci
  fi
}

if [ "${1:-}" = "--summarize" ]; then
  shift
  build_harness
  if [ $# -eq 0 ]; then set -- bench/results/run-*.json; fi
  exec dotnet "$harness/CspUpgrades.Bench.dll" summarize "$@"
fi
if [ "${1:-}" = "--localhost" ]; then
  shift
  install_azurite
  echo "Building the local host's fixture app and its benchmark (Release)..."
  quiet=(--nologo -v quiet -clp:"ErrorsOnly;NoSummary" -p:RunAnalyzers=false)
  dotnet build tests/CspUpgrades.LocalHost.FixtureApp -c Release -o artifacts/bench/localhost-app \
    --artifacts-path artifacts/bench/build-localhost-app "${quiet[@]}"
  dotnet build bench/CspUpgrades.LocalHost.Bench -c Release -o artifacts/bench/localhost-harness \
    --artifacts-path artifacts/bench/build-localhost-harness "${quiet[@]}"
  exec dotnet artifacts/bench/localhost-harness/CspUpgrades.LocalHost.Bench.dll --app artifacts/bench/localhost-app --out bench/results "$@"
fi
if [ "${1:-}" = "--help" ]; then
  echo "./bench.sh --localhost: the local Functions host benchmark (bench/CspUpgrades.LocalHost.Bench); no options."
  build_harness
  exec dotnet "$harness/CspUpgrades.Bench.dll"
fi

install_azurite

echo "Publishing the app (scripts/publish.sh: the zip Azure runs) and building the harness..."
# Its own artifacts path: the package is built beside, not on top of, other builds of the app.
scripts/publish.sh artifacts/bench/package --artifacts-path artifacts/bench/build-app -p:RunAnalyzers=false \
  -v quiet -clp:"ErrorsOnly;NoSummary"
build_harness
# The harness unpacks the zip into artifacts/bench/package/cspupgrades/ and runs that folder.
exec dotnet "$harness/CspUpgrades.Bench.dll" --app artifacts/bench/package/cspupgrades.zip --out bench/results "$@"
