#!/usr/bin/python3
"""Generate golden test cases for kiln from PyTorch (Debian python3-torch 1.13).

Run with the system interpreter (the one that has Debian's torch/numpy):

    /usr/bin/python3 tests/golden/gen_golden.py [--out DIR]

For every case it writes, into DIR (default: tests/golden/data next to this file):
    <case>.in0.npy, <case>.in1.npy, ...   inputs   (np.save, C order)
    <case>.out0.npy, <case>.out1.npy, ... outputs  (np.save, C order)
and one line in DIR/MANIFEST:
    <case> <op> <n_inputs> <n_outputs> <attrs>
attrs is `key=value` pairs joined by `;`, or `-` when there are none.  Values are
ints, floats (Python repr), `true`/`false`, bare strings, or comma-separated int
lists.  NOTE: a one-element int list (e.g. `dims=1`) is indistinguishable from an
int, so list-valued keys (dims, normalized_shape, stride, ...) must accept a
single int as a list of length 1.

Old *.npy files and the MANIFEST in DIR are removed first, so the output is fully
determined by this script (fixed seed).  Only dtypes NumPy can store are used
(no float16/bfloat16).
"""
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

SEED = 1234

# ----------------------------------------------------------------------------
# infrastructure
# ----------------------------------------------------------------------------
CASES = []  # (name, op, inputs, outputs, attrs)


def fmt_attr(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (list, tuple)):
        assert all(isinstance(e, int) and not isinstance(e, bool) for e in v), v
        assert len(v) > 0, "empty lists cannot be encoded"
        return ",".join(str(e) for e in v)
    if isinstance(v, str):
        assert v and not any(c in v for c in " ;=\n"), v
        return v
    raise TypeError(f"unsupported attr value {v!r}")


def fmt_attrs(attrs):
    if not attrs:
        return "-"
    return ";".join(f"{k}={fmt_attr(v)}" for k, v in attrs.items())


def to_np(t):
    if isinstance(t, torch.Tensor):
        assert t.dtype not in (torch.float16, torch.bfloat16), "numpy cannot hold this"
        return np.array(t.detach().cpu().numpy(), order="C")  # keeps 0-d (ascontiguousarray would not)
    return np.array(t, order="C")


def case(name, op, inputs, outputs, attrs=None):
    assert all(c.isalnum() or c in "_-." for c in name), name
    assert name not in {c[0] for c in CASES}, f"duplicate case {name}"
    if isinstance(outputs, torch.Tensor):
        outputs = [outputs]
    CASES.append((name, op, [to_np(x) for x in inputs], [to_np(y) for y in outputs],
                  dict(attrs or {})))


g = torch.Generator().manual_seed(SEED)


def randn(*shape, dtype=torch.float32):
    return torch.randn(tuple(shape), generator=g, dtype=torch.float64).to(dtype)


def rand(*shape, lo=0.0, hi=1.0, dtype=torch.float32):
    return (torch.rand(tuple(shape), generator=g, dtype=torch.float64) * (hi - lo) + lo).to(dtype)


def randint(lo, hi, *shape, dtype=torch.int64):
    return torch.randint(lo, hi, shape, generator=g, dtype=torch.int64).to(dtype)


def distinct(*shape, dtype=torch.float32):
    """Distinct values (no ties), shuffled, spread around zero."""
    n = int(np.prod(shape))
    perm = torch.randperm(n, generator=g).to(torch.float64)
    return ((perm - n / 2) * 0.37 + 0.01).reshape(shape).to(dtype)


def with_zeros(t, frac=0.3):
    m = torch.rand(t.shape, generator=g) < frac
    return t.masked_fill(m, 0)


