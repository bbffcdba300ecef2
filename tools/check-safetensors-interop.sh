#!/usr/bin/env bash
# tools/check-safetensors-interop.sh — checks that Hugging Face's safetensors (from PyPI, in a
# throw-away virtualenv) reads files kiln writes and kiln reads files it writes. Not part of the
# test suite (the suite needs no Python); run after building kiln in build/:
#   bash tools/check-safetensors-interop.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
venv=${SAFETENSORS_VENV:-$work/venv}
[ -x "$venv/bin/python" ] || { /usr/bin/python3 -m venv "$venv" && "$venv/bin/pip" install -q safetensors numpy; }
clang++-19 -std=c++20 -I "$root/include" "$root/tools/interop/safetensors_roundtrip.cpp" \
  -L "$root/build" -lkiln -Wl,-rpath,"$root/build" -o "$work/roundtrip"
cd "$work"
./roundtrip write
"$venv/bin/python" - <<'PY'
import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file
with safe_open("kiln.safetensors", "np") as f:
    for k in f.keys():
        v = f.get_tensor(k)
        print("safetensors read kiln's", k, v.dtype, v.shape, round(float(v.sum()), 6))
with safe_open("mixed.safetensors", "np") as f:
    assert f.metadata() == {"format": "pt"}, f.metadata()
    for k in f.keys():
        if k != "bf16":  # NumPy has no bfloat16; the header is checked above
            v = f.get_tensor(k)
            print("safetensors read kiln's", k, v.dtype, v.shape)
save_file({"a": np.arange(6, dtype=np.float32).reshape(2, 3),
           "b": np.array([1, 2, 3], dtype=np.int32),
           "c": np.ones((2, 2), dtype=np.float16)}, "hf.safetensors", metadata={"x": "y"})
PY
./roundtrip read
echo "safetensors interop ok"
