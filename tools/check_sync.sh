#!/usr/bin/env bash
# Is accel_sgd/ what nbdev_export makes from nbs/? Exports into a temporary copy of the project and compares, so the
# working tree is never written: a hand edit of accel_sgd/*.py is reported (and kept), and a fresh export that is not
# committed yet passes. Exit status 0 when in sync, 1 when not, 2 when the export itself failed.
set -u
BIN=$(cd "${BIN:-.venv/bin}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/accel_sgd_sync.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
cp -r settings.ini nbs "$tmp"/; mkdir "$tmp/accel_sgd"     # an empty package: a module no notebook makes any more shows as extra
if ! out=$(cd "$tmp" && "$BIN/nbdev_export" 2>&1); then
  echo "sync: FAILED: nbdev_export could not export nbs/:"; echo "$out" | tail -20; exit 2
fi
if files=$(diff -r -q -x __pycache__ accel_sgd "$tmp/accel_sgd"); then
  echo "sync: accel_sgd/ matches nbs/"
else
  echo "sync: FAILED: accel_sgd/ differs from what nbdev_export makes from nbs/ (no file was changed):"
  echo "$files" | sed -E "s|^Files (accel_sgd/[^ ]+) and .*|  \1 differs|; s|^Only in $tmp/accel_sgd: (.*)|  accel_sgd/\1 is missing (a notebook exports it)|;
                        s|^Only in (accel_sgd[^:]*): (.*)|  \1/\2 is made by no notebook|" | head -20
  diff -r -u -x __pycache__ accel_sgd "$tmp/accel_sgd" | grep -E '^[-+][^-+]' | head -10 | sed 's/^/    /'
  echo "  (-: in accel_sgd/, +: exported from nbs/.) Edited a notebook? run \`make export\` and commit both."
  echo "  Edited accel_sgd/*.py by hand? move the change into its notebook (nbs/ is the source), then \`make export\`."
  exit 1
fi
