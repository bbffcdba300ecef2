#!/usr/bin/python3
"""Peer baselines (NumPy / PyTorch eager) for kiln's benchmark workloads.

Run with the Debian interpreter that has python3-torch / python3-numpy:

    /usr/bin/python3 bench/peers.py [--threads 1,2] [--quick] [--blas-dir DIR]

Prints one JSON object per line on stdout:
    {"workload": ..., "peer": ..., "threads": ..., "metric": ..., "value": ..., "unit": ...}
Diagnostics (versions, which BLAS library got loaded, skipped measurements) go to stderr.

For every thread count t, every peer runs in its own subprocess whose environment is
set before numpy/torch are imported:
    OMP_NUM_THREADS=t OPENBLAS_NUM_THREADS=t            (+ torch.set_num_threads(t))
    OPENBLAS_CORETYPE / ATEN_CPU_CAPABILITY for the host's vectors (cpu_tuning(): SkylakeX /
    avx512 with AVX-512, Zen or Haswell / avx2 with AVX2), OMP_WAIT_POLICY=PASSIVE
Values are medians over timed repetitions after warm-up; every measurement is bounded
by a time budget (a few seconds).

BLAS: Debian's numpy and torch link libblas.so.3, which is the *reference* (netlib)
BLAS unless an optimized one is installed (~5 vs ~70 GFLOP/s sgemm on one core).
--blas-dir DIR (or $KILN_PEER_BLAS_DIR) puts DIR first on LD_LIBRARY_PATH of the
peer subprocesses; by default the OpenBLAS directory of Debian's libopenblas0-pthread
(/usr/lib/x86_64-linux-gnu/openblas-pthread) is used if it exists.  A directory made
with `apt-get download libopenblas0-pthread && dpkg -x <deb> ROOT` works too
(pass ROOT/usr/lib/x86_64-linux-gnu/openblas-pthread).  Use --blas-dir system to
force whatever libblas.so.3 the system resolves.

Workloads:
  B0  STREAM triad a = b + s*c (float32, 64M; numpy: multiply+add with out=, i.e. two
      passes; torch: torch.add(b, c, alpha=s, out=a), one pass) -> GB/s counting
      3 arrays*4 B*n;  sgemm 1024^3 and 2048^3 (np.matmul / torch.mm with out=) -> GFLOP/s
  B1  y = gelu(x*w + b) + x, exact erf gelu, 16M float32 (x, w, b full tensors);
      torch eager, torch with preallocated out= tensors, and out= with addcmul fusing
      x*w+b -> ms and effective GB/s over 4 arrays*4 B*n
  B2  softmax over rows of [8192,1024]; layer_norm over rows (weight, bias [1024])
      -> ms and effective GB/s over 2*rows*cols*4 B  (+ softmax with out=: torch._softmax)
  B1/B2 are rerun as peer "torch_nommap" (suffix _nommap): same torch eager code with
      glibc malloc told not to mmap/trim big blocks (see NOMMAP_ENV).
  B6  chain of 100 pointwise ops on a 16-element float32 vector
      (x*1.0001, x+0.0001, neg, neg, repeated) -> us per op, torch eager and numpy

PyPI peers (--pypi; off by default): run with bench/.venv/bin/python (skipped with a
message when that virtualenv is missing).  Set it up with
    /usr/bin/python3 -m venv bench/.venv
    bench/.venv/bin/pip install --no-deps -r bench/requirements-peers.txt
(--no-deps: the PyPI Linux torch wheel is CUDA-enabled and would pull in ~3 GB of nvidia-*
packages; requirements-peers.txt lists the pure-Python deps plus the four CUDA libraries
that libtorch_cuda.so needs but /usr/local/cuda-13.0 lacks or has too old -- cufile,
cusparseLt, nvshmem, nccl -- the rest (cudart, cublas, cudnn, ...) resolves from
/usr/local/cuda-13.0/lib via ld.so.conf.  torch then imports and runs on CPU only.)
  jax     JAX/XLA CPU.  Peers "jax" (op by op: jnp ops, no jit; dispatch is async,
          results are blocked on) and "jax_jit" (the same function under jax.jit).
          Threads: XLA_FLAGS=--xla_cpu_multi_thread_eigen=false /
          intra_op_parallelism_threads=1 does NOT shrink XLA's intra-op pool (it stays at
          one thread per CPU), so the worker pins itself with sched_setaffinity to CPUs
          0..t-1 before importing jax (XLA sizes its pool from the affinity mask) and, at
          t=1, also sets those XLA_FLAGS.
  torch2  current PyTorch: "torch2_eager" and "torch2_compile" (torch.compile, Inductor
          C++/OpenMP CPU backend, g++), torch.set_num_threads(t) before compiling.
  Workloads B1, B2 (time, bandwidth) and B6 (eager: us per op; jit/compile: us per
  100-op call, metric "per_call"); compiled peers also report "first_call" (ms to the
  first result, compile included; Inductor's on-disk cache in /tmp may be warm).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

DEFAULT_OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
PEERS = ("numpy", "torch", "torch_nommap")
PYPI_PEERS = ("jax", "torch2")
VENV_PYTHON = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".venv", "bin", "python")
# glibc malloc serves >=32 MiB blocks with fresh mmap()s, so every eager op on a big
# tensor page-faults its output in (3-4x slower at 1 thread).  The "_nommap" peer
# config reruns the allocation-heavy workloads (B1, B2) with these set, which is what a
# caching allocator would buy:
NOMMAP_ENV = {"MALLOC_MMAP_THRESHOLD_": str(1 << 30), "MALLOC_TRIM_THRESHOLD_": str(1 << 31),
              "MALLOC_TOP_PAD_": str(1 << 28)}


# ----------------------------------------------------------------------------
# timing helpers (worker side)
# ----------------------------------------------------------------------------
def bench(fn, reps, warmup=2, budget_s=3.0):
    """Median seconds per call of fn() after `warmup` calls; stops early when the
    timed loop exceeds budget_s (always at least one timed sample)."""
    for _ in range(warmup):
        fn()
    samples = []
    start = time.perf_counter()
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
        if time.perf_counter() - start > budget_s:
            break
    return statistics.median(samples)


class Emitter:
    def __init__(self, peer, threads, suffix=""):
        self.peer, self.threads, self.suffix = peer, threads, suffix

    def __call__(self, workload, metric, value, unit, peer=None):
        print(json.dumps({"workload": workload, "peer": (peer or self.peer) + self.suffix,
                          "threads": self.threads, "metric": metric,
                          "value": round(value, 4), "unit": unit}), flush=True)


def note(msg):
    print(f"[peers] {msg}", file=sys.stderr, flush=True)


def loaded_blas():
    libs = []
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1]
            if ("blas" in p or "lapack" in p) and p.startswith("/") and p not in libs:
                libs.append(p)
    return libs


# ----------------------------------------------------------------------------
# workers
# ----------------------------------------------------------------------------
def sgemm(emit, peer, mm, make, sizes, quick):
    """mm(a, b, c) computes c = a @ b; make(n) -> (a, b, c)."""
    est = None  # seconds per flop from the previous size
    for n in sizes:
        flops = 2.0 * n ** 3
        if est is not None and est * flops > 8.0:
            note(f"{peer}: skip sgemm {n}^3 (estimated {est * flops:.1f} s per call; slow BLAS?)")
            continue
        a, b, c = make(n)
        t0 = time.perf_counter()
        mm(a, b, c)  # first call, also used to size the run
        first = time.perf_counter() - t0
        slow = first > 1.0
        t = bench(lambda: mm(a, b, c), reps=3 if quick else 10, warmup=0 if slow else 1,
                  budget_s=2.0 if quick else 4.0)
        est = t / flops
        emit(f"B0_sgemm_{n}", "throughput", flops / t / 1e9, "GFLOP/s")
        a = b = c = None  # free before the next allocation


def run_numpy(threads, quick):
    import numpy as np
    emit = Emitter("numpy", threads)
    note(f"numpy {np.__version__}")

    # B0 triad
    n = (8 if quick else 64) << 20
    b = np.full(n, 1.0, np.float32)
    c = np.full(n, 2.0, np.float32)
    a = np.empty(n, np.float32)
    s = np.float32(3.0)

    def triad():
        np.multiply(c, s, out=a)
        np.add(a, b, out=a)
    t = bench(triad, reps=5 if quick else 15)
    emit("B0_triad", "bandwidth", 3 * 4 * n / t / 1e9, "GB/s")
    assert a[0] == 7.0
    a = b = c = None  # free before the next allocation

    # B0 sgemm
    rng = np.random.default_rng(0)

    def make(n):
        return (rng.standard_normal((n, n), dtype=np.float32),
                rng.standard_normal((n, n), dtype=np.float32),
                np.empty((n, n), np.float32))
    sgemm(emit, "numpy", lambda a, b, c: np.matmul(a, b, out=c), make,
          (256, 512) if quick else (1024, 2048), quick)
    note(f"numpy BLAS libraries mapped: {loaded_blas() or 'none'}")

    # B3: MLP 784 -> 2048 -> 2048 -> 10 with ReLU
    ws = [(rng.standard_normal((i, o), dtype=np.float32) / np.sqrt(i),
           np.zeros(o, np.float32)) for i, o in ((784, 2048), (2048, 2048), (2048, 10))]

    def mlp(x):
        for k, (w, b) in enumerate(ws):
            x = x @ w + b
            if k < 2:
                np.maximum(x, 0, out=x)
        return x
    for batch in (64, 1):
        x = rng.standard_normal((batch, 784), dtype=np.float32)
        t = bench(lambda: mlp(x), reps=10 if quick else 60)
        emit(f"B3_mlp_b{batch}", "time", t * 1e3, "ms")

    # B6
    x0 = np.linspace(-1, 1, 16, dtype=np.float32)

    def chain():
        x = x0
        for _ in range(25):
            x = x * np.float32(1.0001)
            x = x + np.float32(0.0001)
            x = np.negative(x)
            x = np.negative(x)
        return x
    t = bench(chain, reps=50 if quick else 500, warmup=20)
    emit("B6_chain100", "per_op", t / 100 * 1e6, "us")


def run_torch(threads, quick, nommap=False):
    import torch
    torch.set_num_threads(threads)
    emit = Emitter("torch", threads, "_nommap" if nommap else "")
    cap = [l.strip() for l in torch.__config__.show().splitlines() if "capability" in l]
    note(f"torch {torch.__version__}, threads={torch.get_num_threads()}, {cap}")
    torch.manual_seed(0)

    with torch.inference_mode():
        if not nommap:
            b0_torch(emit, quick)
        b1_b2_torch(emit, quick, eager_only=nommap)
        if not nommap:
            b6_torch(emit, quick)
            b3_b4_torch(emit, quick, "torch")


def run_torch_train(threads, quick):
    """B5 (MLP 784-1024-1024-10, batch 128, cross-entropy, AdamW foreach: forward, backward,
    step) and B9 (this process's peak RSS: it runs nothing else)."""
    import resource
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    emit = Emitter("torch", threads)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(),
                          nn.Linear(1024, 10))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, foreach=True)
    x = torch.randn(128, 784)
    y = torch.randint(0, 10, (128,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    t = bench(step, reps=10 if quick else 40, warmup=3)
    emit("B5_train_step", "time", t * 1e3, "ms")
    emit("B9_train_step_rss", "peak_rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
         "MiB")


def run_torch_b4_rss(threads, quick):
    """B9's other half: B4 (TransformerEncoderLayer forward on [8, 128, 256], inference) and
    this process's peak RSS (it runs nothing else)."""
    import resource
    import torch
    import torch.nn as nn
    torch.set_num_threads(threads)
    emit = Emitter("torch", threads)
    layer = nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0, batch_first=True).eval()
    x = torch.randn(8, 128, 256)
    with torch.inference_mode():
        t = bench(lambda: layer(x), reps=10 if quick else 40)
    emit("B4_encoder_layer", "time", t * 1e3, "ms")
    emit("B9_b4_forward_rss", "peak_rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
         "MiB")


def b3_b4_torch(emit, quick, eager_peer, compile_peer=None):
    import torch
    import torch.nn as nn
    # B3: MLP 784 -> 2048 -> 2048 -> 10 with ReLU, batch 64 and 1
    mlp = nn.Sequential(nn.Linear(784, 2048), nn.ReLU(), nn.Linear(2048, 2048), nn.ReLU(),
                        nn.Linear(2048, 10)).eval()
    mc = torch.compile(mlp) if compile_peer else None
    for batch in (64, 1):
        x = torch.randn(batch, 784)
        wl = f"B3_mlp_b{batch}"
        for peer, fn in ((eager_peer, mlp), (compile_peer, mc)):
            if fn is None:
                continue
            fn(x)
            t = bench(lambda: fn(x), reps=10 if quick else 60)
            emit(wl, "time", t * 1e3, "ms", peer=peer)
    # B4: TransformerEncoderLayer(d_model=256, nhead=4, ff=1024, batch_first), eval (the
    # fast path under no_grad / inference_mode)
    layer = nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0, batch_first=True).eval()
    x = torch.randn(8, 128, 256)
    lc = torch.compile(layer) if compile_peer else None
    for peer, fn in ((eager_peer, layer), (compile_peer, lc)):
        if fn is None:
            continue
        if peer == compile_peer:
            _, ms = first_call_ms(fn, x)
            emit("B4_encoder_layer", "first_call", ms, "ms", peer=peer)
        fn(x)
        t = bench(lambda: fn(x), reps=5 if quick else 30)
        emit("B4_encoder_layer", "time", t * 1e3, "ms", peer=peer)


