// frontend/autograd.cpp — the autograd engine: nodes recorded by frontend::run, the backward
// walk (dependency counts, later nodes first), leaf accumulation, kiln::grad, gradcheck, and
// the Tensor methods of kiln/autograd.h.
#include "frontend/autograd.h"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "frontend/dispatch.h"
#include "frontend/trace.h"
#include "kiln/autograd.h"
#include "kiln/factories.h"
#include "kiln/ops.h"
#include "runtime/lazy.h"
#include "runtime/tensor_impl.h"

namespace kiln {

namespace {

std::atomic<uint64_t> g_seq{0};
// Guards what threads share through a leaf: its accumulator and its grad (two threads may run
// backward through one model at once).
std::recursive_mutex g_leaf_mu;

// A tensor of `shape` filled with `value`: a constant node under kiln::compile.
Tensor filled(const ir::TensorMeta& m, double value) {
  static const ir::OpDef& c = ir::op_def("constant");
  return frontend::run1(c, {}, Attrs{{Scalar(value), m.dtype, m.shape}}, Loc::current());
}

// Sums `g` down to `shape` (undoing broadcasting): leading dims, then dims of size 1.
Tensor sum_to(const Tensor& g, const Shape& shape) {
  const Shape& gs = g.shape();
  if (gs == shape) return g;
  int64_t lead = int64_t(gs.size()) - int64_t(shape.size());
  Shape dims;
  for (int64_t d = 0; d < int64_t(gs.size()); ++d)
    if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) dims.push_back(d);
  Tensor r = dims.empty() ? g : sum(g, dims, true);
  return r.reshape(shape);
}

class OpNode final : public Node {
 public:
  const ir::OpDef* def;
  Attrs attrs;
  Loc loc;
  std::vector<SavedTensor> saved_in, saved_out;
  std::vector<ir::TensorMeta> in_metas;
  std::vector<std::weak_ptr<TensorImpl>> retained;  // outputs that retain_grad()
  bool released_ = false;

  std::string name() const override {
    std::string n(def->name);
    bool up = true;
    for (char& ch : n) {
      if (up) ch = char(std::toupper(static_cast<unsigned char>(ch)));
      up = ch == '_';
    }
    std::erase(n, '_');
    return n + "Backward";
  }

  void release() override {
    saved_in.clear();
    saved_out.clear();
    released_ = true;
  }
  bool released() const override { return released_; }

  // Saved inputs that are `t`: an alias without a strong reference, versioned through `t`.
  void weaken(TensorImpl& t) {
    for (SavedTensor& s : saved_in)
      if (s.data.defined() && s.data.impl() == &t) {
        Tensor data = alias_of(s.data);
        data.impl()->detach_version_base();
        data.impl()->requires_grad = false;
        data.impl()->autograd.reset();
        std::shared_ptr<TensorImpl> owner = t.version_base ? t.version_base : t.shared_from_this();
        s = {data, owner, s.version, false, 0, /*weak=*/true};
      }
  }

  Tensor unpack(const SavedTensor& s, bool create_graph) {
    if (!s.data.defined()) return {};
    uint64_t now = s.version;
    if (!s.is_output && !s.weak)
      now = s.data.impl()->version().load(std::memory_order_relaxed);
    else if (auto owner = s.owner.lock())  // gone: nothing can write it any more
      now = owner->version().load(std::memory_order_relaxed);
    if (now != s.version)
      throw Error(fmt::format("{}: a tensor saved for backward ({}) was modified in place since "
                              "(version {} -> {}); compute on a clone(), or modify it after "
                              "backward()",
                              def->name, describe(s.data), s.version, now),
                  loc);
    if (!s.is_output || !create_graph) return s.data;
    // Higher-order gradients: the output regains this node as its history.
    Tensor t = alias_of(s.data);
    t.impl()->requires_grad = true;
    t.impl()->autograd = std::make_shared<AutogradMeta>(
        AutogradMeta{std::static_pointer_cast<Node>(shared_from_this()), s.output_nr, {}, {}});
    return t;
  }

