#include "frontend/interpreter.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "codegen/cpu/jit.h"
#include "codegen/cpu/kernel_cache.h"
#include "frontend/dispatch.h"
#include "frontend/executor.h"
#include "kiln/kir.h"
#include "passes/memory_plan.h"
#include "passes/pass.h"
#include "runtime/tensor_impl.h"

namespace kiln::frontend {

Attrs resolve_sizes(const Attrs& attrs, const std::map<std::string, int64_t>& bound,
                    const ir::Graph& g) {
  return ir::resolve_sizes(attrs, [&](const std::string& s) {
    auto it = bound.find(s);
    if (it == bound.end())
      throw Error(fmt::format("graph @{}: an attribute names the size '{}', which no input binds",
                              g.name(), s));
    return it->second;
  });
}

std::vector<Tensor> bind_inputs(const ir::Graph& g, std::span<const Tensor> inputs, Loc loc,
                                std::map<std::string, int64_t>& bound) {
  if (inputs.size() != g.params().size())
    throw Error(fmt::format("graph @{}: takes {} inputs, got {}", g.name(), g.params().size(),
                            inputs.size()),
                loc);
  std::vector<Tensor> env(g.num_values());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ir::Value* p = g.params()[i];
    const Tensor& t = inputs[i];
    auto bad = [&](const std::string& why) {
      throw Error(
          fmt::format("graph @{}: input {} (%{}: {}) {}", g.name(), i, p->name, p->type.str(), why),
          loc);
    };
    if (!t.defined()) bad("is undefined");
    if (t.dtype() != p->type.dtype) bad(fmt::format("has dtype {}", name(t.dtype())));
    if (t.dim() != p->type.rank()) bad(fmt::format("has shape {}", shape_str(t.shape())));
    for (int64_t d = 0; d < t.dim(); ++d) {
      const ir::Dim& dim = p->type.dims[d];
      int64_t n = t.shape()[d];
      if (!dim.symbolic()) {
        if (n != dim.size) bad(fmt::format("has shape {}", shape_str(t.shape())));
      } else if (auto [it, fresh] = bound.emplace(dim.symbol, n); !fresh && it->second != n) {
        bad(fmt::format("has shape {}, but {} = {} from an earlier input", shape_str(t.shape()),
                        dim.symbol, it->second));
      }
    }
    env[p->id] = t;
  }
  return env;
}

std::vector<Tensor> interpret(const ir::Graph& g, std::span<const Tensor> inputs, Loc loc) {
  std::map<std::string, int64_t> bound;
  std::vector<Tensor> env = bind_inputs(g, inputs, loc, bound);
  std::vector<Tensor> args;
  for (const auto& n : g.nodes()) {
    args.clear();
    for (const ir::Value* v : n->inputs) args.push_back(env[v->id]);
    std::vector<Tensor> outs = n->attrs.symbolic()
                                   ? run(*n->op, args, resolve_sizes(n->attrs, bound, g), loc)
                                   : run(*n->op, args, n->attrs, loc);
    for (size_t i = 0; i < outs.size(); ++i) env[n->outputs[i]->id] = std::move(outs[i]);
  }
  std::vector<Tensor> results;
  for (const ir::Value* v : g.returns()) results.push_back(env[v->id]);
  return results;
}

}  // namespace kiln::frontend

namespace kiln::kir {

struct Program::Impl {
  std::vector<ir::Graph> graphs;
  mutable std::mutex mu;
  mutable std::map<size_t, std::shared_ptr<frontend::Executable>> compiled;