def b0_torch(emit, quick):
    import torch
    # B0 triad (single fused pass)
    n = (8 if quick else 64) << 20
    b = torch.full((n,), 1.0)
    c = torch.full((n,), 2.0)
    a = torch.empty(n)
    t = bench(lambda: torch.add(b, c, alpha=3.0, out=a), reps=5 if quick else 15)
    emit("B0_triad", "bandwidth", 3 * 4 * n / t / 1e9, "GB/s")
    assert a[0].item() == 7.0
    a = b = c = None  # free before the next allocation

    # B0 sgemm
    def make(n):
        return torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
    sgemm(emit, "torch", lambda a, b, c: torch.mm(a, b, out=c), make,
          (256, 512) if quick else (1024, 2048), quick)
    note(f"torch BLAS libraries mapped: {loaded_blas() or 'none'}")


def b1_b2_torch(emit, quick, eager_only=False):
    import torch
    import torch.nn.functional as F

    # B1: y = gelu(x*w + b) + x
    n = (2 if quick else 16) << 20
    x, w, bb = torch.randn(n), torch.randn(n), torch.randn(n)
    tmp, tmp2, y = torch.empty(n), torch.empty(n), torch.empty(n)
    reps = 5 if quick else 20
    nbytes = 4 * 4 * n

    def eager():
        return F.gelu(x * w + bb) + x

    def with_out():
        torch.mul(x, w, out=tmp)
        torch.add(tmp, bb, out=tmp)
        torch._C._nn.gelu(tmp, out=tmp2)
        torch.add(tmp2, x, out=y)

    def with_out_addcmul():
        torch.addcmul(bb, x, w, out=tmp)
        torch._C._nn.gelu(tmp, out=tmp2)
        torch.add(tmp2, x, out=y)

    ref = eager()
    variants = [("torch", eager), ("torch_out", with_out),
                ("torch_out_addcmul", with_out_addcmul)]
    for peer, fn in variants[:1] if eager_only else variants:
        t = bench(fn, reps=reps)
        if fn is not eager:
            torch.testing.assert_close(y, ref)
        emit("B1_gelu_fma", "time", t * 1e3, "ms", peer=peer)
        emit("B1_gelu_fma", "bandwidth", nbytes / t / 1e9, "GB/s", peer=peer)
    x = w = bb = tmp = tmp2 = y = ref = None

    # B2: row softmax / layer_norm
    rows, cols = (1024 if quick else 8192), 1024
    x = torch.randn(rows, cols)
    wt, bs = torch.randn(cols), torch.randn(cols)
    nbytes = 2 * rows * cols * 4
    for wl, fn in (("B2_softmax", lambda: torch.softmax(x, -1)),
                   ("B2_layer_norm", lambda: F.layer_norm(x, (cols,), wt, bs, 1e-5))):
        t = bench(fn, reps=10 if quick else 50)
        emit(wl, "time", t * 1e3, "ms")
        emit(wl, "bandwidth", nbytes / t / 1e9, "GB/s")
    if eager_only:
        return
    y = torch.empty_like(x)
    t = bench(lambda: torch._softmax(x, -1, False, out=y), reps=10 if quick else 50)
    emit("B2_softmax", "time", t * 1e3, "ms", peer="torch_out")
    emit("B2_softmax", "bandwidth", nbytes / t / 1e9, "GB/s", peer="torch_out")
    x = y = None


