#!/usr/bin/env bash
# The benchmark of issue #6 (docs/PERFORMANCE.md): starts its own Azurite and the app's Release build output under the
# local Functions host (tools/CspUpgrades.LocalHost, the worker as a process, as run.sh runs it), seeds the data sets, measures every use case beside the raw storage calls it cannot avoid, prints one
# table and writes bench/results/run-<timestamp>.json. Sizes: ./bench.sh --help. About 5–6 minutes at the default size (three quiet runs: 5 min 0 s – 5 min 38 s).
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

echo "Building the app (Release: the build output the Functions host loads) and the harness..."
dotnet build src/CspUpgrades.Functions -c Release -o artifacts/bench/app \
  --artifacts-path artifacts/bench/build-app --nologo -v quiet -clp:"ErrorsOnly;NoSummary" -p:RunAnalyzers=false
build_harness
exec dotnet "$harness/CspUpgrades.Bench.dll" --app artifacts/bench/app --out bench/results "$@"
