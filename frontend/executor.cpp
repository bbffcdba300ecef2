#include "frontend/executor.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <future>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "codegen/cpu/kernel_cache.h"
#include "frontend/dispatch.h"
#include "frontend/interpreter.h"
#include "ir/decompose_rules.h"
#include "ir/graph.h"
#include "kiln/compile.h"
#include "kiln/config.h"
#include "kiln/factories.h"
#include "passes/memory_plan.h"
#include "passes/pass.h"
#include "runtime/allocator.h"
#include "runtime/epilogue.h"
#include "runtime/log.h"
#include "runtime/parallel.h"
#include "runtime/small_buffer.h"
#include "runtime/strided.h"
#include "runtime/tensor_impl.h"
#include "runtime/tuning.h"

namespace kiln::frontend {

namespace {
// One step's times while profiling (kiln::profile_entries).
struct ProfileSlot {
  ProfileEntry what;  // calls and total_ms unused: the counters are below
  std::atomic<int64_t> ns = 0, calls = 0;
};
struct ProfileRegistry {
  std::mutex mu;
  std::vector<std::shared_ptr<ProfileSlot>> slots;
};
ProfileRegistry& profile_registry() {
  static auto* r = new ProfileRegistry;  // never destroyed: steps may outlive static exits
  return *r;
}
}  // namespace

struct Executable::Step {
  const passes::FusionGroup* group = nullptr;
  std::optional<codegen::LoopKernel> kernel;
  std::mutex mu;
  std::map<std::string, std::shared_ptr<const codegen::cpu::CompiledKernel>> variants;
  std::atomic<bool> failed = false;  // codegen failed once: the group runs eagerly from then on
  // The last launch, for replays whose buffers have the same shapes and strides: only the
  // pointers change, so the geometry and the kernel are reused as they are.
  struct Last {
    std::vector<int64_t> key;  // the space, then each buffer's rank, sizes and strides
    std::vector<int64_t> geometry;
    int64_t rows = 0, cost = 0;
    codegen::cpu::KernelFn fn = nullptr;
  };
  std::shared_ptr<const Last> last;
  // A reduction with fewer rows than threads, split along its rows (split_reduction()): the
  // split kernel and its launch, for the space it was made for.
  struct Split {
    Shape space;
    int64_t parts = 0, rows = 0, cost = 0;  // each row's reduction cut into `parts`
    std::vector<int64_t> geometry;
    codegen::cpu::KernelFn fn = nullptr;
    std::vector<ir::SOp> combine;  // per output: how its parts combine (ReduceSum: a mean's too)
    std::vector<bool> mean;        // per output: a mean (its parts are averaged)
  };
  std::shared_ptr<const Split> split;
  std::atomic<bool> no_split = false;  // its kernel's body does not split
  // Linalg groups, and reductions over short rows (short_rows_choice()): per size class,
  // whether the fused path beat the unfused one.
  std::map<std::vector<int64_t>, bool> fused_faster;
  // The last size class found in fused_faster and its choice (-1: none): a step runs at one
  // size class call after call, and comparing its key once is cheaper than the map's walk.
  std::vector<int64_t> last_class;
  int last_choice = -1;
  // The choice kept for size class `cls` (-1: none), and keeping one.
  int recall(const std::vector<int64_t>& cls) {
    std::lock_guard lock(mu);
    if (last_choice >= 0 && last_class == cls) return last_choice;
    auto it = fused_faster.find(cls);
    if (it == fused_faster.end()) return -1;
    last_class = cls;
    last_choice = it->second;
    return last_choice;
  }
  void keep(const std::vector<int64_t>& cls, bool fused) {
    std::lock_guard lock(mu);
    fused_faster[cls] = fused;
  }
  // The choice the tuning cache holds under `tkey` for class `cls` (-1: none), kept as the
  // class's choice when there is one.
  int recall_tuned(const std::vector<int64_t>& cls, const std::string& tkey) {
    int choice = tuning::choice(tkey);
    if (choice < 0 || choice > 1) return -1;
    keep(cls, choice);
    return choice;
  }
  std::shared_ptr<ProfileSlot> profile;  // made at the first profiled run
  int index = 0;                         // the group's index in the fusion plan
  ProfileSlot* profile_slot(const std::string& graph);
};

ProfileSlot* Executable::Step::profile_slot(const std::string& graph) {
  std::lock_guard lock(mu);
  if (profile) return profile.get();
  profile = std::make_shared<ProfileSlot>();
  const passes::FusionGroup& g = *group;
  profile->what.graph = graph;
  profile->what.group = index;
  profile->what.kind = g.kernel ? "kernel" : g.linalg ? "epilogue" : "eager";
  for (const ir::Node* n : g.nodes) {
    if (!profile->what.ops.empty()) profile->what.ops += '+';
    profile->what.ops += n->op->name;
  }
  if (!g.nodes.empty() && !g.nodes.back()->outputs.empty())
    profile->what.shape = g.nodes.back()->outputs[0]->type.str();
  ProfileRegistry& r = profile_registry();
  std::lock_guard rl(r.mu);
  r.slots.push_back(profile);
  return profile.get();
}

namespace {

// Whether compiled graphs give convolutions channels-last inputs (Config::channels_last).
bool channels_last_convs() {
  int c = config().channels_last;
  if (c >= 0) return c == 1;
  // oneDNN 2.6's NHWC-native float32 convolutions (brgconv) need AVX-512 (core: bw, vl, dq)
  static const bool native = __builtin_cpu_supports("avx512bw") &&
                             __builtin_cpu_supports("avx512vl") &&
                             __builtin_cpu_supports("avx512dq");
  return native;
}

// A tensor over the arena block's bytes from `base` (contiguous, or channels-last when `cl`),
// keeping the block alive. It has an owner of its own, as from_blob's tensors do (the weight
// caches tell buffers apart by owner: a slice of this call must not pass for one of the last),
// but none of from_blob's checks and copies: this runs for every intermediate of every call.
Tensor arena_slice(const Tensor& block, uint8_t* base, const Shape& shape, DType dtype, bool cl) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = std::shared_ptr<void>(base, [keep = block](void*) {});
  impl->storage_bytes = size_t(numel_of(shape)) * itemsize(dtype);
  impl->shape = shape;
  impl->strides = cl ? channels_last_strides(shape) : contiguous_strides(shape);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

// Whether t's bytes meet [base, base + bytes).
bool overlaps(const Tensor& t, const uint8_t* base, int64_t bytes) {
  if (t.numel() == 0) return false;
  int64_t lo = 0, hi = 0;
  for (int64_t d = 0; d < t.dim(); ++d) {
    int64_t span = (t.shape()[size_t(d)] - 1) * t.strides()[size_t(d)];
    (span < 0 ? lo : hi) += span;
  }
  auto* p = static_cast<const uint8_t*>(t.data_ptr());
  int64_t isz = int64_t(itemsize(t.dtype()));
  return p + lo * isz < base + bytes && base < p + (hi + 1) * isz;
}

void launch_key(const Shape& space, const std::vector<Tensor>& bufs, std::vector<int64_t>& key) {
  key.clear();
  key.insert(key.end(), space.begin(), space.end());
  for (const Tensor& t : bufs) {
    key.push_back(t.dim());
    key.insert(key.end(), t.shape().begin(), t.shape().end());
    key.insert(key.end(), t.strides().begin(), t.strides().end());
    // streaming stores need 64-byte aligned outputs (codegen::plan_launch)
    key.push_back(int64_t(reinterpret_cast<uintptr_t>(t.data_ptr()) % 64));
  }
}
}  // namespace

// The memory plan for one shape signature, and a pool of arenas of its size: each run in flight
// takes one (so concurrent runs never share intermediates) and gives it back at the end.
struct Executable::Arena {
  passes::MemoryPlan plan;
  std::vector<int64_t> where;  // each value's offset in the arena, by id (-1: not in it)
  // An arena block (a uint8 tensor of plan.arena_bytes), taken by one run at a time, with the
  // tensors its last run made for its values (arena_slice): the next run reuses one when
  // nothing else holds it (its TensorImpl, owner, shape and strides: four allocations per step
  // output), its version bumped so that caches keyed by version see new contents.
  struct Block {
    Tensor bytes;
    std::vector<std::pair<std::shared_ptr<TensorImpl>, bool>> slices;  // by value id
  };
  std::mutex mu;
  std::vector<Block> free;  // idle blocks
  uint64_t last_used = 0;   // Executable::arena_clock_ at the last run of this signature

