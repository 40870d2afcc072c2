#!/usr/bin/env bash
# BN Lab build driver.
#   ./build.sh serve   install what is missing, build the page, serve it on localhost
#   ./build.sh test    install what is missing, build everything, run every test
#   ./build.sh web     build the static site into dist/
#   ./build.sh cli     build the native CLI and run the default preset
#   ./build.sh single  the whole page in one file, dist/bnlab.html (opens from disk)
#   ./build.sh bench   benchmarks
#   ./build.sh soak    the long memory and browser soaks (10,000 configure/reset
#                      cycles, 2,000 preset switches, 3 minutes of a seeded monkey;
#                      ./build.sh test runs short fixed budgets of the same tests)
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

test_native() {
  deps_reference
  ctest --test-dir "$NATIVE_DIR" --output-on-failure -j "$JOBS"
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

# The module in Node against the native CLI (needs build_native and build_web).
test_node() {
  BNLAB_CLI="$NATIVE_DIR/bnlab" node --test tests/node/
}

# The page in headless Chromium, if the page's tests exist.
test_browser() {
  if compgen -G "tests/browser/*.test.mjs" >/dev/null; then
    deps_browser
    node --test tests/browser/
  fi
}

# BN Lab in a notebook (python/bnlab_jupyter.py): executed, exported, opened.
test_jupyter() {
  deps_browser
  deps_jupyter
  node --test tests/jupyter/
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
    # failures; the exit status is non-zero if any failed.
    build_native
    status=0
    test_native || status=1
    build_single
    test_node || status=1
    test_browser || status=1
    test_jupyter || status=1
    [ $status = 0 ] || echo "build.sh: some tests FAILED (see above)" >&2
    exit $status
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
    # tests/browser/robust-soak.test.mjs (docs/RELIABILITY-soak.md);
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
    echo "usage: ./build.sh [serve|test|web|single|cli|bench|soak]" >&2
    exit 2
    ;;
esac
