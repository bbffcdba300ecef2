#!/usr/bin/python3
"""What a compiled step costs besides its kernel: a model of many tiny convolutions, kiln
compiled against onnxruntime, alternating, at 1 and 2 threads.

    /usr/bin/python3 bench/step_cost.py [--kiln build/kiln] [--blocks 16] [--rounds 3]

The model is MobileNetV2's inverted-residual block (1x1 expansion + ReLU6, 3x3 depthwise +
ReLU6, 1x1 projection + residual) repeated --blocks times on a [1, 32, 4, 4] input: 3 steps
per block whose kernels take well under a microsecond, so the time per step is what the
runtime does around them (shapes, cache keys, allocations, primitive set-up, thread
fork/join). Written with Debian's python3-onnx into --dir; onnxruntime from bench/.venv as in
B10 (bench/onnx_bench.py). Prints each round's time per call and per step.
"""
import argparse
import os
import re
import statistics
import subprocess

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))

ORT = r"""
import sys, time, numpy as np, onnxruntime as ort
path, threads, iters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
so = ort.SessionOptions(); so.intra_op_num_threads = threads; so.inter_op_num_threads = 1
so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
s = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
feeds = {s.get_inputs()[0].name: np.load(path.replace(".onnx", ".in_0.npy"))}
for _ in range(20): s.run(None, feeds)
ts = []
for _ in range(iters):
    t = time.perf_counter(); s.run(None, feeds); ts.append(time.perf_counter() - t)
print(sorted(ts)[len(ts) // 2] * 1e3)
"""


def write_model(path, blocks, c=32, hw=4):
    rng = np.random.default_rng(0)
    nodes, inits = [], []

    def weight(name, shape):
        inits.append(numpy_helper.from_array((rng.standard_normal(shape) * 0.1).astype(np.float32),
                                             name))
        return name

    inits.append(numpy_helper.from_array(np.array(0, np.float32), "lo"))
    inits.append(numpy_helper.from_array(np.array(6, np.float32), "hi"))
    cur = "x"
    for b in range(blocks):
        e, d, p, o = f"e{b}", f"d{b}", f"p{b}", f"o{b}"
        nodes.append(helper.make_node("Conv", [cur, weight(f"we{b}", [2 * c, c, 1, 1]),
                                               weight(f"be{b}", [2 * c])], [e + "c"],
                                      kernel_shape=[1, 1]))
        nodes.append(helper.make_node("Clip", [e + "c", "lo", "hi"], [e]))
        nodes.append(helper.make_node("Conv", [e, weight(f"wd{b}", [2 * c, 1, 3, 3]),
                                               weight(f"bd{b}", [2 * c])], [d + "c"],
                                      kernel_shape=[3, 3], pads=[1, 1, 1, 1], group=2 * c))
        nodes.append(helper.make_node("Clip", [d + "c", "lo", "hi"], [d]))
        nodes.append(helper.make_node("Conv", [d, weight(f"wp{b}", [c, 2 * c, 1, 1]),
                                               weight(f"bp{b}", [c])], [p], kernel_shape=[1, 1]))
        nodes.append(helper.make_node("Add", [p, cur], [o]))
        cur = o
    graph = helper.make_graph(nodes, "step_cost",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, hw, hw])],
                              [helper.make_tensor_value_info(cur, TensorProto.FLOAT, [1, c, hw, hw])],
                              inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, path)
    np.save(path.replace(".onnx", ".in_0.npy"), rng.standard_normal([1, c, hw, hw]).astype(np.float32))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", default=os.path.join(HERE, "..", "build", "kiln"))
    ap.add_argument("--venv", default=os.path.join(HERE, ".venv", "bin", "python"))
    ap.add_argument("--dir", default="/tmp/kiln-step-cost")
    ap.add_argument("--blocks", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iters", type=int, default=2000)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    path = os.path.join(a.dir, f"blocks{a.blocks}.onnx")
    write_model(path, a.blocks)
    steps = 3 * a.blocks
    for t in (1, 2):
        env = dict(os.environ, KILN_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t))
        kiln, ort = [], []
        for _ in range(a.rounds):
            out = subprocess.run([a.kiln, "bench", path, "--iters", str(a.iters), "--inputs",
                                  path.replace(".onnx", ".in_0.npy")], env=env, check=True,
                                 capture_output=True, text=True).stdout
            kiln.append(float(re.search(r"compiled \(fused\)\s+([\d.]+)", out).group(1)))
            if os.path.exists(a.venv):
                r = subprocess.run([a.venv, "-c", ORT, path, str(t), str(a.iters)], env=env,
                                   capture_output=True, text=True)
                if r.returncode == 0:
                    ort.append(float(r.stdout.strip()))
        k = statistics.median(kiln)
        line = f"T={t}: kiln {k * 1e3:.0f} us per call, {k * 1e3 / steps:.2f} us per step"
        if ort:
            o = statistics.median(ort)
            line += (f"; onnxruntime {o * 1e3:.0f} us per call, {o * 1e3 / steps:.2f} us per step "
                     "(its Python run() included)")
        print(line + f"  [medians of {a.rounds} alternating rounds of {a.iters} calls, "
              f"{steps} steps]")


if __name__ == "__main__":
    main()