  Block take() {
    std::lock_guard lock(mu);
    if (!free.empty()) {
      Block b = std::move(free.back());
      free.pop_back();
      return b;
    }
    return {empty({std::max<int64_t>(plan.arena_bytes, 1)}, DType::UInt8),
            std::vector<std::pair<std::shared_ptr<TensorImpl>, bool>>(where.size())};
  }
  void give_back(Block b) {
    std::lock_guard lock(mu);
    if (free.size() < 4) free.push_back(std::move(b));
  }
};

std::shared_ptr<Executable> shared_executable(ir::Graph graph) {
  struct Cache {
    std::mutex mu;
    std::map<uint64_t, std::vector<std::pair<std::string, std::weak_ptr<Executable>>>> by_hash;
  };
  static auto* cache = new Cache;  // never destroyed: executables may outlive static exits
  uint64_t h = ir::structural_hash(graph);
  std::string text = ir::print_kir(graph);
  text.erase(0, text.find('('));  // the graph's name does not matter
  text += config().short_rows;    // (decomposition reads it)
  {
    std::lock_guard lock(cache->mu);
    auto& bucket = cache->by_hash[h];
    std::erase_if(bucket, [](const auto& e) { return e.second.expired(); });
    for (const auto& [t, w] : bucket)
      if (t == text)
        if (auto e = w.lock()) return e;
  }
  auto e = std::make_shared<Executable>(std::move(graph));
  std::lock_guard lock(cache->mu);
  cache->by_hash[h].emplace_back(std::move(text), e);
  return e;
}

std::shared_ptr<Executable> segment_executable(const ir::Graph& graph) {
  struct Cache {
    std::mutex mu;
    std::unordered_map<std::string, std::shared_ptr<Executable>> by_text;
  };
  static auto* cache = new Cache;  // never destroyed: executables may outlive static exits
  std::string text = ir::print_kir(graph);
  {
    std::lock_guard lock(cache->mu);
    auto it = cache->by_text.find(text);
    if (it != cache->by_text.end()) return it->second;
  }
  auto e = std::make_shared<Executable>(std::move(ir::parse_kir(text)[0]));
  std::lock_guard lock(cache->mu);
  if (cache->by_text.size() >= kMaxSegments) cache->by_text.clear();
  cache->by_text.emplace(std::move(text), e);
  return e;
}

std::vector<std::string> compile_pipeline() {
  std::vector<std::string> p = {"functionalize", "decompose-unfused", "sink-views"};
  for (auto& s : passes::default_pipeline()) p.push_back(s);
  return p;
}

Executable::Executable(ir::Graph g, bool optimize) : graph_(std::move(g)) {
  if (optimize) passes::PassManager(compile_pipeline()).run(graph_);
  plan_ = passes::plan_fusion(graph_);
  constants_.resize(graph_.num_values());
  for (const auto& n : graph_.nodes())
    if (n->op->cls == ir::OpClass::Constant) {
      if (n->attrs.symbolic())
        throw Error(fmt::format("graph @{}: a {} op with symbolic sizes is not supported yet",
                                graph_.name(), n->op->name));
      constants_[n->outputs[0]->id] = frontend::run(*n->op, {}, n->attrs, Loc::current())[0];
    }
  for (const auto& fg : plan_.groups) {
    auto step = std::make_unique<Step>();
    step->group = &fg;
    step->index = int(steps_.size());
    if (fg.kernel) step->kernel = codegen::build_kernel(fg);
    steps_.push_back(std::move(step));
  }
}

Executable::~Executable() = default;

int Executable::kernels_failed() const {
  int n = 0;
  for (const auto& s : steps_) n += s->failed;
  return n;
}

static std::string describe_symbols(const std::map<std::string, int64_t>& symbols) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : symbols) parts.push_back(fmt::format("{} = {}", k, v));
  return fmt::format("{}", fmt::join(parts, ", "));
}

void Executable::run_eager(const passes::FusionGroup& g, std::vector<Tensor>& env,
                           std::map<std::string, int64_t>& symbols, Loc loc) {
  std::vector<Tensor> args;
  for (const ir::Node* n : g.nodes) {
    args.clear();
    for (const ir::Value* v : n->inputs) args.push_back(env[v->id]);
    if (n->op->prefers_channels_last && !args.empty() && args[0].dtype() == DType::Float32 &&
        channels_last_convs()) {
      args[0] = to_channels_last(args[0]);
      env[n->inputs[0]->id] = args[0];  // later readers reuse the copy
    }
    std::vector<Tensor> outs =
        n->attrs.symbolic()
            ? frontend::run(*n->op, args, resolve_sizes(n->attrs, symbols, graph_), loc)
            : frontend::run(*n->op, args, n->attrs, loc);
    for (size_t i = 0; i < outs.size(); ++i) {
      // A size derived from symbols (s0 = batch * heads after a reshape to [-1, seq, 64]) is
      // bound from the first result that has it, so later groups resolve their sizes. Every
      // other size must be what the graph declares: a shape-generic graph whose rules took a
      // size for a constant that is not one here is an error, never a kernel over wrong sizes.
      const ir::TensorType& type = n->outputs[i]->type;
      bool ok = outs[i].dim() == type.rank();
      for (size_t d = 0; ok && d < type.dims.size(); ++d) {
        int64_t got = outs[i].shape()[d];
        if (!type.dims[d].symbolic())
          ok = got == type.dims[d].size;
        else
          ok = symbols.emplace(type.dims[d].symbol, got).first->second == got;
      }
      if (!ok)
        throw Error(fmt::format("graph @{}: {} gave {} where the graph declares {} (with {})",
                                graph_.name(), n->op->name, describe(outs[i]), type.str(),
                                describe_symbols(symbols)),
                    loc);
      env[n->outputs[i]->id] = std::move(outs[i]);
    }
  }
}

// JIT-compiled code has no UBSan function-type prologue, so -fsanitize=function would read
// before the kernel's first byte (an unmapped page): calls to kernels are exempt.
#if defined(__clang__)
__attribute__((no_sanitize("function")))
#endif
static void
call_kernel(codegen::cpu::KernelFn fn, int64_t begin, int64_t end, void* const* ptrs,
            const int64_t* geo) {
  fn(begin, end, ptrs, geo);
}

static bool resolve(const std::vector<ir::Dim>& dims, const std::map<std::string, int64_t>& symbols,
                    Shape& out) {
  out.clear();
  for (const ir::Dim& d : dims) {
    if (!d.symbolic()) {
      out.push_back(d.size);
      continue;
    }
    auto it = symbols.find(d.symbol);
    if (it == symbols.end()) return false;
    out.push_back(it->second);
  }
  return true;
}

