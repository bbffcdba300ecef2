#include "frontend/trace.h"

#include <fmt/format.h>
#include <algorithm>

#include <mutex>

#include "frontend/autograd.h"
#include "frontend/dispatch.h"
#include "frontend/dump.h"
#include "frontend/executor.h"
#include "frontend/interpreter.h"
#include "kiln/autograd.h"
#include "runtime/kernels/kernels.h"
#include "runtime/lazy.h"
#include "runtime/tensor_impl.h"

namespace kiln::frontend {

namespace {
thread_local Tracer* t_current = nullptr;

LazyValue* lazy_of(const Tensor& t) {
  return t.defined() ? static_cast<LazyValue*>(t.impl()->lazy.get()) : nullptr;
}

// ---- the hooks Tensor's methods call for lazy tensors (runtime/lazy.h)
Tensor hook_view(const Tensor& self, std::string_view op, Attrs attrs, Loc loc) {
  LazyValue* lv = lazy_of(self);
  Tensor in[] = {self};
  return run_in(lv ? lv->tracer : current_tracer(), ir::op_def(op), in, std::move(attrs), loc)[0];
}
void hook_materialize(const Tensor& t, std::string_view reason, Loc loc) {
  if (LazyValue* lv = lazy_of(t)) lv->tracer->materialize(reason, loc);
}
thread_local int t_sizes_as_data = 0;
void hook_shape_read(const Tensor& t) {
  if (LazyValue* lv = lazy_of(t))
    (t_sizes_as_data ? lv->tracer->sizes_as_data : lv->tracer->shape_read) = true;
}
bool hook_assign(Tensor& dst, const Tensor& src, Loc loc) {
  Tracer* t = current_tracer();
  if (!t) {
    // Not tracing here: a lazy source (from another thread's trace) gets its data first.
    return false;
  }
  return t->assign(dst, src, loc);
}
Tensor hook_alias(const Tensor& t) { return lazy_of(t)->tracer->alias(t); }

const LazyHooks kHooks{hook_view,
                       hook_materialize,
                       hook_shape_read,
                       hook_assign,
                       autograd::check_inplace_hook,
                       autograd::rebase_hook,
                       hook_alias};
// Installed when the library loads: autograd needs them without any tracer.
const bool kHooksInstalled = (set_lazy_hooks(&kHooks), true);

// Gives a lazy impl the data of a concrete result.
void fill(TensorImpl& impl, const Tensor& result) {
  set_data(impl, result);
  impl.lazy.reset();
}
}  // namespace

Tracer* current_tracer() { return t_current; }

SizesAsData::SizesAsData() { ++t_sizes_as_data; }
SizesAsData::~SizesAsData() { --t_sizes_as_data; }

TracerScope::TracerScope(Tracer* t) : previous_(t_current) { t_current = t; }
TracerScope::~TracerScope() { t_current = previous_; }

Tracer::Tracer(std::string name, bool fullgraph) : name_(std::move(name)), fullgraph_(fullgraph) {
  reset_segment();
}

Tracer::~Tracer() {
  // A lazy tensor that outlives its trace (the function threw, or stored it away) must not
  // point at a dead tracer: it becomes a tensor without data, whose use is a clear error.
  for (auto& w : lazies_)
    if (auto impl = w.lock()) impl->lazy.reset();
}

ir::Value* Tracer::latest(const Tensor& t) {
  for (auto it = mutations_.rbegin(); it != mutations_.rend(); ++it)
    if (it->dst.impl() == t.impl()) return it->value;
  return nullptr;
}

void Tracer::note_grad(const Tensor& leaf_or_stand_in, const Tensor& grad, bool read) {
  Tensor leaf = leaf_or_stand_in;  // an input's stand-in stands for the input
  for (size_t i = 0; i < stand_ins_.size(); ++i)
    if (stand_ins_[i] == leaf.impl()) leaf = bound_[i];
  for (const GradNote& n : grad_notes_)
    if (n.leaf.impl() == leaf.impl()) return;
  grad_notes_.push_back({leaf, grad, read});
}

Tensor Tracer::alias(const Tensor& t) { return make_lazy(lazy_of(t)->value); }

void Tracer::apply_mutations(const std::vector<Tensor>& results, size_t first) {
  TracerScope off(nullptr);
  NoGradGuard no_grad;  // parameters that require grad are written back like any input
  for (size_t i = 0; i < mutations_.size(); ++i) mutations_[i].dst.copy_(results[first + i]);
  mutations_.clear();
}

bool Tracer::assign(Tensor& dst, const Tensor& src, Loc loc) {
  InternalScope internal;
  // src, broadcast to dst's shape and cast to its dtype, as a value of this graph.
  auto new_value = [&]() -> ir::Value* {
    if (LazyValue* sv = lazy_of(src); sv && sv->tracer != this)
      sv->tracer->materialize("used by another compiled function", loc);
    Tensor v = src;
    if (v.impl()->shape != dst.impl()->shape) {
      Tensor in[] = {v};
      v = record(ir::op_def("expand"), in, Attrs{{dst.impl()->shape}}, loc)[0];
    }
    if (v.dtype() != dst.dtype() || !lazy_of(v)) {  // a concrete source gets a value too
      Tensor in[] = {v};
      v = record(ir::op_def("cast"), in, Attrs{{dst.dtype()}}, loc)[0];
    }
    return lazy_of(v)->value;
  };
  if (LazyValue* lv = lazy_of(dst)) {
    // A tensor computed in this graph that is not a view and has no views: its new value is
    // simply a new SSA value (every handle to it sees it). Views of lazy tensors are not
    // tracked as aliases, so an update through or under a view runs on real memory instead.
    ir::Value* d = lv->value;
    bool aliased = lv->tracer != this || (d->producer && d->producer->op->cls == ir::OpClass::View);
    for (const auto& n : graph_->nodes())
      if (n->op->cls == ir::OpClass::View && !n->inputs.empty() && n->inputs[0] == d)
        aliased = true;
    if (aliased) {
      materialize("an in-place update of a view of a tensor computed in the graph", loc);
      return false;
    }
    lv->value = new_value();
    // An input's stand-in: the caller's tensor is updated too (written back after each run).
    for (size_t i = 0; i < stand_ins_.size(); ++i)
      if (stand_ins_[i] == dst.impl()) mutations_.push_back({bound_[i], lv->value});
    return true;
  }
  for (const Tensor& b : bound_)
    if (b.impl() != dst.impl() && b.shares_storage(dst)) {
      materialize("an in-place update of a tensor that shares memory with another graph input",
                  loc);
      return false;
    }
  ir::Value* v = new_value();
  value_of(dst, dst.dtype());  // dst becomes a parameter (if it was not one)
  mutations_.push_back({dst, v});
  return true;
}

void Tracer::reset_segment() {
  graph_ =
      std::make_unique<ir::Graph>(segment_ == 0 ? name_ : fmt::format("{}_{}", name_, segment_));
  bound_.clear();
  captured_.clear();
  lazies_.clear();
  stand_ins_.clear();  // after a break the inputs' stand-ins hold their data: plain tensors
  ++segment_;
}

Tensor Tracer::make_lazy(ir::Value* v) {
  auto impl = std::make_shared<TensorImpl>();
  impl->shape = v->type.static_shape();
  impl->strides = contiguous_strides(impl->shape);
  impl->dtype = v->type.dtype;
  impl->lazy = std::make_shared<LazyValue>(LazyValue{this, v});
  lazies_.push_back(impl);
  return Tensor(std::move(impl));
}

std::vector<Tensor> Tracer::begin(const std::vector<Tensor>& inputs) {
  std::vector<Tensor> lazy;
  num_inputs_ = inputs.size();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Tensor& t = inputs[i];
    if (!t.defined()) throw Error(fmt::format("{}: input {} is undefined", name_, i));
    ir::Value* p =
        graph_->add_param(ir::TensorType::of(t.dtype(), t.shape()), fmt::format("in{}", i));
    bound_.push_back(t);
    lazy.push_back(make_lazy(p));
    // The stand-in shares the input's autograd state: gradients reach the input, grad() reads
    // its grad. (The leaf's accumulator is held for the trace, so both use the same one.)
    if (t.requires_grad()) {
      input_edges_.push_back(autograd::edge_of(t));
      lazy.back().impl()->requires_grad = true;
      lazy.back().impl()->autograd = t.impl()->autograd;
    }
    stand_ins_.push_back(lazy.back().impl());
  }
  return lazy;
}

