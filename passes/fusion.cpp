#include "passes/fusion.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "passes/pass.h"
#include "runtime/gemm.h"

namespace kiln::passes {

namespace {

using Dims = std::vector<ir::Dim>;

std::string dims_str(const Dims& d) {
  std::string s = "[";
  for (size_t i = 0; i < d.size(); ++i)
    s += (i ? ", " : "") + (d[i].symbolic() ? d[i].symbol : std::to_string(d[i].size));
  return s + "]";
}

// `space` with its trailing `k` dims set to 1: the shape of a per-row (keepdim) value.
Dims row_shape(const Dims& space, int k) {
  Dims r = space;
  for (size_t i = r.size() - size_t(k); i < r.size(); ++i) r[i] = ir::Dim::of(1);
  return r;
}

struct Work {
  std::vector<size_t> nodes;  // indices into g.nodes()
  Dims space;
  int k = 0;
  bool kernel = false;
  bool linalg = false;                     // a matmul and its epilogue
  std::vector<Epilogue> steps;             // linalg: one per node after the matmul
  std::vector<const ir::Value*> operands;  // linalg: the binary steps' other tensors
  size_t first = 0;                        // smallest node index
};

class Planner {
 public:
  explicit Planner(const ir::Graph& g) : g_(g), readers_(g) {
    for (size_t i = 0; i < g.nodes().size(); ++i) {
      const ir::Node* n = g.nodes()[i].get();
      index_[n] = i;
      for (const ir::Value* v : n->outputs) number_[v] = next_number_++;
    }
    group_of_.assign(g.nodes().size(), -1);
  }

  FusionPlan run() {
    for (size_t i = 0; i < g_.nodes().size(); ++i) place(i);
    return finish();
  }

 private:
  std::string name(const ir::Value* v) const {
    auto it = number_.find(v);
    return it == number_.end() ? "%" + v->name : fmt::format("%{}", it->second);
  }
  std::string node_name(size_t i) const {
    const ir::Node& n = *g_.nodes()[i];
    return fmt::format("{} = {}", n.outputs.empty() ? "?" : name(n.outputs[0]), n.op->name);
  }
  void note(size_t i, const std::string& why) {
    plan_notes_.push_back(fmt::format("{}: {}", node_name(i), why));
  }

  // Why node `n` cannot be in a kernel at all ("" when it can).
  std::string unfusable(const ir::Node& n) {
    const ir::OpDef& d = *n.op;
    if (!d.lower && d.decompose) {  // not decomposed: its rule declined, or no decompose pass
      std::string why = d.whole ? d.whole(n) : "";
      return fmt::format("runs its own kernel, whole ({})",
                         why.empty() ? "not decomposed" : "its decomposition declined: " + why);
    }
    if (!d.lower) return "runs its own kernel (no fused form)";
    if (n.outputs.size() != 1) return "runs its own kernel (several results)";
    ir::ScalarBuilder b;
    std::vector<ir::SExpr> args;
    for (size_t i = 0; i < n.inputs.size(); ++i)
      args.push_back(b.load(int(i), n.inputs[i]->type.dtype));
    ir::SExpr r = ir::lower_node(b, d, args, n.attrs, n.outputs[0]->type.dtype);
    if (!r.ok()) return "runs its own kernel: " + b.refusal();
    if (d.cls == ir::OpClass::Reduction) {
      std::vector<int64_t> dims = reduced_dims(n);
      int64_t rank = n.inputs[0]->type.rank();
      for (size_t j = 0; j < dims.size(); ++j)
        if (dims[j] != rank - int64_t(dims.size() - j))
          return fmt::format(
              "runs its own kernel: it reduces dims {} of {}, only trailing dims fuse",
              shape_str(dims), n.inputs[0]->type.str());
      if (dims.empty()) return "runs its own kernel: it reduces no dims";
    }
    return "";
  }

  bool in_group(const ir::Value* v, int gid) const {
    return v->producer && group_of_[index_.at(v->producer)] == gid;
  }

