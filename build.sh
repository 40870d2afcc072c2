#!/usr/bin/env bash
# BN Lab build driver.
#   ./build.sh serve   install what is missing, build the page, serve it on localhost
#   ./build.sh test    install what is missing, build everything, run every test
#   ./build.sh web     build the static site into dist/
#   ./build.sh cli     build the native CLI and run the default preset
#   ./build.sh single  the whole page in one file, dist/bnlab.html (opens from disk)
#   ./build.sh bench   benchmarks
#   ./build.sh sanitize  AddressSanitizer + UndefinedBehaviorSanitizer build (build/sanitize):
#                        unit tests, the CLI checks, the fuzz corpora replayed; zero reports
#   ./build.sh fuzz    libFuzzer targets (tests/fuzz/), FUZZ_SECONDS (default 60) each
#   ./build.sh soak    the long memory and browser soaks (10,000 configure/reset
#                      cycles, 2,000 preset switches, 3 minutes of a seeded monkey;
#                      ./build.sh test runs short fixed budgets of the same tests)
# See docs/RELIABILITY.md for the sanitizer, fuzz and soak stages and their figures.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh

JOBS=${JOBS:-$(nproc)}
NATIVE_DIR=${NATIVE_DIR:-build/native}

build_native() {
  deps_native
  cmake -S . -B "$NATIVE_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$NATIVE_DIR" -j "$JOBS"
}

# --no-tests=error: a build that registered no tests fails instead of passing.
test_native() {
  deps_reference
  ctest --test-dir "$NATIVE_DIR" --output-on-failure --no-tests=error -j "$JOBS"
}

# ---------------------------------------------------------------- sanitizers, fuzzing

SANITIZE_DIR=${SANITIZE_DIR:-build/sanitize}
SANITIZER_REPORTS=$SANITIZE_DIR/reports
# The fuzz targets ./build.sh test must find (tests/fuzz/fuzz_*.cpp); raise it
# when adding one.
FUZZ_MIN_TARGETS=5
# Seconds per fuzz target inside ./build.sh test (see docs/RELIABILITY.md for
# why); ./build.sh fuzz runs FUZZ_SECONDS (default 60).
FUZZ_CI_DEFAULT=10

# clang 14 (libFuzzer needs it) with ASan + UBSan; see CMakeLists.txt.
build_sanitize() {
  deps_native
  deps_sanitize
  CXX=clang++ cmake -S . -B "$SANITIZE_DIR" -DCMAKE_BUILD_TYPE=Sanitize -DBNLAB_SANITIZE=ON >/dev/null
  local targets=()
  mapfile -t targets < <(fuzz_targets)
  cmake --build "$SANITIZE_DIR" -j "$JOBS" --target bnlab bnlab_tests "${targets[@]}"
}

# Every report goes to a file as well as failing its process, so a report from
# a process whose failure a check expected (a CLI error case) is still seen.
sanitizer_env() {
  rm -rf "$SANITIZER_REPORTS"
  mkdir -p "$SANITIZER_REPORTS"
  local reports
  reports=$(cd "$SANITIZER_REPORTS" && pwd)
  export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:strict_string_checks=1:exitcode=86:log_path=$reports/report"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86:log_path=$reports/report"
}

