// passes/pass_manager.cpp — the registry of passes and the manager that runs them in order.
#include <fmt/format.h>

#include "passes/pass.h"

namespace kiln::passes {

namespace {
bool infer(ir::Graph& g) {
  ir::infer_types(g);
  return false;
}
const Pass kPasses[] = {
    {"infer-shapes", "recompute every result type (symbolic dims get fresh symbols)", infer},
    {"dce", "remove nodes whose results are never used", dead_code_elimination},
    {"cse", "merge nodes that compute the same op on the same inputs",
     common_subexpression_elimination},
    {"fold-constants", "evaluate nodes whose inputs are all constants", constant_folding},
    {"simplify",
     "x*1, x+0, x/1, double negation and transposes, reshape chains, no-op casts, broadcasts of "
     "scalars",
     algebraic_simplification},
    {"decompose",
     "composite ops (gelu, silu, softmax, log_softmax, layer_norm, rms_norm, var, std, logsumexp, "
     "linear) into primitives",
     decomposition},
    {"decompose-unfused",
     "decompose only the composites with no fused form of their own (softmax, log_softmax, "
     "layer_norm, rms_norm, var, std, logsumexp, linear); gelu and silu stay whole, as one "
     "kernel op or a matmul epilogue step",
     decomposition_of_unfused},
    {"sink-views",
     "views move above the pointwise ops that produce their inputs, so those ops fuse with "
     "their readers (tanh(reshape(exp(x))) -> tanh(exp(reshape(x))))",
     view_sinking},
    {"functionalize",
     "in-place writes (copy_, through views too) into SSA values; written parameters get one "
     "write_back at the end",
     functionalization},
};
}  // namespace

std::span<const Pass> all_passes() { return kPasses; }

const Pass& pass(std::string_view name) {
  std::vector<std::string> names;
  for (const Pass& p : kPasses) {
    if (p.name == name) return p;
    names.emplace_back(p.name);
  }
  throw Error(fmt::format("unknown pass '{}' (passes: {})", name, fmt::join(names, ", ")));
}

std::vector<std::string> default_pipeline() { return {"fold-constants", "simplify", "cse", "dce"}; }

PassManager::PassManager(const std::vector<std::string>& names) {
  for (const auto& n : names) passes_.push_back(&pass(n));
}

void PassManager::run(ir::Graph& g,
                      const std::function<void(std::string_view, const std::string&)>& sink) const {
  for (const Pass* p : passes_) {
    p->run(g);
    ir::verify(g);  // every pass leaves a valid graph
    bool show = print_all_ ||
                std::find(print_after_.begin(), print_after_.end(), p->name) != print_after_.end();
    if (show && sink) sink(p->name, ir::print_kir(g));
  }
}

}  // namespace kiln::passes
