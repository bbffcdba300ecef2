// frontend/onnx/model.cpp — reading an .onnx file (protobuf, through ONNX's own generated
// classes) into a Model, checking it, and running it: the graph's nodes in order, each through
// its converter (frontend/onnx/ops.cpp). Under kiln::compile the converters' kiln ops are
// traced; nodes whose inputs are all known while tracing (initializers, constants, sizes) run
// outside the trace, so shape computations fold to constants of the graph.
#include <fmt/format.h>
#include <onnx/defs/schema.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "frontend/onnx/node.h"
#include "frontend/trace.h"
#include "ir/graph.h"
#include "kiln/factories.h"
#include "kiln/onnx.h"
#include "runtime/kernel.h"
#include "runtime/lazy.h"

namespace kiln::onnx {

namespace {

const char* type_name(int32_t t) {
  return ::onnx::TensorProto_DataType_IsValid(t)
             ? ::onnx::TensorProto_DataType_Name(::onnx::TensorProto_DataType(t)).c_str()
             : "an unknown type";
}

std::string read_file(const std::string& path, Loc loc) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(fmt::format("onnx: cannot open '{}'", path), loc);
  std::ostringstream s;
  s << f.rdbuf();
  return std::move(s).str();
}

// The bytes of an external-data tensor: `location` is relative to the model's folder and may
// not leave it.
std::string external_bytes(const ::onnx::TensorProto& t, const std::string& base_dir,
                           const std::string& what, size_t want, Loc loc) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto& kv : t.external_data()) {
    try {
      if (kv.key() == "location") location = kv.value();
      if (kv.key() == "offset") offset = std::stoll(kv.value());
      if (kv.key() == "length") length = std::stoll(kv.value());
    } catch (const std::exception&) {
      throw Error(fmt::format("onnx: {}: external data field '{}' is not a number: '{}'", what,
                              kv.key(), kv.value()),
                  loc);
    }
  }
  namespace fs = std::filesystem;
  fs::path rel(location);
  if (location.empty() || rel.is_absolute() ||
      std::any_of(rel.begin(), rel.end(), [](const fs::path& p) { return p == ".."; }))
    throw Error(fmt::format("onnx: {}: external data location '{}' must be a relative path "
                            "inside the model's folder",
                            what, location),
                loc);
  fs::path path = fs::path(base_dir) / rel;
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw Error(fmt::format("onnx: {}: external data file '{}' is missing", what, path.string()),
                loc);
  f.seekg(0, std::ios::end);
  int64_t size = f.tellg();
  if (length < 0) length = size - offset;
  if (offset < 0 || length != int64_t(want) || offset + length > size)
    throw Error(fmt::format("onnx: {}: external data in '{}' (offset {}, length {}; the file has "
                            "{} bytes) does not hold the {} bytes the tensor needs",
                            what, path.string(), offset, length, size, want),
                loc);
  std::string bytes(want, '\0');
  f.seekg(offset);
  f.read(bytes.data(), int64_t(want));
  if (!f) throw Error(fmt::format("onnx: {}: reading '{}' failed", what, path.string()), loc);
  return bytes;
}

template <class T, class Src>
void convert_into(const Tensor& out, const Src& values) {
  T* p = static_cast<T*>(out.data_ptr());
  for (int i = 0; i < values.size(); ++i) p[i] = T(values.Get(i));
}

// Half and bfloat16 values arrive in int32_data as their bit patterns.
void bits_into(const Tensor& out, const google::protobuf::RepeatedField<int32_t>& values) {
  auto* p = static_cast<uint16_t*>(out.data_ptr());
  for (int i = 0; i < values.size(); ++i) p[i] = uint16_t(values.Get(i));
}

ValueInfo value_info(const ::onnx::ValueInfoProto& v, Loc loc) {
  ValueInfo info;
  info.name = v.name();
  if (!v.type().has_tensor_type())
    throw Error(fmt::format("onnx: graph value '{}' is not a tensor (sequences, maps and optionals "
                            "are not supported)",
                            v.name()),
                loc);
  const auto& tt = v.type().tensor_type();
  info.dtype = dtype_from_onnx(tt.elem_type(), fmt::format("graph value '{}'", v.name()), loc);
  info.has_shape = tt.has_shape();
  for (const auto& d : tt.shape().dim()) {
    if (d.has_dim_value() && d.dim_value() >= 0) {
      info.dims.push_back(d.dim_value());
      info.dim_names.emplace_back();
    } else {
      info.dims.push_back(-1);
      info.dim_names.push_back(d.has_dim_param() ? d.dim_param() : "");
    }
  }
  return info;
}

