#!/usr/bin/env bash
# bench/onnx.sh — B10: ResNet-18 [1,3,224,224], MobileNetV2, a TransformerEncoder (B4's shape)
# and a GPT-style decoder, exported to ONNX by PyTorch: kiln compiled vs onnxruntime vs PyTorch
# eager at 1 and 2 threads, side by side (bench/onnx_bench.py).
#   bash bench/onnx.sh          # models exported to $B10_DIR (default /tmp/kiln-b10) once
# Needs python3-torch, python3-torchvision and python3-onnx (Debian) and onnxruntime in
# bench/.venv (bench/requirements-peers.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
dir=${B10_DIR:-/tmp/kiln-b10}
if [ "$(id -u)" -eq 0 ] && ! /usr/bin/python3 -c "import torchvision, onnx" 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torchvision python3-onnx >/dev/null
fi
# PyTorch's peer set-up (as bench/run.sh's): OpenBLAS, not Debian's reference BLAS, which made
# PyTorch eager 10-30x slower on a fresh machine (MobileNetV2 116 ms at 1T instead of ~21).
if [ ! -d /usr/lib/x86_64-linux-gnu/openblas-pthread ] && [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >/dev/null
fi
cmake --build "$build" --target kiln_cli -j "$(nproc)" >/dev/null
[ -f "$dir/gpt_b10.onnx" ] || /usr/bin/python3 tests/golden/gen_onnx_models.py --out "$dir/small" --large "$dir" 2>/dev/null
/usr/bin/python3 bench/onnx_bench.py --dir "$dir" --kiln "$build/kiln"