// A linalg op with its epilogue, through the op's epilogue kernel (a oneDNN primitive with
// post-ops). The first time a set of operand shapes is seen, the fused primitive and the
// unfused eager path are both run and timed, and the faster one is kept for those shapes:
// neither wins everywhere (a matrix-vector product is faster through sgemm; a 3x3
// convolution through the primitive). A linalg op without an epilogue comes here too (its
// output then takes its arena slice, and the call skips eager dispatch: MobileNetV2's seven
// projections without a residual).
bool Executable::run_epilogue(Step& step, std::vector<Tensor>& env,
                              std::map<std::string, int64_t>& symbols, const Allocate& allocate,
                              Loc loc) {
  const passes::FusionGroup& g = *step.group;
  const ir::Node& anchor = *g.nodes[0];
  const ir::Value* result = g.nodes.back()->outputs[0];
  // (per-thread, reused: this runs on every call of every step; read only before the kernel runs)
  thread_local Shape shape;
  if (!resolve(result->type.dims, symbols, shape)) return false;
  // The op's inputs, then the epilogue's operands, one after another: what the output's
  // allocation reads. Up to 8 without allocating (a convolution's x, w, b and a residual).
  size_t ni = anchor.inputs.size(), no = g.epilogue_operands.size();
  SmallBuffer<Tensor, 8> buffer(ni + no);
  Tensor* all = buffer.data();
  for (size_t i = 0; i < ni; ++i) all[i] = env[anchor.inputs[i]->id];
  for (size_t i = 0; i < no; ++i) all[ni + i] = env[g.epilogue_operands[i]->id];
  std::span<Tensor> inputs(all, ni), operands(all + ni, no);
  std::span<const Tensor> reads(all, ni + no);
  if (anchor.op->prefers_channels_last && inputs[0].dtype() == DType::Float32 &&
      channels_last_convs()) {
    inputs[0] = to_channels_last(inputs[0]);
    env[anchor.inputs[0]->id] = inputs[0];  // the unfused path and later readers reuse the copy
  }
  // The choice is kept per size class — sizes rounded up to powers of two, each tensor's dims
  // in stride order — not per exact shape: a layer run at batch sizes 1..64 measures 7 times,
  // not 64 (each measurement runs the group nine times, tuning::race's eight and the first;
  // B8's first pass took 46 s when every exact shape was measured).
  // (one buffer per thread, reused: this runs on every call of every step)
  thread_local std::vector<int64_t> key;
  key.clear();
  auto add = [&](const Shape& sizes, const Shape& strides) {
    key.push_back(int64_t(sizes.size()));
    for (int64_t d : sizes)
      key.push_back(int64_t(std::bit_ceil(uint64_t(std::max<int64_t>(d, 1)))));
    append_dims_by_stride(strides, key);
  };
  thread_local Shape no_strides;  // (the result's dims in their own order)
  no_strides.assign(shape.size(), 0);
  add(shape, no_strides);
  for (const Tensor& t : inputs) add(t.shape(), t.strides());
  for (const Tensor& t : operands) add(t.shape(), t.strides());
  int choice = step.recall(key);  // 1: fused primitive, 0: unfused
  // Past here only on a class's first calls: a copy of the key of its own (the per-thread
  // buffer could be reused by a nested run while the paths are timed)
  std::vector<int64_t> owned;
  if (choice < 0) owned = key;
  // Across processes the choice is kept in the tuning cache (runtime/tuning.h), under the op,
  // its attributes, the epilogue, the size class and the thread count.
  Key tkey;
  if (choice < 0 && !anchor.attrs.symbolic()) {
    tkey << "epilogue" << anchor.op->name << config().matmul_kernel << config().conv_kernel;
    for (const AttrValue& a : anchor.attrs.values) tkey << ir::attr_text(a);
    for (const Tensor& t : inputs) tkey << int64_t(t.dtype());
    for (const Tensor& t : operands) tkey << int64_t(t.dtype());
    for (const Epilogue& e : g.epilogue)
      tkey << int64_t(e.op) << e.alpha << e.beta << int64_t(e.operand);
    tkey << owned << int64_t(num_threads());
    choice = step.recall_tuned(owned, tkey.bytes);
  }
  if (choice == 0) return false;
  OpCall call{anchor.op->name, inputs, anchor.attrs, loc};
  Tensor out =
      allocate(result, anchor.op->keeps_channels_last && is_channels_last(inputs[0]), reads);
  bool ok = anchor.op->epilogue_kernel(call, g.epilogue, operands, out);
  if (choice == 1 && ok) {
    env[result->id] = out;
    return true;
  }
  if (!ok) return false;  // refused for these operands (a batch of 0...): not the class's choice
  bool fused_ok = ok;
  if (ok) {  // first time for these shapes: time both paths (tuning::race; first runs pay
             // for page faults, packing and choices inside the kernels)
    tuning::Quiet since = tuning::quiet();
    auto [fused_s, eager_s] =
        tuning::race([&] { return anchor.op->epilogue_kernel(call, g.epilogue, operands, out); },
                     [&] {
                       run_eager(g, env, symbols, loc);
                       return true;
                     });
    // A near tie (within 5%, this machine's noise between runs) goes to the fused primitive:
    // one pass over the output instead of two, and no dnnl_sgemm in the unfused float32
    // product, whose first call in a new process generates its kernels (22 ms). B4's QKV
    // projection measures 1.2-1.4 ms either way; when unfused won by 3%, B4's first call in a
    // warm process took ~32 ms instead of ~9.
    fused_ok = fused_s <= eager_s * 1.05;
    std::string what = fmt::format(
        "{} [{}] with a {}-step epilogue: fused {:.3f} ms, unfused {:.3f} ms", anchor.op->name,
        fmt::join(out.shape(), ", "), g.epilogue.size(), fused_s * 1e3, eager_s * 1e3);
    logging::get("fusion").debug("{}", what);
    if (fused_ok) env[result->id] = out;
    // (timed beside a kernel compiling: not kept, timed again on a later call)
    bool keep = tkey.bytes.empty() ? tuning::sound(since)
                                   : tuning::remember(tkey.bytes, fused_ok, what, since);
    if (!keep) return ok;
  }
  step.keep(owned, fused_ok);
  return ok;  // when ok, env holds a result either way
}

namespace {
// A reduction's size class: its space with the row's dims exact and the others rounded up to
// powers of two (a layer run at batch sizes 1..64 is timed 7 times, not 64), each input's dims
// in stride order, and the thread count.
void short_row_class(const Shape& space, int reduce_dims, std::span<const Tensor> inputs,
                     std::vector<int64_t>& cls) {
  cls.clear();
  for (size_t d = 0; d < space.size(); ++d)
    cls.push_back(d + size_t(reduce_dims) < space.size()
                      ? int64_t(std::bit_ceil(uint64_t(std::max<int64_t>(space[d], 1))))
                      : space[d]);
  for (const Tensor& t : inputs) {
    cls.push_back(t.dim());
    append_dims_by_stride(t.strides(), cls);
  }
  cls.push_back(num_threads());
}
}  // namespace