def b6_torch(emit, quick):
    import torch
    # B6: 100 pointwise ops on 16 floats (dispatch overhead)
    x0 = torch.linspace(-1, 1, 16)

    def chain():
        x = x0
        for _ in range(25):
            x = x * 1.0001
            x = x + 0.0001
            x = torch.neg(x)
            x = torch.neg(x)
        return x
    t = bench(chain, reps=50 if quick else 500, warmup=20)
    emit("B6_chain100", "per_op", t / 100 * 1e6, "us")


# ----------------------------------------------------------------------------
# PyPI peers (run under bench/.venv/bin/python)
# ----------------------------------------------------------------------------
def first_call_ms(fn, *args):
    t0 = time.perf_counter()
    r = fn(*args)
    return r, (time.perf_counter() - t0) * 1e3


def run_jax(threads, quick):
    # XLA sizes its intra-op thread pool from the CPU affinity mask; XLA_FLAGS alone
    # leaves it at one thread per CPU.  Both must happen before jax is imported.
    os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:threads]))
    if threads == 1:
        os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") +
                                   " --xla_cpu_multi_thread_eigen=false"
                                   " intra_op_parallelism_threads=1").strip()
    import jax
    import jax.numpy as jnp
    import jaxlib
    import numpy as np
    note(f"jax {jax.__version__}, jaxlib {jaxlib.__version__}, devices={jax.devices()}, "
         f"affinity={sorted(os.sched_getaffinity(0))}, XLA_FLAGS={os.environ.get('XLA_FLAGS')!r}")
    emit = Emitter("jax", threads)
    rng = np.random.default_rng(0)

    def block(fn):
        return lambda: jax.block_until_ready(fn())

    # B1
    n = (2 if quick else 16) << 20
    x, w, bb = (jnp.asarray(rng.standard_normal(n, dtype=np.float32)) for _ in range(3))

    def b1(x, w, bb):
        return jax.nn.gelu(x * w + bb, approximate=False) + x
    b1_jit = jax.jit(b1)
    ref, ms = first_call_ms(lambda: jax.block_until_ready(b1_jit(x, w, bb)))
    emit("B1_gelu_fma", "first_call", ms, "ms", peer="jax_jit")
    np.testing.assert_allclose(np.asarray(ref), np.asarray(b1(x, w, bb)), rtol=1e-5, atol=1e-5)
    nbytes = 4 * 4 * n
    for peer, fn in (("jax", b1), ("jax_jit", b1_jit)):
        t = bench(block(lambda: fn(x, w, bb)), reps=5 if quick else 20)
        emit("B1_gelu_fma", "time", t * 1e3, "ms", peer=peer)
        emit("B1_gelu_fma", "bandwidth", nbytes / t / 1e9, "GB/s", peer=peer)
    x = w = bb = ref = None

    # B2
    rows, cols = (1024 if quick else 8192), 1024
    x = jnp.asarray(rng.standard_normal((rows, cols), dtype=np.float32))
    wt, bs = (jnp.asarray(rng.standard_normal(cols, dtype=np.float32)) for _ in range(2))

    def softmax(x):
        return jax.nn.softmax(x, axis=-1)  # not jitted inside jax (op by op)

    def layer_norm(x, wt, bs):
        mean = jnp.mean(x, axis=-1, keepdims=True)
        xc = x - mean
        var = jnp.mean(xc * xc, axis=-1, keepdims=True)
        return xc * jax.lax.rsqrt(var + 1e-5) * wt + bs
    nbytes = 2 * rows * cols * 4
    for wl, fn, args in (("B2_softmax", softmax, (x,)),
                         ("B2_layer_norm", layer_norm, (x, wt, bs))):
        jf = jax.jit(fn)
        _, ms = first_call_ms(lambda: jax.block_until_ready(jf(*args)))
        emit(wl, "first_call", ms, "ms", peer="jax_jit")
        for peer, f in (("jax", fn), ("jax_jit", jf)):
            t = bench(block(lambda: f(*args)), reps=10 if quick else 50)
            emit(wl, "time", t * 1e3, "ms", peer=peer)
            emit(wl, "bandwidth", nbytes / t / 1e9, "GB/s", peer=peer)
    x = None

    # B6
    x0 = jnp.linspace(-1, 1, 16, dtype=jnp.float32)

    def chain(x):
        for _ in range(25):
            x = x * 1.0001
            x = x + 0.0001
            x = jnp.negative(x)
            x = jnp.negative(x)
        return x
    t = bench(block(lambda: chain(x0)), reps=50 if quick else 500, warmup=20)
    emit("B6_chain100", "per_op", t / 100 * 1e6, "us")
    jchain = jax.jit(chain)
    _, ms = first_call_ms(lambda: jax.block_until_ready(jchain(x0)))
    emit("B6_chain100", "first_call", ms, "ms", peer="jax_jit")
    t = bench(block(lambda: jchain(x0)), reps=200 if quick else 2000, warmup=20)
    emit("B6_chain100", "per_call", t * 1e6, "us", peer="jax_jit")


