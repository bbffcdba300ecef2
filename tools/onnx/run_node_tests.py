#!/usr/bin/python3
"""Runs the ONNX backend node tests through `kiln run` and writes every test's result.

    /usr/bin/python3 tools/onnx/run_node_tests.py [--kiln build/kiln] [--eager] [--jobs 2]
        [--data DIR] [--out tests/onnx/node_tests.txt] [-k SUBSTRING]

The tests come with Debian's python3-onnx (1.12): their data is generated into DIR
(default /tmp/kiln-onnx-node-tests) on first use. Each test's model runs in its own `kiln run`
process (compiled unless --eager) on its inputs; outputs are compared with the expected ones
as ONNX's backend runner does (rtol 1e-3, atol 1e-7; dtype and shape must match). The result
file lists every test: PASS/FAIL, its op types, and for a failure the reason (kiln's error
message or the largest mismatch). The summary counts the tests whose ops are all in the
issue's core list.
"""
import argparse
import concurrent.futures as cf
import os
import subprocess
import sys
import tempfile

import numpy as np

for _alias, _type in (("float", float), ("int", int), ("bool", bool), ("object", object),
                      ("complex", complex), ("str", str)):
    if _alias not in np.__dict__:  # onnx 1.12's generators use the removed np.float & co
        setattr(np, _alias, _type)

import onnx  # noqa: E402
from onnx import numpy_helper  # noqa: E402

CORE = set("""Add Sub Mul Div Pow Sqrt Exp Log Erf Relu Sigmoid Tanh Clip Where Cast MatMul Gemm
Conv MaxPool AveragePool GlobalAveragePool BatchNormalization LayerNormalization Softmax
LogSoftmax ReduceSum ReduceMean ReduceMax Reshape Transpose Concat Split Slice Gather Unsqueeze
Squeeze Flatten Expand Shape ConstantOfShape Range Trilu Identity Dropout""".split())


def generate(data):
    if os.path.isdir(os.path.join(data, "node")):
        return
    from onnx.backend.test.cmd_tools import main
    argv = sys.argv
    sys.argv = ["onnx", "generate-data", "-o", data]
    try:
        main()
    finally:
        sys.argv = argv


UINT16, BFLOAT16 = onnx.TensorProto.UINT16, onnx.TensorProto.BFLOAT16


def declared(values, k):
    return values[k].type.tensor_type.elem_type if k < len(values) else None


