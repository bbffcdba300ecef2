#include "frontend/executor.h"

#include <fmt/format.h>

#include "codegen/cpu/kernel_cache.h"
#include "frontend/dispatch.h"
#include "frontend/interpreter.h"
#include "kiln/config.h"
#include "kiln/factories.h"
#include "passes/pass.h"
#include "runtime/epilogue.h"
#include "runtime/log.h"
#include "runtime/parallel.h"

namespace kiln::frontend {

struct Executable::Step {
  const passes::FusionGroup* group = nullptr;
  std::optional<codegen::LoopKernel> kernel;
  std::mutex mu;
  std::map<std::string, std::shared_ptr<const codegen::cpu::CompiledKernel>> variants;
  bool failed = false;  // codegen failed once: the group runs eagerly from then on
};

std::vector<std::string> compile_pipeline() {
  std::vector<std::string> p = {"decompose-unfused"};
  for (auto& s : passes::default_pipeline()) p.push_back(s);
  return p;
}

Executable::Executable(ir::Graph g, bool optimize) : graph_(std::move(g)) {
  if (optimize) passes::PassManager(compile_pipeline()).run(graph_);
  plan_ = passes::plan_fusion(graph_);
  constants_.resize(graph_.num_values());
  for (const auto& n : graph_.nodes())
    if (n->op->cls == ir::OpClass::Constant)
      constants_[n->outputs[0]->id] = frontend::run(*n->op, {}, n->attrs, Loc::current())[0];
  for (const auto& fg : plan_.groups) {
    auto step = std::make_unique<Step>();
    step->group = &fg;
    if (fg.kernel) step->kernel = codegen::build_kernel(fg);
    steps_.push_back(std::move(step));
  }
}

Executable::~Executable() = default;

int Executable::kernels_compiled() const {
  int n = 0;
  for (const auto& s : steps_) {
    std::lock_guard lock(s->mu);
    n += int(s->variants.size());
  }
  return n;
}

void Executable::run_eager(const passes::FusionGroup& g, std::vector<Tensor>& env, Loc loc) {
  std::vector<Tensor> args;
  for (const ir::Node* n : g.nodes) {
    args.clear();
    for (const ir::Value* v : n->inputs) args.push_back(env[v->id]);
    std::vector<Tensor> outs = frontend::run(*n->op, args, n->attrs, loc);
    for (size_t i = 0; i < outs.size(); ++i) env[n->outputs[i]->id] = std::move(outs[i]);
  }
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

bool Executable::run_epilogue(const passes::FusionGroup& g, std::vector<Tensor>& env,
                              const std::map<std::string, int64_t>& symbols, Loc loc) {
  const ir::Node& mm = *g.nodes[0];
  const ir::Value* result = g.nodes.back()->outputs[0];
  Shape shape;
  if (!resolve(result->type.dims, symbols, shape)) return false;
  std::vector<Tensor> operands;
  for (const ir::Value* v : g.epilogue_operands) operands.push_back(env[v->id]);
  Tensor out = empty(shape, DType::Float32, loc);
  if (!matmul_with_epilogue(env[mm.inputs[0]->id], env[mm.inputs[1]->id], g.epilogue, operands,
                            out))
    return false;
  env[result->id] = out;
  return true;
}

std::vector<Tensor> Executable::run(std::span<const Tensor> inputs, Loc loc) {
  std::map<std::string, int64_t> symbols;
  std::vector<Tensor> env = bind_inputs(graph_, inputs, loc, symbols);
  for (size_t i = 0; i < constants_.size(); ++i)
    if (constants_[i].defined()) env[i] = constants_[i];
  bool codegen_on = config().codegen;
  std::vector<Tensor> bufs;
  for (const auto& step : steps_) {
    const passes::FusionGroup& g = *step->group;
    if (g.linalg && g.nodes.size() > 1 && codegen_on && !step->failed &&
        run_epilogue(g, env, symbols, loc))
      continue;
    Shape space;
    if (!codegen_on || !step->kernel || step->failed || !resolve(g.space, symbols, space) ||
        numel_of(space) == 0) {
      run_eager(g, env, loc);
      continue;
    }
    const codegen::LoopKernel& k = *step->kernel;
    bufs.clear();
    bool ok = true;
    for (size_t b = 0; b < k.buffers.size(); ++b) {
      const ir::Value* v = k.values[b];
      if (!k.buffers[b].output) {
        bufs.push_back(env[v->id]);
        continue;
      }
      Shape s;
      if (!resolve(v->type.dims, symbols, s)) {
        ok = false;
        break;
      }
      bufs.push_back(empty(s, v->type.dtype, loc));
    }
    if (!ok) {
      run_eager(g, env, loc);
      continue;
    }
    codegen::Launch launch = codegen::plan_launch(k, space, bufs);
    for (size_t tries = 0; launch.needs_copy >= 0 && tries < bufs.size(); ++tries) {
      Tensor& t = bufs[size_t(launch.needs_copy)];
      Shape target = space;
      if (t.dim() < int64_t(space.size()))
        target.erase(target.begin(), target.begin() + long(space.size() - size_t(t.dim())));
      t = t.expand(target).contiguous();
      launch = codegen::plan_launch(k, space, bufs);
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
        fn = codegen::cpu::get_kernel(k, launch.variant);
        std::lock_guard lock(step->mu);
        step->variants.emplace(launch.variant.key(), fn);
      } catch (const Error& e) {
        logging::get("fusion").warn("{}: kernel generation failed, running the group eagerly: {}",
                                    graph_.name(), e.message());
        step->failed = true;
        run_eager(g, env, loc);
        continue;
      }
    }
    int64_t cost = launch.row_elements * std::max<int64_t>(1, int64_t(k.body.size()) / 4);
    auto* kfn = fn->fn;
    void* const* ptrs = launch.pointers.data();
    const int64_t* geo = launch.geometry.data();
    parallel_for(launch.rows, cost, [&](int64_t b, int64_t e) { kfn(b, e, ptrs, geo); });
    for (size_t b = 0; b < k.buffers.size(); ++b)
      if (k.buffers[b].output) env[k.values[b]->id] = bufs[b];
  }
  std::vector<Tensor> results;
  for (const ir::Value* v : graph_.returns()) results.push_back(env[v->id]);
  return results;
}

}  // namespace kiln::frontend