int Executable::short_rows_choice(Step& step, const Shape& space, std::span<const Tensor> inputs,
                                  ShortRows& untimed) {
  int64_t row = 1;
  for (size_t d = space.size() - size_t(step.group->reduce_dims); d < space.size(); ++d)
    row *= space[d];
  if (!ir::short_row(row)) return 1;
  thread_local std::vector<int64_t> cls;
  short_row_class(space, step.group->reduce_dims, inputs, cls);
  int choice = step.recall(cls);
  if (choice >= 0) return choice;
  // Across processes, by the kernel's text and the class.
  untimed.cls = cls;
  Key key;
  key << "short rows" << step.kernel->describe() << cls;
  untimed.tkey = std::move(key.bytes);
  return step.recall_tuned(untimed.cls, untimed.tkey);
}

bool Executable::race_short_rows(Step& step, const Shape& space, std::span<const Tensor> inputs,
                                 const ShortRows& untimed, bool copied,
                                 std::span<const Tensor> bufs, const std::function<void()>& fused,
                                 const std::function<void()>& unfused) {
  // Not timed (the kernel runs, for this process): a launch on copies of its inputs (the copy
  // is not part of what runs again), or one whose outputs lie over its inputs (timing runs the
  // kernel several times, and the unfused ops would read what it wrote).
  const codegen::LoopKernel& k = *step.kernel;
  bool aliased = false;
  for (size_t o = 0; o < bufs.size(); ++o) {
    if (!k.buffers[o].output) continue;
    auto* base = static_cast<const uint8_t*>(bufs[o].data_ptr());
    int64_t bytes = bufs[o].numel() * int64_t(itemsize(bufs[o].dtype()));
    for (const Tensor& t : inputs) aliased = aliased || overlaps(t, base, bytes);
  }
  if (copied || aliased) {
    step.keep(untimed.cls, true);
    return true;
  }
  tuning::Quiet since = tuning::quiet();
  auto [fused_s, unfused_s] = tuning::race(
      [&] {
        fused();
        return true;
      },
      [&] {
        unfused();
        return true;
      });
  bool fused_ok = fused_s <= unfused_s * 1.05;  // a near tie: one kernel, no intermediates
  std::string what =
      fmt::format("{}: short rows over [{}]: fused {:.3f} ms, unfused {:.3f} ms", graph_.name(),
                  fmt::join(space, ", "), fused_s * 1e3, unfused_s * 1e3);
  logging::get("fusion").debug("{}", what);
  if (tuning::remember(untimed.tkey, fused_ok, what, since)) step.keep(untimed.cls, fused_ok);
  return fused_ok;
}

passes::MemoryPlan Executable::plan_memory_for(
    const std::map<std::string, int64_t>& symbols) const {
  std::map<const ir::Value*, int64_t> bytes;
  for (const auto& fg : plan_.groups) {
    if (!fg.kernel && !fg.linalg) continue;
    for (const ir::Value* v : fg.outputs) {
      Shape s;
      if (!resolve(v->type.dims, symbols, s)) continue;
      bytes[v] = numel_of(s) * int64_t(itemsize(v->type.dtype));
    }
  }
  return passes::plan_group_memory(graph_, plan_, bytes);
}

std::shared_ptr<Executable::Arena> Executable::arena_for(
    const std::map<std::string, int64_t>& symbols, const std::vector<Tensor>& bound) {
  std::string key;
  for (const auto& [k, v] : symbols) key += fmt::format("{}={},", k, v);
  std::lock_guard lock(arenas_mu_);
  auto& a = arenas_[key];
  bool fresh = !a;
  if (fresh) a = std::make_shared<Arena>();
  a->last_used = ++arena_clock_;
  bool will_allocate = true;
  {
    std::lock_guard arena_lock(a->mu);
    will_allocate = a->free.empty() && (fresh || a->plan.arena_bytes > 0);
  }
  // A model run at many shapes (a dynamic batch) would keep idle arenas for every shape it
  // has seen (B8: 1.5 GB after 40 batch sizes): when a run is about to allocate one, only the
  // most recently used signatures keep theirs; the others keep their plan and allocate again
  // if they come back.
  constexpr size_t kKeepIdle = 8;
  if (will_allocate && arenas_.size() > kKeepIdle) {
    std::vector<Arena*> by_use;
    for (auto& [k, other] : arenas_) by_use.push_back(other.get());
    std::sort(by_use.begin(), by_use.end(),
              [](const Arena* x, const Arena* y) { return x->last_used > y->last_used; });
    for (size_t i = kKeepIdle; i < by_use.size(); ++i) {
      std::lock_guard arena_lock(by_use[i]->mu);
      by_use[i]->free.clear();
    }
  }
  if (!fresh) return a;
  a->plan = plan_memory_for(symbols);
  a->where.assign(graph_.num_values(), -1);
  for (const auto& b : a->plan.buffers) a->where[b.value->id] = b.offset;
  last_arena_ = a;
  prefetch(symbols, bound);
  return a;
}

// A new shape signature: start compiling every kernel of the graph now, on other threads, for
// the launch variant it will have, so the kernels compile in parallel while the first run
// proceeds. The run's own request for a kernel waits on the compile in flight (the kernel cache
// compiles each key once). A kernel's variant follows its buffers' strides, so the prefetch
// follows the layouts the run will make (layouts()); a kernel reading a value whose layout it
// cannot tell (a reshape that copies, a possibly channels-last result) compiles when the run
// reaches it, rather than twice (a guess, then the variant the run needs). Only the first
// signature prefetches.
void wait_in_flight();
namespace {
// Background compiles still running when the program exits are waited for (before static
// destruction tears down what they use: LLVM's and kiln's globals).
struct InFlight {
  std::mutex mu;
  std::condition_variable idle;
  int count = 0;
};
InFlight& in_flight() {
  static InFlight* f = [] {
    auto* p = new InFlight;  // never destroyed
    std::atexit(wait_in_flight);
    return p;
  }();
  return *f;
}
}  // namespace

void wait_in_flight() {
  InFlight& f = in_flight();
  std::unique_lock lock(f.mu);
  f.idle.wait(lock, [&] { return f.count == 0; });
}

// Storage-less stand-ins with the strides each value will have in a run over `symbols`
// (undefined where that is not known before the run): the run's inputs and constants as they
// are; a view's by the view itself (on the stand-in: views only compute strides), unless it
// would copy; a 4-D result of an op that keeps channels-last unknown; any other result
// contiguous (kernels' and products' results, eager ops' new tensors).
std::vector<Tensor> Executable::layouts(const std::map<std::string, int64_t>& symbols,
                                        const std::vector<Tensor>& bound) const {
  std::vector<Tensor> out(graph_.num_values());
  for (size_t i = 0; i < out.size() && i < bound.size(); ++i)
    if (bound[i].defined()) {
      out[i] = meta_tensor(bound[i].shape(), bound[i].dtype());
      out[i].impl()->strides = bound[i].strides();
    }
  auto size_of = [&](const std::string& sym) {
    auto it = symbols.find(sym);
    if (it == symbols.end()) throw Error("unknown symbol " + sym);
    return it->second;
  };
  for (const auto& n : graph_.nodes())
    for (const ir::Value* v : n->outputs) {
      if (out[size_t(v->id)].defined()) continue;
      Shape s;
      if (!resolve(v->type.dims, symbols, s)) continue;
      if (!n->op->view) {
        if (!(n->op->keeps_channels_last && s.size() == 4))
          out[size_t(v->id)] = meta_tensor(s, v->type.dtype);
        continue;
      }
      std::vector<Tensor> in;
      for (const ir::Value* a : n->inputs) in.push_back(out[size_t(a->id)]);
      if (in.empty() || !in[0].defined()) continue;
      // a reshape or flatten of a non-contiguous tensor may copy: the copy is contiguous
      if ((n->op->name == "reshape" || n->op->name == "flatten") && !in[0].is_contiguous())
        continue;
      try {
        Attrs attrs = ir::resolve_sizes(n->attrs, size_of);
        Tensor t = n->op->view(OpCall{n->op->name, in, attrs, Loc::current()});
        if (t.shape() == s) out[size_t(v->id)] = t;
      } catch (const Error&) {  // the run reports it
      }
    }
  return out;
}