  std::vector<Tensor> apply(std::vector<Tensor> grads, bool create_graph) override {
    if (!def->grad)
      throw Error(fmt::format("{}: backward is not implemented for this op", def->name), loc);
    if (released_)
      throw Error(fmt::format("{}: backward through a graph that was already freed; pass "
                              "retain_graph=true to the first backward() to run it twice",
                              def->name),
                  loc);
    std::vector<Tensor> in, out;
    for (const auto& s : saved_in) in.push_back(unpack(s, create_graph));
    for (const auto& s : saved_out) out.push_back(unpack(s, create_graph));
    in.resize(in_metas.size());
    out.resize(out_metas.size());
    for (size_t k = 0; k < grads.size(); ++k)
      if (!grads[k].defined()) grads[k] = filled(out_metas[k], 0.0);
    std::unique_ptr<bool[]> needs(new bool[next.size()]);
    for (size_t i = 0; i < next.size(); ++i) needs[i] = next[i].node != nullptr;
    ir::GradCtx ctx{
        def->name, in, out, grads, attrs, in_metas, std::span<const bool>(needs.get(), next.size()),
        loc};
    std::vector<Tensor> r = def->grad(ctx);
    r.resize(next.size());
    for (size_t i = 0; i < r.size(); ++i) {
      if (!r[i].defined() || !next[i].node) {
        r[i] = Tensor();
        continue;
      }
      const ir::TensorMeta& m = in_metas[i];
      if (r[i].shape() != m.shape) r[i] = sum_to(r[i], m.shape);
      if (r[i].dtype() != m.dtype) r[i] = r[i].to(m.dtype);
    }
    return r;
  }
};

// Adds the gradient into a leaf's grad().
class AccumulateGrad final : public Node {
 public:
  std::shared_ptr<TensorImpl> leaf;
  explicit AccumulateGrad(std::shared_ptr<TensorImpl> l) : leaf(std::move(l)) {}
  std::string name() const override { return "AccumulateGrad"; }
  std::vector<Tensor> apply(std::vector<Tensor> grads, bool create_graph) override {
    Tensor g = std::move(grads[0]);
    grads.clear();
    if (!g.defined() || !leaf->autograd) return {};  // no gradient, or the leaf was detach_()ed
    std::lock_guard lock(g_leaf_mu);
    auto& meta = *leaf->autograd;
    if (auto* tracer = frontend::current_tracer())
      tracer->note_grad(Tensor(leaf), leaf->autograd->grad, /*read=*/true);
    if (!meta.grad.defined()) {
      // The grad is kept and later updated in place (accumulation, clipping, zero_grad), so it
      // must own its memory: a gradient shared with another leaf or with the caller is copied.
      bool exclusive =
          g.impl()->lazy ||
          (g.is_contiguous() && g.impl()->weak_from_this().use_count() == 1 && g.use_count() == 1);
      // While tracing, a grad that is a view in the graph (sum's gradient is an expand) gets a
      // value of its own, so in-place updates of it (clipping, accumulation) stay in the graph.
      if (auto* lv = static_cast<frontend::LazyValue*>(g.impl()->lazy.get());
          lv && lv->value->producer && lv->value->producer->op->cls == ir::OpClass::View)
        exclusive = false;
      if (create_graph)
        meta.grad = exclusive ? g : g.clone();  // the clone keeps its history
      else
        meta.grad = exclusive ? alias_of(g) : alias_of(g).clone();
    } else if (!create_graph && !meta.grad.requires_grad()) {
      // In place, as PyTorch: holders of grad() see the sum, and under kiln::compile the
      // accumulation is written back into the same tensor on every replay.
      add_(meta.grad, create_graph ? g : alias_of(g));
    } else {
      meta.grad = add(meta.grad, g);
    }
    return {};
  }
};

AutogradMeta& ensure_meta(const Tensor& t) {
  std::lock_guard lock(g_leaf_mu);
  auto& m = t.impl()->autograd;
  if (!m) m = std::make_shared<AutogradMeta>();
  return *m;
}

void check_inplace(const Tensor& dst, const Tensor& src, Loc loc) {
  if (dst.requires_grad() && dst.is_leaf())
    throw Error(fmt::format("copy_: a leaf tensor that requires grad ({}) cannot be written in "
                            "place while grad mode is on; update it under kiln::NoGradGuard (as "
                            "optimizers do)",
                            describe(dst)),
                loc);
  if (dst.impl()->version_base)
    throw Error(fmt::format("copy_: autograd cannot follow an in-place write into a view ({} from "
                            "{}); build the result out of place (where, cat) instead",
                            describe(dst), describe(src)),
                loc);
  if (dst.impl()->live_views.load(std::memory_order_relaxed) > 0)
    throw Error(fmt::format("copy_: autograd cannot follow an in-place write into {} while views "
                            "of it are alive (they would keep the old history); write into a "
                            "copy, or drop the views first",
                            describe(dst)),
                loc);
}

void rebase(Tensor& dst, const Tensor& src, Loc loc) {
  Tensor s = src;
  if (s.requires_grad()) {
    if (s.dtype() != dst.dtype()) s = s.to(dst.dtype(), loc);
    if (s.shape() != dst.shape()) s = s.expand(dst.shape(), loc);
    if (s.is_leaf()) s = s.reshape(s.shape(), loc);  // a node that passes the gradient on
  }
  TensorImpl& d = *dst.impl();
  d.requires_grad = s.requires_grad();
  if (!d.requires_grad) {
    d.autograd.reset();
    return;
  }
  auto m = std::make_shared<AutogradMeta>();
  m->grad_fn = s.impl()->autograd->grad_fn;
  m->output_nr = s.impl()->autograd->output_nr;
  // The node that now makes dst may have saved dst itself as an input (x *= x): keep that
  // reference weak, or dst and its history would keep each other alive.
  if (auto* op = dynamic_cast<OpNode*>(m->grad_fn.get())) op->weaken(d);
  d.autograd = std::move(m);
}

// Sets grad mode for a scope.
struct GradMode {
  bool previous;
  explicit GradMode(bool on) : previous(grad_mode()) { set_grad_mode(on); }
  ~GradMode() { set_grad_mode(previous); }
};

struct Target {
  Edge edge;
  bool leaf;
};

// The backward walk. With `targets`, gradients reaching them are returned instead of
// accumulated into leaves, and only nodes on a path to a target run.
std::vector<Tensor> run_backward(const std::vector<Tensor>& roots,
                                 const std::vector<Tensor>& grad_roots, bool retain_graph,
                                 bool create_graph, const std::vector<Target>* targets,
                                 const char* what, Loc loc) {
  if (!grad_roots.empty() && grad_roots.size() != roots.size())
    throw Error(
        fmt::format("{}: {} outputs but {} gradients", what, roots.size(), grad_roots.size()), loc);
  GradMode mode(create_graph);
  std::unordered_map<Node*, std::vector<Tensor>> buffers;
  std::unordered_map<Node*, int> deps;
  std::vector<std::shared_ptr<Node>> start;
  auto add_to = [&](Node* n, int slot, const Tensor& g) {
    auto& buf = buffers[n];
    if (buf.size() < std::max<size_t>(n->out_metas.size(), 1))
      buf.resize(std::max<size_t>(n->out_metas.size(), 1));
    buf[slot] = buf[slot].defined() ? add(buf[slot], g) : g;
  };
  for (size_t i = 0; i < roots.size(); ++i) {
    const Tensor& r = roots[i];
    if (!r.defined() || !r.requires_grad())
      throw Error(fmt::format("{}: output {} does not require grad (it has no history; did an "
                              "input call requires_grad_()?)",
                              what, i),
                  loc);
    Tensor g = grad_roots.empty() ? Tensor() : grad_roots[i];
    if (!g.defined()) {
      if (r.numel() != 1)
        throw Error(fmt::format("{}: output {} has shape {}; a gradient is only implicit for "
                                "one-element outputs, pass one",
                                what, i, shape_str(r.shape())),
                    loc);
      g = filled({r.dtype(), r.shape()}, 1.0);
    } else if (g.shape() != r.shape()) {
      throw Error(fmt::format("{}: gradient of shape {} for output {} of shape {}", what,
                              shape_str(g.shape()), i, shape_str(r.shape())),
                  loc);
    }
    Edge e = autograd::edge_of(r);
    add_to(e.node.get(), e.slot, g);
    start.push_back(e.node);
  }
  // Dependency counts over the reachable graph.
  std::vector<Node*> stack;
  std::unordered_set<Node*> seen;
  std::vector<Node*> order;
  for (auto& n : start)
    if (seen.insert(n.get()).second) stack.push_back(n.get());
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    order.push_back(n);
    for (const Edge& e : n->next) {
      if (!e.node) continue;
      ++deps[e.node.get()];
      if (seen.insert(e.node.get()).second) stack.push_back(e.node.get());
    }
  }
  // With targets: which nodes lead to one (only those run).
  std::unordered_set<Node*> needed;
  std::unordered_map<Node*, std::vector<size_t>> target_at;
  std::vector<Tensor> captured;
  if (targets) {
    captured.resize(targets->size());
    for (size_t k = 0; k < targets->size(); ++k)
      target_at[(*targets)[k].edge.node.get()].push_back(k);
    // Reverse topological fixpoint: a node is needed if it is a non-leaf target or feeds one.
    bool changed = true;
    while (changed) {
      changed = false;
      for (Node* n : order) {
        if (needed.count(n)) continue;
        bool need = false;
        for (const Edge& e : n->next)
          if (e.node && (needed.count(e.node.get()) || target_at.count(e.node.get()))) need = true;
        if (need) changed = needed.insert(n).second || changed;
      }
    }
  }
  auto cmp = [](Node* a, Node* b) { return a->seq < b->seq; };
  std::priority_queue<Node*, std::vector<Node*>, decltype(cmp)> ready(cmp);
  std::unordered_set<Node*> pushed;
  for (auto& n : start)
    if (!deps.count(n.get()) && pushed.insert(n.get()).second) ready.push(n.get());
  while (!ready.empty()) {
    Node* n = ready.top();
    ready.pop();
    std::vector<Tensor> grads = std::move(buffers[n]);
    buffers.erase(n);
    if (grads.empty()) grads.resize(std::max<size_t>(n->out_metas.size(), 1));
    if (auto* op = dynamic_cast<OpNode*>(n)) {
      for (size_t k = 0; k < op->retained.size(); ++k)
        if (auto impl = op->retained[k].lock(); impl && grads[k].defined() && impl->autograd) {
          Tensor g = alias_of(grads[k]);
          auto& slot = impl->autograd->grad;
          slot = slot.defined() ? add(slot, g) : g;
        }
    }
    if (targets) {
      if (auto it = target_at.find(n); it != target_at.end())
        for (size_t k : it->second) captured[k] = grads[(*targets)[k].edge.slot];
    }
    bool any = false;
    for (const Tensor& g : grads) any |= g.defined();
    bool run = any && (!targets || needed.count(n));
    std::vector<Tensor> out;
    if (run) {
      out = n->apply(std::move(grads), create_graph);
      if (!retain_graph) n->release();
    }
    for (size_t i = 0; i < n->next.size(); ++i) {
      const Edge& e = n->next[i];
      if (!e.node) continue;
      if (i < out.size() && out[i].defined()) add_to(e.node.get(), e.slot, out[i]);
      if (--deps[e.node.get()] == 0) ready.push(e.node.get());
    }
  }
  return captured;
}

}  // namespace

