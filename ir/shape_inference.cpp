// ir/shape_inference.cpp — recomputes every result type of a graph from its parameters' types
// with the ops' own shape rules. Sizes derived from symbols (batch * 3) get fresh symbols
// (s0, s1, ...), the same size always the same symbol. kiln::compile uses it to turn a graph
// traced at one shape into a shape-generic one. The rules run twice, with two different sets of
// stand-in sizes: a result size that is the same in both runs is a constant (however large),
// one that differs is derived from symbols.
#include "ir/symbols.h"
#include "runtime/tensor_impl.h"

namespace kiln::ir {

void infer_types(Graph& g) {
  Symbols sym, alt;
  alt.base = 2 * kSymbolBase + 7;
  alt.step = 1013;
  for (const Value* p : g.params()) {  // parameters' symbols first: stable names
    sym.shape(p->type);
    alt.shape(p->type);
  }
  for (const auto& [s, v] : sym.value) {
    sym.nameable.insert(s);
    alt.nameable.insert(s);
  }
  auto infer = [](Node& n, Symbols& s) {
    std::vector<Tensor> metas;
    for (const Value* v : n.inputs) metas.push_back(meta_tensor(s.shape(v->type), v->type.dtype));
    try {
      Attrs attrs = s.resolve(n.attrs);
      OpCall call{n.op->name, metas, attrs, Loc::current()};
      return result_metas(*n.op, call);
    } catch (const Error& e) {
      throw Error(s.unmask(e.message()));
    }
  };
  for (const auto& np : g.nodes()) {
    Node& n = *np;
    std::vector<TensorMeta> inferred = infer(n, sym), other = infer(n, alt);
    for (size_t i = 0; i < n.outputs.size(); ++i) {
      TensorType t{inferred[i].dtype, {}};
      for (size_t k = 0; k < inferred[i].shape.size(); ++k) {
        int64_t d = inferred[i].shape[k], d2 = other[i].shape[k];
        auto it = sym.name.find(d);
        if (d == d2) {
          t.dims.push_back(Dim::of(d));
        } else if (it != sym.name.end()) {
          t.dims.push_back(Dim::sym(it->second));
        } else {
          std::string s = "s" + std::to_string(sym.fresh++);
          while (sym.value.count(s)) s = "s" + std::to_string(sym.fresh++);
          sym.value[s] = d;
          sym.name[d] = s;
          alt.value[s] = d2;
          alt.name[d2] = s;
          t.dims.push_back(Dim::sym(s));
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