# ----------------------------------------------------------------------------
# unary
# ----------------------------------------------------------------------------
def gen_unary():
    S = (3, 5)
    S3 = (2, 3, 4)
    pos = lambda *s, dtype=torch.float32: rand(*s, lo=0.05, hi=4.0, dtype=dtype)
    away0 = lambda *s: (rand(*s, lo=0.3, hi=3.0) * torch.where(
        torch.rand(s, generator=g) < 0.5, -1.0, 1.0)).float()

    plain = {
        "neg": randn, "abs": randn, "exp": randn, "exp2": randn, "expm1": randn,
        "sin": lambda *s: randn(*s) * 3, "cos": lambda *s: randn(*s) * 3,
        "tan": lambda *s: rand(*s, lo=-1.2, hi=1.2),
        "tanh": lambda *s: randn(*s) * 2, "sigmoid": lambda *s: randn(*s) * 3,
        "relu": randn, "silu": lambda *s: randn(*s) * 2,
        "softplus": lambda *s: randn(*s) * 3, "erf": lambda *s: randn(*s) * 1.5,
        "floor": lambda *s: randn(*s) * 3, "ceil": lambda *s: randn(*s) * 3,
        "log": pos, "log2": pos, "sqrt": pos, "rsqrt": pos,
        "log1p": lambda *s: rand(*s, lo=-0.9, hi=3.0),
        "reciprocal": away0,
    }
    fns = {
        "neg": torch.neg, "abs": torch.abs, "sign": torch.sign, "exp": torch.exp,
        "exp2": torch.exp2, "log": torch.log, "log2": torch.log2, "log1p": torch.log1p,
        "expm1": torch.expm1, "sqrt": torch.sqrt, "rsqrt": torch.rsqrt,
        "reciprocal": torch.reciprocal, "sin": torch.sin, "cos": torch.cos,
        "tan": torch.tan, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
        "relu": torch.relu, "silu": F.silu, "softplus": F.softplus, "erf": torch.erf,
        "floor": torch.floor, "ceil": torch.ceil, "round": torch.round,
        "logical_not": torch.logical_not, "isnan": torch.isnan, "isinf": torch.isinf,
    }
    for op, fn in fns.items():
        if op in plain:
            x = plain[op](*S)
        elif op == "sign":
            x = with_zeros(randn(*S))
        elif op == "round":
            # includes exact .5 ties: torch rounds half to even
            x = torch.tensor([[0.5, 1.5, 2.5, -0.5, -1.5],
                              [-2.5, 0.49, 3.7, -3.2, 0.0]], dtype=torch.float32)
            x = torch.cat([x, (randn(1, 5) * 4)], 0)
        elif op == "logical_not":
            x = with_zeros(randn(*S))
        elif op in ("isnan", "isinf"):
            x = randn(*S)
            x[0, 0] = float("nan"); x[0, 3] = float("inf"); x[1, 1] = float("-inf")
            x[2, 4] = float("nan"); x[2, 2] = 0.0
        case(f"{op}_f32", op, [x], [fn(x)])

    # a few 3-D float32 variants
    for op in ("exp", "tanh", "sigmoid", "sqrt"):
        x = pos(*S3) if op == "sqrt" else randn(*S3)
        case(f"{op}_f32_3d", op, [x], [fns[op](x)])
    # float64
    for op in ("exp", "log", "sin", "erf", "sigmoid", "sqrt", "tanh"):
        x = pos(*S, dtype=torch.float64) if op in ("log", "sqrt") else randn(*S, dtype=torch.float64)
        case(f"{op}_f64", op, [x], [fns[op](x)])
    # int64 inputs (int -> float32 promotion for float ops)
    xi = randint(-6, 7, *S)
    for op in ("exp", "sin", "sigmoid"):
        case(f"{op}_i64", op, [xi], [fns[op](xi)])
    xp = randint(0, 20, *S)
    case("sqrt_i64", "sqrt", [xp], [torch.sqrt(xp)])
    for op in ("abs", "neg", "sign"):
        case(f"{op}_i64", op, [xi], [fns[op](xi)])
    case("logical_not_bool", "logical_not", [xi > 0], [torch.logical_not(xi > 0)])
    case("logical_not_i64", "logical_not", [xi], [torch.logical_not(xi)])
    x = randn(*S, dtype=torch.float64)
    x[1, 2] = float("nan"); x[2, 0] = float("inf")
    case("isnan_f64", "isnan", [x], [torch.isnan(x)])
    case("isinf_f64", "isinf", [x], [torch.isinf(x)])

    # parametrized unary
    for appr in ("none", "tanh"):
        x = randn(*S3) * 2
        case(f"gelu_{appr}_f32", "gelu", [x], [F.gelu(x, approximate=appr)],
             {"approximate": appr})
    x = randn(*S3, dtype=torch.float64) * 2
    case("gelu_none_f64", "gelu", [x], [F.gelu(x)], {"approximate": "none"})
    x = randn(*S3) * 2
    case("elu_f32", "elu", [x], [F.elu(x, alpha=1.0)], {"alpha": 1.0})
    x = randn(*S3) * 2
    case("leaky_relu_f32", "leaky_relu", [x], [F.leaky_relu(x, 0.01)],
         {"negative_slope": 0.01})
    x = randn(*S3)
    case("clamp_f32", "clamp", [x], [torch.clamp(x, -0.5, 0.5)], {"min": -0.5, "max": 0.5})