  // Whether `v` (produced outside group `gid`) depends on a node of the group, with groups
  // contracted: a kernel runs as a unit, so reaching one of its nodes reaches all its inputs
  // (two independent nodes in one kernel make its users wait for both).
  bool depends_on(const ir::Value* v, int gid) const {
    std::vector<const ir::Node*> stack;
    std::set<const ir::Node*> seen;
    std::set<int> expanded;
    auto push = [&](const ir::Node* n) {
      if (seen.insert(n).second) stack.push_back(n);
    };
    if (v->producer) push(v->producer);
    while (!stack.empty()) {
      const ir::Node* n = stack.back();
      stack.pop_back();
      int g = group_of_[index_.at(n)];
      if (g == gid) return true;
      if (g >= 0 && expanded.insert(g).second)
        for (size_t j : groups_[size_t(g)].nodes) push(g_.nodes()[j].get());
      for (const ir::Value* in : n->inputs)
        if (in->producer) push(in->producer);
    }
    return false;
  }

  // "" when node i can join group gid, else why not.
  std::string fits(size_t i, int gid) const {
    const ir::Node& n = *g_.nodes()[i];
    const Work& w = groups_[size_t(gid)];
    if (w.nodes.size() >= kMaxGroupOps)
      return fmt::format("the kernel already has {} ops (the most one takes)", kMaxGroupOps);
    Dims row = w.k ? row_shape(w.space, w.k) : w.space;
    if (n.op->cls == ir::OpClass::Reduction) {
      const Dims& x = n.inputs[0]->type.dims;
      int k = int(reduced_dims(n).size());
      if (x != w.space)
        return fmt::format("it reduces {} but the kernel iterates over {}", dims_str(x),
                           dims_str(w.space));
      if (w.k && k != w.k)
        return fmt::format("it reduces {} dims, the kernel's other reductions {}", k, w.k);
    } else {
      const Dims& o = n.outputs[0]->type.dims;
      bool full = o == w.space;
      if (!full && !(w.k && o == row))
        return fmt::format("its shape {} is not the kernel's space {}", dims_str(o),
                           dims_str(w.space));
      for (const ir::Value* a : n.inputs)
        if (in_group(a, gid) && a->type.dims != o && !(full && a->type.dims == row))
          return fmt::format(
              "it reads {} of shape {} from the kernel, which cannot be indexed "
              "over {}",
              name(a), dims_str(a->type.dims), dims_str(o));
    }
    for (const ir::Value* a : n.inputs)
      if (!in_group(a, gid) && depends_on(a, gid))
        return fmt::format("its input {} is computed from the kernel's results by another kernel",
                           name(a));
    return "";
  }

  // "" when node i can extend the epilogue of linalg group gid (recording the step in `step`).
  std::string fits_epilogue(size_t i, int gid, Epilogue& step, const ir::Value*& operand) const {
    const ir::Node& n = *g_.nodes()[i];
    const Work& w = groups_[size_t(gid)];
    const ir::Value* tail = g_.nodes()[w.nodes.back()]->outputs[0];
    if (!n.op->epilogue) return "it is not a matmul/conv epilogue step";
    step = n.op->epilogue(n.attrs);
    operand = nullptr;
    if (step.op == EpiOp::None) return "this form of it is not a matmul/conv epilogue step";
    if (n.outputs[0]->type.dtype != DType::Float32) return "its result is not float32";
    if (n.outputs[0]->type.dims != tail->type.dims)
      return "its result is not shaped like the matmul's";
    if (readers_.uses(tail) != 1) return "the matmul's result is also used elsewhere";
    if (n.inputs.size() == 1) return "";
    int at = n.inputs[0] == tail ? 0 : 1;
    const ir::Value* other = n.inputs[size_t(1 - at)];
    if (other == tail) return "it reads the matmul's result twice";
    double c = 0;
    if (ir::scalar_constant(other, c)) {  // alpha * x + beta
      float f = float(c);
      switch (step.op) {
        case EpiOp::Add:
          step = {EpiOp::Linear, 1.f, f};
          return "";
        case EpiOp::Sub:
          step = at == 0 ? Epilogue{EpiOp::Linear, 1.f, -f} : Epilogue{EpiOp::Linear, -1.f, f};
          return "";
        case EpiOp::Mul:
          step = {EpiOp::Linear, f, 0.f};
          return "";
        case EpiOp::Div:
          if (at == 0) {
            step = {EpiOp::Linear, 1.f / f, 0.f};
            return "";
          }
          return "a constant divided by the matmul's result is not an epilogue step";
        default:
          return "a comparison with a constant is not an epilogue step";
      }
    }
    if (at == 1 && (step.op == EpiOp::Sub || step.op == EpiOp::Div))
      return "the matmul's result is its right operand";
    if (other->type.dtype != DType::Float32) return "its other operand is not float32";
    if (depends_on(other, gid)) return "its other operand is computed from the matmul";
    operand = other;
    return "";
  }

