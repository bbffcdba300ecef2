// frontend/compile.cpp — kiln::compile's core: guards and the cache of captured graphs per
// compiled function, tracing on a miss, replay on a hit, recompile reasons, the recompile
// budget, symbolic dims, and the explain log.
#include "kiln/compile.h"
#include "frontend/autograd.h"
#include "kiln/autograd.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>

#include "frontend/dump.h"
#include "frontend/executor.h"
#include "frontend/generalize.h"
#include "frontend/interpreter.h"
#include "frontend/trace.h"
#include "kiln/config.h"
#include "kiln/factories.h"
#include "passes/pass.h"
#include "runtime/lazy.h"
#include "runtime/log.h"
#include "runtime/tensor_impl.h"

namespace kiln {

// ------------------------------------------------------------------------------ explain log
namespace {
std::mutex g_explain_mu;
// The log keeps the first kMaxEvents events (a function that breaks on every call would
// otherwise grow it forever); later ones are only counted.
constexpr size_t kMaxEvents = 10000;
size_t g_dropped = 0;
std::vector<ExplainEvent>& explain_log() {
  static auto* log = new std::vector<ExplainEvent>;
  return *log;
}

void record_event(std::string kind, const std::string& fn, std::string reason, Loc loc) {
  std::string area = kind == "break" ? "breaks" : "recompiles";
  logging::get(area).info("{} {}: {} (at {}:{})", fn, kind, reason, loc.file_name(), loc.line());
  ExplainEvent e{std::move(kind), fn, std::move(reason), loc.file_name(), int(loc.line())};
  frontend::dump_event(e);
  std::lock_guard lock(g_explain_mu);
  if (explain_log().size() < kMaxEvents)
    explain_log().push_back(std::move(e));
  else
    ++g_dropped;
}
}  // namespace

std::vector<ExplainEvent> explain_events() {
  std::lock_guard lock(g_explain_mu);
  return explain_log();
}

std::string explain() {
  auto events = explain_events();
  int breaks = 0, recompiles = 0;
  for (const auto& e : events) {
    breaks += e.kind == "break";
    recompiles += e.kind == "recompile";
  }
  std::string out = fmt::format("{} graph break{}, {} recompile{}\n", breaks,
                                breaks == 1 ? "" : "s", recompiles, recompiles == 1 ? "" : "s");
  {
    std::lock_guard lock(g_explain_mu);
    if (g_dropped)
      out += fmt::format(
          "  ({} later events were counted but not kept; kiln::reset_explain() "
          "starts over)\n",
          g_dropped);
  }
  // The same event at the same place is listed once, with a count, in first-seen order.
  std::vector<std::pair<const ExplainEvent*, int>> groups;
  for (const auto& e : events) {
    auto same = [&](const auto& g) {
      const ExplainEvent& o = *g.first;
      return o.kind == e.kind && o.fn == e.fn && o.file == e.file && o.line == e.line &&
             o.reason == e.reason;
    };
    auto it = std::find_if(groups.begin(), groups.end(), same);
    if (it != groups.end())
      ++it->second;
    else
      groups.emplace_back(&e, 1);
  }
  for (const auto& [e, count] : groups) {
    std::string file = e->file;
    if (auto slash = file.rfind('/'); slash != std::string::npos) file = file.substr(slash + 1);
    out += fmt::format("  {} in {} at {}:{}{}: {}\n", e->kind, e->fn, file, e->line,
                       count > 1 ? fmt::format(" ({} times)", count) : "", e->reason);
    if (e->kind == "break" && e->reason.rfind("item()", 0) == 0)
      out += "    hint: compute the condition with kiln::where(...) to keep one graph\n";
  }
  return out;
}

void reset_explain() {
  std::lock_guard lock(g_explain_mu);
  explain_log().clear();
  g_dropped = 0;
}

void mark_dynamic(const Tensor& t, int64_t dim, Loc loc) {
  if (!t.defined()) throw Error("mark_dynamic: the tensor is undefined", loc);
  int64_t d = wrap_dim(dim, t.dim(), "mark_dynamic", loc);
  if (d >= 64) throw Error("mark_dynamic: only the first 64 dims can be dynamic", loc);
  t.impl()->dynamic_dims |= uint64_t(1) << d;
}

// ------------------------------------------------------------------------------ the core
namespace detail {

namespace {
struct Entry;
std::string bind_grads(const Entry& e, std::vector<Tensor>& args);
struct Entry {
  bool breaks = false;  // the function must run (lazily) every call
  bool eager = false;   // its outputs require grad: it runs eagerly so autograd records it
  std::shared_ptr<frontend::Executable> exec;  // else: the whole call as one graph
  std::vector<Tensor> captured;                // bound to the graph's parameters after the inputs
  size_t num_outputs = 0;  // the graph's first returns; the rest are write-backs
  std::vector<std::pair<size_t, size_t>> write_backs;     // parameter <- return, after each run
  std::vector<frontend::Tracer::Capture::GradUse> grads;  // guards on and updates of grads
};

// Checks the grads a replay reads (defined as when traced, same shape and dtype) and binds the
// current grad tensors; returns why not, or "".
std::string bind_grads(const Entry& e, std::vector<Tensor>& args) {
  for (const auto& use : e.grads) {
    if (!use.guarded) continue;
    Tensor g = use.leaf.grad();
    if (g.defined() != use.defined)
      return fmt::format("the grad of a parameter {} was {} when traced and is {} now",
                         describe(use.leaf), use.defined ? "set" : "unset",
                         g.defined() ? "set" : "unset");
    if (!g.defined() || use.param == frontend::Tracer::Capture::kNone) continue;
    if (g.shape() != args[use.param].shape() || g.dtype() != args[use.param].dtype())
      return fmt::format("the grad of a parameter {} changed from {} to {}", describe(use.leaf),
                         describe(args[use.param]), describe(g));
    args[use.param] = g;
  }
  return "";
}

struct Signature {
  std::vector<DType> dtypes;
  std::vector<Shape> shapes;  // -1 for a symbolic dim
  std::string statics;

