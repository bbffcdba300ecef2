// ir/graph.cpp — types, the graph builder and the structural hash.
#include "ir/graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace kiln::ir {

TensorType TensorType::of(DType d, const Shape& s) {
  TensorType t{d, {}};
  for (int64_t n : s) t.dims.push_back(Dim::of(n));
  return t;
}

bool TensorType::is_static() const {
  for (const Dim& d : dims)
    if (d.symbolic()) return false;
  return true;
}

Shape TensorType::static_shape() const {
  Shape s;
  for (const Dim& d : dims) {
    if (d.symbolic()) throw Error(fmt::format("type {} has a symbolic dim '{}'", str(), d.symbol));
    s.push_back(d.size);
  }
  return s;
}

std::string TensorType::str() const {
  std::vector<std::string> parts;
  for (const Dim& d : dims) parts.push_back(d.symbolic() ? d.symbol : std::to_string(d.size));
  return fmt::format("{}[{}]", short_name(dtype), fmt::join(parts, ", "));
}

Value* Graph::add_param(TensorType type, std::string name) {
  auto v = std::make_unique<Value>();
  v->type = std::move(type);
  v->index = int(params_.size());
  v->name = name.empty() ? fmt::format("arg{}", params_.size()) : std::move(name);
  v->id = int(values_.size());
  params_.push_back(v.get());
  values_.push_back(std::move(v));
  return params_.back();
}

Node* Graph::add_node(const OpDef& op, std::vector<Value*> inputs, Attrs attrs,
                      std::vector<TensorType> result_types) {
  auto n = std::make_unique<Node>();
  n->op = &op;
  n->inputs = std::move(inputs);
  for (size_t i = attrs.values.size(); i < op.attrs.size(); ++i)
    attrs.values.push_back(op.attrs[i].default_value);
  n->attrs = std::move(attrs);
  for (size_t i = 0; i < result_types.size(); ++i) {
    auto v = std::make_unique<Value>();
    v->type = std::move(result_types[i]);
    v->producer = n.get();
    v->index = int(i);
    v->id = int(values_.size());
    n->outputs.push_back(v.get());
    values_.push_back(std::move(v));
  }
  nodes_.push_back(std::move(n));
  return nodes_.back().get();
}

Node* Graph::insert_node(size_t pos, const OpDef& op, std::vector<Value*> inputs, Attrs attrs,
                         std::vector<TensorType> result_types) {
  add_node(op, std::move(inputs), std::move(attrs), std::move(result_types));
  std::unique_ptr<Node> n = std::move(nodes_.back());
  nodes_.pop_back();
  pos = std::min(pos, nodes_.size());
  nodes_.insert(nodes_.begin() + long(pos), std::move(n));
  return nodes_[pos].get();
}

void Graph::replace_all_uses(const Value* from, Value* to) {
  for (auto& n : nodes_)
    for (Value*& v : n->inputs)
      if (v == from) v = to;
  for (Value*& v : returns_)
    if (v == from) v = to;
}

void Graph::remove_node(size_t pos) { nodes_.erase(nodes_.begin() + long(pos)); }

size_t index_of(const Graph& g, const Node* n) {
  for (size_t i = 0; i < g.nodes().size(); ++i)
    if (g.nodes()[i].get() == n) return i;
  return g.nodes().size();
}

int Graph::remove_dead_nodes() {
  std::set<const Value*> live(returns_.begin(), returns_.end());
  std::vector<bool> keep(nodes_.size(), false);
  for (size_t i = nodes_.size(); i-- > 0;) {
    keep[i] = nodes_[i]->op->side_effect;
    for (const Value* v : nodes_[i]->outputs)
      if (live.count(v)) keep[i] = true;
    if (keep[i])
      for (const Value* v : nodes_[i]->inputs) live.insert(v);
  }
  int removed = 0;
  std::vector<std::unique_ptr<Node>> kept;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (keep[i])
      kept.push_back(std::move(nodes_[i]));
    else
      ++removed;
  }
  nodes_ = std::move(kept);
  return removed;
}

namespace {
// FNV-1a, 64 bit: simple, fast enough for graphs, and identical everywhere.
struct Hasher {
  uint64_t h = 0xcbf29ce484222325ULL;
  void bytes(std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    h ^= 0xff;  // separator, so ("ab","c") and ("a","bc") differ
    h *= 0x100000001b3ULL;
  }
};
}  // namespace

uint64_t structural_hash(const Graph& g) {
  Hasher h;
  h.bytes("kiln-graph-v1");
  auto ref = [&](const Value* v) -> std::string {
    if (!v->producer) return fmt::format("p{}", v->index);
    // Nodes are identified by their position, never by a value's name.
    for (size_t i = 0; i < g.nodes().size(); ++i)
      if (g.nodes()[i].get() == v->producer) return fmt::format("n{}.{}", i, v->index);
    return "?";
  };
  for (const Value* p : g.params()) h.bytes(p->type.str());
  for (const auto& n : g.nodes()) {
    h.bytes(n->op->name);
    for (const Value* v : n->inputs) h.bytes(ref(v));
    for (size_t i = 0; i < n->attrs.values.size(); ++i)
      h.bytes(fmt::format("{}={}", n->op->attrs[i].name, attr_text(n->attrs.values[i])));
    for (const Value* v : n->outputs) h.bytes(v->type.str());
  }
  for (const Value* v : g.returns()) h.bytes(ref(v));
  return h.h;
}

Attrs resolve_sizes(const Attrs& attrs, const std::function<int64_t(const std::string&)>& size_of) {
  Attrs out = attrs;
  for (AttrValue& v : out.values)
    if (const auto* s = std::get_if<SymInts>(&v)) {
      Shape sizes = s->sizes;
      for (size_t i = 0; i < sizes.size(); ++i)
        if (!s->names[i].empty()) sizes[i] = size_of(s->names[i]);
      v = std::move(sizes);
    }
  return out;
}

bool scalar_constant(const Value* v, double& value) {
  if (!v->producer || v->producer->op->cls != OpClass::Constant) return false;
  for (const Dim& d : v->type.dims)
    if (d.symbolic() || d.size != 1) return false;
  value = v->producer->attrs.scalar(0).to_double();
  return true;
}

}  // namespace kiln::ir