// ---------------------------------------------------------------- recording
namespace autograd {

AutogradMeta* meta(const Tensor& t) { return t.defined() ? t.impl()->autograd.get() : nullptr; }

bool needs_grad(const ir::OpDef& def, std::span<const Tensor> inputs) {
  if (!def.differentiable || !grad_mode()) return false;
  for (const Tensor& t : inputs)
    if (t.defined() && t.impl()->requires_grad) return true;
  return false;
}

Edge edge_of(const Tensor& t) {
  AutogradMeta& m = ensure_meta(t);
  std::lock_guard lock(g_leaf_mu);
  if (m.grad_fn) return {m.grad_fn, m.output_nr};
  std::shared_ptr<Node> acc = m.accumulator.lock();
  if (!acc) {
    acc = std::make_shared<AccumulateGrad>(t.impl()->shared_from_this());
    acc->out_metas = {{t.dtype(), t.shape()}};
    acc->seq = g_seq.fetch_add(1);
    m.accumulator = acc;
  }
  return {acc, 0};
}

void owned_grads(std::vector<Tensor>& grads) {
  for (size_t i = 0; i < grads.size(); ++i) {
    if (!grads[i].defined()) continue;
    bool shared = !grads[i].is_contiguous();
    for (size_t j = 0; j < i && !shared; ++j) shared = grads[j].shares_storage(grads[i]);
    if (shared) set_data(*grads[i].impl(), alias_of(grads[i]).clone());
  }
}

void zero_grads(const std::vector<Tensor>& params, bool set_to_none) {
  for (Tensor p : params) {
    if (set_to_none) {
      p.set_grad(Tensor());
    } else if (Tensor g = p.grad(); g.defined()) {
      NoGradGuard no_grad;
      zero_(g);
    }
  }
}

bool has_live_history(const Tensor& t) {
  auto* m = meta(t);
  return t.defined() && t.requires_grad() && (!m || !m->grad_fn || !m->grad_fn->released());
}

void record(const ir::OpDef& def, std::span<const Tensor> inputs, const Attrs& attrs,
            std::span<Tensor> outputs, Loc loc) {
  auto node = std::make_shared<OpNode>();
  node->def = &def;
  node->attrs = attrs;
  node->loc = loc;
  node->seq = g_seq.fetch_add(1);
  InternalScope internal;  // reading shapes here is kiln's, not the user's
  for (const Tensor& t : inputs) {
    node->next.push_back(t.defined() && t.impl()->requires_grad ? edge_of(t) : Edge{});
    node->in_metas.push_back(t.defined() ? ir::TensorMeta{t.dtype(), t.shape()}
                                         : ir::TensorMeta{DType::Float32, {}});
    if (def.grad_saves & ir::kSaveInputs)
      node->saved_in.push_back(
          {t, {}, t.defined() ? t.impl()->version().load(std::memory_order_relaxed) : 0});
  }
  for (size_t k = 0; k < outputs.size(); ++k) {
    Tensor& o = outputs[k];
    node->out_metas.push_back({o.dtype(), o.shape()});
    if (!is_floating(o.dtype())) continue;  // integer results (indices) carry no gradient
    o.impl()->requires_grad = true;
    o.impl()->autograd = std::make_shared<AutogradMeta>(AutogradMeta{node, int(k), {}, {}});
  }
  if (def.grad_saves & ir::kSaveOutputs)
    for (size_t k = 0; k < outputs.size(); ++k) {
      TensorImpl& o = *outputs[k].impl();
      Tensor data = alias_of(outputs[k]);
      data.impl()->detach_version_base();  // no strong reference back to the output
      std::shared_ptr<TensorImpl> owner = o.version_base ? o.version_base : o.shared_from_this();
      node->saved_out.push_back(
          {data, owner, o.version().load(std::memory_order_relaxed), true, int(k), true});
    }
  node->retained.resize(outputs.size());
}

}  // namespace autograd

