// ir/printer.cpp — the canonical .kir text and Graphviz dot of a graph.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "ir/graph.h"

namespace kiln::ir {

namespace {
std::string float_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::string s = fmt::format("{}", v);  // shortest text that reads back to the same double
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string attr_text(const AttrValue& v) {
  struct V {
    std::string operator()(std::monostate) const { return "none"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return float_text(d); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(const std::string& s) const { return quoted(s); }
    std::string operator()(const Shape& s) const { return fmt::format("[{}]", fmt::join(s, ", ")); }
    std::string operator()(const SymInts& s) const {
      std::vector<std::string> parts;
      for (size_t i = 0; i < s.sizes.size(); ++i)
        parts.push_back(s.names[i].empty() ? std::to_string(s.sizes[i]) : s.names[i]);
      return fmt::format("[{}]", fmt::join(parts, ", "));
    }
    std::string operator()(DType d) const { return std::string(short_name(d)); }
    std::string operator()(const Scalar& s) const {
      if (s.is_floating()) return float_text(s.to_double());
      if (s.is_bool()) return s.to<bool>() ? "true" : "false";
      return std::to_string(s.to_int());
    }
  };
  return std::visit(V{}, v);
}

namespace {
// Names for printing: parameters keep theirs, node results are numbered in order.
std::map<const Value*, std::string> value_names(const Graph& g) {
  std::map<const Value*, std::string> names;
  for (const Value* p : g.params()) names[p] = "%" + p->name;
  int k = 0;
  for (const auto& n : g.nodes())
    for (const Value* v : n->outputs) names[v] = "%" + std::to_string(k++);
  return names;
}

std::string join_types(const std::vector<TensorType>& ts) {
  std::vector<std::string> parts;
  for (const auto& t : ts) parts.push_back(t.str());
  return fmt::format("{}", fmt::join(parts, ", "));
}
}  // namespace

std::string print_kir(const Graph& g) {
  auto names = value_names(g);
  auto refs = [&](const std::vector<Value*>& vs) {
    std::vector<std::string> parts;
    for (const Value* v : vs) parts.push_back(names.at(v));
    return fmt::format("{}", fmt::join(parts, ", "));
  };
  std::vector<std::string> params;
  for (const Value* p : g.params())
    params.push_back(fmt::format("{}: {}", names.at(p), p->type.str()));
  std::vector<TensorType> result_types;
  for (const Value* v : g.returns()) result_types.push_back(v->type);
  std::string out = fmt::format("graph @{}({}) -> ({}) {{\n", g.name(), fmt::join(params, ", "),
                                join_types(result_types));
  for (const auto& n : g.nodes()) {
    std::vector<std::string> attrs;
    for (size_t i = 0; i < n->attrs.values.size(); ++i)
      if (!std::holds_alternative<std::monostate>(n->attrs.values[i]))
        attrs.push_back(
            fmt::format("{} = {}", n->op->attrs[i].name, attr_text(n->attrs.values[i])));
    std::vector<TensorType> types;
    for (const Value* v : n->outputs) types.push_back(v->type);
    out += fmt::format("  {} = {}({}){} : {}\n", refs(n->outputs), n->op->name, refs(n->inputs),
                       attrs.empty() ? "" : fmt::format(" {{{}}}", fmt::join(attrs, ", ")),
                       join_types(types));
  }
  out += fmt::format("  return {}\n}}\n", refs(g.returns()));
  return out;
}

std::string print_kir(const std::vector<Graph>& graphs) {
  std::string out;
  for (size_t i = 0; i < graphs.size(); ++i) out += (i ? "\n" : "") + print_kir(graphs[i]);
  return out;
}

std::string to_dot(const Graph& g) {
  auto names = value_names(g);
  std::map<const Node*, int> ids;
  std::string out =
      fmt::format("digraph \"{}\" {{\n  rankdir=TB;\n  node [fontname=\"monospace\"];\n", g.name());
  for (const Value* p : g.params())
    out += fmt::format("  \"{}\" [shape=ellipse, label=\"{}\\n{}\"];\n", names.at(p), names.at(p),
                       p->type.str());
  int k = 0;
  for (const auto& n : g.nodes()) {
    ids[n.get()] = k;
    std::vector<std::string> outs;
    for (const Value* v : n->outputs) outs.push_back(v->type.str());
    out += fmt::format("  n{} [shape=box, label=\"{}\\n{}\"];\n", k, n->op->name,
                       fmt::join(outs, ", "));
    for (const Value* v : n->inputs) {
      std::string from =
          v->producer ? fmt::format("n{}", ids.at(v->producer)) : "\"" + names.at(v) + "\"";
      out += fmt::format("  {} -> n{};\n", from, k);
    }
    ++k;
  }
  out += "  ret [shape=doublecircle, label=\"return\"];\n";
  for (const Value* v : g.returns())
    out += fmt::format("  {} -> ret;\n", v->producer ? fmt::format("n{}", ids.at(v->producer))
                                                     : "\"" + names.at(v) + "\"");
  return out + "}\n";
}

}  // namespace kiln::ir