# ----------------------------------------------------------------------------
# binary
# ----------------------------------------------------------------------------
def gen_binary():
    A, B = (3, 1, 4), (5, 4)  # broadcast -> [3,5,4]
    simple = {"add": torch.add, "sub": torch.sub, "mul": torch.mul,
              "maximum": torch.maximum, "minimum": torch.minimum}
    for op, fn in simple.items():
        a, b = randn(*A), randn(*B)
        case(f"{op}_f32_bcast", op, [a, b], [fn(a, b)])
        a, b = randn(2, 3, 4), randn(2, 3, 4)
        case(f"{op}_f32_same", op, [a, b], [fn(a, b)])
    a, b = randn(*A, dtype=torch.float64), randn(*B, dtype=torch.float64)
    case("add_f64_bcast", "add", [a, b], [a + b])
    a, b = randint(-50, 50, *A), randint(-50, 50, *B)
    case("add_i64_bcast", "add", [a, b], [a + b])
    case("mul_i64_bcast", "mul", [a, b], [a * b])
    # scalar-like broadcast: [] and [1]
    a, b = randn(2, 3, 4), randn(1)
    case("mul_f32_bcast1", "mul", [a, b], [a * b])
    a, b = randn(2, 3, 4), randn()
    case("add_f32_bcast0d", "add", [a, b], [a + b])

    # nan propagation in maximum/minimum
    a, b = randn(3, 5), randn(3, 5)
    a[0, 1] = float("nan"); b[2, 3] = float("nan")
    case("maximum_f32_nan", "maximum", [a, b], [torch.maximum(a, b)])
    case("minimum_f32_nan", "minimum", [a, b], [torch.minimum(a, b)])

    # div
    num = randn(*A) * 5
    den = (rand(*B, lo=0.3, hi=3.0) * torch.where(torch.rand(B, generator=g) < 0.5, -1.0, 1.0)).float()
    case("div_f32_bcast", "div", [num, den], [torch.div(num, den)], {"rounding_mode": "none"})
    case("div_floor_f32_bcast", "div", [num, den], [torch.div(num, den, rounding_mode="floor")],
         {"rounding_mode": "floor"})
    ai, bi = randint(-20, 21, *A), randint(1, 7, *B) * torch.where(randint(0, 2, *B) == 0, -1, 1)
    case("div_i64_true", "div", [ai, bi], [torch.div(ai, bi)], {"rounding_mode": "none"})
    case("div_floor_i64", "div", [ai, bi], [torch.div(ai, bi, rounding_mode="floor")],
         {"rounding_mode": "floor"})

    # pow
    base, ex = rand(*A, lo=0.1, hi=3.0), randn(*B) * 2
    case("pow_f32_bcast", "pow", [base, ex], [torch.pow(base, ex)])
    bi_, ei = randint(-4, 5, *A), randint(0, 5, *B)
    case("pow_i64_bcast", "pow", [bi_, ei], [torch.pow(bi_, ei)])

    # remainder (Python semantics: sign of divisor)
    case("remainder_f32_bcast", "remainder", [num, den], [torch.remainder(num, den)])
    case("remainder_i64_bcast", "remainder", [ai, bi], [torch.remainder(ai, bi)])

    # comparisons: integer-valued floats so that equality actually occurs
    cmp = {"eq": torch.eq, "ne": torch.ne, "lt": torch.lt, "le": torch.le,
           "gt": torch.gt, "ge": torch.ge}
    for op, fn in cmp.items():
        a, b = randint(-2, 3, *A).float(), randint(-2, 3, *B).float()
        case(f"{op}_f32_bcast", op, [a, b], [fn(a, b)])
    a, b = randint(-2, 3, 3, 5), randint(-2, 3, 3, 5)
    case("eq_i64", "eq", [a, b], [a == b])
    case("lt_i64", "lt", [a, b], [a < b])
    a = randint(-2, 3, 3, 5).float(); a[0, 0] = float("nan")
    b = a.clone(); b[1] += 1
    case("eq_f32_nan", "eq", [a, b], [a == b])
    case("ne_f32_nan", "ne", [a, b], [a != b])

    # logical
    lg = {"logical_and": torch.logical_and, "logical_or": torch.logical_or,
          "logical_xor": torch.logical_xor}
    for op, fn in lg.items():
        a, b = randint(0, 2, *A).bool(), randint(0, 2, *B).bool()
        case(f"{op}_bool_bcast", op, [a, b], [fn(a, b)])
        a, b = with_zeros(randn(3, 5), 0.5), with_zeros(randn(3, 5), 0.5)
        case(f"{op}_f32", op, [a, b], [fn(a, b)])

    # bitwise on int64 (including negatives)
    bw = {"bitwise_and": torch.bitwise_and, "bitwise_or": torch.bitwise_or,
          "bitwise_xor": torch.bitwise_xor}
    for op, fn in bw.items():
        a, b = randint(-1000, 1000, *A), randint(-1000, 1000, *B)
        case(f"{op}_i64_bcast", op, [a, b], [fn(a, b)])
    a, b = randint(0, 2, 3, 5).bool(), randint(0, 2, 3, 5).bool()
    case("bitwise_xor_bool", "bitwise_xor", [a, b], [a ^ b])

    # type promotion
    a, b = randint(-100, 100, *A, dtype=torch.int32), randn(*B, dtype=torch.float64)
    case("add_i32_f64", "add", [a, b], [a + b])
    a, b = randint(0, 256, *A, dtype=torch.uint8), randint(-300, 300, *B)
    case("add_u8_i64", "add", [a, b], [a + b])
    a, b = randint(0, 2, *A).bool(), randn(*B)
    case("add_bool_f32", "add", [a, b], [a + b])
    a, b = randint(-100, 100, *A, dtype=torch.int32), randn(*B)
    case("mul_i32_f32", "mul", [a, b], [a * b])
    a, b = randn(*A, dtype=torch.float64), randn(*B)
    case("sub_f64_f32", "sub", [a, b], [a - b])

    # where
    c = randint(0, 2, 3, 5, 1).bool()
    x, y = randn(5, 4), randn(3, 1, 4)
    case("where_f32_bcast", "where", [c, x, y], [torch.where(c, x, y)])
    c = randint(0, 2, 2, 3, 4).bool()
    x, y = randn(2, 3, 4, dtype=torch.float64), randn(2, 3, 4, dtype=torch.float64)
    case("where_f64", "where", [c, x, y], [torch.where(c, x, y)])
    x, y = randint(-9, 9, 2, 3, 4), randint(-9, 9, 2, 3, 4)
    case("where_i64", "where", [c, x, y], [torch.where(c, x, y)])