// ---------------------------------------------------------------- public API
bool grad_enabled() { return grad_mode(); }
void set_grad_enabled(bool enabled) { set_grad_mode(enabled); }
NoGradGuard::NoGradGuard() : previous_(grad_mode()) { set_grad_mode(false); }
NoGradGuard::~NoGradGuard() { set_grad_mode(previous_); }
EnableGradGuard::EnableGradGuard() : previous_(grad_mode()) { set_grad_mode(true); }
EnableGradGuard::~EnableGradGuard() { set_grad_mode(previous_); }

void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
              bool retain_graph, bool create_graph, Loc loc) {
  run_backward(outputs, grad_outputs, retain_graph || create_graph, create_graph, nullptr,
               "backward", loc);
}

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs, bool retain_graph,
                         bool create_graph, bool allow_unused, Loc loc) {
  std::vector<Target> targets;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].defined() || !inputs[i].requires_grad())
      throw Error(fmt::format("grad: input {} does not require grad", i), loc);
    targets.push_back({autograd::edge_of(inputs[i]), inputs[i].is_leaf()});
  }
  auto r = run_backward(outputs, grad_outputs, retain_graph || create_graph, create_graph, &targets,
                        "grad", loc);
  for (size_t i = 0; i < r.size(); ++i) {
    if (!r[i].defined() && !allow_unused)
      throw Error(fmt::format("grad: the outputs do not depend on input {} ({}); pass "
                              "allow_unused=true to get an undefined gradient",
                              i, describe(inputs[i])),
                  loc);
    if (r[i].defined() && !create_graph) r[i] = alias_of(r[i]);
  }
  return r;
}