  void place(size_t i) {
    const ir::Node& n = *g_.nodes()[i];
    if (n.op->cls == ir::OpClass::Constant) return;  // inlined into kernels, or evaluated once
    if (n.op->epilogue_kernel && n.outputs[0]->type.dtype == DType::Float32) {
      start(i, false);
      groups_.back().linalg = true;
      return;
    }
    // A matmul's epilogue first: it saves a pass over the matmul's result.
    for (const ir::Value* a : n.inputs) {
      if (!a->producer) continue;
      int gid = group_of_[index_.at(a->producer)];
      if (gid < 0 || !groups_[size_t(gid)].linalg) continue;
      if (g_.nodes()[groups_[size_t(gid)].nodes.back()]->outputs[0] != a) continue;
      Epilogue step;
      const ir::Value* operand = nullptr;
      std::string refusal = fits_epilogue(i, gid, step, operand);
      Work& w = groups_[size_t(gid)];
      // oneDNN 2.6's matmul drops all but one eltwise_linear post-op (measured: linear, add,
      // linear gives the wrong result): consecutive ones fold into one, others end the chain.
      bool fold = refusal.empty() && step.op == EpiOp::Linear && !w.steps.empty() &&
                  w.steps.back().op == EpiOp::Linear;
      // kiln applies every step from the first clamp on (gemm::apply): only steps it has.
      if (refusal.empty() && !gemm::supports(std::span<const Epilogue>(&step, 1)) &&
          std::any_of(w.steps.begin(), w.steps.end(),
                      [](const Epilogue& e) { return e.op == EpiOp::Clamp; }))
        refusal =
            "a step kiln's epilogue lacks after a clamp (kiln applies the steps from a clamp on)";
      if (refusal.empty() && step.op == EpiOp::Linear && !fold)
        for (const Epilogue& e : w.steps)
          if (e.op == EpiOp::Linear)
            refusal = "a second scale-and-shift step (oneDNN 2.6 keeps only one per matmul)";
      // Likewise two steps of one oneDNN algorithm with other parameters share the first's
      // (elu 0.7 after a relu, which runs as elu 0: measured wrong in brgconv).
      auto algo = [](const Epilogue& e) {
        return e.op == EpiOp::Relu ? Epilogue{EpiOp::Elu, 0.f, 0.f} : e;
      };
      if (refusal.empty() && !step.binary() && step.op != EpiOp::Linear &&
          step.op != EpiOp::Clamp)  // (kiln applies clamps itself)
        for (const Epilogue& e : w.steps) {
          Epilogue a = algo(e), b = algo(step);
          if (a.op == b.op && (a.alpha != b.alpha || a.beta != b.beta))
            refusal =
                "a second step of one oneDNN algorithm with other parameters (oneDNN 2.6 "
                "uses the first's)";
        }
      if (refusal.empty()) {
        if (fold) {
          Epilogue& last = w.steps.back();
          last.beta = step.alpha * last.beta + step.beta;
          last.alpha *= step.alpha;
        } else {
          if (operand) {
            step.operand = int(w.operands.size());
            w.operands.push_back(operand);
          }
          w.steps.push_back(step);
        }
        join(i, gid);
        return;
      }
      note(i, fmt::format("not in {}'s epilogue: {}", name(a), refusal));
    }
    std::string why = unfusable(n);
    if (!why.empty()) {
      if (n.op->cls != ir::OpClass::View) {
        note(i, why);
      } else if (const ir::Value* a = n.inputs.empty() ? nullptr : n.inputs[0]; a && a->producer) {
        // A view of a kernel's result splits that kernel from its readers: say why it stays.
        // (One no fusable op reads splits nothing.)
        int gid = group_of_[index_.at(a->producer)];
        if (gid >= 0 && groups_[size_t(gid)].kernel && read_by_fusable(n, readers_))
          if (std::string stays = why_view_stays(n, readers_); !stays.empty())
            note(i, fmt::format("a view of {}, which its kernel writes whole for it: {}", name(a),
                                stays));
      }
      start(i, false);
      return;
    }
    // Join the group of the latest producer that takes it.
    std::vector<int> tried;
    for (auto it = n.inputs.rbegin(); it != n.inputs.rend(); ++it) {
      const ir::Value* a = *it;
      if (!a->producer) continue;
      int gid = group_of_[index_.at(a->producer)];
      if (gid < 0 || !groups_[size_t(gid)].kernel ||
          std::find(tried.begin(), tried.end(), gid) != tried.end())
        continue;
      tried.push_back(gid);
      std::string refusal = fits(i, gid);
      if (refusal.empty()) {
        join(i, gid);
        // Sibling kernels that also feed this node join too (gelu's 0.5 * x beside erf(...)).
        for (const ir::Value* b : n.inputs) {
          if (!b->producer) continue;
          int other = group_of_[index_.at(b->producer)];
          if (other < 0 || other == gid || !groups_[size_t(other)].kernel) continue;
          std::string why = merge(gid, other);
          if (!why.empty()) note(i, fmt::format("{}'s kernel stays apart: {}", name(b), why));
        }
        return;
      }
      note(i, fmt::format("not fused with {}'s kernel: {}", name(a), refusal));
    }
    start(i, true);
    siblings(i);
  }