# ----------------------------------------------------------------------------
# reductions
# ----------------------------------------------------------------------------
def _multi(fn, x, dims, keepdim):
    """Apply a single-dim reduction over several dims (torch 1.13 prod only takes one)."""
    nd = x.dim()
    for d in sorted((d % nd for d in dims), reverse=True):
        x = fn(x, d, keepdim=keepdim)
    return x


def gen_reduce():
    configs = [([1], False), ([0, 2], True), ([0, 1, 2], False), ([-1], True), ([0], False)]
    for op in ("sum", "mean", "prod", "amax", "amin", "var", "std", "logsumexp", "any", "all"):
        for dims, keep in configs:
            tag = "d" + "".join(str(d % 3) for d in dims) + ("_k" if keep else "")
            if op == "prod":
                x = rand(2, 3, 4, lo=0.5, hi=1.5)
                y = _multi(lambda t, d, keepdim: torch.prod(t, d, keepdim=keepdim), x, dims, keep)
            elif op in ("any", "all"):
                x = randint(0, 2, 2, 3, 4).bool()
                if op == "all":
                    x = ~(randint(0, 6, 2, 3, 4) == 0)  # mostly true
                nz = (x != 0).sum(dims, keepdim=keep)
                n = int(np.prod([x.shape[d] for d in dims]))
                y = nz > 0 if op == "any" else nz == n
            elif op in ("var", "std"):
                x = randn(2, 3, 4)
                fn = torch.var if op == "var" else torch.std
                for corr in (0, 1):
                    case(f"{op}_{tag}_c{corr}", op, [x], [fn(x, dims, correction=corr, keepdim=keep)],
                         {"dims": dims, "keepdim": keep, "correction": corr})
                continue
            elif op == "logsumexp":
                x = randn(2, 3, 4) * 3
                y = torch.logsumexp(x, dims, keepdim=keep)
            else:
                x = randn(2, 3, 4)
                y = getattr(torch, op)(x, dims, keepdim=keep)
            case(f"{op}_{tag}", op, [x], [y], {"dims": dims, "keepdim": keep})

    # dtype-specific reductions
    x = randint(-100, 100, 2, 3, 4)
    case("sum_i64_d1", "sum", [x], [x.sum([1])], {"dims": [1], "keepdim": False})
    case("sum_i64_d012", "sum", [x], [x.sum([0, 1, 2])], {"dims": [0, 1, 2], "keepdim": False})
    case("amax_i64_d2", "amax", [x], [x.amax([2])], {"dims": [2], "keepdim": False})
    xb = randint(0, 2, 2, 3, 4).bool()
    case("sum_bool_d2", "sum", [xb], [xb.sum([2])], {"dims": [2], "keepdim": False})
    x = randn(2, 3, 4, dtype=torch.float64)
    case("sum_f64_d02", "sum", [x], [x.sum([0, 2])], {"dims": [0, 2], "keepdim": False})
    case("mean_f64_d1_k", "mean", [x], [x.mean([1], keepdim=True)], {"dims": [1], "keepdim": True})
    x = randn(4, 1000)  # longer reduction -> accumulation accuracy
    case("sum_f32_long", "sum", [x], [x.sum([1])], {"dims": [1], "keepdim": False})
    case("mean_f32_long", "mean", [x], [x.mean([1])], {"dims": [1], "keepdim": False})
    case("var_f32_long", "var", [x + 100.0], [torch.var(x + 100.0, [1], correction=1)],
         {"dims": [1], "keepdim": False, "correction": 1})
    x = randn(3, 5); x[1, 2] = float("nan")
    case("sum_f32_nan", "sum", [x], [x.sum([1])], {"dims": [1], "keepdim": False})
    case("amax_f32_nan", "amax", [x], [x.amax([1])], {"dims": [1], "keepdim": False})

    # argmax / argmin (distinct values so indices are unambiguous)
    for op in ("argmax", "argmin"):
        for dim, keep in ((1, False), (-1, True), (0, False)):
            x = distinct(2, 3, 4)
            y = getattr(torch, op)(x, dim, keepdim=keep)
            case(f"{op}_d{dim % 3}{'_k' if keep else ''}", op, [x], [y], {"dim": dim, "keepdim": keep})
    x = randint(-1000, 1000, 3, 5)
    case("argmax_i64", "argmax", [x], [x.argmax(1)], {"dim": 1, "keepdim": False})

    # cumsum
    for dim in (0, 1, -1):
        x = randn(2, 3, 4)
        case(f"cumsum_d{dim % 3}", "cumsum", [x], [torch.cumsum(x, dim)], {"dim": dim})
    x = randint(-50, 50, 3, 5)
    case("cumsum_i64", "cumsum", [x], [torch.cumsum(x, 1)], {"dim": 1})


