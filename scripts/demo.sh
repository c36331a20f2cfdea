#!/usr/bin/env bash
# Set up, then run the main job on the bundled example firm (a 40-worker furniture factory):
# check its records, assess them, and write the self-assessment report, action plan and
# notice cards into ohkit-out/furniture/. Exit code 1 from a command means "findings to act
# on", which is the point of the example; only exit 2 (could not run) stops the demo.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 2

firm=examples/furniture
out=ohkit-out/furniture
run() {
  echo
  echo "\$ ohkit $*"
  .venv/bin/ohkit "$@"
  rc=$?
  if [ "$rc" -ge 2 ]; then echo "demo: 'ohkit $*' could not run (exit $rc)" >&2; exit "$rc"; fi
}
run validate "$firm"
run assess "$firm" --no-input
run report "$firm" --no-input -O "$out"
run card "$firm" -O "$out"
run due "$firm" --within 60d --ics "$out/due.ics"
echo
echo "demo: outputs are in $out/"
ls -l "$out"
