// ir/graph.h — kiln's SSA IR: a Graph of Nodes whose inputs and outputs are Values with a
// TensorType (dtype + dims, each dim a constant or a named symbol). Ops come from the op table
// (ir/op_table.h); attributes are positional, in the order the table declares them. The text
// form (.kir, docs/KIR.md) is printed by print_kir and read by parse_kir; the two round-trip.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ir/op_table.h"

namespace kiln::ir {

// A constant size, or a symbol: the same name means the same size everywhere in a graph.
struct Dim {
  int64_t size = 0;
  std::string symbol;

  static Dim of(int64_t n) { return Dim{n, {}}; }
  static Dim sym(std::string s) { return Dim{0, std::move(s)}; }
  bool symbolic() const { return !symbol.empty(); }
  bool operator==(const Dim&) const = default;
};

struct TensorType {
  DType dtype = DType::Float32;
  std::vector<Dim> dims;

  static TensorType of(DType d, const Shape& s);
  int64_t rank() const { return int64_t(dims.size()); }
  bool is_static() const;
  Shape static_shape() const;  // throws kiln::Error when a dim is symbolic
  std::string str() const;     // "f32[batch, 784]"
  bool operator==(const TensorType&) const = default;
};

struct Node;

struct Value {
  TensorType type;
  Node* producer = nullptr;  // null for a graph parameter
  int index = 0;             // which output of the producer, or which parameter
  std::string name;          // as written in the text; the printer renumbers node results
  int id = 0;                // unique in its graph, dense: executors index slots by it
};

struct Node {
  const OpDef* op = nullptr;
  std::vector<Value*> inputs;
  std::vector<Value*> outputs;
  Attrs attrs;               // positional, one per op->attrs entry (monostate: absent)
  int line = 0, column = 0;  // where the text defined it (0: built in C++)
};

class Graph {
 public:
  explicit Graph(std::string name = "main") : name_(std::move(name)) {}
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;

  const std::string& name() const { return name_; }
  Value* add_param(TensorType type, std::string name = "");
  // Appends a node; `attrs` may be shorter than the op's list (the rest take their defaults).
  Node* add_node(const OpDef& op, std::vector<Value*> inputs, Attrs attrs,
                 std::vector<TensorType> result_types);
  // Inserts a node before position `pos` of nodes() (types may be placeholders that
  // infer_types recomputes).
  Node* insert_node(size_t pos, const OpDef& op, std::vector<Value*> inputs, Attrs attrs,
                    std::vector<TensorType> result_types);
  // Every use of `from` (node inputs and returns) becomes a use of `to`.
  void replace_all_uses(const Value* from, Value* to);
  // Removes the nodes none of whose results is used (except ops with effects,
  // OpDef::side_effect). Returns how many.
  int remove_dead_nodes();
  // Removes the node at position `pos` (its results must be unused).
  void remove_node(size_t pos);
  void set_returns(std::vector<Value*> values) { returns_ = std::move(values); }
  void set_result_types(std::vector<TensorType> types) { result_types_ = std::move(types); }

  const std::vector<Value*>& params() const { return params_; }
  size_t num_values() const { return values_.size(); }
  const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
  const std::vector<Value*>& returns() const { return returns_; }
  // The signature's declared result types (the parser keeps them to check against returns).
  const std::vector<TensorType>& result_types() const { return result_types_; }

 private:
  std::string name_;
  std::vector<std::unique_ptr<Value>> values_;
  std::vector<Value*> params_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<Value*> returns_;
  std::vector<TensorType> result_types_;
};

// The position of `n` in g.nodes() (g.nodes().size() when it is not there).
size_t index_of(const Graph& g, const Node* n);

// Whether `v` is a constant node's result holding one number (any shape of ones), and which.
bool scalar_constant(const Value* v, double& value);

// `attrs` with each symbolic list (SymInts) made a Shape, a symbol's size from `size_of`
// (which throws for a symbol it does not know). Attributes without symbols: a plain copy.
Attrs resolve_sizes(const Attrs& attrs, const std::function<int64_t(const std::string&)>& size_of);

// Canonical .kir text: parameters keep their names, node results are numbered %0, %1, ...
std::string print_kir(const Graph& g);
std::string print_kir(const std::vector<Graph>& graphs);
// Parses every graph in `text`; malformed text throws kiln::Error "file:line:col: ...".
// The graphs are verified.
std::vector<Graph> parse_kir(std::string_view text, std::string_view filename = "<input>");
std::vector<Graph> load_kir(const std::string& path);
// Checks arity, attributes, dominance and every result type against the op's shape rule;
// throws kiln::Error naming the node.
void verify(const Graph& g);
// Recomputes every result type from the parameters' types with the ops' shape rules; sizes
// derived from symbols get fresh symbols. Throws kiln::Error when a rule refuses.
void infer_types(Graph& g);
// A hash of the graph's structure (ops, attributes, types, wiring), independent of value
// names and stable across processes and machines: the compile cache key.
uint64_t structural_hash(const Graph& g);
// Graphviz dot.
std::string to_dot(const Graph& g);
// The attribute's value as .kir writes it ("[1, 2]", "0.5", "\"none\"", "f32").
std::string attr_text(const AttrValue& v);

}  // namespace kiln::ir