# ----------------------------------------------------------------------------
# normalization / softmax
# ----------------------------------------------------------------------------
def gen_norm():
    for op, fn in (("softmax", F.softmax), ("log_softmax", F.log_softmax)):
        for dim in (-1, 0):
            x = randn(3, 5) * 3
            case(f"{op}_f32_d{dim % 2}", op, [x], [fn(x, dim=dim)], {"dim": dim})
            x = randn(2, 3, 4) * 3
            case(f"{op}_f32_3d_d{dim % 3}", op, [x], [fn(x, dim=dim)], {"dim": dim})
        x = randn(3, 5, dtype=torch.float64) * 3
        case(f"{op}_f64", op, [x], [fn(x, dim=-1)], {"dim": -1})
        x = torch.tensor([[1000.0, 1001.0, 999.0, -1000.0], [-5e4, -5e4 + 1, -5e4 - 2, 0.0]])
        case(f"{op}_f32_large", op, [x], [fn(x, dim=-1)], {"dim": -1})

    for ns in ([4], [3, 4]):
        x = randn(2, 3, 4) * 2 + 1
        w, b = randn(*ns), randn(*ns)
        y = F.layer_norm(x, ns, w, b, eps=1e-5)
        case(f"layer_norm_n{len(ns)}", "layer_norm", [x, w, b], [y],
             {"normalized_shape": ns, "eps": 1e-5})
    x = randn(4, 64) * 3 + 50  # large mean -> variance algorithm matters
    w, b = randn(64), randn(64)
    case("layer_norm_offset", "layer_norm", [x, w, b], [F.layer_norm(x, [64], w, b, eps=1e-5)],
         {"normalized_shape": [64], "eps": 1e-5})

    for ns in ([4], [3, 4]):
        x = randn(2, 3, 4)
        w = randn(*ns)
        dims = list(range(-len(ns), 0))
        y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + 1e-6) * w
        case(f"rms_norm_n{len(ns)}", "rms_norm", [x, w], [y],
             {"normalized_shape": ns, "eps": 1e-6})

    x = randn(2, 3, 4, 5) * 2 + 0.5
    rm, rv = randn(3) * 0.5, rand(3, lo=0.5, hi=2.0)
    w, b = randn(3), randn(3)
    y = F.batch_norm(x, rm, rv, w, b, training=False, eps=1e-5)
    case("batch_norm_f32", "batch_norm", [x, rm, rv, w, b], [y], {"eps": 1e-5})