int64_t newest_opset() {
  const auto& map = ::onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  auto it = map.find(::onnx::ONNX_DOMAIN);
  return it == map.end() ? 17 : it->second.second;
}

}  // namespace

DType dtype_from_onnx(int32_t type, const std::string& what, Loc loc) {
  using P = ::onnx::TensorProto;
  switch (type) {
    case P::FLOAT:
      return DType::Float32;
    case P::DOUBLE:
      return DType::Float64;
    case P::FLOAT16:
      return DType::Float16;
    case P::BFLOAT16:
      return DType::BFloat16;
    case P::INT64:
      return DType::Int64;
    case P::INT32:
      return DType::Int32;
    case P::INT8:
      return DType::Int8;
    case P::UINT8:
      return DType::UInt8;
    case P::BOOL:
      return DType::Bool;
    default:
      throw Error(fmt::format("onnx: {} has element type {}, which kiln does not support "
                              "(supported: float, double, float16, bfloat16, int64, int32, int8, "
                              "uint8, bool)",
                              what, type_name(type)),
                  loc);
  }
}

Tensor from_proto(const ::onnx::TensorProto& t, const std::string& base_dir,
                  const std::string& what, Loc loc) {
  DType dtype = dtype_from_onnx(t.data_type(), what, loc);
  Shape shape;
  int64_t numel = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && numel > (int64_t(1) << 40) / d))
      throw Error(
          fmt::format("onnx: {} has an invalid shape [{}]", what, fmt::join(t.dims(), ", ")), loc);
    shape.push_back(d);
    numel *= d;
  }
  // The data is checked against the shape before anything is allocated: a tiny file cannot
  // ask for a huge tensor.
  size_t bytes = size_t(numel) * itemsize(dtype);
  if (t.data_location() == ::onnx::TensorProto::EXTERNAL) {
    std::string data = external_bytes(t, base_dir, what, bytes, loc);
    Tensor out = empty(shape, dtype, loc);
    if (bytes) std::memcpy(out.data_ptr(), data.data(), bytes);
    return out;
  }
  if (t.has_raw_data()) {
    if (t.raw_data().size() != bytes)
      throw Error(fmt::format("onnx: {} has shape {} of {} ({} bytes) but its raw_data has {} "
                              "bytes",
                              what, shape_str(shape), name(dtype), bytes, t.raw_data().size()),
                  loc);
    Tensor out = empty(shape, dtype, loc);
    if (bytes) std::memcpy(out.data_ptr(), t.raw_data().data(), bytes);
    return out;
  }
  int64_t held = dtype == DType::Float32   ? t.float_data_size()
                 : dtype == DType::Float64 ? t.double_data_size()
                 : dtype == DType::Int64   ? t.int64_data_size()
                                           : t.int32_data_size();
  if (held != numel)
    throw Error(fmt::format("onnx: {} has shape {} ({} values) but its typed data holds {}", what,
                            shape_str(shape), numel, held),
                loc);
  Tensor out = empty(shape, dtype, loc);
  switch (dtype) {
    case DType::Float32:
      convert_into<float>(out, t.float_data());
      break;
    case DType::Float64:
      convert_into<double>(out, t.double_data());
      break;
    case DType::Int64:
      convert_into<int64_t>(out, t.int64_data());
      break;
    case DType::Int32:
      convert_into<int32_t>(out, t.int32_data());
      break;
    case DType::Int8:
      convert_into<int8_t>(out, t.int32_data());
      break;
    case DType::UInt8:
      convert_into<uint8_t>(out, t.int32_data());
      break;
    case DType::Bool:
      convert_into<bool>(out, t.int32_data());
      break;
    case DType::Float16:
    case DType::BFloat16:
      bits_into(out, t.int32_data());
      break;
  }
  return out;
}