  // A new kernel for node i reads what an earlier kernel reads (amax(x) and amin(x), the mean
  // and the square of one x): one kernel reads it once. The earlier kernel takes node i's where
  // they iterate over the same space; else the reason is noted.
  void siblings(size_t i) {
    const ir::Node& n = *g_.nodes()[i];
    int gid = group_of_[i];
    for (const ir::Value* a : n.inputs) {
      double c = 0;
      if (ir::scalar_constant(a, c)) continue;
      for (int other = 0; other < gid; ++other) {
        const Work& w = groups_[size_t(other)];
        if (!w.kernel || w.nodes.empty()) continue;
        bool produces = false;  // then place() tried it and noted why not
        for (const ir::Value* b : n.inputs) produces = produces || in_group(b, other);
        if (produces) continue;
        bool reads = false;
        for (size_t j : w.nodes)
          for (const ir::Value* b : g_.nodes()[j]->inputs) reads = reads || b == a;
        if (!reads) continue;
        std::string why = merge(other, gid);
        if (why.empty()) return;
        note(i, fmt::format("not in the kernel of {} (which also reads {}): {}",
                            name(g_.nodes()[w.nodes.front()]->outputs[0]), name(a), why));
      }
    }
  }

  // Moves group `b`'s nodes into group `a` when they iterate over the same space and the union
  // stays convex (no outside node between them); else why not.
  std::string merge(int a, int b) {
    Work& A = groups_[size_t(a)];
    Work& B = groups_[size_t(b)];
    if (A.space != B.space)
      return fmt::format("the kernels iterate over different spaces, {} and {}", dims_str(A.space),
                         dims_str(B.space));
    if (A.k && B.k && A.k != B.k)
      return fmt::format("one kernel reduces {} trailing dims, the other {}", A.k, B.k);
    if (A.nodes.size() + B.nodes.size() > kMaxGroupOps)
      return fmt::format("together they would have {} ops (a kernel takes at most {})",
                         A.nodes.size() + B.nodes.size(), kMaxGroupOps);
    // What one kernel reads from the other becomes a read inside the merged kernel: fits()'s
    // rule (a per-row value is read per row; a reduction's result without its dims is not a
    // value the kernel can index).
    Dims row = std::max(A.k, B.k) ? row_shape(A.space, std::max(A.k, B.k)) : A.space;
    for (auto [w, other] : {std::pair{&A, b}, std::pair{&B, a}})
      for (size_t j : w->nodes) {
        const ir::Node& n = *g_.nodes()[j];
        if (n.op->cls == ir::OpClass::Reduction) continue;  // reads a value shaped like the space
        const Dims& o = n.outputs[0]->type.dims;
        for (const ir::Value* v : n.inputs)
          if (in_group(v, other) && v->type.dims != o && !(o == A.space && v->type.dims == row))
            return fmt::format(
                "{} reads {} of shape {} from the other kernel, which cannot be "
                "indexed over {}",
                node_name(j), name(v), dims_str(v->type.dims), dims_str(o));
      }
    auto outside_inputs_avoid = [&](const Work& w, int self, int avoid) {
      for (size_t i : w.nodes)
        for (const ir::Value* v : g_.nodes()[i]->inputs)
          if (!in_group(v, self) && !in_group(v, avoid) && depends_on(v, avoid)) return false;
      return true;
    };
    if (!outside_inputs_avoid(A, a, b) || !outside_inputs_avoid(B, b, a))
      return "a node outside both runs between them";
    for (size_t i : B.nodes) {
      A.nodes.push_back(i);
      group_of_[i] = a;
    }
    std::sort(A.nodes.begin(), A.nodes.end());
    A.first = std::min(A.first, B.first);
    A.k = std::max(A.k, B.k);
    B.nodes.clear();
    B.kernel = false;
    return "";
  }