void Executable::prefetch(const std::map<std::string, int64_t>& symbols,
                          const std::vector<Tensor>& bound) {
  if (prefetched_ || !config().codegen) return;
  prefetched_ = true;
  std::vector<Tensor> layout = layouts(symbols, bound);
  struct Job {
    codegen::LoopKernel kernel;
    codegen::Variant variant;
  };
  auto jobs = std::make_shared<std::vector<Job>>();
  for (const auto& step : steps_) {
    if (!step->kernel) continue;
    const passes::FusionGroup& g = *step->group;
    Shape space;
    if (!resolve(g.space, symbols, space) || numel_of(space) == 0) continue;
    std::vector<Tensor> metas;
    bool ok = true;
    for (size_t b = 0; ok && b < step->kernel->values.size(); ++b) {
      const ir::Value* v = step->kernel->values[b];
      if (step->kernel->buffers[b].output) {
        Shape s;
        ok = resolve(v->type.dims, symbols, s);
        if (ok) metas.push_back(meta_tensor(s, v->type.dtype));
      } else {
        ok = layout[size_t(v->id)].defined();
        if (ok) metas.push_back(layout[size_t(v->id)]);
      }
    }
    if (!ok) continue;
    // A pointwise result takes the layout of its first input of the space's shape (run()).
    for (size_t b = 0; !g.reduce_dims && b < metas.size(); ++b)
      if (!step->kernel->buffers[b].output && metas[b].shape() == space) {
        if (is_channels_last(metas[b]))
          for (size_t o = 0; o < metas.size(); ++o)
            if (step->kernel->buffers[o].output)
              metas[o].impl()->strides = channels_last_strides(metas[o].shape());
        break;
      }
    codegen::Launch launch = codegen::plan_launch(*step->kernel, space, metas, false);
    if (launch.needs_copy >= 0) continue;
    jobs->push_back({*step->kernel, launch.variant});
  }
  // As many compiling threads as cores, taking the kernels in the order the run needs them (one
  // thread per kernel ran 35 LLVM compiles at once on 2 cores, the run's first kernel among
  // them). A kernel the run reaches before a thread does, the run compiles itself; the kernel
  // cache compiles each key once.
  size_t threads =
      std::min<size_t>(jobs->size(), std::max(1u, std::thread::hardware_concurrency()));
  auto next = std::make_shared<std::atomic<size_t>>(0);
  // One count per thread started, dropped when its work ends however it ends (a count left
  // behind would hang the wait at exit).
  struct Release {
    ~Release() {
      InFlight& f = in_flight();
      std::lock_guard lock(f.mu);
      if (--f.count == 0) f.idle.notify_all();
    }
  };
  for (size_t t = 0; t < threads; ++t) {
    {
      std::lock_guard lock(in_flight().mu);
      ++in_flight().count;
    }
    try {
      prefetches_.push_back(std::async(std::launch::async, [jobs, next] {
        Release release;
        for (size_t i; (i = next->fetch_add(1)) < jobs->size();) {
          try {
            codegen::cpu::get_kernel((*jobs)[i].kernel, (*jobs)[i].variant, true);
          } catch (...) {  // the run meets it again (and reports it) when it needs the kernel
          }
        }
      }));
    } catch (const std::system_error&) {  // no thread to be had: the run compiles them itself
      Release never_ran;
      break;
    }
  }
}

std::pair<int, int64_t> Executable::idle_arenas() {
  std::lock_guard lock(arenas_mu_);
  int sigs = 0;
  int64_t bytes = 0;
  for (auto& [k, a] : arenas_) {
    std::lock_guard arena_lock(a->mu);
    sigs += a->free.empty() ? 0 : 1;
    for (const Arena::Block& b : a->free) bytes += b.bytes.numel();
  }
  return {sigs, bytes};
}

std::string Executable::memory_report() {
  std::lock_guard lock(arenas_mu_);
  return last_arena_ ? last_arena_->plan.report() : "";
}

std::shared_ptr<const Executable::Donations> Executable::donations_for(
    std::span<const std::pair<size_t, size_t>> wb) {
  std::vector<std::pair<size_t, size_t>> key(wb.begin(), wb.end());
  std::lock_guard lock(donations_mu_);
  if (auto it = donations_.find(key); it != donations_.end()) return it->second;
  auto d = std::make_shared<Donations>();
  std::map<const ir::Node*, size_t> pos;  // each node's group, in run order
  for (size_t gi = 0; gi < plan_.groups.size(); ++gi)
    for (const ir::Node* n : plan_.groups[gi].nodes) pos[n] = gi;
  const auto& rets = graph_.returns();
  std::set<size_t> taken;
  for (auto [p, r] : wb) {
    if (p >= graph_.params().size() || r >= rets.size() || taken.count(p)) continue;
    const ir::Value* in = graph_.params()[p];
    const ir::Value* v = rets[r];
    if (!v->producer || !pos.count(v->producer) || d->count(v)) continue;
    size_t gv = pos.at(v->producer);
    const passes::FusionGroup& g = plan_.groups[gv];
    // A pointwise kernel over exactly this shape: element i of the input is read (if at all)
    // by the iteration that writes element i of v.
    if (!g.kernel || g.reduce_dims || g.space != v->type.dims || in->type.dims != v->type.dims ||
        in->type.dtype != v->type.dtype)
      continue;
    if (std::count(rets.begin(), rets.end(), v) != 1 || std::count(rets.begin(), rets.end(), in))
      continue;
    // Every reader of the input, or of a view of it, runs before v's kernel (or in it, reading
    // the input itself).
    std::set<const ir::Value*> aliases{in};
    bool safe = true;
    for (const auto& n : graph_.nodes()) {
      bool reads = false;
      for (const ir::Value* a : n->inputs) reads |= aliases.count(a) > 0;
      if (!reads) continue;
      if (n->op->cls == ir::OpClass::View) aliases.insert(n->outputs[0]);
      auto it = pos.find(n.get());
      if (it == pos.end() || it->second > gv) safe = false;
      if (it != pos.end() && it->second == gv)
        for (const ir::Value* a : n->inputs)
          if (a != in && aliases.count(a)) safe = false;
    }
    if (!safe) continue;
    (*d)[v] = p;
    taken.insert(p);
  }
  donations_.emplace(std::move(key), d);
  return d;
}

