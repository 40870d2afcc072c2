# Installs what the build needs on a fresh Debian bookworm machine (as root),
# only what is missing. Sourced by build.sh.

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "build.sh: missing packages ($*); run as root or install them: apt-get install $*" >&2
    exit 1
  fi
}

apt_updated=0
apt_install() {  # apt_install PKG... (only the missing ones)
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  need_root "${missing[@]}"
  if [ $apt_updated = 0 ]; then apt-get update -q >&2; apt_updated=1; fi
  echo "build.sh: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

deps_native() { apt_install g++ cmake make libeigen3-dev catch2 nlohmann-json3-dev; }
deps_reference() { apt_install python3 python3-torch python3-numpy; }
# clang 14 with its sanitizer and libFuzzer runtimes (./build.sh sanitize, fuzz).
deps_sanitize() { apt_install clang libclang-rt-14-dev; }
deps_wasm() { apt_install emscripten nodejs; }
# The tests drive the headless shell; the full browser runs those that measure
# time and the learner's own files (tests/browser/chromium.mjs).
deps_browser() { apt_install chromium chromium-headless-shell fonts-dejavu-core; }
# The Jupyter test: Debian's nbconvert runs a notebook with Debian's python3 kernel.
deps_jupyter() { apt_install python3 python3-nbconvert python3-nbformat python3-ipykernel; }

# npm packages pinned by package-lock.json; playwright-core never downloads a browser.
deps_node() {
  command -v npm >/dev/null || apt_install npm
  # Installed exactly from the lock file; a stamp of the lock's contents says
  # which lock node_modules holds (mtimes lie: npm rewrites its own copy).
  local stamp=node_modules/.bnlab-lock.sha256 want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >&2
    echo "$want" >"$stamp"
  fi
}
