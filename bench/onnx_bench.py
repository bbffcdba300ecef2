#!/usr/bin/python3
"""B10: exported ONNX models — kiln compiled (and eager) vs onnxruntime vs PyTorch eager, at
1 and 2 threads, side by side in one run. Run through bench/onnx.sh.

kiln: `kiln bench MODEL.onnx --inputs MODEL.in_K.npy...` in a fresh process (KILN_NUM_THREADS),
on the inputs onnxruntime gets (random ones gave kiln different activations from the
onnxruntime's real image); onnxruntime 1.32 (PyPI, in
bench/.venv, CPU provider, all graph optimisations, intra-op threads = T, inter-op 1); PyTorch:
Debian's 1.13 eager on the nn.Module the model was exported from, in a subprocess with the
peers' set-up (bench/peers.py: OMP/OpenBLAS threads = T, the OpenBLAS core type of peers.cpu_tuning(), set before torch
loads; no_grad, so TransformerEncoder takes its fused fast path).

kiln and onnxruntime alternate, a fresh process each, over --rounds rounds (default 5) of
--iters calls (default 100): each round gives one median per peer and one ORT/kiln ratio, and
the table shows the median over rounds of each, with the range of the ratio. On a shared VM
whose speed drifts by 30-50% from one minute to the next, one process each gave ratios that
swung by +-10% from run to run; alternating keeps both peers in the same minutes. PyTorch
(not the goal's peer) runs once per model and thread count.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "golden"))
import gen_onnx_models as gen  # noqa: E402
import peers  # noqa: E402  (bench/peers.py: the peers' CPU tuning)

MODELS = ["resnet18", "mobilenet_v2", "transformer_b10", "gpt_b10"]

ORT = r"""
import sys, time, numpy as np, onnxruntime as ort
path, threads, iters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
so = ort.SessionOptions(); so.intra_op_num_threads = threads; so.inter_op_num_threads = 1
so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
s = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
feeds = {i.name: np.load(path.replace(".onnx", f".in_{k}.npy")) for k, i in enumerate(s.get_inputs())}
for _ in range(3): s.run(None, feeds)
ts = []
for _ in range(iters):
    t = time.perf_counter(); s.run(None, feeds); ts.append(time.perf_counter() - t)
print(sorted(ts)[len(ts) // 2] * 1e3)
"""


def torch_module(name):
    import torchvision
    if name == "resnet18":
        return torchvision.models.resnet18().eval()
    if name == "mobilenet_v2":
        return torchvision.models.mobilenet_v2().eval()
    if name == "transformer_b10":
        layer = torch.nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0, batch_first=True)
        return torch.nn.TransformerEncoder(layer, 2).eval()
    return gen.GPT(vocab=1000, d=256, heads=4, layers=4, ctx=128).eval()


def torch_ms(name, inputs, threads, iters):
    torch.set_num_threads(threads)
    m = torch_module(name)
    with torch.no_grad():
        for _ in range(3):
            m(*inputs)
        ts = []
        for _ in range(iters):
            t = time.perf_counter()
            m(*inputs)
            ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2] * 1e3


def peer_env(t):
    env = dict(os.environ, OMP_NUM_THREADS=str(t), OPENBLAS_NUM_THREADS=str(t),
               OMP_WAIT_POLICY="PASSIVE", KILN_NUM_THREADS=str(t))
    env.update(peers.cpu_tuning())
    blas = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
    if os.path.exists(os.path.join(blas, "libblas.so.3")):
        env["LD_LIBRARY_PATH"] = blas + (":" + env["LD_LIBRARY_PATH"]
                                         if env.get("LD_LIBRARY_PATH") else "")
    return env


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--torch-worker":
        import numpy as np
        name, path, t, iters = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        inputs = [torch.from_numpy(np.load(path.replace(".onnx", ".in_0.npy")))]
        print(torch_ms(name, inputs, t, iters))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--kiln", default="build/kiln")
    ap.add_argument("--venv", default=os.path.join(HERE, ".venv", "bin", "python"))
    ap.add_argument("--iters", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    import numpy as np
    rows = []
    for name in MODELS:
        path = os.path.join(a.dir, name + ".onnx")
        for t in (1, 2):
            env = dict(os.environ, KILN_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t))
            # the inputs onnxruntime reads (the exported example: a real image, token ids)
            feeds = []
            while os.path.exists(path.replace(".onnx", f".in_{len(feeds)}.npy")):
                feeds.append(path.replace(".onnx", f".in_{len(feeds)}.npy"))
            kcs, kes, orts, ratios = [], [], [], []
            for _ in range(a.rounds):
                out = subprocess.run([a.kiln, "bench", path, "--iters", str(a.iters), "--inputs",
                                      *feeds], env=env,
                                     capture_output=True, text=True, check=True).stdout
                kcs.append(float(re.search(r"compiled \(fused\)\s+([\d.]+)", out).group(1)))
                kes.append(float(re.search(r"eager \(op by op\)\s+([\d.]+)", out).group(1)))
                if os.path.exists(a.venv):
                    r = subprocess.run([a.venv, "-c", ORT, path, str(t), str(a.iters)],
                                       capture_output=True, text=True, env=env)
                    if r.returncode == 0:
                        orts.append(float(r.stdout.strip()))
                        ratios.append(orts[-1] / kcs[-1])
            kc, ke = statistics.median(kcs), statistics.median(kes)
            ort = statistics.median(orts) if orts else None
            r = subprocess.run([sys.executable, os.path.abspath(__file__), "--torch-worker", name,
                                path, str(t), str(a.iters)], capture_output=True, text=True,
                               env=peer_env(t))
            pt = float(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else None
            row = dict(model=name, threads=t, rounds=a.rounds, kiln_compiled_ms=kc,
                       kiln_eager_ms=ke, onnxruntime_ms=ort, torch_eager_ms=pt,
                       ort_over_kiln=statistics.median(ratios) if ratios else None,
                       ort_over_kiln_range=[round(min(ratios), 3), round(max(ratios), 3)]
                       if ratios else None)
            rows.append(row)
            print(json.dumps(row), flush=True)
    print(f"\n{'model':<16} {'T':>2} {'kiln':>8} {'kiln eager':>10} {'ORT':>8} {'torch':>8} "
          f"{'ORT/kiln':>9} {'(range)':>13} {'torch/kiln':>10}")
    nan = float("nan")
    for r in rows:
        lo, hi = r["ort_over_kiln_range"] or (nan, nan)
        print(f"{r['model']:<16} {r['threads']:>2} {r['kiln_compiled_ms']:>8.2f} "
              f"{r['kiln_eager_ms']:>10.2f} {r['onnxruntime_ms'] or nan:>8.2f} "
              f"{r['torch_eager_ms'] or nan:>8.2f} {r['ort_over_kiln'] or nan:>9.2f} "
              f"{f'{lo:.2f}-{hi:.2f}':>13} "
              f"{(r['torch_eager_ms'] or nan) / r['kiln_compiled_ms']:>10.2f}")
    print(f"(medians over {a.rounds} rounds of {a.iters} calls; kiln and onnxruntime alternate; "
          "ORT/kiln is the median of the rounds' ratios)")

if __name__ == "__main__":
    main()