# ----------------------------------------------------------------------------
# linear algebra
# ----------------------------------------------------------------------------
def gen_matmul():
    shapes = [("1d_1d", (4,), (4,)), ("2d_1d", (3, 4), (4,)), ("1d_2d", (4,), (4, 5)),
              ("2d_2d", (3, 4), (4, 5)), ("3d_2d", (2, 3, 4), (4, 5)),
              ("3d_3d", (2, 3, 4), (2, 4, 5)), ("4d_3d_bcast", (2, 1, 3, 4), (5, 4, 2)),
              ("3d_1d", (2, 3, 4), (4,)), ("1d_3d", (4,), (2, 4, 5))]
    for tag, sa, sb in shapes:
        a, b = randn(*sa), randn(*sb)
        case(f"matmul_{tag}", "matmul", [a, b], [torch.matmul(a, b)])
    a, b = randn(3, 4, dtype=torch.float64), randn(4, 5, dtype=torch.float64)
    case("matmul_2d_2d_f64", "matmul", [a, b], [a @ b])
    a, b = randn(7, 67), randn(67, 9)  # odd sizes, longer K
    case("matmul_odd", "matmul", [a, b], [a @ b])

    x, w, b = randn(2, 3, 4), randn(5, 4), randn(5)
    case("linear_f32", "linear", [x, w, b], [F.linear(x, w, b)])
    x, w, b = randn(6, 8), randn(3, 8), randn(3)
    case("linear_f32_2d", "linear", [x, w, b], [F.linear(x, w, b)])


