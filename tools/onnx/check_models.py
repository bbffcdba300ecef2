#!/usr/bin/python3
"""Checks kiln's outputs for exported models against PyTorch's.

    /usr/bin/python3 tests/golden/gen_onnx_models.py --large /tmp/kiln-models   # once
    /usr/bin/python3 tools/onnx/check_models.py /tmp/kiln-models [--kiln build/kiln]

For every NAME.onnx in DIR with NAME.in_K.npy / NAME.out_K.npy (and NAME.b.* at a second
size for models with dynamic axes), runs `kiln run` compiled and `--eager` and compares each
output with PyTorch's: |kiln - torch| <= 1e-4 * (1 + |torch|). Exits 1 if any differs.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--kiln", default="build/kiln")
    a = ap.parse_args()
    bad = 0
    for model in sorted(glob.glob(os.path.join(a.dir, "*.onnx"))):
        name = model[:-len(".onnx")]
        for case in (name, name + ".b"):
            ins = sorted(glob.glob(case + ".in_*.npy"))
            if not ins:
                continue
            for mode in ([], ["--eager"]):
                with tempfile.TemporaryDirectory() as out:
                    r = subprocess.run([a.kiln, "run", model, "--inputs", ",".join(ins), "--out",
                                        out] + mode, capture_output=True, text=True)
                    label = f"{os.path.basename(case):<24} {'eager' if mode else 'compiled':<8}"
                    if r.returncode != 0:
                        print(f"{label} FAIL {r.stderr.strip().splitlines()[-1]}")
                        bad += 1
                        continue
                    worst = 0.0
                    for k, want_path in enumerate(sorted(glob.glob(case + ".out_*.npy"))):
                        got = np.load(os.path.join(out, f"out_{k}.npy"))
                        want = np.load(want_path)
                        if got.shape != want.shape:
                            worst = float("inf")
                            break
                        worst = max(worst, float(np.max(np.abs(got - want) / (1 + np.abs(want)))))
                    ok = worst <= 1e-4
                    bad += not ok
                    print(f"{label} {'ok  ' if ok else 'FAIL'} max scaled error {worst:.2e}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