// ---------------------------------------------------------------- Node
std::string Node::where() const {
  std::string name =
      proto.name().empty() && proto.output_size() ? "-> " + proto.output(0) : proto.name();
  return fmt::format("onnx: node '{}' ({}, opset {})", name, proto.op_type(), opset);
}

void Node::fail(const std::string& what) const {
  throw Error(fmt::format("{}: {}", where(), what), loc);
}

const Tensor& Node::input(size_t k) const {
  if (!has_input(k)) fail(fmt::format("input {} is required ({} given)", k, proto.input_size()));
  return in[k];
}

// Values a converter needs while tracing: when they come from the graph's data, reading them
// is a graph break (kiln::compile runs the graph so far and goes on; `kiln ir` reports it).
const Tensor& Node::known_input(size_t k) const {
  const Tensor& t = input(k);
  if (is_lazy(t))
    lazy_hooks()->materialize(
        t,
        fmt::format("{} reads the values of input {} ('{}'), computed from the data", where(), k,
                    proto.input(int(k))),
        loc);
  return t;
}

std::vector<int64_t> Node::ints_input(size_t k) const {
  const Tensor& t = known_input(k);
  if (is_floating(t.dtype()) || t.dtype() == DType::Bool)
    fail(fmt::format("input {} ('{}') must hold integers, not {}", k, proto.input(int(k)),
                     name(t.dtype())));
  return t.tolist<int64_t>(loc);
}

double Node::number_input(size_t k) const {
  const Tensor& t = known_input(k);
  if (t.numel() != 1)
    fail(fmt::format("input {} ('{}') must hold one number, not {}", k, proto.input(int(k)),
                     describe(t)));
  return t.item<double>(loc);
}