# ----------------------------------------------------------------------------
# conv / pooling
# ----------------------------------------------------------------------------
def gen_conv():
    def conv(tag, x, w, b, stride, padding, dilation, groups):
        y = F.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
        case(f"conv2d_{tag}", "conv2d", [x, w, b], [y],
             {"stride": list(stride), "padding": list(padding),
              "dilation": list(dilation), "groups": groups})

    conv("s12_p10", randn(2, 3, 6, 7), randn(4, 3, 3, 3), randn(4), (1, 2), (1, 0), (1, 1), 1)
    conv("g2", randn(1, 4, 5, 6), randn(6, 2, 3, 3), randn(6), (1, 1), (1, 1), (1, 1), 2)
    conv("d2", randn(1, 2, 7, 7), randn(3, 2, 3, 3), randn(3), (1, 1), (2, 2), (2, 2), 1)
    conv("1x1", randn(2, 4, 3, 3), randn(5, 4, 1, 1), randn(5), (1, 1), (0, 0), (1, 1), 1)
    conv("dw", randn(1, 3, 5, 5), randn(3, 1, 3, 3), randn(3), (2, 2), (1, 1), (1, 1), 3)

    pool_attrs = {"kernel_size": [2, 2], "stride": [2, 2], "padding": [0, 0]}
    x = randn(2, 3, 6, 8)
    case("max_pool2d_k2", "max_pool2d", [x], [F.max_pool2d(x, 2, 2, 0)], pool_attrs)
    case("avg_pool2d_k2", "avg_pool2d", [x], [F.avg_pool2d(x, 2, 2, 0)], pool_attrs)
    x = randn(1, 2, 7, 5)  # odd sizes: trailing row/col dropped (floor mode)
    case("max_pool2d_k2_odd", "max_pool2d", [x], [F.max_pool2d(x, 2, 2, 0)], pool_attrs)
    case("avg_pool2d_k2_odd", "avg_pool2d", [x], [F.avg_pool2d(x, 2, 2, 0)], pool_attrs)
    x = randn(1, 2, 7, 6)  # resnet-style stem pool, padding uses -inf
    case("max_pool2d_k3s2p1", "max_pool2d", [x], [F.max_pool2d(x, 3, 2, 1)],
         {"kernel_size": [3, 3], "stride": [2, 2], "padding": [1, 1]})

    x = randn(2, 3, 7, 5)
    case("adaptive_avg_pool2d_32", "adaptive_avg_pool2d", [x],
         [F.adaptive_avg_pool2d(x, (3, 2))], {"output_size": [3, 2]})
    case("adaptive_avg_pool2d_11", "adaptive_avg_pool2d", [x],
         [F.adaptive_avg_pool2d(x, (1, 1))], {"output_size": [1, 1]})