namespace {
// How each output of a reduction kernel combines from parts of its rows: the stored value is a
// reduction of values that depend on no other reduction (one pass), optionally times the
// per-launch 1 / n (a mean). Empty when some output is not such a value.
bool split_plan(const codegen::LoopKernel& k, std::vector<ir::SOp>& combine,
                std::vector<bool>& mean) {
  const auto& body = k.body;
  std::function<bool(int)> reduces = [&](int i) {  // an instruction depends on a reduction
    if (i < 0) return false;
    const ir::SInst& in = body[size_t(i)];
    return ir::is_reduce(in.op) || reduces(in.a) || reduces(in.b) || reduces(in.c);
  };
  for (const ir::SInst& in : body) {
    if (in.op != ir::SOp::Store) continue;
    // (a cast between the reduction and the store would apply to each part, not the total:
    // sum(x).to(int64), float32 prod's float64 accumulator; those do not split)
    int v = in.a;
    if (v < 0 || body[size_t(v)].op == ir::SOp::Cast) return false;
    const ir::SInst* r = &body[size_t(v)];
    bool is_mean = false;
    if (r->op == ir::SOp::Mul) {
      int a = r->a, b = r->b;
      if (a >= 0 && body[size_t(a)].op == ir::SOp::Param) std::swap(a, b);
      if (a < 0 || b < 0 || body[size_t(b)].op != ir::SOp::Param) return false;
      r = &body[size_t(a)];
      is_mean = r->op == ir::SOp::ReduceSum;
      if (!is_mean) return false;
    }
    if (!ir::is_reduce(r->op) || reduces(r->a)) return false;
    combine.push_back(r->op);
    mean.push_back(is_mean);
  }
  return !combine.empty();
}

// parts[row * n + p] -> out[row], combined as `op` (NaN-propagating max and min; a mean's
// equal-sized parts averaged).
template <class T>
void combine_parts(const T* parts, T* out, int64_t rows, int64_t n, ir::SOp op, bool mean) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* p = parts + r * n;
    if constexpr (std::is_floating_point_v<T>) {
      double acc = p[0];
      for (int64_t i = 1; i < n; ++i) {
        double v = p[i];
        if (op == ir::SOp::ReduceSum)
          acc += v;
        else if (op == ir::SOp::ReduceProd)
          acc *= v;
        else if (v != v || acc != acc)
          acc = v != v ? v : acc;  // NaN wins
        else
          acc = op == ir::SOp::ReduceMax ? std::max(acc, v) : std::min(acc, v);
      }
      out[r] = T(mean ? acc / double(n) : acc);
    } else {  // integers wrap, as the kernel's adds and multiplies do
      using U = std::make_unsigned_t<T>;
      T acc = p[0];
      for (int64_t i = 1; i < n; ++i) {
        if (op == ir::SOp::ReduceSum)
          acc = T(U(acc) + U(p[i]));
        else if (op == ir::SOp::ReduceProd)
          acc = T(U(acc) * U(p[i]));
        else
          acc = op == ir::SOp::ReduceMax ? std::max(acc, p[i]) : std::min(acc, p[i]);
      }
      out[r] = acc;
    }
  }
}
}  // namespace

// A reduction kernel whose rows are fewer than the threads (a whole-tensor sum, mean or
// amax, a loss) ran on one core, and a few rows the threads cannot share evenly left some
// idle: each row is cut into parts that threads reduce as rows of
// their own (the same body as a kernel over [rows * parts, n / parts], into partial results),
// then the parts are combined. Only one-pass reductions whose outputs are the reductions
// themselves split (a mean's parts, of equal size, average); inputs must be contiguous over
// the space or a single broadcast value. Returns false where it does not apply.
bool Executable::split_reduction(Step& step, const Shape& space, std::span<const Tensor> bufs) {
  const codegen::LoopKernel& k = *step.kernel;
  int threads = num_threads();
  if (threads <= 1 || step.no_split || k.reduce_dims == 0) return false;
  int64_t n = 1, rows = 1;
  for (size_t d = 0; d < space.size(); ++d)
    (d + size_t(k.reduce_dims) >= space.size() ? n : rows) *= space[d];
  // (a few rows that the threads cannot share evenly split too: 3 rows at 2 threads ran 2 + 1)
  if ((rows >= threads && (rows % threads == 0 || rows >= 4 * threads)) || n < (int64_t(1) << 16))
    return false;
  for (size_t b = 0; b < bufs.size(); ++b) {
    const Tensor& t = bufs[b];
    bool full = t.shape() == space || (k.buffers[b].output && t.numel() == rows);
    if (!t.is_contiguous() || !(full || (!k.buffers[b].output && t.numel() == 1))) return false;
    if (k.buffers[b].output && t.dtype() != DType::Float32 && t.dtype() != DType::Float64 &&
        t.dtype() != DType::Int64)
      return false;
  }
  std::shared_ptr<const Step::Split> sp;
  {
    std::lock_guard lock(step.mu);
    sp = step.split;
  }
  if (!sp || sp->space != space) {
    auto fresh = std::make_shared<Step::Split>();
    if (!split_plan(k, fresh->combine, fresh->mean)) {
      step.no_split = true;
      return false;
    }
    // parts: a divisor of n, 4 to 8 a thread where n allows, each at least 4096 elements
    for (int64_t p = int64_t(threads) * 8; p >= threads; --p)
      if (n % p == 0 && n / p >= 4096 && (rows * p) % threads == 0) {
        fresh->parts = p;
        break;
      }
    if (!fresh->parts) return false;
    codegen::LoopKernel vk = k;
    vk.reduce_dims = 1;
    for (auto& b : vk.buffers)
      if (b.output) b.prefix = true;
    int64_t m = n / fresh->parts;
    fresh->rows = rows * fresh->parts;
    std::vector<Tensor> metas;
    for (size_t b = 0; b < bufs.size(); ++b)
      metas.push_back(meta_tensor(k.buffers[b].output    ? Shape{fresh->rows}
                                  : bufs[b].numel() == 1 ? Shape{1, 1}
                                                         : Shape{fresh->rows, m},
                                  bufs[b].dtype()));
    codegen::Launch launch = codegen::plan_launch(vk, {fresh->rows, m}, metas, false);
    if (launch.needs_copy >= 0) return false;
    try {
      fresh->fn = codegen::cpu::get_kernel(vk, launch.variant)->fn;
    } catch (const Error& e) {
      logging::get("fusion").warn("{}: split reduction kernel failed, not splitting: {}",
                                  graph_.name(), e.message());
      step.no_split = true;
      return false;
    }
    logging::get("fusion").debug("{}: group {} reduces {} row(s) of {} in {} parts each",
                                 graph_.name(), step.index, rows, n, fresh->parts);
    fresh->space = space;
    fresh->geometry = launch.geometry;
    fresh->cost = launch.row_elements * std::max<int64_t>(1, int64_t(k.body.size()) / 4);
    sp = fresh;
    std::lock_guard lock(step.mu);
    step.split = fresh;
  }
  // Partial results, then the kernel over the parts, then each output from its parts.
  std::vector<Tensor> parts;
  std::vector<void*> ptrs;
  for (size_t b = 0; b < bufs.size(); ++b)
    if (k.buffers[b].output) {
      parts.push_back(empty({sp->rows}, bufs[b].dtype()));
      ptrs.push_back(parts.back().data_ptr());
    } else {
      ptrs.push_back(bufs[b].data_ptr());
    }
  auto* kfn = sp->fn;
  const int64_t* geo = sp->geometry.data();
  void* const* p = ptrs.data();
  parallel_for(sp->rows, sp->cost, [&](int64_t b, int64_t e) { call_kernel(kfn, b, e, p, geo); });
  size_t o = 0;
  for (size_t b = 0; b < bufs.size(); ++b) {
    if (!k.buffers[b].output) continue;
    const Tensor& part = parts[o];
    visit_dtype(bufs[b].dtype(), [&]<class T>() {
      if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double> ||
                    std::is_same_v<T, int64_t>)
        combine_parts(part.data<T>(), bufs[b].data<T>(), rows, sp->parts, sp->combine[o],
                      sp->mean[o]);
    });
    ++o;
  }
  return true;
}

