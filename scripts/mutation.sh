#!/usr/bin/env bash
# Mutation testing of the domain (#38): Stryker.NET mutates src/CspUpgrades.Domain and runs
# tests/CspUpgrades.Domain.Tests against each mutant. Not part of CI — a run takes minutes.
#
#   ./scripts/mutation.sh [stryker options…]   e.g. --concurrency 2, --mutate '**/Money.cs'
#
# Reports: artifacts/mutation/mutation-report.html and .json (Stryker's own output folder beside them).
# Prints the score; exits non-zero below 90 % (the config's "break" threshold, Stryker's --break-at).
# Settings: scripts/stryker-config.json. Equivalent mutants are excluded where they stand in the code
# (`// Stryker disable once <Mutator> : <reason>`), never in the config. Needs only the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."

root=$PWD
out=$root/artifacts/mutation
rm -rf "$out"
mkdir -p "$out"

dotnet tool restore >/dev/null
# From the test project's folder: Stryker takes it as the test project (at the root it would see the solution).
set +e
(cd tests/CspUpgrades.Domain.Tests &&
  dotnet dotnet-stryker --config-file "$root/scripts/stryker-config.json" --output "$out/run" --skip-version-check "$@") \
  | tee "$out/stryker.log"
status=${PIPESTATUS[0]}
set -e

report=$out/run/reports
if [[ -f $report/mutation-report.json ]]; then
  cp "$report/mutation-report.json" "$report/mutation-report.html" "$out/"
  echo
  echo "HTML: $out/mutation-report.html   JSON: $out/mutation-report.json"
fi
grep -Eo 'The final mutation score is [0-9.]+ ?%' "$out/stryker.log" | tail -1 || echo "no score: see $out/stryker.log"
exit "$status"
