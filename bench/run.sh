#!/usr/bin/env bash
# bench/run.sh — B0, B1, B2, B6 for kiln (eager) and its peers, at 1 and 2 threads, in one run:
# kiln's binary and the peers (bench/peers.py: PyTorch 1.13 and NumPy from Debian, in the tuned
# environment described in shared/BENCHMARKS.md) alternate per thread count.
#   bash bench/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
# The peers' fair set-up: NumPy/PyTorch on OpenBLAS (Debian's default libblas is the slow
# reference BLAS), with OPENBLAS_CORETYPE set by peers.py.
if [ ! -d /usr/lib/x86_64-linux-gnu/openblas-pthread ] && [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy libopenblas0-pthread >/dev/null
fi
cmake --build "$build" --target kiln_eager_bench kiln_compile_latency -j "$(nproc)" >/dev/null
# B7: compile latency in fresh processes, cold (empty kernel cache) then warm (disk cache),
# five pairs: each process's numbers, then the median of each (a single fresh process on a VM
# can take 5x longer when the host backs its first touches of memory slowly).
b7_runs=${B7_RUNS:-5}
b7_lines=$(mktemp)
for i in $(seq "$b7_runs"); do
  b7_cache=$(mktemp -d)
  KILN_CACHE_DIR=$b7_cache "$build/bench/kiln_compile_latency" | tee -a "$b7_lines"
  KILN_CACHE_DIR=$b7_cache "$build/bench/kiln_compile_latency" | tee -a "$b7_lines"
  rm -rf "$b7_cache"
done
/usr/bin/python3 - "$b7_lines" "$b7_runs" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    runs.setdefault((r["workload"], r["metric"], r["threads"]), []).append(r["value"])
for (w, m, t), v in runs.items():
    print(json.dumps({"workload": w, "peer": f"kiln compiled, median of {len(v)} processes",
                      "threads": t, "metric": m, "value": round(statistics.median(v), 4),
                      "unit": "ms", "range": [round(min(v), 2), round(max(v), 2)]}))
PY
rm -f "$b7_lines"
for t in 1 2; do
  KILN_NUM_THREADS=$t OMP_NUM_THREADS=$t "$build/bench/kiln_eager_bench" "$@"
  pypi=""
  [ -x bench/.venv/bin/python ] && pypi="--pypi"
  /usr/bin/python3 bench/peers.py --threads "$t" $pypi ${1:+--quick} 2>/dev/null || echo '{"peer": "peers.py failed"}'
done