ir::Value* Tracer::value_of(const Tensor& t, DType wrapped_as) {
  if (LazyValue* lv = lazy_of(t)) return lv->value;
  if (ir::Value* v = latest(t)) return v;  // updated in place earlier in this segment
  if (is_wrapped_number(t)) {
    // A number written in the code: a constant in the dtype the op computes in, which keeps
    // eager's type promotion and precision (see DESIGN decision 4).
    const ir::OpDef& c = ir::op_def("constant");
    Attrs a{{t.item_scalar(), wrapped_as, Shape{}}};
    return graph_->add_node(c, {}, std::move(a), {ir::TensorType::of(wrapped_as, {})})->outputs[0];
  }
  for (auto& [impl, v] : captured_)
    if (impl == t.impl()) return v;
  for (const Mutation& m : mutations_)
    if (m.dst.impl() != t.impl() && m.dst.shares_storage(t))
      throw Error("internal: an aliased read was not settled before recording");
  ir::Value* p = graph_->add_param(ir::TensorType::of(t.dtype(), t.shape()),
                                   fmt::format("c{}", captured_.size()));
  captured_.emplace_back(t.impl(), p);
  bound_.push_back(t);
  return p;
}

std::vector<Tensor> Tracer::eager_fallback(const ir::OpDef& op, std::span<const Tensor> inputs,
                                           Attrs attrs, Loc loc, const std::string& why) {
  materialize(why, loc);
  TracerScope off(nullptr);
  bool grad = grad_mode();
  set_grad_mode(false);  // the caller (frontend::run_in) records the backward
  try {
    auto out = run(op, inputs, std::move(attrs), loc);
    set_grad_mode(grad);
    return out;
  } catch (...) {
    set_grad_mode(grad);
    throw;
  }
}

