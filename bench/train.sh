#!/usr/bin/env bash
# bench/train.sh — B5 (a training step: forward, backward, AdamW) and B9 (peak RSS of a process
# running it, and of one running B4's forward), kiln eager, kiln compiled and PyTorch 1.13 eager
# (foreach AdamW), each in a fresh process, at 1 and 2 threads, in one run.
#   bash bench/train.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
if [ ! -d /usr/lib/x86_64-linux-gnu/openblas-pthread ] && [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy libopenblas0-pthread >/dev/null
fi
cmake --build "$build" --target kiln_train_bench -j "$(nproc)" >/dev/null
cpu_env=$(/usr/bin/python3 bench/peers.py --cpu-env)  # OPENBLAS_CORETYPE, ATEN_CPU_CAPABILITY
for t in 1 2; do
  export KILN_NUM_THREADS=$t OMP_NUM_THREADS=$t
  "$build/bench/kiln_train_bench" --mode eager "$@"
  "$build/bench/kiln_train_bench" --mode compiled "$@"
  OPENBLAS_NUM_THREADS=$t OMP_WAIT_POLICY=PASSIVE env $cpu_env \
    /usr/bin/python3 bench/peers.py --worker torch_train --threads "$t" ${1:+--quick} 2>/dev/null ||
    echo '{"peer": "torch_train failed"}'
  "$build/bench/kiln_train_bench" --workload b4 --mode eager "$@"
  "$build/bench/kiln_train_bench" --workload b4 --mode compiled "$@"
  OPENBLAS_NUM_THREADS=$t OMP_WAIT_POLICY=PASSIVE env $cpu_env \
    /usr/bin/python3 bench/peers.py --worker torch_b4_rss --threads "$t" ${1:+--quick} 2>/dev/null ||
    echo '{"peer": "torch_b4_rss failed"}'
done
