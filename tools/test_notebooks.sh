#!/usr/bin/env bash
# `make test`: check that accel_sgd/ and README.md are in sync with nbs/, then run each notebook's tests on its own
# (nbdev_test --path), and close with one line counting notebooks: `N passed, M failed`.
set -u
BIN=${BIN:-.venv/bin}
FLAGS=${FLAGS:-}
pass=0; fail=0; failed=""; T0=$(date +%s)

if ! BIN=$BIN bash tools/check_sync.sh; then fail=$((fail+1)); failed="$failed accel_sgd-sync"; fi
if $BIN/python tools/make_readme.py --check; then echo "sync: README.md matches nbs/index.ipynb"
else fail=$((fail+1)); failed="$failed README-sync"; fi

for nb in nbs/*.ipynb; do
  t0=$(date +%s)
  if out=$($BIN/nbdev_test --path "$nb" ${FLAGS:+--flags $FLAGS} 2>&1); then
    pass=$((pass+1)); echo "PASS $nb ($(( $(date +%s) - t0 )) s)"
  else
    fail=$((fail+1)); failed="$failed $nb"; echo "FAIL $nb ($(( $(date +%s) - t0 )) s)"; echo "$out" | tail -40
  fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "tests took $(( $(date +%s) - T0 )) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