std::vector<Tensor> Tracer::record(const ir::OpDef& op, std::span<const Tensor> inputs, Attrs attrs,
                                   Loc loc) {
  InternalScope internal;
  // Inputs lazy in another tracer (another compiled function's) get their data first.
  for (const Tensor& t : inputs)
    if (LazyValue* lv = lazy_of(t); lv && lv->tracer != this)
      lv->tracer->materialize("used by another compiled function", loc);
  // A read of memory this segment updates in place through another tensor: apply it first
  // (before any value of this node is taken from the current segment).
  auto reads_updated_memory = [&] {
    for (const Tensor& t : inputs)
      if (t.defined() && !lazy_of(t))
        for (const Mutation& mu : mutations_)
          if (mu.dst.impl() != t.impl() && mu.dst.shares_storage(t)) return true;
    return false;
  };
  if (reads_updated_memory())
    materialize("a read of memory updated in place through another tensor", loc);
  // An absent optional input before a present one has no place in a graph: run eagerly.
  size_t n = inputs.size();
  while (n > 0 && !inputs[n - 1].defined()) --n;
  for (size_t i = 0; i < n; ++i)
    if (!inputs[i].defined())
      return eager_fallback(op, inputs, std::move(attrs), loc,
                            fmt::format("{} with input {} absent is not captured", op.name, i));
  for (size_t i = attrs.values.size(); i < op.attrs.size(); ++i)
    attrs.values.push_back(op.attrs[i].default_value);

  // Types of the results, from the op's rule on metas (wrapped numbers stay as they are so
  // that type promotion is eager's).
  std::vector<Tensor> metas;
  for (size_t i = 0; i < n; ++i) {
    const Tensor& t = inputs[i];
    metas.push_back(is_wrapped_number(t) ? t : meta_tensor(t.impl()->shape, t.dtype()));
  }
  std::vector<ir::TensorMeta> outs;
  OpCall call{op.name, metas, attrs, loc};
  try {
    outs = ir::result_metas(op, call);
  } catch (const Error& e) {
    // The rule needs data (one_hot without num_classes) or the call is bad: eager decides,
    // and raises the user's error if it is one.
    return eager_fallback(op, inputs, std::move(attrs), loc,
                          fmt::format("{}: {}", op.name, e.message()));
  }
  DType wrapped_as = kernels::result_type(std::span<const Tensor>(metas.data(), metas.size()));
  std::vector<ir::Value*> vals;
  for (size_t i = 0; i < n; ++i) vals.push_back(value_of(inputs[i], wrapped_as));
  std::vector<ir::TensorType> types;
  for (const auto& m : outs) types.push_back(ir::TensorType::of(m.dtype, m.shape));
  ir::Node* node = graph_->add_node(op, std::move(vals), std::move(attrs), std::move(types));
  node->line = int(loc.line());
  std::vector<Tensor> result;
  for (ir::Value* v : node->outputs) result.push_back(make_lazy(v));
  return result;
}