# "" if no sanitizer wrote a report, else each report, and a failure.
sanitizer_reports() {
  local found=0 f
  for f in "$SANITIZER_REPORTS"/*; do
    [ -e "$f" ] || continue
    found=$((found + 1))
    echo "build.sh: sanitizer report $f:" >&2
    head -n 60 "$f" >&2
  done
  if [ $found -gt 0 ]; then
    echo "build.sh: $found sanitizer report(s)" >&2
    return 1
  fi
  echo "build.sh: no sanitizer reports" >&2
}

# Unit tests, the quick CLI checks (CMakeLists.txt lists the long ones it
# leaves out) and each fuzz target's corpus and saved crashes, replayed.
test_sanitize() {
  sanitizer_env
  local status=0
  ctest --test-dir "$SANITIZE_DIR" --output-on-failure --no-tests=error -j "$JOBS" || status=1
  sanitizer_reports || status=1
  return $status
}

# The fuzz targets: one per tests/fuzz/fuzz_NAME.cpp.
fuzz_targets() {
  local f
  for f in tests/fuzz/fuzz_*.cpp; do
    [ -e "$f" ] && basename "$f" .cpp
  done
}

# run_fuzz SECONDS: every target for SECONDS, JOBS of them at a time (each
# gets its own core), from its committed seeds plus what earlier runs here
# found (build/sanitize/fuzz-corpus/NAME). A crash is saved in
# build/sanitize/fuzz-crashes/NAME/: once fixed, copy it into
# tests/fuzz/regressions/NAME/, where the replay keeps it as a regression test.
run_fuzz() {
  local seconds=$1 status=0 target name running=0 targets=()
  mapfile -t targets < <(fuzz_targets)
  for target in "${targets[@]}"; do
    name=${target#fuzz_}
    fuzz_one "$name" "$seconds" &
    running=$((running + 1))
    if [ $running -ge "$JOBS" ]; then
      wait -n || status=1
      running=$((running - 1))
    fi
  done
  while [ $running -gt 0 ]; do
    wait -n || status=1
    running=$((running - 1))
  done
  if [ ${#targets[@]} -lt $FUZZ_MIN_TARGETS ]; then
    echo "build.sh: ${#targets[@]} fuzz targets in tests/fuzz, expected at least $FUZZ_MIN_TARGETS" >&2
    status=1
  fi
  return $status
}

# fuzz_one NAME SECONDS: one target; its log is build/sanitize/fuzz-NAME.log.
fuzz_one() {
  local name=$1 seconds=$2 bin=$SANITIZE_DIR/fuzz_$1 work crashes log dict=()
  work=$SANITIZE_DIR/fuzz-corpus/$name
  crashes=$SANITIZE_DIR/fuzz-crashes/$name/
  log=$SANITIZE_DIR/fuzz-$name.log
  mkdir -p "$work" "$crashes"
  if [ ! -x "$bin" ]; then
    echo "build.sh: fuzz $name: $bin was not built" >&2
    return 1
  fi
  [ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
  # Reports go to the log here, with the input that caused them.
  if ASAN_OPTIONS="detect_leaks=1:halt_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$bin" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$crashes" "${dict[@]}" "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
    fuzz_summary "$name" "$seconds" "$log"
  else
    echo "build.sh: fuzz $name FAILED (log $log, input saved in $crashes):" >&2
    grep -v '^#[0-9]' "$log" | tail -n 60 >&2
    return 1
  fi
}

# One line per target: runs, runs per second, coverage (edges, features), corpus.
fuzz_summary() {
  local name=$1 seconds=$2 log=$3 runs rate done
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  done=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1)
  echo "build.sh: fuzz $name: ${seconds} s, ${runs:-?} runs (${rate:-?}/s), $(echo "$done" |
    sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1 edges, ft \2 features, corpus \3 inputs/p')" >&2
}

WASM_DIR=${WASM_DIR:-build/wasm}
DIST_DIR=dist

# bnlab.mjs + bnlab.wasm with Debian's emscripten. Its JS optimizer needs
# Debian's node modules (acorn) on NODE_PATH.
build_wasm() {
  deps_wasm
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
  emcmake cmake -S . -B "$WASM_DIR" -DCMAKE_BUILD_TYPE=Release \
    -DEigen3_DIR=/usr/share/eigen3/cmake >/dev/null
  cmake --build "$WASM_DIR" -j "$JOBS"
}

# The static site: self-contained, nothing fetched from other hosts.
#   dist/index.html, dist/web/**, dist/web/wasm/bnlab.{mjs,wasm}, dist/web/vendor/uPlot.*,
#   dist/web/vendor/katex/, and dist/bn-lab.js (+ dist/bn-lab-chunks/): the <bn-lab>
#   element bundled by esbuild (scripts/build-element.mjs)
build_web() {
  build_wasm
  deps_node
  if [ ! -f index.html ]; then
    echo "build.sh: index.html is missing" >&2
    exit 1
  fi
  rm -rf "$DIST_DIR"
  mkdir -p "$DIST_DIR/web/wasm" "$DIST_DIR/web/vendor"
  cp index.html "$DIST_DIR/"
  if [ -d web ]; then cp -R web/. "$DIST_DIR/web/"; fi
  cp "$WASM_DIR/bnlab.mjs" "$WASM_DIR/bnlab.wasm" "$DIST_DIR/web/wasm/"
  cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css "$DIST_DIR/web/vendor/"
  cp node_modules/uplot/LICENSE "$DIST_DIR/web/vendor/uPlot.LICENSE"
  # KaTeX (the inspector's formulas): the ES module, its CSS and fonts.
  mkdir -p "$DIST_DIR/web/vendor/katex"
  cp node_modules/katex/dist/katex.mjs node_modules/katex/dist/katex.min.css "$DIST_DIR/web/vendor/katex/"
  cp -R node_modules/katex/dist/fonts "$DIST_DIR/web/vendor/katex/"
  cp node_modules/katex/LICENSE "$DIST_DIR/web/vendor/katex/LICENSE"
  node scripts/build-element.mjs "$DIST_DIR"
  echo "build.sh: site assembled in $DIST_DIR/" >&2
}

# dist/bnlab.html: the page in one file (scripts/build-single.mjs prints its
# size and fails above the 1.5 MB budget).
build_single() {
  build_web
  node scripts/build-single.mjs "$DIST_DIR"
}

# node_tests DIR MIN_FILES: every DIR/*.test.mjs under node --test; fails on a
# missing folder, fewer than MIN_FILES files, a file that ran no test, or a
# skipped one (scripts/test-count.mjs), as well as on any failing test.
node_tests() {
  local dir=$1 min=$2 status=0 files=() parallel=() serial=() s1 s2 f
  if [ ! -d "$dir" ]; then
    echo "build.sh: $dir is missing" >&2
    return 1
  fi
  mapfile -t files < <(find "$dir" -maxdepth 1 -name '*.test.mjs' | sort)
  # Files named in DIR/serial.txt measure time or speed: they run one at a
  # time, after the others, which run TEST_CONCURRENCY (default 1) at a time.
  for f in "${files[@]}"; do
    if [ -f "$dir/serial.txt" ] && grep -qx "$(basename "$f")" "$dir/serial.txt"; then serial+=("$f"); else parallel+=("$f"); fi
  done
  s1=$(mktemp)
  s2=$(mktemp)
  if [ ${#parallel[@]} -gt 0 ]; then
    node --test --test-concurrency="${TEST_CONCURRENCY:-1}" --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=./scripts/test-count.mjs --test-reporter-destination="$s1" "${parallel[@]}" || status=1
  fi
  if [ ${#serial[@]} -gt 0 ]; then
    node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=./scripts/test-count.mjs --test-reporter-destination="$s2" "${serial[@]}" || status=1
  fi
  node scripts/test-count.mjs "$s1,$s2" "$min" "${files[@]}" || status=1
  rm -f "$s1" "$s2"
  return $status
}

# The module in Node against the native CLI (needs build_native and build_web).
test_node() {
  BNLAB_CLI="$NATIVE_DIR/bnlab" node_tests tests/node 16
}

# The page in headless Chromium.
test_browser() {
  deps_browser
  # Three files at a time on two cores: the stage is bound by CPU (Chromium's
  # processes included; docs/RELIABILITY.md), and a third file keeps the
  # cores busy while another waits for a page or a worker. What measures
  # speed runs alone (serial.txt). BROWSER_CONCURRENCY overrides.
  BNLAB_CLI="$NATIVE_DIR/bnlab" TEST_CONCURRENCY=${BROWSER_CONCURRENCY:-3} node_tests tests/browser 41
}

# Stage times for the summary: `start_stage` before a stage, `took NAME` after
# it; wall-clock seconds, and the CPU seconds its processes used (what a
# loaded machine does not inflate).
stage_times=()
cpu_now() {  # sets cpu: user + system seconds of this shell's finished children
  times >"$stage_file"  # in this shell: in a pipe or $(...) it would time a subshell
  cpu=$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%d", t }' "$stage_file")
}
stage_file=$(mktemp)
trap 'rm -f "$stage_file"' EXIT
start_stage() {
  stage_wall=$SECONDS
  cpu_now
  stage_cpu=$cpu
}
took() {
  cpu_now
  stage_times+=("$(printf '%-16s %5d s wall %5d s cpu' "$1" $((SECONDS - stage_wall)) $((cpu - stage_cpu)))")
}

# BN Lab in a notebook (python/bnlab_jupyter.py): executed, exported, opened.
test_jupyter() {
  deps_browser
  deps_jupyter
  node_tests tests/jupyter 1
}

serve() {
  build_web
  exec node scripts/serve.mjs "$DIST_DIR"
}

cmd=${1:-cli}
case "$cmd" in
  cli)
    build_native
    "$NATIVE_DIR/bnlab" run --preset default
    ;;
  test)
    # Every suite runs even if an earlier one fails, so one CI log shows all
    # failures; the exit status is non-zero if any failed. Fuzzing runs
    # FUZZ_CI_SECONDS (default FUZZ_CI_DEFAULT) per target, JOBS at a time.
    status=0
    start_stage; build_native; took native-build
    start_stage; test_native || status=1; took native-tests
    start_stage; build_single; took web-build
    start_stage; test_node || status=1; took node-tests
    start_stage; test_browser || status=1; took browser-tests
    start_stage; test_jupyter || status=1; took jupyter-tests
    start_stage; build_sanitize; took sanitize-build
    start_stage; test_sanitize || status=1; took sanitize-tests
    start_stage; run_fuzz "${FUZZ_CI_SECONDS:-$FUZZ_CI_DEFAULT}" || status=1; took fuzz
    printf 'build.sh: %s\n' "${stage_times[@]}" >&2
    [ $status = 0 ] || echo "build.sh: some tests FAILED (see above)" >&2
    exit $status
    ;;
  sanitize)
    build_sanitize
    test_sanitize
    ;;
  fuzz)
    build_sanitize
    run_fuzz "${FUZZ_SECONDS:-60}"
    ;;
  web)
    build_web
    ;;
  serve)
    serve
    ;;
  single)
    build_single
    ;;
  soak)
    # The full counts of tests/node/memory-flat.test.mjs and
    # tests/browser/robust-soak.test.mjs (docs/RELIABILITY.md);
    # BNLAB_SOAK_SEED=N replays a monkey.
    build_web
    status=0
    BNLAB_SOAK=1 node --test tests/node/memory-flat.test.mjs || status=1
    deps_browser
    BNLAB_SOAK=1 node --test tests/browser/robust-soak.test.mjs || status=1
    exit $status
    ;;
  bench)
    # Builds what it needs itself; see scripts/bench.sh and docs/PERFORMANCE.md.
    exec scripts/bench.sh "${@:2}"
    ;;
  *)
    echo "usage: ./build.sh [serve|test|web|single|cli|bench|sanitize|fuzz|soak]" >&2
    exit 2
    ;;
esac