def bf16_bits_to_float(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def run_test(kiln, eager, test_dir):
    try:
        return run_test_sets(kiln, eager, test_dir)
    except Exception as e:  # inputs that are sequences or optionals do not load as tensors
        model = onnx.load(os.path.join(test_dir, "model.onnx"))
        ops = sorted({n.op_type for n in model.graph.node})
        return os.path.basename(test_dir), ops, False, f"runner: {type(e).__name__}: {e}"


def run_test_sets(kiln, eager, test_dir):
    name = os.path.basename(test_dir)
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    ops = sorted({n.op_type for n in model.graph.node})
    sets = sorted(d for d in os.listdir(test_dir) if d.startswith("test_data_set"))
    for s in sets:
        sdir = os.path.join(test_dir, s)
        with tempfile.TemporaryDirectory() as tmp:
            inputs = []  # TensorProto files as they are (kiln run reads and writes .pb)
            while os.path.exists(os.path.join(sdir, f"input_{len(inputs)}.pb")):
                k = len(inputs)
                p = os.path.join(sdir, f"input_{k}.pb")
                load_pb(p)  # sequences and optionals do not load: reported as such
                t = onnx.TensorProto()
                with open(p, "rb") as f:
                    t.ParseFromString(f.read())
                if t.data_type == UINT16 and declared(model.graph.input, k) == BFLOAT16:
                    t.data_type = BFLOAT16  # onnx 1.12 stores bfloat16 test data as uint16 bits
                    p = os.path.join(tmp, f"input_{k}.pb")
                    with open(p, "wb") as f:
                        f.write(t.SerializeToString())
                inputs.append(p)
            cmd = [kiln, "run", os.path.join(test_dir, "model.onnx"), "--out", tmp]
            if inputs:
                cmd += ["--inputs", ",".join(inputs)]
            if eager:
                cmd.append("--eager")
            try:
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            except subprocess.TimeoutExpired:
                return name, ops, False, "timed out after 120 s"
            if r.returncode != 0:
                msg = (r.stderr.strip().splitlines() or ["exit code %d" % r.returncode])[-1]
                if r.returncode < 0:
                    msg = f"CRASH (signal {-r.returncode}): {msg}"
                return name, ops, False, msg.replace("kiln: error: ", "")
            k = 0
            while os.path.exists(os.path.join(sdir, f"output_{k}.pb")):
                want = load_pb(os.path.join(sdir, f"output_{k}.pb"))
                got_path = os.path.join(tmp, f"out_{k}.pb" if inputs else f"out_{k}.npy")
                if not os.path.exists(got_path):
                    return name, ops, False, f"output {k} missing"
                got = load_pb(got_path) if inputs else np.load(got_path)
                if want.dtype == np.uint16 and declared(model.graph.output, k) == BFLOAT16:
                    want = bf16_bits_to_float(want)  # the same quirk, on the expected side
                    got = got.astype(np.float32)
                if got.dtype != want.dtype:
                    return name, ops, False, f"output {k}: dtype {got.dtype}, expected {want.dtype}"
                if got.shape != want.shape:
                    return name, ops, False, f"output {k}: shape {got.shape}, expected {want.shape}"
                if want.dtype.kind in "fc":
                    ok = np.allclose(got, want, rtol=1e-3, atol=1e-7, equal_nan=True)
                else:
                    ok = np.array_equal(got, want)
                if not ok:
                    err = np.abs(got.astype(np.float64) - want.astype(np.float64))
                    return name, ops, False, f"output {k}: max abs error {np.nanmax(err):.3g}"
                k += 1
    return name, ops, True, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", default="build/kiln")
    ap.add_argument("--eager", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--data", default="/tmp/kiln-onnx-node-tests")
    ap.add_argument("--out", default="tests/onnx/node_tests.txt")
    ap.add_argument("-k", default="")
    a = ap.parse_args()
    generate(a.data)
    root = os.path.join(a.data, "node")
    tests = sorted(os.path.join(root, d) for d in os.listdir(root) if a.k in d)
    kiln = os.path.abspath(a.kiln)
    with cf.ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(lambda t: run_test(kiln, a.eager, t), tests))
    core = [r for r in results if r[1] and set(r[1]) <= CORE]
    lines = []
    for name, ops, ok, why in results:
        tag = "core " if ops and set(ops) <= CORE else "other"
        lines.append(f"{'PASS' if ok else 'FAIL'}  {tag}  {name}  [{' '.join(ops)}]"
                     + (f"  -- {why}" if why else ""))
    crashes = sum(1 for r in results if "CRASH" in r[3] or "timed out" in r[3])
    summary = [
        f"# ONNX backend node tests (onnx {onnx.__version__}) through `kiln run`"
        f"{' --eager' if a.eager else ''} (compiled unless --eager)",
        f"# all:  {sum(r[2] for r in results)} / {len(results)} pass",
        f"# core: {sum(r[2] for r in core)} / {len(core)} pass "
        f"({100.0 * sum(r[2] for r in core) / max(len(core), 1):.1f}%): tests whose ops are all in "
        "the core list",
        f"# crashes or time-outs: {crashes}",
        "# regenerate: /usr/bin/python3 tools/onnx/run_node_tests.py",
    ]
    os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
    with open(a.out, "w") as f:
        f.write("\n".join(summary + lines) + "\n")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