  std::string key() const {
    std::string k = statics + "|";
    for (size_t i = 0; i < shapes.size(); ++i) {
      k += std::string(short_name(dtypes[i])) + "[";
      for (int64_t d : shapes[i]) k += d < 0 ? "?," : std::to_string(d) + ",";
      k += "]";
    }
    return k;
  }
};
}  // namespace

struct CompiledCore::State {
  CompileOptions options;
  Loc loc;
  std::mutex mu;
  std::map<std::string, std::shared_ptr<Entry>> cache;
  std::optional<Signature> last;       // the signature of the last miss
  std::vector<uint64_t> auto_dynamic;  // per input: dims seen with two sizes
  std::vector<Shape> first_shapes;     // per input: the sizes first seen
  int recompiles = 0;
  int traces = 0;
  bool generic = false;        // budget exceeded: every dim symbolic
  bool reads_sizes = false;    // a trace read tensor sizes: its graphs keep static shapes...
  bool sizes_in_code = false;  // ... for good when the code (not only SizesAsData) read them
  // When sizes were read only as data: the last static trace, to compare the next one at other
  // sizes with (frontend/generalize.h), and per input the dims such a comparison made generic.
  std::optional<frontend::TraceAtSizes> last_static;
  std::string last_static_key;
  std::vector<uint64_t> sized;
};

CompiledCore::CompiledCore(CompileOptions options, Loc loc) : state_(std::make_shared<State>()) {
  state_->options = std::move(options);
  state_->loc = loc;
  state_->generic = state_->options.dynamic;
}

CompiledCore::~CompiledCore() = default;

int CompiledCore::traces() const {
  std::lock_guard lock(state_->mu);
  return state_->traces;
}

namespace {

std::string describe_change(const Signature& old, const Signature& now) {
  if (old.statics != now.statics) {
    auto grads = [](const std::string& s) { return s.substr(s.rfind('|')); };
    std::string a = grads(old.statics), b = grads(now.statics);
    if (a == b) return "a non-tensor argument changed";
    if (a.substr(0, 3) != b.substr(0, 3))
      return fmt::format("grad mode changed {} -> {}", a[1] == 'g' ? "on" : "off",
                         b[1] == 'g' ? "on" : "off");
    for (size_t i = a.find(':') + 1, j = b.find(':') + 1; i < a.size() && j < b.size(); ++i, ++j)
      if (a[i] != b[j])
        return fmt::format("requires_grad of input {} changed {} -> {}", i - a.find(':') - 1,
                           a[i] == '1', b[j] == '1');
    return "which inputs require grad changed";
  }
  if (old.shapes.size() != now.shapes.size())
    return fmt::format("number of tensor inputs changed {} -> {}", old.shapes.size(),
                       now.shapes.size());
  for (size_t i = 0; i < now.shapes.size(); ++i) {
    if (old.dtypes[i] != now.dtypes[i])
      return fmt::format("dtype of input {} changed {} -> {}", i, name(old.dtypes[i]),
                         name(now.dtypes[i]));
    if (old.shapes[i].size() != now.shapes[i].size())
      return fmt::format("rank of input {} changed {} -> {}", i, old.shapes[i].size(),
                         now.shapes[i].size());
    for (size_t d = 0; d < now.shapes[i].size(); ++d)
      if (old.shapes[i][d] != now.shapes[i][d])
        return fmt::format("size of input {} dim {} changed {} -> {}", i, d,
                           old.shapes[i][d] < 0 ? "dynamic" : std::to_string(old.shapes[i][d]),
                           now.shapes[i][d] < 0 ? "dynamic" : std::to_string(now.shapes[i][d]));
  }
  return "guards changed";
}

}  // namespace

std::vector<Tensor> CompiledCore::call(const std::vector<Tensor>& inputs,
                                       const std::string& static_key, const Body& body, Loc) {
  State& st = *state_;
  if (!config().compile) return body(inputs);
  // Which dims are symbolic for this call: marked, seen with two sizes, or all (generic).
  std::vector<uint64_t> masks(inputs.size(), 0);
  Signature exact, dynamic;
  // Guards beyond types: grad mode and which inputs require grad (autograd records differently).
  std::string grads = grad_mode() ? "|grad:" : "|nograd:";
  for (const Tensor& t : inputs) grads += t.defined() && t.requires_grad() ? '1' : '0';
  exact.statics = dynamic.statics = static_key + grads;
  {
    std::lock_guard lock(st.mu);
    if (st.auto_dynamic.size() < inputs.size()) {
      st.auto_dynamic.resize(inputs.size(), 0);
      st.first_shapes.resize(inputs.size());
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
      const Tensor& t = inputs[i];
      if (!t.defined())
        throw Error(fmt::format("{}: input {} is undefined", st.options.name, i), st.loc);
      if (is_lazy(t)) lazy_hooks()->materialize(t, "passed to a compiled function", st.loc);
      Shape s = t.shape();
      Shape& first = st.first_shapes[i];
      if (first.empty() && !s.empty()) first = s;
      uint64_t m = t.impl()->dynamic_dims;
      if (first.size() == s.size())
        for (size_t d = 0; d < s.size() && d < 64; ++d)
          if (first[d] != s[d]) st.auto_dynamic[i] |= uint64_t(1) << d;
      m |= st.auto_dynamic[i];
      if (st.generic) m = ~uint64_t(0);
      // One graph per shape (its sizes may be baked in), except in the dims that a comparison
      // of two traces made generic.
      if (st.reads_sizes) m = st.sizes_in_code || i >= st.sized.size() ? 0 : st.sized[i];
      masks[i] = m;
      exact.dtypes.push_back(t.dtype());
      exact.shapes.push_back(s);
      Shape ds = s;
      for (size_t d = 0; d < ds.size() && d < 64; ++d)
        if (m >> d & 1) ds[d] = -1;
      dynamic.dtypes.push_back(t.dtype());
      dynamic.shapes.push_back(ds);
    }
  }
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(st.mu);
    auto it = st.cache.find(exact.key());
    if (it == st.cache.end()) it = st.cache.find(dynamic.key());
    if (it != st.cache.end()) entry = it->second;
  }
  if (entry && entry->eager) return body(inputs);
  std::vector<Tensor> args;
  std::string grad_change;
  if (entry && entry->exec) {
    args = inputs;
    args.insert(args.end(), entry->captured.begin(), entry->captured.end());
    grad_change = bind_grads(*entry, args);
  }
  if (entry && entry->exec && grad_change.empty()) {  // replay: the function does not run
    std::vector<Tensor> results = entry->exec->run(args, st.loc, entry->write_backs);
    NoGradGuard no_grad;  // parameters that require grad are written back like any input
    for (auto [param, ret] : entry->write_backs) {
      if (results[ret].impl() == args[param].impl())  // the kernel wrote it in place
        args[param].impl()->version().fetch_add(1, std::memory_order_relaxed);
      else
        args[param].copy_(results[ret]);
    }
    std::vector<Tensor> grads;
    for (const auto& use : entry->grads)
      if (use.sets && use.ret != frontend::Tracer::Capture::kNone)
        grads.push_back(alias_of(results[use.ret]));
    autograd::owned_grads(grads);
    size_t next = 0;
    for (const auto& use : entry->grads)
      if (use.sets) {
        Tensor leaf = use.leaf;
        leaf.set_grad(use.ret == frontend::Tracer::Capture::kNone ? Tensor() : grads[next++]);
      }
    results.resize(entry->num_outputs);
    return results;
  }
  if (!grad_change.empty()) {  // a guard on grads failed: trace again, replacing the entry
    std::lock_guard lock(st.mu);
    ++st.recompiles;
    ++st.traces;
    record_event("recompile", st.options.name, grad_change, st.loc);
    entry = nullptr;
  } else if (!entry) {
    std::lock_guard lock(st.mu);
    if (st.last) {
      ++st.recompiles;
      record_event(
          "recompile", st.options.name,
          describe_change(*st.last, dynamic) +
              (!st.reads_sizes    ? ""
               : st.sizes_in_code ? " (the function reads tensor sizes: one graph per shape)"
                                  : " (the function reads tensor sizes as data: its trace is "
                                    "compared with the last one)"),
          st.loc);
      if (!st.generic && !st.reads_sizes && st.recompiles >= st.options.recompile_limit) {
        st.generic = true;
        record_event("generic", st.options.name,
                     fmt::format("recompiled {} times: compiling shape-generic graphs from now on",
                                 st.recompiles),
                     st.loc);
        for (auto& m : masks) m = ~uint64_t(0);
        for (auto& s : dynamic.shapes)
          for (auto& d : s) d = -1;
      }
    }
    st.last = dynamic;
    ++st.traces;
  }
  // Trace (or, for a function that breaks, run lazily again). A new graph is prepared (made
  // shape-generic where dims are dynamic) and compiled inside finish(), so the first result
  // already comes from the fused kernels.
  frontend::Tracer tracer(st.options.name, st.options.fullgraph);
  std::string key = exact.key();
  // The function traced again (not run) with the `varying` dims of its inputs resized by
  // `resize`: a trace at other sizes to compare with. (The inputs are one broadcast number:
  // a lazy trace never reads them.)
  auto probe = [&](const std::vector<uint64_t>& varying,
                   int64_t (*resize)(int64_t)) -> std::optional<frontend::TraceAtSizes> {
    struct Done {};
    std::vector<Tensor> at;
    for (size_t i = 0; i < inputs.size(); ++i) {
      Shape s = inputs[i].shape();
      for (size_t d = 0; d < s.size() && d < 64; ++d)
        if (varying[i] >> d & 1) s[d] = resize(s[d]);
      at.push_back(s == inputs[i].shape() ? inputs[i] : zeros({}, inputs[i].dtype()).expand(s));
    }
    std::optional<frontend::TraceAtSizes> out;
    frontend::Tracer again(st.options.name, /*fullgraph=*/true);
    try {
      frontend::TracerScope scope(&again);
      std::vector<Tensor> lazy = again.begin(at);
      std::vector<Tensor> outputs = body(lazy);
      again.finish(outputs, [&](ir::Graph&& g) -> std::shared_ptr<frontend::Executable> {
        out = frontend::keep_trace(g, again.bound());
        throw Done{};  // the graph is all it is for: it does not run
      });
    } catch (const Done&) {
    } catch (const Error& e) {
      logging::get("recompiles")
          .debug("{}: no trace at other sizes ({})", st.options.name, e.message());
      return std::nullopt;
    }
    if (out && (again.shape_read || again.broke())) out.reset();
    return out;
  };
  // A static trace of a function that read sizes only as data: compared with the last such
  // trace (on a first call, with one at other sizes where the code names its free dims), the
  // dims whose sizes changed may become symbolic in the attributes that follow them (then one
  // graph serves every size of those dims); kept for the next comparison either way.
  auto generalize_sizes = [&](ir::Graph& graph, const std::vector<Tensor>& bound,
                              std::string& key) {
    if (bound.size() != graph.params().size()) return;  // built after the trace ended
    std::optional<frontend::TraceAtSizes> before;
    {
      // Kept for the next call: the graph and its captured tensors (not the inputs).
      std::vector<Tensor> captured = bound;
      for (size_t i = 0; i < inputs.size() && i < captured.size(); ++i) captured[i] = Tensor();
      std::lock_guard lock(st.mu);
      if (st.last_static_key == exact.statics) before = std::move(st.last_static);
      st.last_static = frontend::keep_trace(graph, captured);
      st.last_static_key = exact.statics;
    }
    bool probed = false;
    if (!before) {  // a first call: trace again where the code says sizes may vary (and tracing
                    // again changes nothing outside the trace)
      if (!tracer.pure()) return;
      std::vector<uint64_t> varying = tracer.varying;
      varying.resize(inputs.size(), 0);
      if (std::all_of(varying.begin(), varying.end(), [](uint64_t m) { return m == 0; })) return;
      before = probe(varying, [](int64_t n) { return n + 1; });
      probed = true;
    }
    if (!before || before->graph->params().size() < inputs.size()) return;
    std::vector<uint64_t> changed(inputs.size(), 0);
    std::vector<std::string> dims;
    Signature generic = exact;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const ir::TensorType& was = before->graph->params()[i]->type;
      if (was.rank() != inputs[i].dim()) return;
      for (size_t d = 0; d < was.dims.size() && d < 64; ++d)
        if (was.dims[d].size != inputs[i].shape()[d]) {
          changed[i] |= uint64_t(1) << d;
          generic.shapes[i][d] = -1;
          dims.push_back(fmt::format("input {} dim {}", i, d));
        }
    }
    if (dims.empty()) return;
    // Sizes that happen to agree at two nearby sizes (n / 2 at 4 and 5) must not pass for
    // constants: the graph must come out the same against a trace at far larger sizes too.
    std::string why;
    ir::Graph near = frontend::copy_graph(graph), far = frontend::copy_graph(graph);
    std::optional<frontend::TraceAtSizes> wide;
    if (tracer.pure()) wide = probe(changed, [](int64_t n) { return 2 * n + 3; });
    if (!wide)
      why = tracer.pure() ? "it does not trace at larger sizes"
                          : "it uses autograd or updates tensors in place, so it is not traced "
                            "again at larger sizes";
    else if (frontend::generalize_by_diff(near, bound, inputs.size(), *before, changed, why) &&
             frontend::generalize_by_diff(far, bound, inputs.size(), *wide, changed, why) &&
             ir::print_kir(near) != ir::print_kir(far))
      why = "they follow the inputs' differently at larger sizes (a size divided or clamped?)";
    if (!why.empty()) {
      record_event("static", st.options.name,
                   "the sizes it reads could not be made symbolic (" + why +
                       "): its graphs keep static shapes",
                   st.loc);
      return;
    }
    graph = std::move(near);
    key = generic.key();
    {
      std::lock_guard lock(st.mu);
      st.sized = changed;
    }
    record_event("dynamic", st.options.name,
                 fmt::format("the sizes it reads follow its inputs' ({}): one graph for every "
                             "size of {}",
                             probed ? "traced again at other sizes" : "two traces compared",
                             fmt::join(dims, ", ")),
                 st.loc);
  };
  auto build = [&](ir::Graph&& graph) {
    bool any_dynamic = false;
    for (size_t i = 0; i < masks.size(); ++i)
      for (size_t d = 0; d < inputs[i].shape().size() && d < 64; ++d)
        any_dynamic |= masks[i] >> d & 1;
    if (any_dynamic) {
      std::string why;
      if (tracer.shape_read) {
        record_event("static", st.options.name,
                     "the function reads tensor sizes, so its graph keeps static shapes", st.loc);
      } else if (tracer.sizes_as_data) {
        // sizes baked into attributes: compared with the last trace below
      } else if (frontend::generalize_dims(graph, masks, why)) {
        key = dynamic.key();
      } else {
        record_event(
            "static", st.options.name,
            fmt::format("dims could not be made symbolic ({}); the graph keeps static shapes", why),
            st.loc);
      }
    }
    if (key == exact.key() && any_dynamic) {
      // generalize_dims() may have touched types before refusing: re-derive the static ones.
      for (size_t i = 0; i < inputs.size(); ++i)
        graph.params()[i]->type = ir::TensorType::of(inputs[i].dtype(), inputs[i].shape());
      ir::infer_types(graph);
    }
    if (key == exact.key() && tracer.sizes_as_data && !tracer.shape_read)
      generalize_sizes(graph, tracer.bound(), key);
    // The graph is cached optimised (decomposed, folded, simplified, deduplicated) and
    // partitioned into fused kernels, which compile at their first launch; the executable is
    // shared process-wide with every compiled function that captured the same graph.
    auto exec = frontend::shared_executable(std::move(graph));
    std::string path = frontend::dump_graph(exec->graph(), st.options.name);
    if (!path.empty())  // beside it, the fusion plan: groups and refusals
      std::ofstream(path.substr(0, path.size() - 4) + ".fusion.txt")
          << exec->plan().report(exec->graph());
    return exec;
  };
  std::vector<Tensor> outputs;
  std::optional<frontend::Tracer::Capture> cap;
  {
    frontend::TracerScope scope(&tracer);
    std::vector<Tensor> lazy = tracer.begin(inputs);
    outputs = body(lazy);
    cap = entry ? tracer.finish(outputs, {}, st.loc) : tracer.finish(outputs, build, st.loc);
  }
  if (tracer.shape_read || tracer.sizes_as_data) {
    std::lock_guard lock(st.mu);
    st.reads_sizes = true;
    st.sizes_in_code = st.sizes_in_code || tracer.shape_read;
  }
  bool outputs_need_grad = false;
  for (const Tensor& t : outputs) outputs_need_grad |= autograd::has_live_history(t);
  if (!entry && outputs_need_grad) {
    // backward() will run through the outputs: a replay could not record that, so later calls
    // run the function eagerly (this one was traced and is already recorded).
    auto e = std::make_shared<Entry>();
    e->eager = true;
    record_event("eager", st.options.name,
                 "its outputs require grad, so it runs eagerly for autograd; compile the whole "
                 "training step (forward, backward() and the optimizer step) to get one graph",
                 st.loc);
    std::lock_guard lock(st.mu);
    st.cache[key] = std::move(e);
  } else if (!entry) {
    auto e = std::make_shared<Entry>();
    if (!cap) {
      e->breaks = true;
    } else {
      e->captured = std::move(cap->captured);
      e->num_outputs = cap->num_outputs;
      e->write_backs = std::move(cap->write_backs);
      e->grads = std::move(cap->grads);
      // The function left other lazy tensors alive: finish() interpreted this call.
      e->exec = cap->exec ? cap->exec : build(std::move(cap->graph));
    }
    std::lock_guard lock(st.mu);
    st.cache[key] = std::move(e);
  }
  for (const auto& b : tracer.breaks()) record_event("break", st.options.name, b.reason, b.loc);
  return outputs;
}

}  // namespace detail
}  // namespace kiln