def run_torch2(threads, quick):
    # one Inductor compile worker: no subprocess pool on these 2-core machines
    os.environ.setdefault("TORCHINDUCTOR_COMPILE_THREADS", "1")
    # own cache: kernels built before the link fix below are scalar and would be reused
    os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", "/tmp/torchinductor_kiln_peers")
    import torch
    import torch.nn.functional as F
    import torch._inductor.cpp_builder as cpp_builder
    import torch._inductor.cpu_vec_isa as cpu_vec_isa
    # Inductor links its kernels with -L<python LIBDIR> before -L<torch/lib>.  With
    # Debian's python that is /usr/lib/x86_64-linux-gnu, which holds Debian's libtorch
    # 1.13 (libtorch-dev): -ltorch_cpu then binds to the wrong torch, the AVX-512 probe
    # kernel fails to load (undefined Sleef_expf16_u10) and Inductor silently falls back
    # to scalar C++ (4-10x slower than eager).  Drop such dirs from the link line.
    py_args = cpp_builder._get_python_related_args

    def py_args_without_system_torch():
        inc, libdirs = py_args()
        return inc, [d for d in libdirs
                     if not (d and os.path.exists(os.path.join(d, "libtorch_cpu.so")))]
    cpp_builder._get_python_related_args = py_args_without_system_torch
    torch.set_num_threads(threads)
    isa = cpu_vec_isa.pick_vec_isa()
    note(f"torch2 {torch.__version__}, threads={torch.get_num_threads()}, "
         f"cpu capability={torch.backends.cpu.get_cpu_capability()}, "
         f"cuda available={torch.cuda.is_available()}, inductor vec isa={isa}, "
         f"cxx={__import__('torch._inductor.config', fromlist=['cpp']).cpp.cxx}")
    if not isa:
        note("torch2: Inductor found no usable vector ISA: compiled kernels will be scalar")
    emit = Emitter("torch2", threads)
    torch.manual_seed(0)
    with torch.no_grad():
        # B1
        n = (2 if quick else 16) << 20
        x, w, bb = torch.randn(n), torch.randn(n), torch.randn(n)

        def b1(x, w, bb):
            return F.gelu(x * w + bb) + x
        b1c = torch.compile(b1, fullgraph=True)
        out, ms = first_call_ms(b1c, x, w, bb)
        emit("B1_gelu_fma", "first_call", ms, "ms", peer="torch2_compile")
        torch.testing.assert_close(out, b1(x, w, bb))
        out = None
        nbytes = 4 * 4 * n
        for peer, fn in (("torch2_eager", b1), ("torch2_compile", b1c)):
            t = bench(lambda: fn(x, w, bb), reps=5 if quick else 20)
            emit("B1_gelu_fma", "time", t * 1e3, "ms", peer=peer)
            emit("B1_gelu_fma", "bandwidth", nbytes / t / 1e9, "GB/s", peer=peer)
        x = w = bb = None

        # B2
        rows, cols = (1024 if quick else 8192), 1024
        x = torch.randn(rows, cols)
        wt, bs = torch.randn(cols), torch.randn(cols)
        nbytes = 2 * rows * cols * 4

        def softmax(x):
            return torch.softmax(x, -1)

        def layer_norm(x, wt, bs):
            return F.layer_norm(x, (cols,), wt, bs, 1e-5)
        for wl, fn, args in (("B2_softmax", softmax, (x,)),
                             ("B2_layer_norm", layer_norm, (x, wt, bs))):
            fc = torch.compile(fn, fullgraph=True)
            out, ms = first_call_ms(fc, *args)
            emit(wl, "first_call", ms, "ms", peer="torch2_compile")
            torch.testing.assert_close(out, fn(*args))
            out = None
            for peer, f in (("torch2_eager", fn), ("torch2_compile", fc)):
                t = bench(lambda: f(*args), reps=10 if quick else 50)
                emit(wl, "time", t * 1e3, "ms", peer=peer)
                emit(wl, "bandwidth", nbytes / t / 1e9, "GB/s", peer=peer)
        x = None

        # B6
        x0 = torch.linspace(-1, 1, 16)

        def chain(x):
            for _ in range(25):
                x = x * 1.0001
                x = x + 0.0001
                x = torch.neg(x)
                x = torch.neg(x)
            return x
        t = bench(lambda: chain(x0), reps=50 if quick else 500, warmup=20)
        emit("B6_chain100", "per_op", t / 100 * 1e6, "us", peer="torch2_eager")
        cc = torch.compile(chain, fullgraph=True)
        out, ms = first_call_ms(cc, x0)
        emit("B6_chain100", "first_call", ms, "ms", peer="torch2_compile")
        torch.testing.assert_close(out, chain(x0))
        t = bench(lambda: cc(x0), reps=200 if quick else 2000, warmup=20)
        emit("B6_chain100", "per_call", t * 1e6, "us", peer="torch2_compile")

        b3_b4_torch(emit, quick, "torch2_eager", "torch2_compile")