  void start(size_t i, bool kernel) {
    const ir::Node& n = *g_.nodes()[i];
    Work w;
    w.kernel = kernel;
    w.first = i;
    if (kernel)
      w.space =
          n.op->cls == ir::OpClass::Reduction ? n.inputs[0]->type.dims : n.outputs[0]->type.dims;
    groups_.push_back(std::move(w));
    join(i, int(groups_.size()) - 1);
  }

  void join(size_t i, int gid) {
    const ir::Node& n = *g_.nodes()[i];
    Work& w = groups_[size_t(gid)];
    if (w.kernel && n.op->cls == ir::OpClass::Reduction) w.k = int(reduced_dims(n).size());
    w.nodes.push_back(i);
    w.first = std::min(w.first, i);
    group_of_[i] = gid;
  }

  FusionPlan finish() {
    FusionPlan plan;
    plan.notes = std::move(plan_notes_);
    std::set<const ir::Value*> returned(g_.returns().begin(), g_.returns().end());
    // Group dependencies, then a topological order (Kahn, smallest first node first).
    size_t ng = groups_.size();
    std::vector<std::set<size_t>> deps(ng);
    std::vector<FusionGroup> out(ng);
    for (size_t gid = 0; gid < ng; ++gid) {
      FusionGroup& fg = out[gid];
      const Work& w = groups_[gid];
      fg.kernel = w.kernel;
      fg.linalg = w.linalg;
      fg.epilogue = w.steps;
      fg.epilogue_operands = w.operands;
      fg.space = w.space;
      fg.reduce_dims = w.k;
      std::set<const ir::Value*> ins;
      for (size_t i : w.nodes) {
        const ir::Node* n = g_.nodes()[i].get();
        fg.nodes.push_back(n);
        for (const ir::Value* a : n->inputs) {
          if (in_group(a, int(gid))) continue;
          if (ins.insert(a).second) fg.inputs.push_back(a);
          if (a->producer) {
            int src = group_of_[index_.at(a->producer)];
            if (src >= 0) deps[gid].insert(size_t(src));
          }
        }
      }
    }
    // Outputs: used by another group's node or returned.
    for (size_t i = 0; i < g_.nodes().size(); ++i) {
      int user = group_of_[i];
      for (const ir::Value* a : g_.nodes()[i]->inputs)
        if (a->producer) {
          int src = group_of_[index_.at(a->producer)];
          if (src >= 0 && src != user) add_output(out[size_t(src)], a);
        }
    }
    for (const ir::Value* r : g_.returns())
      if (r->producer) {
        int src = group_of_[index_.at(r->producer)];
        if (src >= 0) add_output(out[size_t(src)], r);
      }
    std::vector<int> indeg(ng, 0);
    std::vector<std::vector<size_t>> users(ng);
    for (size_t gid = 0; gid < ng; ++gid)
      for (size_t d : deps[gid]) {
        ++indeg[gid];
        users[d].push_back(gid);
      }
    std::set<std::pair<size_t, size_t>> ready;  // (first node, group)
    for (size_t gid = 0; gid < ng; ++gid)
      if (!indeg[gid]) ready.emplace(groups_[gid].first, gid);
    size_t placed = 0;
    // Groups with effects (write_back) run after every other group: they have no users, and a
    // group reading the value they overwrite may become ready late.
    auto effect = [&](size_t gid) {
      for (size_t i : groups_[gid].nodes)
        if (g_.nodes()[i]->op->side_effect) return true;
      return false;
    };
    size_t pure_left = 0;
    for (size_t gid = 0; gid < ng; ++gid) pure_left += !effect(gid);
    while (!ready.empty()) {
      auto pick = ready.begin();
      if (pure_left > 0)
        for (auto it = ready.begin(); it != ready.end() && effect(pick->second); ++it)
          if (!effect(it->second)) pick = it;
      if (!effect(pick->second)) --pure_left;
      size_t gid = pick->second;
      ready.erase(pick);
      ++placed;
      if (!groups_[gid].nodes.empty()) plan.groups.push_back(std::move(out[gid]));
      for (size_t u : users[gid])
        if (!--indeg[u]) ready.emplace(groups_[u].first, u);
    }
    if (placed != ng) throw Error("fusion: the groups form a cycle (a kiln bug)");
    return plan;
  }

