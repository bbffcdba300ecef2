#!/usr/bin/env bash
# Rewrites tests/codegen/golden/*.mlir from tests/data/kernels.kir with the current code
# generator. Run it only after a deliberate codegen change, and review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
cmake --build "$build" --target kiln_tests -j "${JOBS:-2}"
KILN_REGENERATE_GOLDEN=1 "$build/tests/kiln_tests" "golden kernels: generated MLIR matches the committed files"
git status --short tests/codegen/golden
