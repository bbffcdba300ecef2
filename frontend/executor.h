// frontend/executor.h — runs a graph the compiled way: the fusion plan's kernel groups as
// generated CPU kernels (fetched from the kernel cache per launch variant), the other groups
// through their eager kernels. Constants are evaluated once. The interpreter stays the
// reference; KILN_CODEGEN=0 makes this executor run every group eagerly.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "codegen/kernel.h"
#include "ir/graph.h"
#include "passes/fusion.h"
#include "passes/memory_plan.h"

namespace kiln::frontend {

class Executable {
 public:
  // Takes the graph (optimised with the compile pipeline first when `optimize`).
  explicit Executable(ir::Graph g, bool optimize = true);
  Executable(const Executable&) = delete;
  ~Executable();

  // `write_backs` (input p <- return r, as kiln::compile writes in-place updates back): where
  // it is safe, the kernel computing r writes straight into input p's memory (r is then that
  // tensor), saving the copy — an optimizer step updates its parameters in one pass.
  std::vector<Tensor> run(std::span<const Tensor> inputs, Loc loc,
                          std::span<const std::pair<size_t, size_t>> write_backs = {});

  const ir::Graph& graph() const { return graph_; }
  const passes::FusionPlan& plan() const { return plan_; }
  // Kernel groups whose code generation failed (they run eagerly; a kiln bug, logged).
  int kernels_failed() const;
  // The arena plan of the last shape signature run ("" before the first run).
  std::string memory_report();
  // The arena plan a run over `symbols` (symbolic dim -> size) uses.
  passes::MemoryPlan plan_memory_for(const std::map<std::string, int64_t>& symbols) const;
  // Shape signatures that hold idle arenas for their next run (at most 8: the most recently
  // used), and the bytes those take.
  std::pair<int, int64_t> idle_arenas();
  // Storage-less stand-ins with the strides each value will have in a run over `symbols`
  // whose inputs (and constants) are `bound` (by value id); undefined where that is not known
  // before the run. The variant each kernel will launch with follows from them.
  std::vector<Tensor> layouts(const std::map<std::string, int64_t>& symbols,
                              const std::vector<Tensor>& bound) const;

 private:
  struct Step;
  // A result's buffer (frontend/executor.cpp: run's `allocate`).
  using Allocate =
      std::function<Tensor(const ir::Value*, bool want_cl, std::span<const Tensor> reads)>;
  void run_eager(const passes::FusionGroup& g, std::vector<Tensor>& env,
                 std::map<std::string, int64_t>& symbols, Loc loc);
  bool split_reduction(Step& step, const Shape& space, std::span<const Tensor> bufs);
  // A reduction over short rows: 1 to run its kernel, 0 to run its ops unfused, -1 when its
  // size class is not timed yet (then `untimed` holds the class and its tuning cache key, for
  // race_short_rows).
  struct ShortRows {
    std::vector<int64_t> cls;
    std::string tkey;
  };
  int short_rows_choice(Step& step, const Shape& space, std::span<const Tensor> inputs,
                        ShortRows& untimed);
  // Times the kernel (`fused`) against the unfused ops and records the choice; true when the
  // kernel won. The unfused ops run last: when they win, their results are in place.
  // `inputs`: the group's inputs as env holds them; `bufs`: the launch's buffers (`copied`:
  // inputs among them were replaced by contiguous copies).
  bool race_short_rows(Step& step, const Shape& space, std::span<const Tensor> inputs,
                       const ShortRows& untimed, bool copied, std::span<const Tensor> bufs,
                       const std::function<void()>& fused, const std::function<void()>& unfused);
  bool run_epilogue(Step& step, std::vector<Tensor>& env, std::map<std::string, int64_t>& symbols,
                    const Allocate& allocate, Loc loc);

  // Return values a kernel may write into an input's memory: value -> input index.
  using Donations = std::map<const ir::Value*, size_t>;
  std::shared_ptr<const Donations> donations_for(std::span<const std::pair<size_t, size_t>> wb);
  std::mutex donations_mu_;
  std::map<std::vector<std::pair<size_t, size_t>>, std::shared_ptr<const Donations>> donations_;

  struct Arena;
  // `bound`: the run's values so far (inputs and constants), for the first signature's prefetch.
  std::shared_ptr<Arena> arena_for(const std::map<std::string, int64_t>& symbols,
                                   const std::vector<Tensor>& bound);

  ir::Graph graph_;
  passes::FusionPlan plan_;
  std::mutex arenas_mu_;
  std::map<std::string, std::shared_ptr<Arena>> arenas_;  // per shape signature
  uint64_t arena_clock_ = 0;                              // counts arena_for calls
  std::shared_ptr<Arena> last_arena_;
  void prefetch(const std::map<std::string, int64_t>& symbols, const std::vector<Tensor>& bound);
  std::vector<std::future<void>> prefetches_;  // kernels compiling in the background
  bool prefetched_ = false;                    // (the first shape signature only)
  std::vector<std::unique_ptr<Step>> steps_;
  std::vector<Tensor> constants_;  // by value id (undefined for non-constants)
};

// The process-wide cache of executables, keyed by the graph's structural hash (and checked
// against its canonical text): compiled functions that capture the same graph — the same
// function compiled twice, or two models of one architecture with different weights — share
// one executable, its kernels and its arenas.
std::shared_ptr<Executable> shared_executable(ir::Graph graph);

// The executable of one segment of a function that breaks (run lazily every call): kept by the
// segment's canonical text, so each segment compiles once and is a cache hit afterwards.
// At most kMaxSegments are kept (then the cache starts over).
inline constexpr size_t kMaxSegments = 512;
std::shared_ptr<Executable> segment_executable(const ir::Graph& graph);

// The passes a captured graph gets before fusion: decompose the composites with no fused form,
// fold, simplify, CSE, DCE.
std::vector<std::string> compile_pipeline();

}  // namespace kiln::frontend