void Tracer::materialize(std::string_view reason, Loc loc) {
  InternalScope internal;
  if (fullgraph_)
    throw Error(fmt::format("{}: graph break in a fullgraph compile: {}", name_, reason), loc);
  breaks_.push_back({std::string(reason), loc});
  std::vector<std::shared_ptr<TensorImpl>> live;
  std::vector<ir::Value*> values;
  for (auto& w : lazies_)
    if (auto impl = w.lock(); impl && impl->lazy) {
      live.push_back(impl);
      values.push_back(static_cast<LazyValue*>(impl->lazy.get())->value);
    }
  for (const Mutation& m : mutations_) values.push_back(m.value);
  if (!values.empty()) {
    graph_->set_returns(values);
    dump_graph(*graph_, graph_->name());
    std::vector<Tensor> results;
    {
      TracerScope off(nullptr);
      results = segment_executable(*graph_)->run(bound_, loc);
    }
    for (size_t i = 0; i < live.size(); ++i) fill(*live[i], results[i]);
    apply_mutations(results, live.size());
  }
  reset_segment();
}

std::optional<Tracer::Capture> Tracer::finish(std::vector<Tensor>& outputs, const Build& build,
                                              Loc loc) {
  InternalScope internal;
  if (broke()) {
    // Fill whatever is still lazy; the call is not one graph.
    bool any = !mutations_.empty();
    for (const Tensor& t : outputs) any = any || lazy_of(t);
    if (any) {
      bool full = fullgraph_;
      fullgraph_ = false;  // the end of the function is not a break
      materialize("end of the function", loc);
      breaks_.pop_back();
      fullgraph_ = full;
    }
    return std::nullopt;
  }
  Capture cap;
  std::vector<ir::Value*> returns;
  for (const Tensor& t : outputs) {
    if (!t.defined())
      throw Error(fmt::format("{}: the function returned an undefined tensor", name_));
    returns.push_back(value_of(t, t.dtype()));
  }
  // Other live lazy tensors (stored aside by the function) are computed too, this once.
  std::vector<std::shared_ptr<TensorImpl>> extra;
  std::vector<ir::Value*> all = returns;
  // In-place updates: returned after the outputs, written back after every run.
  std::vector<size_t> mutation_params;
  // Only each tensor's last value is written back.
  {
    std::vector<Mutation> last;
    for (size_t i = 0; i < mutations_.size(); ++i) {
      bool later = false;
      for (size_t j = i + 1; j < mutations_.size() && !later; ++j)
        later = mutations_[j].dst.impl() == mutations_[i].dst.impl();
      if (!later) last.push_back(mutations_[i]);
    }
    mutations_ = std::move(last);
  }
  for (const Mutation& m : mutations_) {
    all.push_back(m.value);
    for (size_t p = 0; p < bound_.size(); ++p)
      if (bound_[p].impl() == m.dst.impl()) mutation_params.push_back(p);
  }
  // Grads of leaves: what the function read is guarded, what it left is returned.
  for (const GradNote& n : grad_notes_) {
    Capture::GradUse use{n.leaf};
    if (n.read_first) {
      use.guarded = true;
      use.defined = n.first.defined();
      for (size_t p = 0; use.defined && p < bound_.size(); ++p)
        if (bound_[p].impl() == n.first.impl()) use.param = p;
    }
    Tensor g = n.leaf.grad();
    if (!g.defined()) {
      use.sets = true;
    } else if (LazyValue* lv = lazy_of(g); lv && lv->tracer == this) {
      use.sets = true;
      use.ret = all.size();
      all.push_back(lv->value);
    }
    cap.grads.push_back(std::move(use));
  }
  grad_notes_.clear();
  size_t extra_at = all.size();
  // Live lazy stand-ins of the parameters (the caller still holds the traced inputs) need no
  // computing: they get the bound tensors.
  // Live lazy tensors of values already returned (the outputs themselves) take those results.
  std::vector<std::pair<std::shared_ptr<TensorImpl>, size_t>> params, returned;
  for (auto& w : lazies_)
    if (auto impl = w.lock(); impl && impl->lazy) {
      ir::Value* v = static_cast<LazyValue*>(impl->lazy.get())->value;
      if (!v->producer) {
        params.emplace_back(impl, size_t(v->index));
        continue;
      }
      if (auto it = std::find(all.begin(), all.end(), v); it != all.end()) {
        returned.emplace_back(impl, size_t(it - all.begin()));
        continue;
      }
      extra.push_back(impl);
      all.push_back(v);
    }
  std::vector<Tensor> results;
  if (build && extra.empty()) {
    graph_->set_returns(all);
    TracerScope off(nullptr);  // building evaluates constants: eagerly, not into this trace
    cap.exec = build(std::move(*graph_));
    results = cap.exec->run(bound_, loc);
  } else {
    graph_->set_returns(all);
    TracerScope off(nullptr);
    results = interpret(*graph_, bound_, loc);
  }
  for (size_t i = 0; i < extra.size(); ++i) fill(*extra[i], results[extra_at + i]);
  for (auto& [impl, index] : params) fill(*impl, bound_[index]);
  for (auto& [impl, index] : returned) fill(*impl, results[index]);
  // Grads own their memory (they are updated in place later): a result shared by two grads
  // (add's gradient reaches both operands) or a view (sum's is an expand) is copied.
  {
    std::vector<Tensor> grads;
    for (const auto& use : cap.grads)
      if (use.sets && use.ret != Capture::kNone) grads.push_back(use.leaf.grad());
    autograd::owned_grads(grads);
  }
  for (size_t i = 0; i < outputs.size(); ++i) outputs[i] = results[i];
  std::vector<ir::Value*> kept(all.begin(), all.begin() + long(extra_at));
  for (size_t i = 0; i < mutation_params.size(); ++i)
    cap.write_backs.emplace_back(mutation_params[i], returns.size() + i);
  apply_mutations(results, returns.size());
  cap.num_outputs = returns.size();
  cap.num_inputs = num_inputs_;
  cap.captured.assign(bound_.begin() + long(num_inputs_), bound_.end());
  if (!cap.exec) {
    graph_->set_returns(kept);
    cap.graph = std::move(*graph_);
  }
  reset_segment();
  return cap;
}

}  // namespace kiln::frontend
