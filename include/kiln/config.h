// kiln/config.h — every knob kiln has, in one typed struct. Each field is read once from the
// environment at first use (the variable is named beside it) and may be changed from code.
#pragma once

#include <cstdint>
#include <string>

namespace kiln {

struct Config {
  // KILN_NUM_THREADS: CPU threads for kernels; 0 means the cores this process may use.
  int num_threads = 0;
  // KILN_LOG: "info", "debug", or per area "warn,cache=debug,breaks=info".
  std::string log_spec = "warn";
  // KILN_CACHING_ALLOCATOR=0 turns off the CPU caching allocator (every buffer comes from
  // and goes back to the system), for measuring what it saves.
  bool caching_allocator = true;
  // KILN_HUGE_PAGES=0: large buffers are not advised to use transparent huge pages. Huge
  // pages cut TLB misses and page faults on big tensors (measured: compiled B1 ~8% faster, a
  // warm-cache first call 14-16 ms instead of 30-34, eager B1 without the caching allocator
  // 2.5x faster), but right after compiling kernels the kernel may stall compacting memory on
  // first touch (a cold first call 130-220 ms instead of 70-100).
  bool huge_pages = true;
  // KILN_ALLOCATOR_CACHE_MB: most bytes the caching allocator keeps for reuse.
  int64_t allocator_cache_mb = 2048;
  // KILN_CACHE_DIR: the disk kernel cache (default $XDG_CACHE_HOME/kiln or ~/.cache/kiln).
  std::string cache_dir;
  // KILN_DISABLE_COMPILE=1: kiln::compile runs functions eagerly (to bisect a suspected bug).
  bool compile = true;
  // KILN_CODEGEN=0: compiled graphs run every op through its eager kernel instead of
  // generated fused kernels (the reference, for bisecting).
  bool codegen = true;
  // KILN_DUMP: a folder to write captured graphs and generated code to ("" = off).
  std::string dump_dir;
  // KILN_VECTOR_BITS: write fused kernels for 128-, 256- or 512-bit vectors (0: the host's
  // widest), e.g. to test the narrower kernels on an AVX-512 machine; below 512, kiln's own
  // matrix product (runtime/gemm.h) runs its AVX2 tiles there too.
  int vector_bits = 0;
  // KILN_STREAM_MIN_BYTES: fused kernels whose outputs take at least this many bytes write
  // them with non-temporal stores (no read of each line before it is written); 0 means the
  // size of the last-level cache, at most 32 MB.
  int64_t stream_min_bytes = 0;
  // KILN_MATMUL: which kernel runs a compiled float32 matrix product with packed weights and
  // its epilogue: "auto" times kiln's own (runtime/gemm.h) against oneDNN's per shape and
  // keeps kiln's unless oneDNN's is more than 3% faster; "kiln" or "onednn" always takes that
  // one (where it can).
  std::string matmul_kernel = "auto";
  // KILN_CONV: which kernel runs a float32 NCHW convolution that kiln's own kernels take
  // (runtime/conv.h): "auto" times kiln's against oneDNN's per shape and keeps the faster
  // (in a compiled graph, kiln's unless oneDNN's is more than 3% faster); "kiln" or "onednn"
  // always takes that one (where it can).
  std::string conv_kernel = "auto";
  // KILN_SHORT_ROWS: compiled reductions over rows of fewer than 32 elements, where a fused
  // kernel, going row by row, can lose to eager's kernels (docs/CODEGEN.md, "Short rows"):
  // "auto" runs softmax and log_softmax whole on eager's kernel and times each other such
  // kernel against its ops unfused; "fused" always fuses them (to test or compare the kernels).
  std::string short_rows = "auto";
  // KILN_CHANNELS_LAST: 1, compiled graphs give convolutions channels-last (NHWC) inputs (and
  // the activations between them stay NHWC); 0, never; -1 (default), where oneDNN 2.6 has
  // NHWC-native float32 convolution kernels: AVX-512 hosts (brgconv). On AVX2 its convolution
  // kernels take nChw8c and reordered each NHWC activation there and back around every
  // convolution (compiled MobileNetV2 at 2 threads 16.0 ms, eager 12.8).
  int channels_last = -1;
  // KILN_PROFILE=1: compiled graphs time each step they run (a fused kernel, a matrix product
  // or convolution with its epilogue, an op run eagerly); kiln::profile_report() prints them.
  bool profile = false;
};

// The process-wide configuration (initialised from the environment on first call).
Config& config();

// Threads used by kernels (resolves num_threads == 0).
int num_threads();
void set_num_threads(int n);

// Reconfigures logging, as KILN_LOG does; throws kiln::Error on a malformed spec.
void set_log_spec(const std::string& spec);

std::string version();

}  // namespace kiln
