#include "frontend/trace.h"

#include <fmt/format.h>

#include "frontend/dispatch.h"
#include "frontend/dump.h"
#include "frontend/interpreter.h"
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
  return lv->tracer->record(ir::op_def(op), in, std::move(attrs), loc)[0];
}
void hook_materialize(const Tensor& t, std::string_view reason, Loc loc) {
  if (LazyValue* lv = lazy_of(t)) lv->tracer->materialize(reason, loc);
}
void hook_shape_read(const Tensor& t) {
  if (LazyValue* lv = lazy_of(t)) lv->tracer->shape_read = true;
}
const LazyHooks kHooks{hook_view, hook_materialize, hook_shape_read};

// Gives a lazy impl the data of a concrete result.
void fill(TensorImpl& impl, const Tensor& result) {
  const TensorImpl& r = *result.impl();
  impl.storage = r.storage;
  impl.storage_bytes = r.storage_bytes;
  impl.shape = r.shape;
  impl.strides = r.strides;
  impl.offset = r.offset;
  impl.dtype = r.dtype;
  impl.lazy.reset();
}
}  // namespace

Tracer* current_tracer() { return t_current; }

TracerScope::TracerScope(Tracer* t) : previous_(t_current) { t_current = t; }
TracerScope::~TracerScope() { t_current = previous_; }

Tracer::Tracer(std::string name, bool fullgraph) : name_(std::move(name)), fullgraph_(fullgraph) {
  set_lazy_hooks(&kHooks);
  reset_segment();
}

Tracer::~Tracer() = default;

void Tracer::reset_segment() {
  graph_ =
      std::make_unique<ir::Graph>(segment_ == 0 ? name_ : fmt::format("{}_{}", name_, segment_));
  bound_.clear();
  captured_.clear();
  lazies_.clear();
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
  }
  return lazy;
}

ir::Value* Tracer::value_of(const Tensor& t, DType wrapped_as) {
  if (LazyValue* lv = lazy_of(t)) return lv->value;
  if (is_wrapped_number(t)) {
    // A number written in the code: a constant in the dtype the op computes in, which keeps
    // eager's type promotion and precision (see DESIGN decision 4).
    const ir::OpDef& c = ir::op_def("constant");
    Attrs a{{t.item_scalar(), wrapped_as, Shape{}}};
    return graph_->add_node(c, {}, std::move(a), {ir::TensorType::of(wrapped_as, {})})->outputs[0];
  }
  for (auto& [impl, v] : captured_)
    if (impl == t.impl()) return v;
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
  return run(op, inputs, std::move(attrs), loc);
}

std::vector<Tensor> Tracer::record(const ir::OpDef& op, std::span<const Tensor> inputs, Attrs attrs,
                                   Loc loc) {
  InternalScope internal;
  // Inputs lazy in another tracer (another compiled function's) get their data first.
  for (const Tensor& t : inputs)
    if (LazyValue* lv = lazy_of(t); lv && lv->tracer != this)
      lv->tracer->materialize("used by another compiled function", loc);
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
    if (op.view) {
      Tensor v = op.view(call);
      outs.push_back({v.dtype(), v.shape()});
    } else {
      outs = op.infer(call);
    }
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
    throw Error(fmt::format("{}: graph break in a fullgraph compile: {} (at {}:{})", name_, reason,
                            loc.file_name(), loc.line()),
                loc);
  breaks_.push_back({std::string(reason), loc});
  std::vector<std::shared_ptr<TensorImpl>> live;
  std::vector<ir::Value*> values;
  for (auto& w : lazies_)
    if (auto impl = w.lock(); impl && impl->lazy) {
      live.push_back(impl);
      values.push_back(static_cast<LazyValue*>(impl->lazy.get())->value);
    }
  if (!live.empty()) {
    graph_->set_returns(values);
    dump_graph(*graph_, graph_->name());
    std::vector<Tensor> results;
    {
      TracerScope off(nullptr);
      results = interpret(*graph_, bound_, loc);
    }
    for (size_t i = 0; i < live.size(); ++i) fill(*live[i], results[i]);
  }
  reset_segment();
}

std::optional<Tracer::Capture> Tracer::finish(std::vector<Tensor>& outputs) {
  InternalScope internal;
  if (broke()) {
    // Fill whatever is still lazy; the call is not one graph.
    bool any = false;
    for (const Tensor& t : outputs) any = any || lazy_of(t);
    if (any) {
      bool full = fullgraph_;
      fullgraph_ = false;  // the end of the function is not a break
      materialize("end of the function", Loc::current());
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
  for (auto& w : lazies_)
    if (auto impl = w.lock(); impl && impl->lazy) {
      extra.push_back(impl);
      all.push_back(static_cast<LazyValue*>(impl->lazy.get())->value);
    }
  graph_->set_returns(all);
  std::vector<Tensor> results;
  {
    TracerScope off(nullptr);
    results = interpret(*graph_, bound_, Loc::current());
  }
  for (size_t i = 0; i < extra.size(); ++i) fill(*extra[i], results[returns.size() + i]);
  for (size_t i = 0; i < outputs.size(); ++i) outputs[i] = results[i];
  graph_->set_returns(returns);
  cap.num_inputs = num_inputs_;
  cap.captured.assign(bound_.begin() + long(num_inputs_), bound_.end());
  cap.graph = std::move(*graph_);
  reset_segment();
  return cap;
}

}  // namespace kiln::frontend
