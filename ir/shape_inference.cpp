// ir/shape_inference.cpp — recomputes every result type of a graph from its parameters' types
// with the ops' own shape rules. Sizes derived from symbols (batch * 3) get fresh symbols
// (s0, s1, ...), the same size always the same symbol. kiln::compile uses it to turn a graph
// traced at one shape into a shape-generic one.
#include "ir/symbols.h"
#include "runtime/tensor_impl.h"

namespace kiln::ir {

void infer_types(Graph& g) {
  Symbols sym;
  for (const Value* p : g.params()) sym.shape(p->type);  // parameters' symbols first: stable names
  for (const auto& np : g.nodes()) {
    Node& n = *np;
    std::vector<Tensor> metas;
    for (const Value* v : n.inputs) metas.push_back(meta_tensor(sym.shape(v->type), v->type.dtype));
    OpCall call{n.op->name, metas, n.attrs, Loc::current()};
    std::vector<TensorMeta> inferred;
    try {
      inferred = result_metas(*n.op, call);
    } catch (const Error& e) {
      throw Error(sym.unmask(e.message()));
    }
    for (size_t i = 0; i < n.outputs.size(); ++i) {
      TensorType t{inferred[i].dtype, {}};
      for (int64_t d : inferred[i].shape) {
        auto it = sym.name.find(d);
        if (it != sym.name.end()) {
          t.dims.push_back(Dim::sym(it->second));
        } else if (d >= kSymbolBase) {
          std::string s = "s" + std::to_string(sym.fresh++);
          while (sym.value.count(s)) s = "s" + std::to_string(sym.fresh++);
          sym.value[s] = d;
          sym.name[d] = s;
          t.dims.push_back(Dim::sym(s));
        } else {
          t.dims.push_back(Dim::of(d));
        }
      }
      n.outputs[i]->type = std::move(t);
    }
  }
  std::vector<TensorType> results;
  for (const Value* v : g.returns()) results.push_back(v->type);
  g.set_result_types(std::move(results));
}

}  // namespace kiln::ir
