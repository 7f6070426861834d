#!/usr/bin/env bash
# The partner page's browser tests (tests/CspUpgrades.Portal.Tests) drive Debian's Chromium at /usr/bin/chromium through
# Playwright (whose own browser download cannot be reached from the build machines). test.sh runs this first: it installs
# the browser where it is missing (apt-get, as root or with password-less sudo) and fails with what to do where it cannot.
set -euo pipefail

# CSPUPGRADES_CHROMIUM is for this script's own tests (EnsureChromiumScriptTests), which run it against a browser path
# that does not exist and a PATH of stand-ins, so the branches that install are exercised without touching the machine's
# browser. The browser tests themselves always launch /usr/bin/chromium.
CHROMIUM=${CSPUPGRADES_CHROMIUM:-/usr/bin/chromium}
LOG="${TMPDIR:-/tmp}/cspupgrades-chromium-install.log"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "The browser tests need Chromium at $CHROMIUM, and this user cannot install it: run" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-wqy-microhei" >&2
    echo "(or, without apt, put a Chromium whose major version matches Microsoft.Playwright's at $CHROMIUM), then run ./test.sh again." >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null; then
  echo "The browser tests need Chromium at $CHROMIUM and this machine has no apt-get: install a Chromium whose major version" >&2
  echo "matches Microsoft.Playwright's (Directory.Packages.props) and link it at $CHROMIUM, then run ./test.sh again." >&2
  exit 1
fi

echo "Installing Debian's chromium for the browser tests (once; about 120 MB)..."
# fonts-wqy-microhei: without a CJK font the Chinese page renders as boxes.
if ! { "${as_root[@]}" apt-get update -qq \
       && DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei; } >"$LOG" 2>&1; then
  tail -n 20 "$LOG" >&2
  echo "Installing chromium with apt-get failed (log above, in full in $LOG)." >&2
  echo "Install it by hand (apt-get install -y chromium) or put a Chromium at $CHROMIUM, then run ./test.sh again." >&2
  exit 1
fi
[ -x "$CHROMIUM" ] || { echo "apt-get installed chromium, but $CHROMIUM is not there." >&2; exit 1; }
"$CHROMIUM" --version 2>/dev/null || true
