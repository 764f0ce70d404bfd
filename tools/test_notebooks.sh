#!/usr/bin/env bash
# `make test`: check that accel_sgd/ and README.md are in sync with nbs/, then run each notebook's tests on its own
# (nbdev_test --path), and close with one line counting notebooks: `N passed, M failed`. The checks before the notebooks
# (accel_sgd-sync, README-sync, check-numbers) count as one failure each.
# The machine has few cores, so notebooks run JOBS at a time (default: the number of cores), each with one torch
# thread (OMP_NUM_THREADS=1): two one-thread runs side by side finish sooner than two two-thread runs in a row.
set -u
BIN=${BIN:-.venv/bin}
FLAGS=${FLAGS:-}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
pass=0; fail=0; failed=""; T0=$(date +%s)

if ! BIN=$BIN bash tools/check_sync.sh; then fail=$((fail+1)); failed="$failed accel_sgd-sync"; fi
if $BIN/python tools/make_readme.py --check; then echo "sync: README.md matches nbs/index.ipynb"
else fail=$((fail+1)); failed="$failed README-sync"; fi
# Numbers in the prose against the committed outputs and results files (tools/check_numbers.py), its own examples first.
if $BIN/python tools/check_numbers.py --self-test && $BIN/python tools/check_numbers.py; then :
else fail=$((fail+1)); failed="$failed check-numbers"; fi

LOGS=$(mktemp -d); trap 'rm -rf "$LOGS"' EXIT
run_one() {   # notebook -> $LOGS/<name>.out and .rc, .s (seconds)
  local nb=$1 name; name=$(basename "$nb" .ipynb); local t0; t0=$(date +%s)
  OMP_NUM_THREADS=1 $BIN/nbdev_test --path "$nb" ${FLAGS:+--flags $FLAGS} > "$LOGS/$name.out" 2>&1
  echo $? > "$LOGS/$name.rc"; echo $(( $(date +%s) - t0 )) > "$LOGS/$name.s"
}
export -f run_one; export BIN FLAGS LOGS
# Longest first, so that the two queues end together; then the rest in order.
ls nbs/*.ipynb | awk '{print ($0 ~ /0[4-9]_|1[0-9]_/ ? 0 : 1) " " $0}' | sort -s -k1,1 | cut -d' ' -f2 \
  | xargs -P "$JOBS" -I{} bash -c 'run_one {}'

for nb in nbs/*.ipynb; do
  name=$(basename "$nb" .ipynb); rc=$(cat "$LOGS/$name.rc" 2>/dev/null || echo 1); s=$(cat "$LOGS/$name.s" 2>/dev/null || echo '?')
  if [ "$rc" = 0 ]; then pass=$((pass+1)); echo "PASS $nb ($s s)"
  else fail=$((fail+1)); failed="$failed $nb"; echo "FAIL $nb ($s s)"; tail -40 "$LOGS/$name.out"; fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "tests took $(( $(date +%s) - T0 )) s ($JOBS at a time)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