std::string gradcheck(const std::function<Tensor(const std::vector<Tensor>&)>& fn,
                      const std::vector<Tensor>& inputs, GradcheckOptions o) {
  // A fixed random projection makes the output a scalar: L = sum(fn(x) * v).
  Tensor probe = fn(inputs);
  Generator gen(1234);
  Tensor v = randn(probe.shape(), DType::Float64, &gen);
  auto loss = [&](const std::vector<Tensor>& in) { return sum(mul(fn(in).to(DType::Float64), v)); };
  std::vector<Tensor> wrt;
  std::vector<size_t> which;
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].defined() && inputs[i].requires_grad()) {
      if (inputs[i].dtype() != DType::Float64)
        return fmt::format("input {} is {}; gradcheck needs float64", i, name(inputs[i].dtype()));
      wrt.push_back(inputs[i]);
      which.push_back(i);
    }
  std::vector<Tensor> analytical =
      grad({loss(inputs)}, wrt, {}, false, false, /*allow_unused=*/true);
  NoGradGuard no_grad;
  for (size_t w = 0; w < wrt.size(); ++w) {
    const Tensor& x = wrt[w];
    Tensor a = analytical[w].defined() ? analytical[w].contiguous() : zeros_like(x);
    const double* ap = a.data<double>();
    double* base = static_cast<double*>(x.data_ptr());
    Shape idx(x.dim(), 0);
    for (int64_t flat = 0; flat < x.numel(); ++flat) {
      int64_t off = 0;
      for (int64_t d = 0; d < x.dim(); ++d) off += idx[d] * x.strides()[d];
      double keep = base[off];
      base[off] = keep + o.eps;
      double plus = loss(inputs).item<double>();
      base[off] = keep - o.eps;
      double minus = loss(inputs).item<double>();
      base[off] = keep;
      double numerical = (plus - minus) / (2 * o.eps);
      double got = ap[flat];
      if (!(std::abs(got - numerical) <= o.atol + o.rtol * std::abs(numerical)))
        return fmt::format("input {} element {} ({}): analytical {:.8g}, numerical {:.8g}",
                           which[w], flat, shape_str(idx), got, numerical);
      for (int64_t d = x.dim() - 1; d >= 0; --d) {
        if (++idx[d] < x.shape()[d]) break;
        idx[d] = 0;
      }
    }
  }
  return {};
}

