#!/usr/bin/env bash
# Steps to 90% test accuracy, without and with batch norm, over seeds 1..10,
# measured with the CLI. Prints a table and the ratio of medians.
#   scripts/bn_speedup.sh [BNLAB] [PRESET] [STEPS] [EVERY]
# A run that never reaches 90% counts as the step budget.
set -euo pipefail
bnlab=${1:-build/native/bnlab}
preset=${2:-default}
budget=${3:-3000}
every=${4:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-6s %12s %12s\n' seed "without BN" "with BN"
for seed in 1 2 3 4 5 6 7 8 9 10; do
  "$bnlab" run --preset "$preset" --seed "$seed" --steps "$budget" --every "$every" \
    --csv "$tmp/s$seed.csv" >/dev/null 2>&1
  # First step with test_acc >= 0.9 per run (CSV: step,run,train_loss,test_loss,train_acc,test_acc).
  awk -F, -v budget="$budget" -v seed="$seed" '
    NR > 1 { run = $2; gsub(/"/, "", run)
             if (!(run in first)) first[run] = -1
             if (first[run] < 0 && $6 >= 0.9) first[run] = $1 }
    END { a = first["without BN"]; b = first["with BN"]
          if (a < 0) a = budget; if (b < 0) b = budget
          printf "%-6s %12d %12d\n", seed, a, b }' "$tmp/s$seed.csv"
done | tee "$tmp/table"
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'; }
ma=$(awk '{ print $2 }' "$tmp/table" | median)
mb=$(awk '{ print $3 }' "$tmp/table" | median)
printf '%-6s %12s %12s\n' median "$ma" "$mb"
awk -v a="$ma" -v b="$mb" 'BEGIN { printf "bn speedup (median steps without / with): %.2f\n", a / b }'
