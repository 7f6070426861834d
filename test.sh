#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs Azurite (npm ci), builds, runs every
# test project, and ends with one line "N passed, N failed" summed over all projects.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js 20+ with npm is required (Azurite runs on it)." >&2; exit 1
fi
# npm ci only when the lock file changed since the last install: it wipes node_modules every time.
if ! cmp -s package-lock.json node_modules/.package-lock.json.ci 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed" >&2; exit 1; }
  cp package-lock.json node_modules/.package-lock.json.ci
fi

# The partner page's browser tests need Debian's Chromium: installed here when it is missing (scripts/ensure-chromium.sh).
scripts/ensure-chromium.sh || exit 1

results="TestResults/run-$(date +%Y%m%d-%H%M%S)"
dotnet test Functions.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed))); failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  total=$((total + $(value total)))
done

echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  [ "$passed" -eq 0 ] && echo "No test passed: treat as failure." >&2
  exit 1
fi