# ----------------------------------------------------------------------------
# indexing / shape ops
# ----------------------------------------------------------------------------
def gen_index():
    w = randn(10, 4)
    idx = randint(0, 10, 2, 3)
    case("embedding", "embedding", [w, idx], [F.embedding(idx, w)])

    x = randn(3, 5, 2)
    idx = torch.tensor([4, 0, 2, 2], dtype=torch.int64)
    case("index_select_d1", "index_select", [x, idx], [torch.index_select(x, 1, idx)], {"dim": 1})

    x = randn(3, 5)
    idx = randint(0, 5, 3, 4)
    case("gather_d1", "gather", [x, idx], [torch.gather(x, 1, idx)], {"dim": 1})
    idx = randint(0, 5, 2, 3)  # index smaller than x in the non-gather dim
    case("gather_d1_small", "gather", [x, idx], [torch.gather(x, 1, idx)], {"dim": 1})

    x = randn(5, 4)
    idx = randint(0, 5, 3, 4)  # duplicates -> accumulation
    src = randn(3, 4)
    case("scatter_add_d0", "scatter_add", [x, idx, src], [torch.scatter_add(x, 0, idx, src)],
         {"dim": 0})

    x = randn(2, 3, 4)
    m = randint(0, 2, 2, 3, 4).bool()
    case("masked_fill", "masked_fill", [x, m], [x.masked_fill(m, -1.5)], {"value": -1.5})
    m = randint(0, 2, 3, 1).bool()  # broadcast mask
    case("masked_fill_bcast", "masked_fill", [x, m], [x.masked_fill(m, -1.5)], {"value": -1.5})

    a, b, c = randn(2, 3, 4), randn(2, 1, 4), randn(2, 2, 4)
    case("cat_d1", "cat", [a, b, c], [torch.cat([a, b, c], 1)], {"dim": 1})
    a, b = randn(3, 4), randn(3, 4)
    case("stack_d0", "stack", [a, b], [torch.stack([a, b], 0)], {"dim": 0})
    ai, bi = randint(0, 9, 3, 4), randint(0, 9, 3, 4)
    case("stack_i64_d0", "stack", [ai, bi], [torch.stack([ai, bi], 0)], {"dim": 0})

    for diag in (1, 0, -1):
        x = randn(4, 5)
        tag = {1: "1", 0: "0", -1: "m1"}[diag]
        case(f"tril_{tag}", "tril", [x], [torch.tril(x, diag)], {"diagonal": diag})
        case(f"triu_{tag}", "triu", [x], [torch.triu(x, diag)], {"diagonal": diag})
    x = randn(2, 3, 4)
    case("tril_1_batched", "tril", [x], [torch.tril(x, 1)], {"diagonal": 1})
    case("triu_1_batched", "triu", [x], [torch.triu(x, 1)], {"diagonal": 1})

    idx = randint(0, 5, 2, 3)
    case("one_hot", "one_hot", [idx], [F.one_hot(idx, num_classes=5)], {"num_classes": 5})

    x = distinct(3, 7)
    v, i = torch.topk(x, 3, dim=-1, largest=True, sorted=True)
    case("topk_k3", "topk", [x], [v, i], {"k": 3, "dim": -1, "largest": True, "sorted": True})
    x = distinct(2, 6, 3)
    v, i = torch.topk(x, 2, dim=1, largest=False, sorted=True)
    case("topk_k2_smallest_d1", "topk", [x], [v, i],
         {"k": 2, "dim": 1, "largest": False, "sorted": True})

    x = distinct(3, 7)
    v, i = torch.sort(x, dim=-1, descending=False)
    case("sort_asc", "sort", [x], [v, i], {"dim": -1, "descending": False})
    x = distinct(4, 3)
    v, i = torch.sort(x, dim=0, descending=True)
    case("sort_desc_d0", "sort", [x], [v, i], {"dim": 0, "descending": True})


# ----------------------------------------------------------------------------
def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(here, "data"))
    args = ap.parse_args()

    torch.manual_seed(SEED)
    torch.set_num_threads(1)  # deterministic reduction order
    for gen in (gen_unary, gen_binary, gen_reduce, gen_norm, gen_matmul, gen_conv, gen_index):
        gen()

    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".npy") or f == "MANIFEST":
            os.remove(os.path.join(args.out, f))

    total = 0
    lines = []
    ops = set()
    for name, op, ins, outs, attrs in CASES:
        for kind, arrs in (("in", ins), ("out", outs)):
            for k, a in enumerate(arrs):
                assert a.dtype.kind in "biuf" and a.dtype != np.float16, (name, a.dtype)
                p = os.path.join(args.out, f"{name}.{kind}{k}.npy")
                np.save(p, a)
                total += os.path.getsize(p)
        lines.append(f"{name} {op} {len(ins)} {len(outs)} {fmt_attrs(attrs)}\n")
        ops.add(op)
    with open(os.path.join(args.out, "MANIFEST"), "w") as f:
        f.writelines(lines)
    total += os.path.getsize(os.path.join(args.out, "MANIFEST"))
    print(f"wrote {len(CASES)} cases ({len(ops)} ops) to {args.out}: "
          f"{total / 1024:.1f} KiB (torch {torch.__version__}, numpy {np.__version__})")


if __name__ == "__main__":
    sys.exit(main())