std::vector<Tensor> Executable::run(std::span<const Tensor> inputs, Loc loc,
                                    std::span<const std::pair<size_t, size_t>> write_backs) {
  AbsBoundScope bounds;  // kernels may record bounds on values (cleared on the results below)
  std::map<std::string, int64_t> symbols;
  std::vector<Tensor> env = bind_inputs(graph_, inputs, loc, symbols);
  for (size_t i = 0; i < constants_.size(); ++i)
    if (constants_[i].defined()) env[i] = constants_[i];
  bool codegen_on = config().codegen;
  // Intermediates of kernel and matmul groups live in this signature's arena.
  std::shared_ptr<Arena> arena = codegen_on ? arena_for(symbols, env) : nullptr;
  Arena::Block block = arena && arena->plan.arena_bytes ? arena->take() : Arena::Block{};
  std::shared_ptr<const Donations> donated =
      codegen_on && !write_backs.empty() ? donations_for(write_backs) : nullptr;
  // A result's buffer: a donated input, its arena slice, or new memory; channels-last when
  // `want_cl` (it follows a channels-last input) and the arena allows it. The memory planner
  // may give a result a dying input's bytes in place, element for element: the result then takes
  // that input's layout, and where a channels-last input lies under the slice in any other way
  // the result gets memory of its own.
  auto allocate = [&](const ir::Value* v, bool want_cl, std::span<const Tensor> reads) -> Tensor {
    if (donated)
      if (auto it = donated->find(v); it != donated->end()) {
        const Tensor& t = inputs[it->second];
        bool alone = t.is_contiguous();
        for (size_t i = 0; alone && i < inputs.size(); ++i)
          alone = i == it->second || !inputs[i].shares_storage(t);
        if (alone) {  // written now without a version bump: a bound recorded on it is stale
          set_abs_bound(t, __builtin_nanf(""));
          return t;
        }
      }
    thread_local Shape s;  // (reused: copied into the tensor made from it)
    if (!resolve(v->type.dims, symbols, s)) return Tensor();
    want_cl = want_cl && s.size() == 4;
    if (block.bytes.defined())
      if (int64_t at = arena->where[v->id]; at >= 0) {
        auto* base = static_cast<uint8_t*>(block.bytes.data_ptr()) + at;
        int64_t bytes = numel_of(s) * int64_t(itemsize(v->type.dtype));
        bool donor_cl = false, other_cl = false, overlap = false;
        for (const Tensor& t : reads) {
          if (!t.defined() || !overlaps(t, base, bytes)) continue;
          overlap = true;
          bool cl = is_channels_last(t);
          if (cl && t.data_ptr() == base && t.shape() == s && t.dtype() == v->type.dtype)
            donor_cl = true;
          else
            other_cl = other_cl || cl;
        }
        if (!other_cl) {
          bool cl = donor_cl || (want_cl && !overlap);
          auto& [last, last_cl] = block.slices[size_t(v->id)];
          if (last && last.use_count() == 1 && last_cl == cl && last->storage.get() == base &&
              last->dtype == v->type.dtype && last->shape == s && !last->lazy && !last->autograd &&
              !last->requires_grad && !last->version_base && last->live_views.load() == 0) {
            last->own_version.fetch_add(1, std::memory_order_relaxed);
            return Tensor(last);
          }
          Tensor t = arena_slice(block.bytes, base, s, v->type.dtype, cl);
          last = t.impl()->shared_from_this();
          last_cl = cl;
          return t;
        }
      }
    return want_cl ? empty_channels_last(s, v->type.dtype) : empty(s, v->type.dtype, loc);
  };
  struct GiveBack {
    std::shared_ptr<Arena> arena;
    Arena::Block block;
    ~GiveBack() {
      if (block.bytes.defined()) arena->give_back(std::move(block));
    }
  };
  std::vector<Tensor> bufs, reads;
  // While profiling, each step adds its time to its slot as it ends.
  struct StepTimer {
    ProfileSlot* slot;
    std::chrono::steady_clock::time_point t0;
    ~StepTimer() {
      if (!slot) return;
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now() - t0)
                    .count();
      slot->ns += ns;
      slot->calls += 1;
    }
  };
  const bool profiling = config().profile;
  // (made once: a std::function made from `allocate` at each run_epilogue call allocated its
  // captures every step)
  const Allocate allocate_fn = allocate;
  for (const auto& step : steps_) {
    const passes::FusionGroup& g = *step->group;
    StepTimer timer{
        profiling ? step->profile_slot(graph_.name()) : nullptr,
        profiling ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point()};
    if (g.linalg && codegen_on && !step->failed &&
        run_epilogue(*step, env, symbols, allocate_fn, loc))
      continue;
    Shape space;
    if (!codegen_on || !step->kernel || step->failed || !resolve(g.space, symbols, space) ||
        numel_of(space) == 0) {
      run_eager(g, env, symbols, loc);
      continue;
    }
    const codegen::LoopKernel& k = *step->kernel;
    bufs.clear();
    reads.clear();
    for (size_t b = 0; b < k.buffers.size(); ++b)
      if (!k.buffers[b].output) reads.push_back(env[k.values[b]->id]);
    // A reduction over short rows runs as its size class's race chose (-1: not yet timed).
    int short_choice = 1;
    ShortRows untimed;
    if (g.reduce_dims) {
      short_choice = short_rows_choice(*step, space, reads, untimed);
      if (short_choice == 0) {
        run_eager(g, env, symbols, loc);
        continue;
      }
    }
    bool ok = true;
    for (size_t b = 0; b < k.buffers.size(); ++b) {
      const ir::Value* v = k.values[b];
      if (!k.buffers[b].output) {
        bufs.push_back(env[v->id]);
        continue;
      }
      // A pointwise result takes the layout of its first input of the same shape.
      bool want_cl = false;
      if (!g.reduce_dims)
        for (const Tensor& t : reads)
          if (t.shape() == space) {
            want_cl = is_channels_last(t);
            break;
          }
      bufs.push_back(allocate(v, want_cl, reads));
      if (!bufs.back().defined()) {
        ok = false;
        break;
      }
    }
    if (!ok) {
      run_eager(g, env, symbols, loc);
      continue;
    }
    if (g.reduce_dims && split_reduction(*step, space, bufs)) {
      for (size_t b = 0; b < k.buffers.size(); ++b)
        if (k.buffers[b].output) env[k.values[b]->id] = bufs[b];
      continue;
    }
    thread_local std::vector<int64_t> key;
    thread_local std::vector<void*> replay_ptrs;
    launch_key(space, bufs, key);
    std::shared_ptr<const Step::Last> last;
    {
      std::lock_guard lock(step->mu);
      last = step->last;
    }
    if (last && last->key == key && short_choice > 0) {  // a replay: same geometry, new pointers
      replay_ptrs.clear();
      for (const Tensor& t : bufs) replay_ptrs.push_back(t.data_ptr());
      auto* kfn = last->fn;
      void* const* p = replay_ptrs.data();
      const int64_t* geo = last->geometry.data();
      parallel_for(last->rows, last->cost,
                   [&](int64_t b, int64_t e) { call_kernel(kfn, b, e, p, geo); });
      for (size_t b = 0; b < k.buffers.size(); ++b)
        if (k.buffers[b].output) env[k.values[b]->id] = bufs[b];
      continue;
    }
    codegen::Launch launch = codegen::plan_launch(k, space, bufs);
    bool copied = launch.needs_copy >= 0;
    for (size_t tries = 0; launch.needs_copy >= 0 && tries < bufs.size(); ++tries) {
      // An input broadcast inside the reduced dims: materialise it over the whole space
      // (inputs line up with the space's trailing dims, as broadcasting does).
      Tensor& t = bufs[size_t(launch.needs_copy)];
      t = t.expand(space).contiguous();
      launch = codegen::plan_launch(k, space, bufs);
    }
    if (launch.needs_copy >= 0) {  // strides no copy can fix: run the group op by op
      const Tensor& t = bufs[size_t(launch.needs_copy)];
      logging::get("fusion").debug(
          "{}: buffer {} ({} strides {}) cannot be indexed over {} by the kernel; unfused",
          graph_.name(), launch.needs_copy, describe(t), shape_str(t.strides()), shape_str(space));
      run_eager(g, env, symbols, loc);
      continue;
    }
    std::shared_ptr<const codegen::cpu::CompiledKernel> fn;
    {
      std::string key = launch.variant.key();
      std::lock_guard lock(step->mu);
      auto it = step->variants.find(key);
      if (it != step->variants.end()) fn = it->second;
    }
    if (!fn) {
      try {
        // While another thread compiles or loads the kernel (a first call's prefetch), the
        // pages of its results are mapped: fresh memory's first-touch faults overlap the wait.
        fn = codegen::cpu::get_kernel(k, launch.variant, false, [&](const auto& ready) {
          for (size_t b = 0; b < k.buffers.size(); ++b)
            if (k.buffers[b].output && bufs[b].is_contiguous())
              alloc::populate(bufs[b].data_ptr(),
                              size_t(bufs[b].numel()) * itemsize(bufs[b].dtype()), ready);
        });
        std::lock_guard lock(step->mu);
        step->variants.emplace(launch.variant.key(), fn);
      } catch (const Error& e) {
        logging::get("fusion").warn("{}: kernel generation failed, running the group eagerly: {}",
                                    graph_.name(), e.message());
        step->failed = true;
        run_eager(g, env, symbols, loc);
        continue;
      }
    }
    int64_t cost = launch.row_elements * std::max<int64_t>(1, int64_t(k.body.size()) / 4);
    auto* kfn = fn->fn;
    void* const* ptrs = launch.pointers.data();
    const int64_t* geo = launch.geometry.data();
    auto run_kernel = [&] {
      parallel_for(launch.rows, cost,
                   [&](int64_t b, int64_t e) { call_kernel(kfn, b, e, ptrs, geo); });
    };
    if (short_choice < 0) {
      std::vector<int64_t> own = key;  // (a nested run may reuse the thread's key buffer)
      bool fused = race_short_rows(*step, space, reads, untimed, copied, bufs, run_kernel,
                                   [&] { run_eager(g, env, symbols, loc); });
      if (!fused) continue;  // the unfused ops won; they ran last, and env holds their results
      key = std::move(own);
    }
    if (!copied) {
      auto fresh = std::make_shared<Step::Last>();
      fresh->key = key;
      fresh->geometry = launch.geometry;
      fresh->rows = launch.rows;
      fresh->cost = cost;
      fresh->fn = fn->fn;
      std::lock_guard lock(step->mu);
      step->last = std::move(fresh);
    }
    run_kernel();
    for (size_t b = 0; b < k.buffers.size(); ++b)
      if (k.buffers[b].output) env[k.values[b]->id] = bufs[b];
  }
  // Channels-last is the executor's choice inside the graph: results come back in the layout
  // eager gives them — a channels-last result, or a view of one, is made contiguous (with a
  // channels-last input, eager's layouts follow it and nothing changes). A returned view of a
  // converted value then no longer shares memory with it (noted in docs/CODEGEN.md).
  bool cl_input = std::any_of(inputs.begin(), inputs.end(),
                              [](const Tensor& t) { return is_channels_last(t); });
  std::vector<Tensor> results;
  for (const ir::Value* v : graph_.returns()) {
    results.push_back(env[v->id]);
    if (cl_input || !v->producer) continue;
    const ir::Value* base = v;  // through views to the value that owns the memory
    while (base->producer && base->producer->op->cls == ir::OpClass::View &&
           !base->producer->inputs.empty())
      base = base->producer->inputs[0];
    if (is_channels_last(env[base->id]) && !results.back().is_contiguous())
      results.back() = results.back().contiguous();
  }
  // A bound a kernel recorded on a value (abs_bound) serves the rest of this run only: a caller
  // may write a result through a raw pointer, which bumps no version.
  for (const Tensor& t : results) set_abs_bound(t, __builtin_nanf(""));
  env.clear();
  bufs.clear();
  reads.clear();  // (a slice still held here could not be reused by the block's next run)
  {
    GiveBack give_back{arena, std::move(block)};
  }  // the arena block goes back now
  return results;
}

}  // namespace kiln::frontend