const ::onnx::AttributeProto* Node::attr(std::string_view name) const {
  for (const auto& a : proto.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

int64_t Node::i(std::string_view name, int64_t fallback) const {
  const auto* a = attr(name);
  if (!a) return fallback;
  if (a->type() != ::onnx::AttributeProto::INT)
    fail(fmt::format("attribute '{}' must be an int", name));
  return a->i();
}

double Node::f(std::string_view name, double fallback) const {
  const auto* a = attr(name);
  if (!a) return fallback;
  if (a->type() != ::onnx::AttributeProto::FLOAT)
    fail(fmt::format("attribute '{}' must be a float", name));
  return a->f();
}

std::string Node::s(std::string_view name, const std::string& fallback) const {
  const auto* a = attr(name);
  if (!a) return fallback;
  if (a->type() != ::onnx::AttributeProto::STRING)
    fail(fmt::format("attribute '{}' must be a string", name));
  return a->s();
}

std::vector<int64_t> Node::ints(std::string_view name, std::vector<int64_t> fallback) const {
  const auto* a = attr(name);
  if (!a) return fallback;
  if (a->type() != ::onnx::AttributeProto::INTS)
    fail(fmt::format("attribute '{}' must be a list of ints", name));
  return {a->ints().begin(), a->ints().end()};
}

Tensor Node::tensor(std::string_view name) const {
  const auto* a = attr(name);
  if (!a || a->type() != ::onnx::AttributeProto::TENSOR)
    fail(fmt::format("attribute '{}' must be a tensor", name));
  return from_proto(a->t(), base_dir, fmt::format("attribute '{}' of {}", name, where()), loc);
}

// ---------------------------------------------------------------- Model
struct Model::Impl {
  ::onnx::ModelProto proto;
  std::string base_dir;
  int64_t opset = 0;
  std::vector<ValueInfo> inputs, outputs;
  std::unordered_map<std::string, Tensor> initializers;
  // The values the graph uses as data, not only as sizes, axes or shapes (data_values()).
  std::unordered_set<std::string> data;
};

namespace {
// Which values the graph uses as data: those that reach an output through some op's data
// operand, as opposed to only through operands that give sizes, axes or shapes (each
// converter's ConverterDef::size_operands; every operand of Shape and Size). A ConstantOfShape or
// Range built from sizes is recorded in the trace when it is data (position ids, a causal mask) and
// folds when it only computes another shape.
std::unordered_set<std::string> data_values(const ::onnx::GraphProto& g) {
  std::unordered_set<std::string> data;
  for (const auto& v : g.output()) data.insert(v.name());
  for (int k = g.node_size() - 1; k >= 0; --k) {
    const auto& n = g.node(k);
    bool used = false;
    for (const auto& o : n.output()) used = used || data.count(o);
    if (!used) continue;
    const ConverterDef& def = *converter(n.op_type());  // load() checked every op type
    for (int i = 0; i < n.input_size(); ++i)
      if (!n.input(i).empty() && !def.reads_only_shapes &&
          std::find(def.size_operands.begin(), def.size_operands.end(), i) ==
              def.size_operands.end())
        data.insert(n.input(i));
  }
  return data;
}
}  // namespace

std::string ValueInfo::str() const {
  std::vector<std::string> parts;
  for (size_t i = 0; i < dims.size(); ++i)
    parts.push_back(dims[i] >= 0 ? std::to_string(dims[i])
                                 : (dim_names[i].empty() ? "?" : dim_names[i]));
  return fmt::format("{} {}[{}]", name, short_name(dtype), fmt::join(parts, ", "));
}

Model load_from_bytes(const std::string& bytes, const std::string& base_dir, Loc loc) {
  auto impl = std::make_shared<Model::Impl>();
  if (bytes.size() > size_t(std::numeric_limits<int>::max()) ||
      !impl->proto.ParseFromArray(bytes.data(), int(bytes.size())))
    throw Error(
        "onnx: the file is not an ONNX model (it does not parse as a ModelProto; "
        "truncated or another format?)",
        loc);
  impl->base_dir = base_dir;
  const auto& model = impl->proto;
  if (!model.has_graph() || model.ir_version() <= 0)
    throw Error("onnx: the file is not an ONNX model (no graph or IR version)", loc);
  for (const auto& op : model.opset_import())
    if (op.domain().empty() || op.domain() == "ai.onnx") impl->opset = op.version();
  if (impl->opset == 0)
    throw Error("onnx: the model imports no opset of the default domain (ai.onnx)", loc);
  int64_t newest = newest_opset();
  if (impl->opset < 1 || impl->opset > newest)
    throw Error(fmt::format("onnx: the model uses opset {}; kiln imports opsets 1 to {} (13 and "
                            "later are tested)",
                            impl->opset, newest),
                loc);
  const auto& g = model.graph();
  std::unordered_set<std::string> defined;
  for (const auto& t : g.initializer()) {
    std::string what = fmt::format("initializer '{}'", t.name());
    impl->initializers[t.name()] = from_proto(t, base_dir, what, loc);
    defined.insert(t.name());
  }
  if (g.sparse_initializer_size()) throw Error("onnx: sparse initializers are not supported", loc);
  for (const auto& v : g.input()) {
    if (impl->initializers.count(v.name())) continue;  // a default the caller cannot override
    impl->inputs.push_back(value_info(v, loc));
    defined.insert(v.name());
  }
  for (const auto& v : g.output()) impl->outputs.push_back(value_info(v, loc));
  for (const auto& n : g.node()) {
    Node node{n, {}, impl->opset, loc, base_dir};
    if (!n.domain().empty() && n.domain() != "ai.onnx")
      node.fail(fmt::format("ops of domain '{}' are not supported (only ai.onnx)", n.domain()));
    if (!converter(n.op_type()))
      node.fail(fmt::format("op {} is not supported by kiln", n.op_type()));
    for (const auto& in : n.input())
      if (!in.empty() && !defined.count(in))
        node.fail(
            fmt::format("reads '{}', which no input, initializer or earlier node defines", in));
    for (const auto& out : n.output())
      if (!out.empty()) defined.insert(out);
  }
  for (const auto& v : impl->outputs)
    if (!defined.count(v.name))
      throw Error(fmt::format("onnx: graph output '{}' is defined by no node", v.name), loc);
  if (impl->outputs.empty()) throw Error("onnx: the graph has no outputs", loc);
  impl->data = data_values(g);
  return Model(std::move(impl));
}

Model load(const std::string& path, Loc loc) {
  std::string bytes = read_file(path, loc);
  try {
    return load_from_bytes(bytes, std::filesystem::path(path).parent_path().string(), loc);
  } catch (const Error& e) {
    throw Error(fmt::format("{} (in '{}')", e.message(), path), loc);
  }
}

const std::vector<ValueInfo>& Model::inputs() const { return impl_->inputs; }
const std::vector<ValueInfo>& Model::outputs() const { return impl_->outputs; }
int64_t Model::opset() const { return impl_->opset; }
std::string Model::producer() const {
  return impl_->proto.producer_name() +
         (impl_->proto.producer_version().empty() ? "" : " " + impl_->proto.producer_version());
}
std::string Model::graph_name() const { return impl_->proto.graph().name(); }
size_t Model::num_nodes() const { return size_t(impl_->proto.graph().node_size()); }

std::string Model::op_summary() const {
  std::map<std::string, int> count;
  for (const auto& n : impl_->proto.graph().node()) ++count[n.op_type()];
  std::vector<std::pair<std::string, int>> v(count.begin(), count.end());
  std::sort(v.begin(), v.end(), [](auto& a, auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<std::string> parts;
  for (auto& [op, n] : v) parts.push_back(fmt::format("{} x{}", op, n));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::vector<Tensor> Model::operator()(const std::vector<Tensor>& inputs, Loc loc) const {
  const Impl& m = *impl_;
  // An ONNX graph is pure dataflow: the sizes its converters read only compute values the graph
  // holds (shape subgraphs fold into attributes), so kiln::compile may make them symbolic.
  frontend::SizesAsData sizes_as_data;
  if (inputs.size() != m.inputs.size()) {
    std::vector<std::string> want;
    for (const auto& v : m.inputs) want.push_back(v.str());
    throw Error(fmt::format("onnx: the model takes {} inputs ({}), {} given", m.inputs.size(),
                            fmt::join(want, ", "), inputs.size()),
                loc);
  }
  std::unordered_map<std::string, Tensor> env;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ValueInfo& v = m.inputs[i];
    const Tensor& t = inputs[i];
    bool ok = t.defined() && t.dtype() == v.dtype;
    if (ok && v.has_shape) {
      ok = t.dim() == int64_t(v.dims.size());
      for (size_t d = 0; ok && d < v.dims.size(); ++d)
        ok = v.dims[d] < 0 || v.dims[d] == t.shape()[d];
    }
    if (!ok)
      throw Error(fmt::format("onnx: input {} must be {}, got {}", i, v.str(),
                              t.defined() ? describe(t) : "an undefined tensor"),
                  loc);
    env[v.name] = t;
  }
  frontend::Tracer* tracer = frontend::current_tracer();
  if (tracer)  // the dims the model leaves free (dim_param or unknown) may take other sizes
    for (size_t i = 0; i < inputs.size(); ++i)
      for (size_t d = 0; d < m.inputs[i].dims.size() && m.inputs[i].has_shape; ++d)
        if (m.inputs[i].dims[d] < 0) tracer->note_varying(inputs[i], int64_t(d));
  auto lookup = [&](const std::string& name) -> Tensor {
    if (name.empty()) return {};
    if (auto it = env.find(name); it != env.end()) return it->second;
    return m.initializers.at(name);  // load() checked that every name is defined
  };
  std::unordered_set<std::string> from_sizes;  // known while tracing, computed from lazy sizes
  for (const auto& n : m.proto.graph().node()) {
    Node node{n, {}, m.opset, loc, m.base_dir};
    bool known = true;   // every input known while tracing: run outside the trace (folds)
    bool sized = false;  // ... and some computed from the sizes of traced values
    const ConverterDef& def = *converter(n.op_type());  // load() checked every op type
    for (const auto& name : n.input()) {
      node.in.push_back(lookup(name));
      bool lazy = node.in.back().defined() && is_lazy(node.in.back());
      known = known && !lazy;
      sized = sized || from_sizes.count(name) || (lazy && def.reads_only_shapes);
    }
    bool fold_it = tracer && (known || def.reads_only_shapes);
    // Data built from sizes (position ids, a causal mask) is recorded, not folded, so that the
    // graph stays an expression of the sizes (kiln::compile can then make it shape-generic).
    if (fold_it && sized && def.builds_from_sizes) {
      bool data = false;
      for (const auto& o : n.output()) data = data || m.data.count(o);
      if (data) {
        fold_it = false;
        node.lift = tracer;
      }
    }
    if (fold_it && sized)
      for (const auto& o : n.output()) from_sizes.insert(o);
    std::vector<Tensor> outs;
    {
      std::optional<frontend::TracerScope> fold;
      if (fold_it) fold.emplace(nullptr);
      try {
        outs = def.fn(node);
      } catch (const Error& e) {
        if (e.message().starts_with("onnx: ")) throw;
        throw Error(fmt::format("{}: {}", node.where(), e.message()), loc);
      } catch (const std::bad_alloc&) {
        node.fail("out of memory computing this node (are its sizes what the model means?)");
      } catch (const std::exception& e) {  // a kiln bug surfacing here: still name the node
        node.fail(fmt::format("internal error: {}", e.what()));
      }
    }
    for (int k = 0; k < n.output_size(); ++k) {
      if (n.output(k).empty()) continue;
      if (size_t(k) >= outs.size() || !outs[k].defined())
        node.fail(fmt::format("output {} ('{}') is not supported", k, n.output(k)));
      env[n.output(k)] = outs[k];
    }
  }
  std::vector<Tensor> out;
  for (const auto& v : m.outputs) {
    Tensor t = lookup(v.name);
    // An output that is (a view of) a weight is a copy: writing into it must not change the
    // model.
    for (const auto& [name, w] : m.initializers)
      if (t.shares_storage(w)) {
        t = t.clone(loc);
        break;
      }
    out.push_back(t);
  }
  return out;
}

kir::Program Model::trace(const std::vector<Tensor>& inputs, Loc loc) const {
  std::string name = graph_name().empty() ? "model" : graph_name();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  frontend::Tracer tracer(name, /*fullgraph=*/true);
  std::optional<frontend::Tracer::Capture> cap;
  {
    frontend::TracerScope scope(&tracer);
    std::vector<Tensor> lazy = tracer.begin(inputs);
    std::vector<Tensor> outputs = (*this)(lazy, loc);
    cap = tracer.finish(outputs);
  }
  if (!cap) throw Error("onnx: the model did not trace as one graph", loc);
  return kir::Program::parse(ir::print_kir(cap->graph), name + ".onnx", loc);
}

Tensor load_tensor(const std::string& path, Loc loc) {
  std::string bytes = read_file(path, loc);
  ::onnx::TensorProto t;
  if (bytes.size() > size_t(std::numeric_limits<int>::max()) ||
      !t.ParseFromArray(bytes.data(), int(bytes.size())))
    throw Error(fmt::format("onnx: '{}' is not a TensorProto file", path), loc);
  std::string base = std::filesystem::path(path).parent_path().string();
  return from_proto(t, base, fmt::format("tensor file '{}'", path), loc);
}

void save_tensor(const std::string& path, const Tensor& t, Loc loc) {
  using P = ::onnx::TensorProto;
  static const std::map<DType, P::DataType> types = {
      {DType::Float32, P::FLOAT},     {DType::Float64, P::DOUBLE}, {DType::Float16, P::FLOAT16},
      {DType::BFloat16, P::BFLOAT16}, {DType::Int64, P::INT64},    {DType::Int32, P::INT32},
      {DType::Int8, P::INT8},         {DType::UInt8, P::UINT8},    {DType::Bool, P::BOOL}};
  P proto;
  proto.set_data_type(types.at(t.dtype()));
  for (int64_t d : t.shape()) proto.add_dims(d);
  Tensor c = t.contiguous(loc);
  proto.set_raw_data(std::string(static_cast<const char*>(c.data_ptr()), c.nbytes()));
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f || !proto.SerializeToOstream(&f))
      throw Error(fmt::format("onnx: cannot write '{}'", path), loc);
  }
  std::filesystem::rename(tmp, path);
}

std::vector<std::string> supported_ops() { return converter_names(); }

}  // namespace kiln::onnx
