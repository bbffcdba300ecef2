// ir/verifier.cpp — checks a graph: every operand defined before use, arity, attribute kinds,
// and every declared result type against the op's own shape rule. Shape rules run on meta
// tensors (shape and dtype, no data); a symbolic dim is stood in for by a large distinct size
// and mapped back, so the same rules serve static and symbolic graphs.
#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/graph.h"
#include "ir/symbols.h"
#include "runtime/tensor_impl.h"

namespace kiln::ir {

namespace {}  // namespace

void verify(const Graph& g) {
  // Two sets of stand-in sizes for the symbols (as infer_types): a result size that differs
  // between them is derived from symbols (batch - 1, batch * 4), one that does not is a constant.
  Symbols sym, alt;
  alt.base = 2 * kSymbolBase + 7;
  alt.step = 1013;
  for (const Value* p : g.params()) {  // the sizes attributes may name
    sym.shape(p->type);
    alt.shape(p->type);
  }
  for (const auto& [s, v] : sym.value) {
    sym.nameable.insert(s);
    alt.nameable.insert(s);
  }
  std::set<const Value*> defined(g.params().begin(), g.params().end());
  int index = 0;
  for (const auto& np : g.nodes()) {
    const Node& n = *np;
    const OpDef& op = *n.op;
    std::string where = n.line ? fmt::format("{}:{}", n.line, n.column)
                               : fmt::format("node {} ({})", index, op.name);
    auto fail = [&](const std::string& msg) { throw Error(fmt::format("{}: {}", where, msg)); };
    int nin = int(n.inputs.size());
    if (nin < op.min_inputs || (op.max_inputs >= 0 && nin > op.max_inputs))
      fail(fmt::format("{} takes {} inputs, got {}", op.name,
                       op.max_inputs < 0 ? fmt::format("at least {}", op.min_inputs)
                       : op.min_inputs == op.max_inputs
                           ? std::to_string(op.min_inputs)
                           : fmt::format("{} to {}", op.min_inputs, op.max_inputs),
                       nin));
    for (const Value* v : n.inputs)
      if (!defined.count(v))
        fail(fmt::format("{}: operand %{} is used before it is defined", op.name, v->name));
    if (int(n.outputs.size()) != op.num_outputs)
      fail(fmt::format("{} has {} results, the node has {}", op.name, op.num_outputs,
                       n.outputs.size()));
    if (n.attrs.values.size() != op.attrs.size())
      fail(fmt::format("{} takes {} attributes, the node has {}", op.name, op.attrs.size(),
                       n.attrs.values.size()));
    for (size_t i = 0; i < op.attrs.size(); ++i) {
      const AttrValue& v = n.attrs.values[i];
      if (std::holds_alternative<std::monostate>(v)) {
        if (!op.attrs[i].optional)
          fail(fmt::format("{}: attribute '{}' is required", op.name, op.attrs[i].name));
      } else if (!attr_fits(op.attrs[i].kind, v)) {
        fail(fmt::format("{}: attribute '{}' has the wrong kind of value", op.name,
                         op.attrs[i].name));
      }
    }
    // Result types: run the op's own rule on meta tensors.
    auto infer = [&](Symbols& s) {
      std::vector<Tensor> metas;
      for (const Value* v : n.inputs) metas.push_back(meta_tensor(s.shape(v->type), v->type.dtype));
      try {
        Attrs attrs = s.resolve(n.attrs);
        OpCall call{op.name, metas, attrs, Loc::current()};
        return result_metas(op, call);
      } catch (const Error& e) {
        fail(s.unmask(e.message()));
      }
      return std::vector<TensorMeta>{};  // not reached: fail throws
    };
    std::vector<TensorMeta> inferred = infer(sym), other = infer(alt);
    for (size_t i = 0; i < n.outputs.size(); ++i) {
      const TensorType& want = n.outputs[i]->type;
      const TensorMeta &got = inferred[i], &got2 = other[i];
      bool ok = want.dtype == got.dtype && want.rank() == int64_t(got.shape.size());
      std::vector<size_t> fresh;  // dims naming a new symbol: a size derived from others
      for (size_t d = 0; ok && d < got.shape.size(); ++d) {
        const Dim& w = want.dims[d];
        int64_t a = got.shape[d], b = got2.shape[d];
        if (!w.symbolic())
          ok = a == w.size && b == w.size;
        else if (sym.value.count(w.symbol))
          ok = a == sym.value.at(w.symbol) && b == alt.value.at(w.symbol);
        else if ((ok = a != b && !sym.name.count(a)))
          fresh.push_back(d);
      }
      if (!ok)
        fail(fmt::format("{}: result {} is declared {} but the op gives {}", op.name, i, want.str(),
                         sym.describe(got.dtype, got.shape)));
      for (size_t d : fresh) {  // later uses check against the size the rule gave
        const std::string& s = want.dims[d].symbol;
        if (sym.value.count(s) && (sym.value[s] != got.shape[d] || alt.value[s] != got2.shape[d]))
          fail(fmt::format("{}: result {} is declared {} but the op gives {}", op.name, i,
                           want.str(), sym.describe(got.dtype, got.shape)));
        sym.value[s] = got.shape[d];
        sym.name[got.shape[d]] = s;
        alt.value[s] = got2.shape[d];
        alt.name[got2.shape[d]] = s;
      }
      defined.insert(n.outputs[i]);
    }
    ++index;
  }
  if (g.returns().empty()) throw Error(fmt::format("graph @{} returns nothing", g.name()));
  for (const Value* v : g.returns())
    if (!defined.count(v))
      throw Error(fmt::format("graph @{} returns %{}, which is not defined", g.name(), v->name));
}

}  // namespace kiln::ir
