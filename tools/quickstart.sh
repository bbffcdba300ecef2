#!/usr/bin/env bash
# tools/quickstart.sh — the README's two commands. Installs missing Debian packages (as root),
# configures and builds kiln, then either runs `kiln demo` or the whole test suite.
#   bash tools/quickstart.sh demo     # build, then run kiln's main job
#   bash tools/quickstart.sh test     # build, then run every test (ctest)
# Environment: BUILD_DIR (default build), KILN_SANITIZE=1 (ASan+UBSan build), JOBS.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-demo}
build=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}

# Every package and why: README.md, "Dependencies".
packages=(cmake make g++ clang-19 lld-19 mold ccache libomp-19-dev libdnnl-dev ocl-icd-opencl-dev libspdlog-dev
          libfmt-dev catch2 libcli11-dev nlohmann-json3-dev llvm-19-dev libmlir-19-dev mlir-19-tools
          libzstd-dev libonnx-dev libprotobuf-dev)
# The ASan + UBSan build (KILN_SANITIZE=1, as .ci/run does) links clang's sanitizer runtimes.
if [ "${KILN_SANITIZE:-0}" = "1" ]; then packages+=(libclang-rt-19-dev); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "quickstart: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "quickstart: run as root (or install these packages first): ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

sanitize=OFF
[ "${KILN_SANITIZE:-0}" = "1" ] && sanitize=ON
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKILN_SANITIZE=$sanitize \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_C_COMPILER=clang-19 >/dev/null
cmake --build "$build" -j "$jobs"

case "$what" in
  demo) "$build/kiln" demo ;;
  test) ctest --test-dir "$build" -j "$jobs" --output-on-failure ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac
