#!/usr/bin/env bash
# The default preset earns its place: over seeds 1..10, the median number of
# steps to 90% test accuracy is at least 3 times smaller with batch norm than
# without (same learning rate, initialization and batches).
set -euo pipefail
bnlab=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$("$here/../../scripts/bn_speedup.sh" "$bnlab" default 3000 10)
echo "$out"
ratio=$(echo "$out" | awk -F': ' '/bn speedup/ { print $2 }')
awk -v r="$ratio" 'BEGIN { exit !(r >= 3) }' || { echo "FAIL: batch-norm speedup $ratio < 3"; exit 1; }
