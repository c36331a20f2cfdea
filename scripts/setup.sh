#!/usr/bin/env bash
# Set up everything ohkit needs on a fresh Debian/Ubuntu machine:
#   - system libraries and fonts WeasyPrint needs to write Chinese PDFs quickly
#     (libharfbuzz-subset0 makes PDF writing 10-46x faster; fonts-noto-cjk is the fallback font);
#   - a virtual environment .venv with ohkit installed from this checkout (editable).
# With --test it also installs the test tools: poppler-utils (pdftotext, pdffonts), chromium
# (the guide's browser tests), npm when missing (Pyodide for the Check online page), and the
# test/docs Python extras.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs="python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk"
[ "$want_test" = 1 ] && pkgs="$pkgs poppler-utils chromium"

# npm fetches Pyodide for the guide's Check online page (python -m ohkit.web build, its browser test)
[ "$want_test" = 1 ] && ! command -v npm >/dev/null 2>&1 && pkgs="$pkgs nodejs npm"

if command -v dpkg >/dev/null 2>&1; then
  missing=""
  for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    echo "setup: installing system packages:$missing"
    SUDO=""
    [ "$(id -u)" != 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  echo "setup: not a Debian system; install by hand: $pkgs" >&2
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: ohkit needs Python 3.11 or newer ($PY is $("$PY" --version 2>&1))" >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
extras=""
[ "$want_test" = 1 ] && extras="[test,docs]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/ohkit --version
