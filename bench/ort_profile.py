#!/usr/bin/env python3
"""onnxruntime's own per-node times for one of B10's models, as a per-layer yardstick for kiln
(compare with `kiln bench MODEL.onnx --profile`, kiln's own per-step times, or
`KILN_LOG=fusion=info kiln bench MODEL.onnx`, which prints each compiled convolution's and
matmul's race between kiln's kernel and oneDNN's).

    bench/.venv/bin/python bench/ort_profile.py /tmp/kiln-b10/mobilenet_v2.onnx --threads 1

Runs the model `--calls` times with onnxruntime's profiler on (CPU provider, all graph
optimisations, intra-op threads = T, inter-op 1, as bench/onnx_bench.py does) and prints the
per-call time of each op type and of the `--top` slowest nodes. The input is the model's
`.in_0.npy` beside it (written by tests/golden/gen_onnx_models.py).
"""
import argparse
import collections
import json
import os
import tempfile

import numpy as np
import onnxruntime as ort


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--calls", type=int, default=30)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--in-order", action="store_true",
                    help="list every node in the order it ran (to set beside kiln's groups)")
    a = ap.parse_args()
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.enable_profiling = True
    so.profile_file_prefix = os.path.join(tempfile.mkdtemp(), "ort")
    s = ort.InferenceSession(a.model, so, providers=["CPUExecutionProvider"])
    feeds = {i.name: np.load(a.model.replace(".onnx", f".in_{k}.npy"))
             for k, i in enumerate(s.get_inputs())}
    for _ in range(3):  # warm-up (profiled too: the times below average over all calls)
        s.run(None, feeds)
    for _ in range(a.calls):
        s.run(None, feeds)
    events = json.load(open(s.end_profiling()))
    calls = a.calls + 3
    per_node = collections.defaultdict(float)
    for e in events:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            per_node[(e["args"].get("op_name"), e["name"][: -len("_kernel_time")])] += e["dur"]
    per_op = collections.defaultdict(float)
    for (op, _), us in per_node.items():
        per_op[op] += us
    print(f"{a.model}, {a.threads} thread(s): node times {sum(per_node.values()) / calls / 1e3:.3f}"
          " ms per call")
    for op, us in sorted(per_op.items(), key=lambda kv: -kv[1]):
        print(f"  {op:<24} {us / calls / 1e3:8.3f} ms")
    if a.in_order:
        print("nodes in the order they ran:")
    else:
        print(f"slowest {a.top} nodes:")
    nodes = list(per_node.items())  # first-run order
    for (op, name), us in nodes if a.in_order else sorted(nodes, key=lambda kv: -kv[1])[: a.top]:
        print(f"  {op:<12} {name[-60:]:<60} {us / calls / 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
