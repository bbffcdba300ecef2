// tests/onnx/test_onnx.cpp — importing ONNX models: models exported by PyTorch
// (tests/golden/gen_onnx_models.py) run eagerly and compiled and match PyTorch's outputs;
// converters built node by node match hand-computed values; bad files and inputs are errors
// naming what is wrong, never crashes.
#include <onnx/onnx_pb.h>

#include <filesystem>
#include <fstream>

#include "check.h"
#include "kiln/kiln.h"

namespace fs = std::filesystem;
using namespace kiln;

namespace {

const std::string kDir = KILN_GOLDEN_ONNX_DIR;

std::string path_of(const std::string& name) { return kDir + "/" + name; }

std::vector<Tensor> npys(const std::string& prefix, const std::string& kind) {
  std::vector<Tensor> out;
  for (int k = 0; fs::exists(path_of(prefix + "." + kind + "_" + std::to_string(k) + ".npy")); ++k)
    out.push_back(load_npy(path_of(prefix + "." + kind + "_" + std::to_string(k) + ".npy")));
  return out;
}

// PyTorch's float32 and kiln's agree to rounding; fused kernels add their own (check.h).
constexpr test::Tol kTorchTol{1e-4, 1e-4};

void check_outputs(const std::vector<Tensor>& got, const std::vector<Tensor>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) KILN_CHECK_CLOSE(got[i], want[i], kTorchTol);
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

std::string temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("kiln-onnx-test-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d.string();
}

// ---- building small models node by node
struct Builder {
  ::onnx::ModelProto model;
  ::onnx::GraphProto* g;
  explicit Builder(int opset = 13) {
    model.set_ir_version(8);
    auto* op = model.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    g = model.mutable_graph();
    g->set_name("built");
  }
  void value(::onnx::ValueInfoProto* v, const std::string& name, int type,
             const std::vector<int64_t>& dims) {
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(type);
    auto* s = t->mutable_shape();
    for (int64_t d : dims) s->add_dim()->set_dim_value(d);
  }
  void input(const std::string& name, const std::vector<int64_t>& dims,
             int type = ::onnx::TensorProto::FLOAT) {
    value(g->add_input(), name, type, dims);
  }
  void output(const std::string& name, int type = ::onnx::TensorProto::FLOAT) {
    auto* v = g->add_output();
    v->set_name(name);
    v->mutable_type()->mutable_tensor_type()->set_elem_type(type);
  }
  void ints(const std::string& name, const std::vector<int64_t>& values) {
    auto* t = g->add_initializer();
    t->set_name(name);
    t->set_data_type(::onnx::TensorProto::INT64);
    t->add_dims(int64_t(values.size()));
    for (int64_t v : values) t->add_int64_data(v);
  }
  ::onnx::NodeProto* node(const std::string& op, const std::vector<std::string>& in,
                          const std::vector<std::string>& out) {
    auto* n = g->add_node();
    n->set_op_type(op);
    n->set_name(op + "_" + std::to_string(g->node_size()));
    for (const auto& s : in) n->add_input(s);
    for (const auto& s : out) n->add_output(s);
    return n;
  }
  static void attr(::onnx::NodeProto* n, const std::string& name, int64_t v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(::onnx::AttributeProto::INT);
    a->set_i(v);
  }
  static void attr(::onnx::NodeProto* n, const std::string& name, const std::string& v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(::onnx::AttributeProto::STRING);
    a->set_s(v);
  }
  static void attr(::onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(::onnx::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
  }
  kiln::onnx::Model load() const { return kiln::onnx::load_from_bytes(model.SerializeAsString()); }
};

}  // namespace

TEST_CASE("exported models match PyTorch, eager and compiled", "[onnx]") {
  for (std::string name : {"transformer", "transformer_ln17", "gpt", "cnn"}) {
    INFO(name);
    kiln::onnx::Model m = kiln::onnx::load(path_of(name + ".onnx"));
    std::vector<Tensor> in = npys(name, "in"), want = npys(name, "out");
    check_outputs(m(in), want);
    auto f = compile(m, CompileOptions{.name = name, .fullgraph = true});
    check_outputs(f(in), want);
    check_outputs(f(in), want);  // a replay
    CHECK(f.traces() == 1);
  }
}

TEST_CASE("models exported with dynamic axes run at other sizes", "[onnx]") {
  for (std::string name : {"transformer_dyn", "gpt_dyn"}) {
    INFO(name);
    kiln::onnx::Model m = kiln::onnx::load(path_of(name + ".onnx"));
    REQUIRE(m.inputs().size() == 1);
    CHECK(m.inputs()[0].dims[0] == -1);
    CHECK(m.inputs()[0].dim_names[0] == "batch");
    auto f = compile(m, CompileOptions{.name = name, .fullgraph = true});
    for (std::string size : {"", ".b"}) {
      std::vector<Tensor> in = npys(name + size, "in"), want = npys(name + size, "out");
      check_outputs(m(in), want);
      check_outputs(f(in), want);
    }
  }
}

// The sizes an ONNX model reads fold into attributes; a second trace at other sizes (right
// away where the model names its free dims, else at the next call's sizes) shows which
// attribute entries follow which input dim, and from then on one graph serves every size.
TEST_CASE("a model with dynamic axes compiles one graph for every size", "[onnx]") {
  kiln::onnx::Model m = kiln::onnx::load(path_of("transformer_dyn.onnx"));
  reset_explain();
  auto f = compile(m, CompileOptions{.name = "tdyn", .fullgraph = true});
  check_outputs(f(npys("transformer_dyn", "in")), npys("transformer_dyn", "out"));
  check_outputs(f(npys("transformer_dyn", "in")), npys("transformer_dyn", "out"));  // replay
  check_outputs(f(npys("transformer_dyn.b", "in")), npys("transformer_dyn.b", "out"));
  CHECK(f.traces() == 1);
  Generator g(5);
  for (auto [B, S] : {std::pair{4, 11}, {1, 1}, {6, 3}, {2, 7}}) {
    INFO(B << " x " << S);
    Tensor x = randn({B, S, 32}, DType::Float32, &g);
    std::vector<Tensor> in{x};
    check_outputs(f(in), m(in));  // eager m matches PyTorch at the exported sizes
  }
  CHECK(f.traces() == 1);  // one trace (and one trace at probe sizes, not run) for all sizes
  auto said = [](const std::string& fn, const std::string& kind, const std::string& text) {
    for (const auto& e : explain_events())
      if (e.fn == fn && e.kind == kind && e.reason.find(text) != std::string::npos) return true;
    return false;
  };
  CHECK(said("tdyn", "dynamic", "traced again at other sizes"));
  CHECK(said("tdyn", "dynamic", "input 0 dim 0, input 0 dim 1"));
  CHECK_FALSE(said("tdyn", "recompile", ""));
  // GPT: the causal mask and position ids built from the sequence length are recorded in the
  // graph (not folded), so it is shape-generic too.
  kiln::onnx::Model gpt = kiln::onnx::load(path_of("gpt_dyn.onnx"));
  auto h = compile(gpt, CompileOptions{.name = "gdyn", .fullgraph = true});
  std::vector<Tensor> longest{randint(0, 50, {3, 16}, DType::Int64, &g)};
  check_outputs(h(longest), gpt(longest));
  check_outputs(h(npys("gpt_dyn", "in")), npys("gpt_dyn", "out"));
  check_outputs(h(npys("gpt_dyn.b", "in")), npys("gpt_dyn.b", "out"));
  for (auto [B, S] : {std::pair{1, 1}, {5, 4}, {3, 16}}) {
    INFO(B << " x " << S);
    std::vector<Tensor> in{randint(0, 50, {B, S}, DType::Int64, &g)};
    check_outputs(h(in), gpt(in));
  }
  CHECK(h.traces() == 1);
  CHECK(said("gdyn", "dynamic", "input 0 dim 0, input 0 dim 1"));
  // A model that declares no input shape names no free dim: the second call's trace is
  // compared with the first.
  Builder b(13);
  b.g->add_input()->set_name("x");
  b.g->mutable_input(0)->mutable_type()->mutable_tensor_type()->set_elem_type(
      ::onnx::TensorProto::FLOAT);
  b.ints("minus_one", {-1});
  b.ints("zero", {0});
  b.node("Shape", {"x"}, {"s"});
  b.node("Gather", {"s", "zero"}, {"n"});
  Builder::attr(b.node("Concat", {"n", "minus_one"}, {"flat"}), "axis", int64_t(0));
  b.node("Reshape", {"x", "flat"}, {"r"});
  b.node("Relu", {"r"}, {"y"});
  b.output("y");
  kiln::onnx::Model free = b.load();
  auto k = compile(free, CompileOptions{.name = "free"});
  for (auto shape : {Shape{2, 3, 4}, Shape{5, 3, 4}, Shape{3, 3, 4}, Shape{7, 3, 4}}) {
    std::vector<Tensor> in{randn(shape, DType::Float32, &g)};
    check_outputs(k(in), {relu(in[0].reshape({shape[0], 12}))});
  }
  CHECK(k.traces() == 2);
  CHECK(said("free", "dynamic", "two traces compared"));
  // x[1:] (to the end) follows the size; x[-3:] is 3 only while n >= 3, so a model with it
  // keeps one graph per shape (at n = 2 it gives 2 elements, as ONNX says).
  for (bool from_end : {false, true}) {
    Builder s(13);
    auto* x = s.g->add_input();
    x->set_name("x");
    x->mutable_type()->mutable_tensor_type()->set_elem_type(::onnx::TensorProto::FLOAT);
    x->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_param("n");
    s.ints("start", {from_end ? -3 : 1});
    s.ints("end", {std::numeric_limits<int64_t>::max()});
    s.node("Slice", {"x", "start", "end"}, {"part"});
    s.node("Exp", {"part"}, {"y"});
    s.output("y");
    kiln::onnx::Model sliced = s.load();
    auto t = compile(sliced, CompileOptions{.name = "sliced"});
    for (int64_t n : {5, 9, 2, 1, 12}) {
      INFO(from_end << " " << n);
      std::vector<Tensor> in{arange(0, n, 1, DType::Float32)};
      Tensor want = exp(in[0].slice(0, from_end ? std::max<int64_t>(n - 3, 0) : 1, n));
      check_outputs(t(in), {want});
    }
    CHECK(t.traces() == (from_end ? 5 : 1));
  }
}

// A model whose traced constants depend on the sizes in a way the comparison cannot express
// keeps one graph per shape, correct at every size, and says why.
TEST_CASE("a model whose graph cannot follow its sizes keeps one graph per shape", "[onnx]") {
  // y = Range(0, n / 2) as floats, squared: data built from a size derived from n, which the
  // graph cannot name (only input sizes and reshape's -1 can be).
  Builder b(13);
  auto* x = b.g->add_input();
  x->set_name("x");
  x->mutable_type()->mutable_tensor_type()->set_elem_type(::onnx::TensorProto::FLOAT);
  x->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_param("n");
  b.ints("two", {2});
  b.ints("zero", {0});
  b.ints("one", {1});
  b.node("Shape", {"x"}, {"s"});
  b.node("Div", {"s", "two"}, {"h"});
  b.node("Range", {"zero", "h", "one"}, {"ids"});
  Builder::attr(b.node("Cast", {"ids"}, {"f"}), "to", int64_t(::onnx::TensorProto::FLOAT));
  b.node("Mul", {"f", "f"}, {"y"});
  b.output("y");
  kiln::onnx::Model m = b.load();
  reset_explain();
  auto f = compile(m, CompileOptions{.name = "halves"});
  for (int64_t n : {4, 8, 6, 10}) {
    INFO(n);
    std::vector<Tensor> in{zeros({n})};
    Tensor i = arange(0, n / 2, 1, DType::Float32);
    check_outputs(f(in), {i * i});
  }
  CHECK(f.traces() == 4);
  bool said = false;
  for (const auto& e : explain_events())
    said = said || (e.fn == "halves" && e.kind == "static" &&
                    e.reason.find("could not be made symbolic") != std::string::npos);
  CHECK(said);
}

TEST_CASE("shape computations fold while tracing: the graph has only tensor ops", "[onnx]") {
  kiln::onnx::Model m = kiln::onnx::load(path_of("gpt.onnx"));
  CHECK(m.op_summary().find("Shape") == std::string::npos);  // exported constant-folded
  kiln::onnx::Model dyn = kiln::onnx::load(path_of("gpt_dyn.onnx"));
  CHECK(dyn.op_summary().find("Shape x") != std::string::npos);  // Shape -> Gather -> ...
  kir::Program p = dyn.trace(npys("gpt_dyn", "in"));
  std::string text = p.text();
  CHECK(text.find("embedding(") != std::string::npos);
  // The causal mask and the position ids are data built from sizes: recorded as ops on one
  // number each (expand to [seq, seq] / [seq], then triu / cumsum), not folded to tensors of
  // one size, so that the graph can be made shape-generic; where() applies the mask.
  CHECK(text.find("triu(") != std::string::npos);
  CHECK(text.find("cumsum(") != std::string::npos);
  CHECK(text.find("expand(") != std::string::npos);
  CHECK(text.find("where(") != std::string::npos);
  CHECK(text.find("erf(") != std::string::npos);
  CHECK(p.params()[0].dims[0].size == 2);
  // Every value left is a tensor op on the data, the weights or folded constants.
  CHECK(text.find("cat(") == std::string::npos);
}

TEST_CASE("external data: weights in a side file", "[onnx]") {
  kiln::onnx::Model inline_weights = kiln::onnx::load(path_of("cnn.onnx"));
  kiln::onnx::Model external = kiln::onnx::load(path_of("cnn_external/cnn.onnx"));
  std::vector<Tensor> in = npys("cnn", "in");
  check_outputs(external(in), inline_weights(in));

  std::string dir = temp_dir("missing-weights");
  fs::copy_file(path_of("cnn_external/cnn.onnx"), dir + "/cnn.onnx");
  std::string msg = message_of([&] { kiln::onnx::load(dir + "/cnn.onnx"); });
  CHECK_THAT(msg, Catch::Contains("external data file") && Catch::Contains("cnn.weights") &&
                      Catch::Contains("is missing"));
  // A side file too short for the tensors.
  std::ofstream(dir + "/cnn.weights", std::ios::binary) << std::string(100, '\0');
  msg = message_of([&] { kiln::onnx::load(dir + "/cnn.onnx"); });
  CHECK_THAT(msg, Catch::Contains("does not hold the"));
  fs::remove_all(dir);
}

TEST_CASE("malformed files are errors, never crashes", "[onnx][errors]") {
  std::ifstream f(path_of("cnn.onnx"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  // Truncated anywhere: an error (or, cut at a field boundary, a model whose checks fail).
  for (size_t cut : {size_t(0), size_t(1), size_t(10), bytes.size() / 3, bytes.size() / 2,
                     bytes.size() - 7, bytes.size() - 1}) {
    INFO(cut);
    CHECK_THROWS_AS(kiln::onnx::load_from_bytes(bytes.substr(0, cut)), Error);
  }
  CHECK_THAT(message_of([] { kiln::onnx::load_from_bytes("graph @f() -> () { return }"); }),
             Catch::Contains("not an ONNX model"));
  CHECK_THAT(message_of([] { kiln::onnx::load(path_of("nope.onnx")); }),
             Catch::Contains("cannot open"));
  // Flipped bytes: whatever parses must be checked or run to a clear error.
  Generator gen(3);
  std::vector<Tensor> in = npys("cnn", "in");
  for (int trial = 0; trial < 40; ++trial) {
    std::string b = bytes;
    for (int k = 0; k < 4; ++k) b[gen.next_u64() % b.size()] = char(gen.next_u64());
    try {
      kiln::onnx::Model m = kiln::onnx::load_from_bytes(b);
      m(in);
    } catch (const Error&) {
    }
  }
}

TEST_CASE("unsupported ops and attribute values name the node", "[onnx][errors]") {
  CHECK(message_of([] { kiln::onnx::load(path_of("unsupported_op.onnx")); }) ==
        "onnx: node 'det_node' (Det, opset 13): op Det is not supported by kiln (in '" +
            path_of("unsupported_op.onnx") + "')");
  kiln::onnx::Model m = kiln::onnx::load(path_of("unsupported_attr.onnx"));
  CHECK_THAT(message_of([&] { m({ones({2, 3})}); }),
             Catch::Contains("node 'pad_node' (Pad, opset 13)") &&
                 Catch::Contains("mode 'reflect' is not supported"));
}

TEST_CASE("inputs of the wrong count, dtype, rank or shape are errors", "[onnx][errors]") {
  kiln::onnx::Model m = kiln::onnx::load(path_of("cnn.onnx"));
  REQUIRE(m.inputs().size() == 1);
  CHECK(m.inputs()[0].str() == "image f32[2, 3, 32, 32]");
  CHECK_THAT(message_of([&] { m({}); }),
             Catch::Contains("takes 1 inputs (image f32[2, 3, 32, 32]), 0 given"));
  CHECK_THAT(message_of([&] { m({zeros({2, 3, 32, 32}, DType::Float64)}); }),
             Catch::Contains("input 0 must be image f32[2, 3, 32, 32], got f64[2, 3, 32, 32]"));
  CHECK_THAT(message_of([&] { m({zeros({2, 3, 32})}); }), Catch::Contains("got f32[2, 3, 32]"));
  CHECK_THAT(message_of([&] { m({zeros({1, 3, 32, 32})}); }),
             Catch::Contains("got f32[1, 3, 32, 32]"));
  kiln::onnx::Model dyn = kiln::onnx::load(path_of("gpt_dyn.onnx"));
  CHECK(dyn.inputs()[0].str() == "ids i64[batch, seq]");
  CHECK_THAT(message_of([&] { dyn({zeros({2, 3}, DType::Int32)}); }),
             Catch::Contains("must be ids i64[batch, seq], got i32[2, 3]"));
  // An index out of the embedding's range.
  CHECK_THROWS_AS(dyn({full({1, 4}, 50, DType::Int64)}), Error);
}

TEST_CASE("converters: slices, gathers, pads and shapes as ONNX defines them", "[onnx]") {
  Tensor x = arange(0, 24, 1, DType::Float32).reshape({2, 3, 4});
  SECTION("Slice with negative steps and out-of-range ends") {
    Builder b;
    b.input("x", {2, 3, 4});
    b.ints("starts", {-1, 100});
    b.ints("ends", {-100, 0});
    b.ints("axes", {2, 1});
    b.ints("steps", {-2, -1});
    b.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"});
    b.output("y");
    Tensor y = b.load()({x})[0];
    // dim 2: 3, 1; dim 1: from 2 down to (but not) 0: 2, 1.
    Tensor want = tensor<float>({11, 9, 7, 5, 23, 21, 19, 17}, {2, 2, 2});
    KILN_CHECK_CLOSE(y, want, test::default_tol(DType::Float32));
  }
  SECTION("Slice with a negative step from before the beginning starts at 0 (ONNX, not NumPy)") {
    Builder b;
    b.input("x", {2, 3, 4});
    b.ints("starts", {-100});
    b.ints("ends", {-100});
    b.ints("axes", {2});
    b.ints("steps", {-1});
    b.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"});
    b.output("y");
    Tensor y = b.load()({x})[0];
    CHECK(y.shape() == Shape{2, 3, 1});
    CHECK(y.at<float>({1, 2, 0}) == 20);
  }
  SECTION("Gather with negative and scalar indices") {
    Builder b;
    b.input("x", {2, 3, 4});
    b.ints("i", {-1, 0});
    auto* g = b.node("Gather", {"x", "i"}, {"y"});
    Builder::attr(g, "axis", int64_t(2));
    b.output("y");
    Tensor y = b.load()({x})[0];
    CHECK(y.shape() == Shape{2, 3, 2});
    CHECK(y.at<float>({1, 2, 0}) == 23);
    CHECK(y.at<float>({1, 2, 1}) == 20);
  }
  SECTION("Pad with a value, Shape -> ConstantOfShape, Reshape with 0 and -1") {
    Builder b(13);
    b.input("x", {2, 3, 4});
    b.ints("pads", {0, 1, 0, 0, 0, 2});
    auto* p = b.node("Pad", {"x", "pads"}, {"padded"});
    Builder::attr(p, "mode", std::string("constant"));
    b.node("Shape", {"padded"}, {"s"});
    b.node("ConstantOfShape", {"s"}, {"zeros"});
    b.node("Add", {"padded", "zeros"}, {"sum"});
    b.ints("shape", {0, -1});
    b.node("Reshape", {"sum", "shape"}, {"y"});
    b.output("y");
    kiln::onnx::Model m = b.load();
    Tensor y = m({x})[0];
    CHECK(y.shape() == Shape{2, 24});  // [2, 4, 6] flattened after dim 0
    CHECK(y.at<float>({0, 0}) == 0);
    CHECK(y.at<float>({0, 6}) == 0);   // the padded row
    CHECK(y.at<float>({0, 7}) == 1);   // x[0, 0, 1]
    CHECK(y.at<float>({0, 10}) == 0);  // right padding
    // Traced, the shape computation folds: no op of the graph reads sizes.
    std::string text = m.trace({x}).text();
    CHECK(text.find("reshape(") != std::string::npos);
    auto f = compile(m, CompileOptions{.fullgraph = true});
    KILN_CHECK_CLOSE(f(std::vector<Tensor>{x})[0], y, test::kFusedTol);
  }
  SECTION("a shape read from the data is a graph break, and still right") {
    Builder b;
    b.input("x", {2, 3, 4});
    b.input("shape", {2}, ::onnx::TensorProto::INT64);
    b.node("Reshape", {"x", "shape"}, {"y"});
    b.output("y");
    kiln::onnx::Model m = b.load();
    reset_explain();
    auto f = compile(m);
    Tensor s1 = tensor<int64_t>({4, 6}), s2 = tensor<int64_t>({8, 3});
    CHECK(f(std::vector<Tensor>{x, s1})[0].shape() == Shape{4, 6});
    CHECK(f(std::vector<Tensor>{x, s2})[0].shape() == Shape{8, 3});
    CHECK_THAT(explain(), Catch::Contains("reads the values of input 1 ('shape')"));
    CHECK_THAT(message_of([&] { m.trace({x, s1}); }), Catch::Contains("graph break"));
  }
  SECTION("MaxPool with dilations, ceil_mode and indices") {
    Builder b;
    b.input("x", {1, 1, 5, 5});
    auto* p = b.node("MaxPool", {"x"}, {"y", "i"});
    Builder::attr(p, "kernel_shape", std::vector<int64_t>{2, 2});
    Builder::attr(p, "strides", std::vector<int64_t>{2, 2});
    Builder::attr(p, "ceil_mode", int64_t(1));
    b.output("y");
    b.output("i", ::onnx::TensorProto::INT64);
    Tensor img = arange(0, 25, 1, DType::Float32).reshape({1, 1, 5, 5});
    auto out = b.load()({img});
    CHECK(out[0].shape() == Shape{1, 1, 3, 3});
    CHECK(out[0].tolist<float>() == std::vector<float>{6, 8, 9, 16, 18, 19, 21, 23, 24});
    CHECK(out[1].tolist<int64_t>() == std::vector<int64_t>{6, 8, 9, 16, 18, 19, 21, 23, 24});
  }
}

TEST_CASE("TensorProto files round-trip every dtype", "[onnx]") {
  std::string dir = temp_dir("pb");
  for (DType d : {DType::Float32, DType::Float64, DType::Float16, DType::BFloat16, DType::Int64,
                  DType::Int32, DType::Int8, DType::UInt8, DType::Bool}) {
    INFO(name(d));
    Tensor t = arange(0, 6, 1, DType::Float32).reshape({2, 3}).to(d);
    kiln::onnx::save_tensor(dir + "/t.pb", t.t());  // non-contiguous: written in logical order
    KILN_CHECK_CLOSE(kiln::onnx::load_tensor(dir + "/t.pb"), t.t(), (test::Tol{0, 0}));
  }
  std::ofstream(dir + "/bad.pb") << "\xff\xff\xff";
  CHECK_THAT(message_of([&] { kiln::onnx::load_tensor(dir + "/bad.pb"); }),
             Catch::Contains("is not a TensorProto file"));
  fs::remove_all(dir);
}

// Inputs the importer's fuzzer (tests/fuzz/onnx_fuzz.cpp) found crashing, run the way the
// fuzzer runs them: each must load and run, or give kiln::Error.
TEST_CASE("fuzzer findings are errors, not crashes", "[onnx][errors]") {
  for (const auto& entry : fs::directory_iterator(kDir + "/fuzz")) {
    INFO(entry.path().string());
    std::ifstream f(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    try {
      kiln::onnx::Model m = kiln::onnx::load_from_bytes(bytes, "/nonexistent");
      std::vector<Tensor> inputs;
      for (const auto& v : m.inputs()) {
        Shape s;
        for (int64_t d : v.dims) s.push_back(d < 0 ? 2 : d);
        inputs.push_back(ones(s, v.dtype));
      }
      m(inputs);
    } catch (const Error&) {
    }
  }
}

TEST_CASE("sizes from the model's data are checked before anything is allocated",
          "[onnx][errors]") {
  SECTION("an initializer whose shape its data cannot fill") {
    Builder b;
    auto* t = b.g->add_initializer();
    t->set_name("big");
    t->set_data_type(::onnx::TensorProto::INT64);
    t->add_dims(int64_t(1) << 20);
    t->add_dims(int64_t(1) << 20);
    t->set_raw_data(std::string(8, '\0'));
    b.node("Identity", {"big"}, {"y"});
    b.output("y", ::onnx::TensorProto::INT64);
    CHECK_THAT(message_of([&] { b.load(); }), Catch::Contains("raw_data has 8 bytes"));
  }
  SECTION("ConstantOfShape, Expand and Tile sizes that overflow") {
    for (std::string op : {"ConstantOfShape", "Expand", "Tile"}) {
      INFO(op);
      Builder b;
      b.input("x", {2, 2});
      b.ints("s", {int64_t(1) << 32, int64_t(1) << 32});
      if (op == "ConstantOfShape")
        b.node(op, {"s"}, {"y"});
      else
        b.node(op, {"x", "s"}, {"y"});
      b.output("y");
      CHECK_THAT(message_of([&] { b.load()({ones({2, 2})}); }),
                 Catch::Contains("too large") && Catch::Contains(op));
    }
  }
  SECTION("malformed nodes: no outputs, empty K, huge blocksize, no inputs") {
    Builder b;
    b.input("x", {1, 4, 2, 2});
    b.node("Split", {"x"}, {});
    b.output("x");
    CHECK_THAT(message_of([&] { b.load()({ones({1, 4, 2, 2})}); }),
               Catch::Contains("has no outputs"));
    Builder c;
    c.input("x", {1, 4, 2, 2});
    c.ints("k", {});
    c.node("TopK", {"x", "k"}, {"v", "i"});
    c.output("v");
    CHECK_THAT(message_of([&] { c.load()({ones({1, 4, 2, 2})}); }),
               Catch::Contains("K must hold one number"));
    Builder d;
    d.input("x", {1, 4, 2, 2});
    Builder::attr(d.node("DepthToSpace", {"x"}, {"y"}), "blocksize", int64_t(1) << 32);
    d.output("y");
    CHECK_THAT(message_of([&] { d.load()({ones({1, 4, 2, 2})}); }), Catch::Contains("blocksize"));
    Builder e;
    e.input("x", {2});
    Builder::attr(e.node("Concat", {}, {"y"}), "axis", int64_t(0));
    e.output("y");
    CHECK_THAT(message_of([&] { e.load()({ones({2})}); }),
               Catch::Contains("needs at least one input"));
  }
}

TEST_CASE("an output that is a weight is the caller's copy", "[onnx]") {
  Builder b;
  b.input("x", {2});
  b.ints("w", {1, 2, 3});
  b.node("Identity", {"w"}, {"y"});
  b.output("y", ::onnx::TensorProto::INT64);
  kiln::onnx::Model m = b.load();
  Tensor y = m({ones({2})})[0];
  add_(y, 10);
  CHECK(m({ones({2})})[0].tolist<int64_t>() == std::vector<int64_t>{1, 2, 3});
}

TEST_CASE("a batch of zero runs compiled as it runs eagerly", "[onnx]") {
  kiln::onnx::Model m = kiln::onnx::load(path_of("gpt_dyn.onnx"));
  Tensor ids = zeros({0, 4}, DType::Int64);
  std::vector<Tensor> eager = m({ids});
  auto f = compile(m);
  std::vector<Tensor> compiled = f(std::vector<Tensor>{ids});
  REQUIRE(compiled.size() == 1);
  CHECK(compiled[0].shape() == eager[0].shape());
  CHECK(compiled[0].shape() == Shape{0, 4, 50});
}
