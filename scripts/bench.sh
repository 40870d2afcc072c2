#!/usr/bin/env bash
# ./build.sh bench [--quick] [--no-page] [--no-tfjs] [--no-embed]
# Builds what the benchmark needs (the native bench binary, the WASM module and
# the page), then measures BN Lab against TF.js 4.22 (cpu and wasm backends)
# and native (bench/run_all.mjs). Build output goes to stderr, so stdout is the
# tables, ending in the two lines "wasm/tfjs ratio: X" and "wasm/native ratio: Y".
# Results also land in build/bench/results.{json,md}. A few minutes in all.
# First, unless --no-embed: the embedding figures (bench/embed_bench.mjs: a
# page full of <bn-lab> widgets, bytes per widget, layout shift and blank
# panel frames of the full page), into build/bench/embed.{json,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

JOBS=${JOBS:-$(nproc)}
NATIVE_DIR=${NATIVE_DIR:-build/native}

deps_native
cmake -S . -B "$NATIVE_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$NATIVE_DIR" -j "$JOBS" --target bnlab_bench >&2
./build.sh web >&2
deps_node
deps_browser

echo "bench: $(uptime)" >&2
embed=1
args=()
for a in "$@"; do
  if [ "$a" = --no-embed ]; then embed=0; else args+=("$a"); fi
done
if [ $embed = 1 ]; then
  quick=()
  for a in "${args[@]}"; do [ "$a" = --quick ] && quick=(--quick); done
  node bench/embed_bench.mjs "${quick[@]}"
  echo
fi
BNLAB_BENCH="$NATIVE_DIR/bnlab_bench" exec node bench/run_all.mjs "${args[@]}"