// ---------------------------------------------------------------- Tensor methods
bool Tensor::requires_grad() const { return defined() && impl_->requires_grad; }

Tensor& Tensor::requires_grad_(bool on, Loc loc) {
  if (!defined()) throw Error("requires_grad_: the tensor is undefined", loc);
  if (!is_leaf())
    throw Error(fmt::format("requires_grad_: {} is the result of an op ({}); only leaves can "
                            "change requires_grad (use detach() for a new leaf)",
                            describe(*this), grad_fn_name()),
                loc);
  if (on && !is_floating(dtype()))
    throw Error(fmt::format("requires_grad_: only floating-point tensors can require grad, not {}",
                            name(dtype())),
                loc);
  impl_->requires_grad = on;
  if (on) ensure_meta(*this);
  return *this;
}

Tensor Tensor::grad() const {
  auto* m = autograd::meta(*this);
  Tensor g = m ? m->grad : Tensor();
  if (auto* tracer = frontend::current_tracer(); tracer && requires_grad())
    tracer->note_grad(*this, g, /*read=*/true);
  return g;
}

void Tensor::set_grad(const Tensor& g, Loc loc) {
  if (!defined()) throw Error("set_grad: the tensor is undefined", loc);
  if (g.defined() && (g.shape() != shape() || g.dtype() != dtype()))
    throw Error(fmt::format("set_grad: gradient {} does not match the tensor {}", describe(g),
                            describe(*this)),
                loc);
  AutogradMeta& m = ensure_meta(*this);
  if (auto* tracer = frontend::current_tracer()) tracer->note_grad(*this, m.grad, false);
  m.grad = g;
}

bool Tensor::is_leaf() const {
  auto* m = autograd::meta(*this);
  return !m || !m->grad_fn;
}

void Tensor::retain_grad(Loc loc) {
  if (!requires_grad()) throw Error("retain_grad: the tensor does not require grad", loc);
  if (is_leaf()) return;
  auto& m = *impl_->autograd;
  if (auto* op = dynamic_cast<OpNode*>(m.grad_fn.get())) op->retained[m.output_nr] = impl_;
}

std::string Tensor::grad_fn_name() const {
  auto* m = autograd::meta(*this);
  return m && m->grad_fn ? m->grad_fn->name() : std::string();
}

void Tensor::backward(const Tensor& gradient, bool retain_graph, bool create_graph, Loc loc) const {
  kiln::backward({*this}, {gradient}, retain_graph, create_graph, loc);
}

Tensor Tensor::detach() const {
  if (!defined()) return *this;
  return alias_of(*this);
}

Tensor& Tensor::detach_() {
  if (defined()) {
    impl_->requires_grad = false;
    impl_->autograd.reset();
  }
  return *this;
}

uint64_t Tensor::version() const {
  return defined() ? impl_->version().load(std::memory_order_relaxed) : 0;
}

// The hooks runtime/tensor.cpp calls for copy_ (installed with the tracer's, frontend/trace.cpp).
namespace autograd {
void check_inplace_hook(const Tensor& dst, const Tensor& src, Loc loc) {
  check_inplace(dst, src, loc);
}
void rebase_hook(Tensor& dst, const Tensor& src, Loc loc) { rebase(dst, src, loc); }
}  // namespace autograd

}  // namespace kiln