  static void add_output(FusionGroup& fg, const ir::Value* v) {
    if (std::find(fg.outputs.begin(), fg.outputs.end(), v) == fg.outputs.end())
      fg.outputs.push_back(v);
  }

  const ir::Graph& g_;
  Readers readers_;  // who reads each value (and why a view stays: passes/sink_views.cpp)
  std::map<const ir::Node*, size_t> index_;
  std::map<const ir::Value*, int> number_;
  int next_number_ = 0;
  std::vector<int> group_of_;
  std::vector<Work> groups_;
  std::vector<std::string> plan_notes_;
};

}  // namespace

std::vector<int64_t> reduced_dims(const ir::Node& n) {
  int64_t rank = n.inputs[0]->type.rank();
  Shape dims = n.attrs.has(0) ? n.attrs.ints(0) : Shape{};
  std::vector<int64_t> out;
  if (dims.empty()) {
    for (int64_t d = 0; d < rank; ++d) out.push_back(d);
    return out;
  }
  for (int64_t d : dims) out.push_back(d < 0 ? d + rank : d);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

FusionPlan plan_fusion(const ir::Graph& g) { return Planner(g).run(); }

int FusionPlan::kernels() const {
  int n = 0;
  for (const auto& g : groups) n += g.kernel;
  return n;
}

std::string FusionPlan::report(const ir::Graph& g) const {
  std::map<const ir::Value*, int> number;
  int next = 0;
  for (const auto& n : g.nodes())
    for (const ir::Value* v : n->outputs) number[v] = next++;
  auto name = [&](const ir::Value* v) {
    auto it = number.find(v);
    return it == number.end() ? "%" + v->name : fmt::format("%{}", it->second);
  };
  std::string s;
  int ops = 0;
  for (size_t i = 0; i < groups.size(); ++i) {
    const FusionGroup& fg = groups[i];
    ops += int(fg.nodes.size());
    if (fg.kernel) {
      s += fmt::format("group {}: kernel over {}", i, dims_str(fg.space));
      if (fg.reduce_dims) s += fmt::format(" reducing {} trailing dim(s)", fg.reduce_dims);
    } else if (fg.linalg && fg.nodes.size() > 1) {
      s += fmt::format("group {}: oneDNN {} with a {}-step epilogue", i, fg.nodes[0]->op->name,
                       fg.epilogue.size());
    } else if (fg.linalg) {
      s +=
          fmt::format("group {}: {} without an epilogue (its kernel or eager, whichever is faster)",
                      i, fg.nodes[0]->op->name);
    } else {
      s += fmt::format("group {}: eager", i);
    }
    s += ":";
    for (const ir::Node* n : fg.nodes)
      s += fmt::format(" {} {},", n->outputs.empty() ? "?" : name(n->outputs[0]), n->op->name);
    s.pop_back();
    s += "\n";
  }
  s += fmt::format("{} ops in {} groups ({} fused kernels)\n", ops, groups.size(), kernels());
  for (const auto& n : notes) s += "  " + n + "\n";
  return s;
}

}  // namespace kiln::passes