namespace kiln {

std::vector<ProfileEntry> profile_entries() {
  auto& r = frontend::profile_registry();
  std::vector<ProfileEntry> out;
  {
    std::lock_guard lock(r.mu);
    for (const auto& s : r.slots) {
      ProfileEntry e = s->what;
      e.calls = s->calls;
      e.total_ms = double(s->ns) * 1e-6;
      if (e.calls) out.push_back(std::move(e));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.total_ms / double(a.calls) > b.total_ms / double(b.calls);
  });
  return out;
}

std::string profile_report(size_t top) {
  std::vector<ProfileEntry> es = profile_entries();
  if (es.empty())
    return "no compiled steps were timed (profiling is on with KILN_PROFILE=1 or "
           "kiln::config().profile)\n";
  // Per-call times: each step divides by its own call count, so a graph run N times reports
  // one call's worth whichever steps ran how often.
  double total = 0;
  std::map<std::string, double> by_ops;
  for (const auto& e : es) {
    double ms = e.total_ms / double(e.calls);
    total += ms;
    by_ops[e.kind + " " + e.ops] += ms;
  }
  auto pct = [&](double ms) { return total > 0 ? 100 * ms / total : 0.0; };
  std::vector<std::pair<double, std::string>> kinds;
  for (const auto& [k, ms] : by_ops) kinds.emplace_back(ms, k);
  std::sort(kinds.begin(), kinds.end(), std::greater<>());
  std::string s =
      fmt::format("{} compiled steps, {:.3f} ms per call in all\nby ops:\n", es.size(), total);
  for (size_t i = 0; i < kinds.size() && i < top; ++i)
    s += fmt::format("  {:8.3f} ms {:5.1f}%  {}\n", kinds[i].first, pct(kinds[i].first),
                     kinds[i].second);
  s += "slowest steps:\n";
  for (size_t i = 0; i < es.size() && i < top; ++i) {
    double ms = es[i].total_ms / double(es[i].calls);
    s += fmt::format("  {:8.3f} ms {:5.1f}%  {:<8} {} -> {}  (@{} group {}, {} calls)\n", ms,
                     pct(ms), es[i].kind, es[i].ops, es[i].shape, es[i].graph, es[i].group,
                     es[i].calls);
  }
  return s;
}

void reset_profile() {
  auto& r = frontend::profile_registry();
  std::lock_guard lock(r.mu);
  for (const auto& s : r.slots) {
    s->ns = 0;
    s->calls = 0;
  }
}

}  // namespace kiln

namespace kiln::detail {
void wait_for_background_compiles() { frontend::wait_in_flight(); }
}  // namespace kiln::detail