# ----------------------------------------------------------------------------
# driver
# ----------------------------------------------------------------------------
def resolve_blas_dir(arg):
    d = arg or os.environ.get("KILN_PEER_BLAS_DIR") or ""
    if d == "system":
        return None
    if d:
        if not os.path.exists(os.path.join(d, "libblas.so.3")):
            sys.exit(f"--blas-dir {d}: no libblas.so.3 there")
        return d
    if os.path.exists(os.path.join(DEFAULT_OPENBLAS_DIR, "libblas.so.3")):
        return DEFAULT_OPENBLAS_DIR
    note("no OpenBLAS directory found: peers use the system libblas.so.3 "
         "(Debian default = reference BLAS, very slow sgemm); see --blas-dir")
    return None


def cpu_tuning():
    """OPENBLAS_CORETYPE / ATEN_CPU_CAPABILITY for this CPU: Debian's OpenBLAS misdetects
    recent CPUs (and runs its generic kernels), and forcing AVX-512 on a CPU without it
    kills the peer with SIGILL."""
    try:
        info = open("/proc/cpuinfo").read()
    except OSError:
        return {}
    flags = set()
    for line in info.splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            break
    if "avx512f" in flags:
        return {"OPENBLAS_CORETYPE": "SkylakeX", "ATEN_CPU_CAPABILITY": "avx512"}
    if "avx2" in flags:
        return {"OPENBLAS_CORETYPE": "Zen" if "AuthenticAMD" in info else "Haswell",
                "ATEN_CPU_CAPABILITY": "avx2"}
    return {}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    ap.add_argument("--quick", action="store_true", help="small sizes, few reps (smoke test)")
    ap.add_argument("--blas-dir", default=None,
                    help="directory holding an optimized libblas.so.3 (or 'system')")
    ap.add_argument("--pypi", action="store_true",
                    help="also run the PyPI peers (%s) with bench/.venv/bin/python" %
                    ", ".join(PYPI_PEERS))
    ap.add_argument("--peers", default=",".join(PEERS), help=argparse.SUPPRESS)
    ap.add_argument("--worker", choices=PEERS + PYPI_PEERS + ("torch_train", "torch_b4_rss"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",") if t]

    if args.worker:
        if args.worker == "numpy":
            run_numpy(threads[0], args.quick)
        elif args.worker == "jax":
            run_jax(threads[0], args.quick)
        elif args.worker == "torch2":
            run_torch2(threads[0], args.quick)
        elif args.worker == "torch_train":
            run_torch_train(threads[0], args.quick)
        elif args.worker == "torch_b4_rss":
            run_torch_b4_rss(threads[0], args.quick)
        else:
            run_torch(threads[0], args.quick, nommap=args.worker == "torch_nommap")
        return 0

    blas_dir = resolve_blas_dir(args.blas_dir)
    note(f"BLAS dir: {blas_dir or 'system default'}")
    peers = [p for p in args.peers.split(",") if p]
    if args.pypi:
        peers += [p for p in PYPI_PEERS if p not in peers]
    if any(p in PYPI_PEERS for p in peers) and not os.access(VENV_PYTHON, os.X_OK):
        peers = [p for p in peers if p not in PYPI_PEERS]
        print(f"[peers] --pypi: no virtualenv at {VENV_PYTHON}; skipping the PyPI peers "
              f"({', '.join(PYPI_PEERS)}).  Create it with: /usr/bin/python3 -m venv "
              "bench/.venv && bench/.venv/bin/pip install --no-deps -r "
              "bench/requirements-peers.txt", file=sys.stderr, flush=True)
    # A virtualenv holding only some of the PyPI peers (bench/onnx.sh needs onnxruntime alone):
    # the missing ones are skipped with a note, not run to fail.
    for peer, module in (("jax", "jax"), ("torch2", "torch")):
        if peer in peers and subprocess.run([VENV_PYTHON, "-c", f"import {module}"],
                                            capture_output=True).returncode != 0:
            peers.remove(peer)
            note(f"--pypi: {module} is not installed in {os.path.dirname(os.path.dirname(VENV_PYTHON))}; "
                 f"skipping the {peer} peer")
    rc = 0
    for t in threads:
        for peer in peers:
            env = dict(os.environ)
            env.update({
                "OMP_NUM_THREADS": str(t),
                "OPENBLAS_NUM_THREADS": str(t),
                "OMP_WAIT_POLICY": "PASSIVE",
            })
            env.update(cpu_tuning())
            # The PyPI peers also run with reused buffers (no mmap per output), the fairest
            # comparison with kiln's caching allocator; torch (1.13) runs both ways.
            if peer == "torch_nommap" or peer in PYPI_PEERS:
                env.update(NOMMAP_ENV)
            if blas_dir:
                env["LD_LIBRARY_PATH"] = blas_dir + (
                    ":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
            python = VENV_PYTHON if peer in PYPI_PEERS else sys.executable
            cmd = [python, os.path.abspath(__file__), "--worker", peer,
                   "--threads", str(t)] + (["--quick"] if args.quick else [])
            r = subprocess.run(cmd, env=env)
            if r.returncode != 0:
                note(f"worker {peer} threads={t} failed with rc={r.returncode}")
                rc = 1
    return rc


if __name__ == "__main__" and sys.argv[1:] == ["--cpu-env"]:
    print(" ".join(f"{k}={v}" for k, v in cpu_tuning().items()))
elif __name__ == "__main__":
    sys.exit(main())