  std::shared_ptr<frontend::Executable> executable(size_t i) const {
    std::lock_guard lock(mu);
    auto& e = compiled[i];
    if (!e) e = frontend::shared_executable(std::move(ir::parse_kir(ir::print_kir(graphs[i]))[0]));
    return e;
  }
};

namespace {
const ir::Graph& graph_at(const Program::Impl& impl, size_t i, Loc loc = Loc::current()) {
  if (i >= impl.graphs.size())
    throw Error(fmt::format("kir: graph {} requested, the program has {}", i, impl.graphs.size()),
                loc);
  return impl.graphs[i];
}
}  // namespace

Program Program::load(const std::string& path, Loc loc) {
  try {
    auto impl = std::make_shared<Impl>();
    impl->graphs = ir::load_kir(path);
    return Program(impl);
  } catch (const Error& e) {
    throw Error(e.message(), loc);
  }
}

Program Program::parse(const std::string& text, const std::string& filename, Loc loc) {
  try {
    auto impl = std::make_shared<Impl>();
    impl->graphs = ir::parse_kir(text, filename);
    return Program(impl);
  } catch (const Error& e) {
    throw Error(e.message(), loc);
  }
}

size_t Program::size() const { return impl_->graphs.size(); }
std::string Program::name(size_t i) const { return graph_at(*impl_, i).name(); }
std::string Program::text() const { return ir::print_kir(impl_->graphs); }
std::string Program::dot(size_t i) const { return ir::to_dot(graph_at(*impl_, i)); }
uint64_t Program::hash(size_t i) const { return ir::structural_hash(graph_at(*impl_, i)); }
std::vector<Tensor> Program::run(const std::vector<Tensor>& inputs, size_t i, Loc loc) const {
  return frontend::interpret(graph_at(*impl_, i, loc), inputs, loc);
}

std::vector<Tensor> Program::run_compiled(const std::vector<Tensor>& inputs, size_t i,
                                          Loc loc) const {
  graph_at(*impl_, i, loc);
  return impl_->executable(i)->run(inputs, loc);
}

std::vector<Program::Param> Program::params(size_t i) const {
  std::vector<Param> out;
  for (const ir::Value* v : graph_at(*impl_, i).params()) {
    Param p{v->name, v->type.dtype, {}};
    for (const auto& d : v->type.dims) p.dims.push_back(Dim{d.size, d.symbol});
    out.push_back(std::move(p));
  }
  return out;
}

std::string Program::compiled_memory_report(size_t i) const {
  graph_at(*impl_, i);
  return impl_->executable(i)->memory_report();
}

std::string Program::fusion_report(size_t i) const {
  graph_at(*impl_, i);
  auto e = impl_->executable(i);
  return e->plan().report(e->graph());
}

std::string Program::codegen(size_t i, const std::string& emit, int vector_bits) const {
  graph_at(*impl_, i);
  if (emit != "kernel" && emit != "mlir" && emit != "llvm" && emit != "asm")
    throw Error(fmt::format("codegen: --emit takes kernel, mlir, llvm or asm, not '{}'", emit));
  auto e = impl_->executable(i);
  // The variant each kernel launches with for contiguous inputs (symbolic dims as 64): a kernel
  // reading a view of an input (a transpose) reads it strided, as a run does.
  auto concrete = [](const std::vector<ir::Dim>& dims) {
    Shape s;
    for (const auto& d : dims) s.push_back(d.symbolic() ? 64 : d.size);
    return s;
  };
  std::map<std::string, int64_t> symbols;
  std::vector<Tensor> inputs(e->graph().num_values());
  for (const ir::Value* p : e->graph().params()) {
    for (const auto& d : p->type.dims)
      if (d.symbolic()) symbols[d.symbol] = 64;
    inputs[size_t(p->id)] = meta_tensor(concrete(p->type.dims), p->type.dtype);
  }
  std::vector<Tensor> layout = e->layouts(symbols, inputs);
  std::string out;
  int k = 0;
  for (const auto& fg : e->plan().groups) {
    if (!fg.kernel) continue;
    codegen::LoopKernel lk = codegen::build_kernel(fg);
    std::vector<Tensor> bufs;
    for (size_t b = 0; b < lk.values.size(); ++b) {
      const ir::Value* v = lk.values[b];
      const Tensor& known = layout[size_t(v->id)];
      bufs.push_back(!lk.buffers[b].output && known.defined()
                         ? known
                         : meta_tensor(concrete(v->type.dims), v->type.dtype));
    }
    codegen::Launch launch = codegen::plan_launch(lk, concrete(fg.space), bufs, false);
    std::string name = fmt::format("kernel{}", k++);
    out += fmt::format("// ---- {}: {}\n", name, launch.variant.key());
    if (emit == "kernel") {
      out += lk.describe();
    } else {
      std::string mlir = codegen::render_mlir(
          lk, launch.variant, name, vector_bits ? vector_bits : codegen::cpu::kernel_vector_bits());
      if (emit == "mlir") {
        out += mlir;
      } else {
        codegen::cpu::ObjectCode code = codegen::cpu::compile_mlir(mlir, true);
        out += emit == "llvm" ? code.llvm_ir : code.assembly;
      }
    }
  }
  if (k == 0) out = "// no fused kernels\n";
  return out;
}

Program Program::with_passes(
    const std::vector<std::string>& names,
    const std::function<void(const std::string&, const std::string&)>& after_each, Loc loc) const {
  try {
    passes::PassManager pm(names);
    pm.print_after_all();
    auto impl = std::make_shared<Impl>();
    impl->graphs = ir::parse_kir(ir::print_kir(impl_->graphs));  // a deep copy
    for (auto& g : impl->graphs)
      pm.run(g, [&](std::string_view pass, const std::string& text) {
        if (after_each) after_each(std::string(pass), text);
      });
    return Program(impl);
  } catch (const Error& e) {
    throw Error(e.message(), loc);
  }
}

std::string Program::memory_report(size_t i, const std::map<std::string, int64_t>& sizes) const {
  const ir::Graph& g = graph_at(*impl_, i);
  std::vector<std::string> missing;
  for (const ir::Value* p : g.params())
    for (const ir::Dim& d : p->type.dims)
      if (d.symbolic() && !sizes.count(d.symbol) &&
          std::find(missing.begin(), missing.end(), d.symbol) == missing.end())
        missing.push_back(d.symbol);
  if (!missing.empty())
    throw Error(fmt::format("memory plan of @{}: give the size of its symbolic dim(s) {} ({}=N)",
                            g.name(), fmt::join(missing, ", "), missing[0]));
  std::string unfused = passes::plan_memory(g, sizes).report();
  return fmt::format("compiled: {}\n  op by op: {}",
                     impl_->executable(i)->plan_memory_for(sizes).report(), unfused);
}

std::vector<std::pair<std::string, std::string>> Program::passes() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : passes::all_passes()) out.emplace_back(p.name, p.summary);
  return out;
}

}  // namespace kiln::kir
