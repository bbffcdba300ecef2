// Fused CPU kernels: the fusion plan of fixed graphs, the generated MLIR of ~20 graphs against
// committed files (tests/codegen/golden; regenerate with tools/regen-golden-kernels.sh), every
// fusable op on every dtype against eager, reductions, symbolic dims, and the kernel cache
// (corrupt, truncated and stale disk entries; concurrent requests compile once), and the tuning
// choices kept beside it.
#include <cfloat>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "codegen/cpu/kernel_cache.h"
#include "codegen/kernel.h"
#include "frontend/dispatch.h"
#include "frontend/executor.h"
#include "frontend/interpreter.h"
#include "ir/graph.h"
#include "ir/scalar.h"
#include "kiln/cache.h"
#include "ops/reference.h"
#include "runtime/allocator.h"
#include "runtime/files.h"
#include "runtime/log.h"
#include "runtime/tensor_impl.h"
#include "runtime/tuning.h"

using namespace kiln;
namespace fs = std::filesystem;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A private disk cache for the test; restores the old one after.
struct TempCache {
  std::string old = config().cache_dir;
  std::string dir;
  explicit TempCache(const std::string& name) {
    dir = (fs::temp_directory_path() / fmt::format("kiln-test-{}-{}", name, ::getpid())).string();
    fs::remove_all(dir);
    config().cache_dir = dir;
    cache::forget_memory();
  }
  ~TempCache() {
    std::error_code ec;
    fs::remove_all(dir, ec);
    config().cache_dir = old;
    cache::forget_memory();
  }
};

// A graph of one node of `def` over params shaped like `in`, returning a result like `out`.
ir::Graph one_op_graph(const ir::OpDef& def, const std::vector<Tensor>& in, const Attrs& attrs,
                       const Tensor& out) {
  ir::Graph graph("g");
  std::vector<ir::Value*> params;
  for (const Tensor& t : in)
    params.push_back(graph.add_param(ir::TensorType::of(t.dtype(), t.shape())));
  ir::Node* n = graph.add_node(def, params, attrs, {ir::TensorType::of(out.dtype(), out.shape())});
  graph.set_returns({n->outputs[0]});
  return graph;
}

std::vector<Tensor> random_like(const kir::Program& p, size_t graph, Generator& g,
                                int64_t sym = 5) {
  std::vector<Tensor> in;
  for (const auto& param : p.params(graph)) {
    Shape s;
    for (const auto& d : param.dims) s.push_back(d.symbol.empty() ? d.size : sym);
    if (param.dtype == DType::Bool)
      in.push_back(randint(0, 2, s, DType::Int64, &g).to(DType::Bool));
    else if (is_floating(param.dtype))
      in.push_back(randn(s, param.dtype, &g));
    else
      in.push_back(randint(-9, 10, s, param.dtype == DType::UInt8 ? DType::Int64 : param.dtype, &g)
                       .to(param.dtype));
  }
  return in;
}

}  // namespace

TEST_CASE("fusion groups: chains, reductions with prologue and epilogue, refusals", "[codegen]") {
  auto p = kir::Program::load(std::string(KILN_TEST_DATA_DIR) + "/kernels.kir");
  auto report = [&](const std::string& name) {
    for (size_t i = 0; i < p.size(); ++i)
      if (p.name(i) == name) return p.fusion_report(i);
    FAIL("no graph " << name);
    return std::string();
  };
  // gelu stays whole (it has a fused form); softmax and layer_norm are decomposed.
  CHECK(report("b1") ==
        "group 0: kernel over [4096]: %0 mul, %1 add, %2 gelu, %3 add\n4 ops in 1 groups (1 fused "
        "kernels)\n");
  CHECK(report("softmax") ==
        "group 0: kernel over [16, 128] reducing 1 trailing dim(s): %0 amax, %1 sub, %2 exp, %3 "
        "sum, %4 div\n5 ops in 1 groups (1 fused kernels)\n");
  CHECK(report("layer_norm") ==
        "group 0: kernel over [16, 256] reducing 1 trailing dim(s): %0 mean, %1 sub, %2 mul, %3 "
        "mean, %5 add, %6 rsqrt, %7 mul, %8 mul, %9 add\n9 ops in 1 groups (1 fused kernels)\n");
  // The bias and the activation run as the matmul's epilogue (oneDNN post-ops).
  CHECK(report("linear_relu") ==
        "group 0: eager: %0 transpose\ngroup 1: oneDNN matmul with a 2-step epilogue: %1 matmul, "
        "%2 add, %3 relu\n4 ops in 2 groups (0 fused kernels)\n");
  // A kernel that starts apart merges when a node reads both kernels.
  auto m = kir::Program::parse(R"(
graph @g(%x: f32[64]) -> (f32[64]) {
  %c = constant() {value = 0.5, dtype = f32, shape = []} : f32[]
  %0 = mul(%x, %c) : f32[64]
  %1 = tanh(%x) : f32[64]
  %2 = add(%1, %c) : f32[64]
  %3 = mul(%0, %2) : f32[64]
  return %3
}
)");
  CHECK_THAT(m.fusion_report(), Catch::Contains("4 ops in 1 groups (1 fused kernels)"));
  // Kernels that read the same tensor merge (one pass over it), and sibling kernels that stay
  // apart say why.
  CHECK(report("amax_amin") ==
        "group 0: kernel over [32, 64] reducing 1 trailing dim(s): %0 amax, %1 amin\n2 ops in 1 "
        "groups (1 fused kernels)\n");
  auto apart = kir::Program::parse(R"(
graph @g(%x: f32[4, 8], %y: f32[8]) -> (f32[4, 8], f32[4, 1]) {
  %a = exp(%x) : f32[4, 8]
  %b = exp(%y) : f32[8]
  %c = add(%b, %a) : f32[4, 8]
  %d = sum(%x) {dims = [0], keepdim = true} : f32[1, 8]
  %e = sum(%x) {dims = [1], keepdim = true} : f32[4, 1]
  return %c, %e
}
)");
  std::string why = apart.fusion_report();
  CHECK_THAT(why, Catch::Contains("%2 = add: %1's kernel stays apart: the kernels iterate over "
                                  "different spaces, [4, 8] and [8]"));
  // sum(x) over its rows joins exp(x)'s kernel: one pass over x, both results right
  CHECK_THAT(why, Catch::Contains("reducing 1 trailing dim(s): %0 exp, %2 add, %3 sum\n"));
  {
    Generator g(4);
    std::vector<Tensor> in{randn({4, 8}, DType::Float32, &g), randn({8}, DType::Float32, &g)};
    auto want = apart.run(in);
    frontend::Executable exe(std::move(ir::parse_kir(apart.text())[0]));
    for (int run = 0; run < 2; ++run) {
      auto got = exe.run(in, Loc::current());
      KILN_CHECK_FUSED(got[0], want[0]);
      KILN_CHECK_FUSED(got[1], want[1]);
    }
  }
  // A node refused by a kernel (it reads a reduction's result without its dims, which the
  // kernel cannot index) is not merged back into it as a sibling (both read %x): compiled
  // equals eager.
  auto refused = kir::Program::parse(R"(
graph @g(%x: f32[4, 4]) -> (f32[4, 4]) {
  %s = sum(%x) {dims = [-1], keepdim = false} : f32[4]
  %y = add(%x, %s) : f32[4, 4]
  return %y
}
)");
  CHECK_THAT(refused.fusion_report(), Catch::Contains("2 ops in 2 groups"));
  {
    Tensor x = arange(16, DType::Float32).reshape({4, 4});
    KILN_CHECK_FUSED(refused.run_compiled({x})[0], refused.run({x})[0]);
  }
  // Refusals carry their reason.
  auto q = kir::Program::parse(R"(
graph @g(%x: f32[4, 8], %y: f32[8]) -> (f32[8], f32[4, 8]) {
  %0 = exp(%x) : f32[4, 8]
  %1 = sum(%0) {dims = [0], keepdim = false} : f32[8]
  %2 = add(%1, %y) : f32[8]
  %3 = div(%x, %x) {rounding_mode = "floor"} : f32[4, 8]
  return %2, %3
}
)");
  std::string r = q.fusion_report();
  CHECK_THAT(r, Catch::Contains("sum: runs its own kernel: it reduces dims [0] of f32[4, 8], "
                                "only trailing dims fuse"));
  CHECK_THAT(r, Catch::Contains("div: runs its own kernel: div with a rounding mode has no fused "
                                "form"));
  auto s = kir::Program::parse(R"(
graph @g(%x: f32[4, 8], %b: f32[4]) -> (f32[4, 8]) {
  %0 = exp(%x) : f32[4, 8]
  %1 = transpose(%0) {dim0 = 0, dim1 = 1} : f32[8, 4]
  %2 = add(%1, %b) : f32[8, 4]
  %3 = transpose(%2) {dim0 = 0, dim1 = 1} : f32[4, 8]
  %4 = add(%0, %3) : f32[4, 8]
  return %4
}
)");
  // (The transposes stay where they are, and sink-views says why: passes/test_passes.cpp.)
  std::string views = s.fusion_report();
  CHECK_THAT(views, Catch::Contains("is computed from the kernel's results by another kernel"));
  CHECK_THAT(views, Catch::Contains("%1 = transpose: a view of %0, which its kernel writes whole "
                                    "for it: the transpose strides its last dim"));
  Generator g(3);
  Tensor x = randn({4, 8}, DType::Float32, &g), b = randn({4}, DType::Float32, &g);
  KILN_CHECK_FUSED(s.run_compiled({x, b})[0], s.run({x, b})[0]);
}

TEST_CASE("golden kernels: generated MLIR matches the committed files", "[codegen][golden]") {
  auto p = kir::Program::load(std::string(KILN_TEST_DATA_DIR) + "/kernels.kir");
  bool regenerate = std::getenv("KILN_REGENERATE_GOLDEN") != nullptr;
  REQUIRE(p.size() >= 20);
  for (size_t i = 0; i < p.size(); ++i) {
    std::string path = std::string(KILN_CODEGEN_GOLDEN_DIR) + "/" + p.name(i) + ".mlir";
    std::string got = p.codegen(i, "mlir", 512);
    if (regenerate) {
      std::ofstream(path) << got;
      continue;
    }
    INFO("graph @" << p.name(i) << " vs " << path
                   << " (after a deliberate codegen change: tools/regen-golden-kernels.sh)");
    REQUIRE(fs::exists(path));
    CHECK(got == read_file(path));
  }
}

TEST_CASE("kernels written for 128-bit 256-bit and 512-bit vectors all compile for this host",
          "[codegen]") {
  // The golden files fix 512 bits; hosts with narrower vectors get narrower reduction loops
  // (one loop width when it equals the element loops', as on 128-bit hosts).
  auto p = kir::Program::load(std::string(KILN_TEST_DATA_DIR) + "/kernels.kir");
  for (int bits : {128, 256, 512}) {
    std::string lanes = fmt::format("%cw{} = arith.constant", 4 * bits / 32);
    for (size_t i = 0; i < p.size(); ++i) {
      INFO("graph @" << p.name(i) << " at " << bits << " bits");
      std::string mlir = p.codegen(i, "mlir", bits);
      if (bits > 128 && p.name(i) == "softmax") CHECK(mlir.find(lanes) != std::string::npos);
      CHECK_NOTHROW(p.codegen(i, "llvm", bits));
    }
  }
}

namespace {
// Sets Config::stream_min_bytes for a scope (1: every aligned launch streams its stores).
struct StreamBytes {
  int64_t saved = config().stream_min_bytes;
  explicit StreamBytes(int64_t b) { config().stream_min_bytes = b; }
  ~StreamBytes() { config().stream_min_bytes = saved; }
};

void check_golden_graphs() {
  auto p = kir::Program::load(std::string(KILN_TEST_DATA_DIR) + "/kernels.kir");
  Generator g(11);
  for (size_t i = 0; i < p.size(); ++i) {
    INFO("graph @" << p.name(i));
    std::vector<Tensor> in = random_like(p, i, g);
    auto want = p.run(in, i);
    auto got = p.run_compiled(in, i);
    REQUIRE(got.size() == want.size());
    for (size_t k = 0; k < got.size(); ++k) KILN_CHECK_FUSED(got[k], want[k]);
    // Every kernel really compiled (a failure would fall back to eager and still match).
    frontend::Executable exe(std::move(ir::parse_kir(p.text())[i]));
    exe.run(in, Loc::current());
    CHECK(exe.kernels_failed() == 0);
    // Non-contiguous inputs take the strided (or copied) path.
    std::vector<Tensor> strided;
    for (const Tensor& t : in) strided.push_back(test::strided_copy(t));
    got = p.run_compiled(strided, i);
    for (size_t k = 0; k < got.size(); ++k) KILN_CHECK_FUSED(got[k], want[k]);
  }
}

void check_pointwise_ops() {
  const DType dtypes[] = {DType::Float32,  DType::Float64, DType::Float16,
                          DType::BFloat16, DType::Int32,   DType::Int64,
                          DType::UInt8,    DType::Int8,    DType::Bool};
  Generator g(5);
  int fused = 0;
  for (const ir::OpDef* def : ir::all_ops()) {
    if (def->cls != ir::OpClass::Pointwise || !def->lower) continue;
    for (DType dt : dtypes) {
      Attrs attrs;
      for (const auto& a : def->attrs) attrs.values.push_back(a.default_value);
      if (def->name == "clamp") attrs.values = {Scalar(-1), Scalar(2)};
      if (def->name == "cast") attrs.values = {DType::Float32};
      // x: [5, 37] (a 16-lane body plus a tail); y broadcasts from [37]; where's cond is bool.
      std::vector<Tensor> in;
      for (int k = 0; k < def->min_inputs; ++k) {
        Shape s = k == 1 ? Shape{37} : Shape{5, 37};
        DType t = def->name == "where" && k == 0 ? DType::Bool : dt;
        Tensor v = t == DType::Bool ? randint(0, 2, s, DType::Int64, &g).to(t)
                   : is_floating(t) ? randn(s, t, &g) * 2
                                    : randint(1, 6, s, DType::Int64, &g).to(t);
        in.push_back(v);
      }
      std::vector<Tensor> want;
      try {
        want = frontend::run(*def, in, attrs, Loc::current());
      } catch (const Error&) {
        continue;  // eager refuses this dtype
      }
      frontend::Executable exe(one_op_graph(*def, in, attrs, want[0]), false);
      INFO(def->name << " on " << name(dt));
      auto got = exe.run(in, Loc::current());
      // 16-bit floats compute in float32 and round once per op, as eager does; the float32
      // approximations can move a result by one 16-bit ulp.
      bool half = dt == DType::Float16 || dt == DType::BFloat16;
      KILN_CHECK_CLOSE(got[0], want[0], half ? test::default_tol(dt) : test::kFusedTol);
      fused += exe.plan().kernels();
      CHECK(exe.kernels_failed() == 0);
    }
  }
  CHECK(fused > 200);  // ~50 ops, most of them on several dtypes, ran as generated kernels
}
}  // namespace

TEST_CASE("golden kernels compute what eager computes", "[codegen]") { check_golden_graphs(); }

TEST_CASE("every fusable pointwise op on every dtype: compiled equals eager", "[codegen]") {
  check_pointwise_ops();
}

TEST_CASE("compiled float32 ops stay within their class's tolerance", "[codegen]") {
  // Each fusable pointwise op, classed by its lowering: approximated where it computes an
  // exp, log, power, tanh, erf, sin or cos; else IEEE-exact. Inputs spread over [-16, 16].
  const ir::SOp approximated[] = {ir::SOp::Exp,   ir::SOp::Exp2,  ir::SOp::Log, ir::SOp::Log2,
                                  ir::SOp::Log1p, ir::SOp::Expm1, ir::SOp::Pow, ir::SOp::Tanh,
                                  ir::SOp::Erf,   ir::SOp::Sin,   ir::SOp::Cos};
  Generator g(11);
  int exact = 0, approx = 0;
  for (const ir::OpDef* def : ir::all_ops()) {
    if (def->cls != ir::OpClass::Pointwise || !def->lower) continue;
    Attrs attrs;
    for (const auto& a : def->attrs) attrs.values.push_back(a.default_value);
    if (def->name == "clamp") attrs.values = {Scalar(-1), Scalar(2)};
    if (def->name == "cast") attrs.values = {DType::Float32};
    std::vector<Tensor> in;
    for (int k = 0; k < def->min_inputs; ++k) {
      Shape s{64, 1000};
      in.push_back(def->name == "where" && k == 0
                       ? randint(0, 2, s, DType::Int64, &g).to(DType::Bool)
                       : randn(s, DType::Float32, &g) * 4);
    }
    std::vector<Tensor> want;
    try {
      want = frontend::run(*def, in, attrs, Loc::current());
    } catch (const Error&) {
      continue;
    }
    ir::ScalarBuilder b;
    std::vector<ir::SExpr> args;
    for (size_t k = 0; k < in.size(); ++k) args.push_back(b.load(int(k), in[k].dtype()));
    REQUIRE(ir::lower_node(b, *def, args, attrs, want[0].dtype()).ok());
    bool approximate = false;
    for (const ir::SInst& inst : b.insts())
      approximate = approximate || std::find(std::begin(approximated), std::end(approximated),
                                             inst.op) != std::end(approximated);
    frontend::Executable exe(one_op_graph(*def, in, attrs, want[0]), false);
    INFO(def->name << (approximate ? ": approximated" : ": IEEE-exact"));
    KILN_CHECK_CLOSE(exe.run(in, Loc::current())[0], want[0],
                     approximate ? test::kFusedApproxTol : test::kFusedPointwiseTol);
    (approximate ? approx : exact) += exe.plan().kernels();
  }
  CHECK(exact > 25);
  CHECK(approx > 12);
  // Reductions and normalisations over rows of 1,000 and 100,000.
  std::vector<std::pair<const char*, std::function<Tensor(const Tensor&)>>> reductions = {
      {"sum", [](const Tensor& t) { return sum(t, {-1}); }},
      {"sum of all", [](const Tensor& t) { return sum(t); }},
      {"mean", [](const Tensor& t) { return mean(t, {-1}); }},
      {"prod", [](const Tensor& t) { return prod(t * 1e-5 + 1, {-1}); }},  // finite: ~e^1
      {"amax", [](const Tensor& t) { return amax(t, {-1}); }},
      {"amin", [](const Tensor& t) { return amin(t, {-1}); }},
      {"softmax", [](const Tensor& t) { return softmax(t, -1); }},
      {"log_softmax", [](const Tensor& t) { return log_softmax(t, -1); }},
      {"logsumexp", [](const Tensor& t) { return logsumexp(t, {-1}); }},
      {"layer_norm", [](const Tensor& t) { return layer_norm(t, {t.shape()[1]}); }},
      {"rms_norm", [](const Tensor& t) { return rms_norm(t, {t.shape()[1]}); }},
      {"var", [](const Tensor& t) { return var(t, {-1}); }},
      {"std", [](const Tensor& t) { return kiln::std(t, {-1}); }},
  };
  for (int64_t n : {1000, 100000}) {
    Tensor x = randn({8, n}, DType::Float32, &g) * 4 + 1;
    for (auto& [name, fn] : reductions) {
      INFO(name << " over rows of " << n);
      auto f = compile(fn);
      f(x);  // traced
      KILN_CHECK_CLOSE(f(x), fn(x), test::kFusedReductionTol);
    }
  }
}

TEST_CASE("streaming stores: the golden kernels and every pointwise op equal eager", "[codegen]") {
  // Every launch with 64-byte aligned output rows streams (rows of 37, 128, 256 ... elements:
  // aligned rows, unaligned ones, vector bodies with a masked last step; the softmax stash on
  // the stack).
  StreamBytes on(1);
  check_golden_graphs();
  check_pointwise_ops();
}

TEST_CASE("streaming stores are chosen only for large outputs with aligned rows", "[codegen]") {
  codegen::LoopKernel k;  // out = x * x over [rows, n]
  k.buffers = {codegen::KernelBuffer{DType::Float32}, codegen::KernelBuffer{DType::Float32, true}};
  ir::ScalarBuilder b;
  ir::SExpr x = b.load(0, DType::Float32);
  b.store(1, b.binary(ir::SOp::Mul, x, x));
  k.body = b.insts();
  auto stream = [&](const Tensor& in, const Tensor& out) {
    return codegen::plan_launch(k, in.shape(), {in, out}).variant.stream;
  };
  Tensor in = zeros({8, 64}), out = empty({8, 64});
  {
    StreamBytes on(1);
    CHECK(stream(in, out));
    CHECK(codegen::plan_launch(k, in.shape(), {in, out}).variant.key().ends_with(":nt"));
    // rows that start 4 bytes past a 64-byte boundary
    Tensor shifted = empty({8 * 64 + 1}).narrow(0, 1, 8 * 64).view({8, 64});
    CHECK_FALSE(stream(in, shifted));
    // output rows 61 floats apart: the second row starts 244 bytes in; 64 apart: aligned
    CHECK_FALSE(stream(zeros({8, 60}), empty({8, 61}).narrow(1, 0, 60)));
    CHECK(stream(zeros({8, 60}), empty({8, 64}).narrow(1, 0, 60)));
    // a strided output
    CHECK_FALSE(stream(in, empty({64, 8}).t()));
    // without pointers (a prefetch, text output) outputs are taken as aligned, so the variant
    // is the one a run with kiln's own buffers asks for; strides still decide
    Tensor min = meta_tensor({8, 64}, DType::Float32), mout = meta_tensor({8, 64}, DType::Float32);
    CHECK(codegen::plan_launch(k, in.shape(), {min, mout}, false).variant.key() ==
          codegen::plan_launch(k, in.shape(), {in, out}).variant.key());
    CHECK(codegen::plan_launch(k, in.shape(), {min, mout}, false).variant.stream);
    CHECK_FALSE(
        codegen::plan_launch(k, in.shape(), {min, meta_tensor({64, 8}, DType::Float32).t()}, false)
            .variant.stream);
  }
  {
    StreamBytes off(int64_t(1) << 40);
    CHECK_FALSE(stream(in, out));
  }
  // by default: from the size of the last-level cache, at most 32 MB (a VM's sysfs reports
  // the host's whole L3)
  CHECK(codegen::stream_min_bytes() >= (int64_t(256) << 10));
  CHECK(codegen::stream_min_bytes() <= (int64_t(32) << 20));
}

TEST_CASE("pointwise ops keep a channels-last layout, eager and compiled", "[codegen]") {
  // [N, C, H, W] inputs in NHWC memory: eager results take that layout (the kernels run over
  // the channels innermost), generated kernels too, and both equal the contiguous computation.
  Generator g(6);
  auto nhwc = [](const Tensor& x) {
    return x.permute({0, 2, 3, 1}).contiguous().permute({0, 3, 1, 2});
  };
  int checked = 0;
  for (const ir::OpDef* def : ir::all_ops()) {
    if (def->cls != ir::OpClass::Pointwise || !def->lower) continue;
    for (DType dt : {DType::Float32, DType::Int32}) {
      Attrs attrs;
      for (const auto& a : def->attrs) attrs.values.push_back(a.default_value);
      if (def->name == "clamp") attrs.values = {Scalar(-1), Scalar(2)};
      if (def->name == "cast") attrs.values = {DType::Float32};
      std::vector<Tensor> in, cl;
      for (int k = 0; k < def->min_inputs; ++k) {
        Shape s = k == 1 ? Shape{2, 5, 1, 4} : Shape{2, 5, 3, 4};  // the second broadcasts
        DType t = def->name == "where" && k == 0 ? DType::Bool : dt;
        Tensor v = t == DType::Bool ? randint(0, 2, s, DType::Int64, &g).to(t)
                   : is_floating(t) ? randn(s, t, &g) * 2
                                    : randint(1, 6, s, DType::Int64, &g).to(t);
        in.push_back(v);
        cl.push_back(nhwc(v));
      }
      std::vector<Tensor> want;
      try {
        want = frontend::run(*def, in, attrs, Loc::current());
      } catch (const Error&) {
        continue;
      }
      INFO(def->name << " on " << name(dt));
      Tensor got = frontend::run(*def, cl, attrs, Loc::current())[0];
      CHECK(got.strides() == Shape{60, 1, 20, 5});
      KILN_CHECK_CLOSE(got, want[0], test::kFusedTol);
      frontend::Executable exe(one_op_graph(*def, in, attrs, want[0]), false);
      KILN_CHECK_CLOSE(exe.run(cl, Loc::current())[0], want[0], test::kFusedTol);
      ++checked;
    }
  }
  CHECK(checked > 60);
}

TEST_CASE("compiled convolution chains run channels-last and return eager's layouts", "[codegen]") {
  // conv + bias + relu (an epilogue), a 1x1 conv, ReLU6 (a kernel), a depthwise conv, a residual
  // add, a max pool and a global mean: inside the graph the activations are NHWC (the executor
  // gives convolutions channels-last inputs); what comes back is laid out as eager lays it out.
  Generator g(8);
  Tensor w1 = randn({16, 8, 3, 3}, DType::Float32, &g) * 0.2, b1 = randn({16}, DType::Float32, &g);
  Tensor w2 = randn({16, 16, 1, 1}, DType::Float32, &g) * 0.3;
  Tensor w3 = randn({16, 1, 3, 3}, DType::Float32, &g) * 0.3, b3 = randn({16}, DType::Float32, &g);
  auto net = [&](const Tensor& x) {
    Tensor a = relu(conv2d(x, w1, b1, {1, 1}, {1, 1}));
    Tensor c = clamp(conv2d(a, w2), 0, 6);
    Tensor d = conv2d(c, w3, b3, {1, 1}, {1, 1}, {1, 1}, 16) + a;
    d = relu(conv2d(d, w2, b3) + d);  // a 1x1 conv as a product, with bias, residual and relu
    Tensor p = max_pool2d(d, {2, 2});
    // A view of an activation comes back as eager lays it out (here: contiguous).
    return std::vector<Tensor>{p, mean(p, {2, 3}, true), d.select(0, 1)};
  };
  // KILN_CHANNELS_LAST: by default only AVX-512 hosts run convolutions channels-last; both
  // layouts are checked on every host.
  int saved = config().channels_last;
  for (int channels_last : {1, 0}) {
    config().channels_last = channels_last;
    auto f = compile(net);
    for (int call = 0; call < 3; ++call) {
      Tensor x = randn({2, 8, 12, 12}, DType::Float32, &g);
      if (call == 2) x.data<float>()[7] = std::nanf("");  // NaN through relu's epilogue
      std::vector<Tensor> got = f(x), want = net(x);
      for (size_t i = 0; i < got.size(); ++i) {
        INFO("channels_last " << channels_last << " call " << call << " result " << i);
        CHECK(got[i].strides() == want[i].strides());
        KILN_CHECK_CLOSE(got[i], want[i], (test::Tol{1e-4, 1e-5}));
      }
    }
  }
  config().channels_last = saved;
}

TEST_CASE("matmul epilogues: bias, activations, residual, scale and shift", "[codegen]") {
  // Each chain runs as one oneDNN matmul with post-ops; the result must equal eager.
  const char* chains[] = {
      "%2 = add(%1, %b) : f32[B, 24]\n  %3 = relu(%2) : f32[B, 24]\n  return %3",
      "%2 = add(%1, %b) : f32[B, 24]\n  %3 = gelu(%2) {approximate = \"none\"} : f32[B, 24]\n"
      "  %4 = mul(%3, %h) : f32[B, 24]\n  %5 = add(%4, %one) : f32[B, 24]\n  return %5",
      "%2 = mul(%1, %h) : f32[B, 24]\n  %3 = add(%2, %r) : f32[B, 24]\n"
      "  %4 = mul(%3, %h) : f32[B, 24]\n  return %4",  // two scale steps around a residual
      "%2 = gelu(%1) {approximate = \"tanh\"} : f32[B, 24]\n  %3 = add(%r, %2) : f32[B, 24]\n"
      "  return %3",
      "%2 = sub(%1, %b) : f32[B, 24]\n  %3 = sigmoid(%2) : f32[B, 24]\n"
      "  %4 = mul(%3, %r) : f32[B, 24]\n  %5 = silu(%4) : f32[B, 24]\n  return %5",
      "%2 = sub(%h, %1) : f32[B, 24]\n  %3 = tanh(%2) : f32[B, 24]\n  %4 = div(%3, %b) : f32[B, "
      "24]\n  %5 = maximum(%4, %r) : f32[B, 24]\n  return %5",
      "%2 = add(%1, %b) : f32[B, 24]\n  %3 = elu(%2) {alpha = 0.7} : f32[B, 24]\n"
      "  %4 = abs(%3) : f32[B, 24]\n  %5 = sqrt(%4) : f32[B, 24]\n  %6 = neg(%5) : f32[B, 24]\n"
      "  %7 = exp(%6) : f32[B, 24]\n  %8 = log(%7) : f32[B, 24]\n  return %8",
  };
  Generator g(4);
  for (int64_t batch : {1, 7, 64}) {
    Tensor x = randn({batch, 40}, DType::Float32, &g), w = randn({24, 40}, DType::Float32, &g);
    Tensor b = rand({24}, DType::Float32, &g) + 0.5, r = randn({batch, 24}, DType::Float32, &g);
    for (const char* chain : chains) {
      std::string text = fmt::format(
          "graph @g(%x: f32[{0}, 40], %w: f32[24, 40], %b: f32[24], %r: f32[{0}, 24]) -> (f32[{0}, "
          "24]) {{\n  %h = constant() {{value = 0.5, dtype = f32, shape = []}} : f32[]\n"
          "  %one = constant() {{value = 1, dtype = f32, shape = []}} : f32[]\n"
          "  %0 = transpose(%w) {{dim0 = 0, dim1 = 1}} : f32[40, 24]\n"
          "  %1 = matmul(%x, %0) : f32[{0}, 24]\n  {1}\n}}\n",
          batch, chain);
      for (size_t p = text.find("[B,"); p != std::string::npos; p = text.find("[B,"))
        text.replace(p + 1, 1, std::to_string(batch));
      auto prog = kir::Program::parse(text);
      INFO(text << prog.fusion_report());
      CHECK_THAT(prog.fusion_report(), Catch::Contains("oneDNN matmul with a"));
      KILN_CHECK_CLOSE(prog.run_compiled({x, w, b, r})[0], prog.run({x, w, b, r})[0],
                       (test::Tol{1e-5, 1e-5}));
    }
  }
  // Batched: bmm with a per-matrix residual. (Batches 1 and 7 above take the few-rows path:
  // sgemm and a separate pass.)
  auto p = kir::Program::parse(R"(
graph @g(%a: f32[3, 9, 8], %b: f32[3, 8, 6], %r: f32[3, 9, 6]) -> (f32[3, 9, 6]) {
  %0 = bmm(%a, %b) : f32[3, 9, 6]
  %1 = add(%0, %r) : f32[3, 9, 6]
  %2 = relu(%1) : f32[3, 9, 6]
  return %2
}
)");
  Tensor a = randn({3, 9, 8}, DType::Float32, &g), bb = randn({3, 8, 6}, DType::Float32, &g),
         rr = randn({3, 9, 6}, DType::Float32, &g);
  CHECK_THAT(p.fusion_report(), Catch::Contains("oneDNN bmm with a 2-step epilogue"));
  KILN_CHECK_CLOSE(p.run_compiled({a, bb, rr})[0], p.run({a, bb, rr})[0], (test::Tol{1e-5, 1e-5}));
}

TEST_CASE("fused reductions: trailing dims, keepdim, all dims, wide and narrow rows", "[codegen]") {
  Generator g(9);
  for (Shape s : {Shape{3, 130}, Shape{2, 3, 70}, Shape{4, 1}, Shape{1000}}) {
    for (DType dt : {DType::Float32, DType::Float64, DType::Int64}) {
      Tensor x = is_floating(dt) ? randn(s, dt, &g) : randint(-5, 6, s, dt, &g);
      for (const char* op : {"sum", "mean", "amax", "amin", "prod"}) {
        if (std::string(op) == "mean" && !is_floating(dt)) continue;
        for (Shape dims : {Shape{-1}, Shape{}, Shape{int64_t(s.size()) - 2, -1}}) {
          if (dims.size() == 2 && s.size() < 2) continue;
          for (bool keep : {false, true}) {
            Tensor xin = std::string(op) == "prod" ? x * 0.1 + 1 : x;
            if (!is_floating(dt) && std::string(op) == "prod") xin = x.clamp(-1, 2);
            auto run = [&](bool compiled) {
              auto f = compile([&](const Tensor& t) {
                return call_op(op, {exp(t * 0.01) * t}, {{"dims", dims}, {"keepdim", keep}})[0] + 1;
              });
              if (!compiled)
                return call_op(op, {exp(xin * 0.01) * xin},
                               {{"dims", dims}, {"keepdim", keep}})[0] +
                       1;
              f(xin);
              return f(xin);  // the replay runs the fused kernel
            };
            INFO(op << " " << shape_str(dims) << " keepdim " << keep << " of " << name(dt)
                    << shape_str(s));
            KILN_CHECK_CLOSE(run(true), run(false), (test::Tol{1e-4, 1e-5}));
          }
        }
      }
    }
  }
}

TEST_CASE("fused rows of every length from 1 to 70: the masked last step", "[codegen]") {
  // Each pass ends with one masked vector step over the row's last len % 16 elements: its lanes
  // past the row must neither count in a reduction nor store over the next row. 37 rows, so
  // that both threads' blocks end inside the tensor. Rows below 32 with KILN_SHORT_ROWS=fused
  // (always the kernels) and auto (softmax whole, other kernels timed against unfused ops).
  Generator g(21);
  std::string was = config().short_rows;
  for (int64_t n = 1; n <= 70; ++n) {
    config().short_rows = n < 32 && n % 2 ? "auto" : "fused";
    INFO("rows of " << n << ", " << config().short_rows);
    Tensor x = randn({37, n}, DType::Float32, &g) * 3;
    Tensor xd = x.to(DType::Float64);
    Tensor xi = randint(-4, 5, {37, n}, DType::Int64, &g);
    auto f = compile([](const Tensor& t, const Tensor& u, const Tensor& i) {
      return std::vector<Tensor>{
          softmax(t, -1),          logsumexp(t, {-1}),   amin(t * 2.f, {-1}, true) + t,
          sum(exp(u * 0.1), {-1}), sum(i * i, {-1}),     amax(i, {-1}),
          gt(t * t, 1.f),          var(t, {-1}, 1, true)};
    });
    f(x, xd, xi);
    std::vector<Tensor> got = f(x, xd, xi);  // the replay runs the fused kernels
    std::vector<Tensor> want{
        softmax(x, -1),           logsumexp(x, {-1}),   amin(x * 2.f, {-1}, true) + x,
        sum(exp(xd * 0.1), {-1}), sum(xi * xi, {-1}),   amax(xi, {-1}),
        gt(x * x, 1.f),           var(x, {-1}, 1, true)};
    for (size_t k = 0; k < want.size(); ++k) {
      INFO("output " << k);
      KILN_CHECK_CLOSE(got[k], want[k], test::kFusedReductionTol);
    }
  }
  config().short_rows = was;
}

namespace {
// JIT-compiled code has no UBSan function-type prologue (as in frontend/executor.cpp).
#if defined(__clang__)
__attribute__((no_sanitize("function")))
#endif
void call_kernel(codegen::cpu::KernelFn fn, const codegen::Launch& launch) {
  fn(0, launch.rows, launch.pointers.data(), launch.geometry.data());
}
}  // namespace

TEST_CASE("a masked last step stores nothing past its row", "[codegen]") {
  // Output rows n floats long, n + 6 apart, the gaps holding a sentinel: the kernels' masked
  // last step must leave every gap alone. Pointwise (out = x * x) and with a reduction pass
  // before the stores (out = x - max over the row).
  for (bool reduce : {false, true}) {
    codegen::LoopKernel k;
    k.buffers = {codegen::KernelBuffer{DType::Float32},
                 codegen::KernelBuffer{DType::Float32, true}};
    ir::ScalarBuilder b;
    ir::SExpr x = b.load(0, DType::Float32);
    b.store(1, reduce ? b.binary(ir::SOp::Sub, x, b.reduce(ir::SOp::ReduceMax, x))
                      : b.binary(ir::SOp::Mul, x, x));
    k.body = b.insts();
    k.reduce_dims = reduce ? 1 : 0;
    for (int64_t n : {1, 5, 10, 16, 21, 47, 70}) {
      INFO("reduce " << reduce << ", rows of " << n);
      Generator g(n);
      Tensor in = randn({9, n}, DType::Float32, &g);
      Tensor wide = full({9, n + 6}, 7.f), out = wide.narrow(1, 0, n);
      codegen::Launch launch = codegen::plan_launch(k, in.shape(), {in, out});
      REQUIRE(launch.needs_copy < 0);
      auto kernel = codegen::cpu::get_kernel(k, launch.variant);
      call_kernel(kernel->fn, launch);
      Tensor want = reduce ? in - amax(in, {-1}, true) : in * in;
      KILN_CHECK_FUSED(out, want);
      CHECK(all(eq(wide.narrow(1, n, 6), 7.f)).item<bool>());
    }
  }
}

TEST_CASE("reductions with fewer rows than threads split their rows across the threads",
          "[codegen]") {
  // sum, mean, amax, amin, prod and an integer sum, whole-tensor and over 2-3 long rows, at
  // 2 and 4 threads: each row is cut into parts that threads reduce, then the parts combine.
  // A NaN in one part of a row must win its max and min; a mean's parts average.
  int was = config().num_threads;
  Generator g(13);
  for (int threads : {2, 4}) {
    config().num_threads = threads;
    for (Shape s : {Shape{1 << 17}, Shape{3, 1 << 16}, Shape{2, 256, 512}}) {
      Tensor x = randn(s, DType::Float32, &g);
      std::vector<float> vals = x.tolist<float>();
      vals[70001] = std::nanf("");  // in one part of the first row
      Tensor xn = tensor(vals, s);
      Tensor xi = randint(-5, 6, s, DType::Int64, &g);
      Shape dims = s.size() == 1 ? Shape{} : s.size() == 2 ? Shape{-1} : Shape{-2, -1};
      for (bool keep : {false, true}) {
        INFO(threads << " threads, " << shape_str(s) << " over " << shape_str(dims) << " keepdim "
                     << keep);
        auto fn = [&](const Tensor& t, const Tensor& n, const Tensor& i) {
          Tensor sq = t * t;
          return std::vector<Tensor>{sum(sq, dims, keep),
                                     mean(t, dims, keep),
                                     amax(n, dims, keep),
                                     amin(n * 2, dims, keep),
                                     prod(t * 1e-4 + 1, dims, keep),
                                     sum(i * 3, dims, keep)};
        };
        auto f = compile(fn);
        auto want = fn(x, xn, xi);
        for (int rep = 0; rep < 2; ++rep) {
          auto got = f(x, xn, xi);
          for (size_t o = 0; o < got.size(); ++o) {
            INFO("output " << o);
            KILN_CHECK_CLOSE(got[o], want[o], test::kFusedReductionTol);
          }
        }
      }
    }
    // A cast after the reduction must apply to the total, not to each part: float32 prod
    // (accumulated in float64) over parts (of 2^17 / (8 * threads) elements) whose own
    // products leave float32's range, and a per-row sum cast to int64 (truncated once).
    std::vector<float> blocks(1 << 17);
    for (size_t i = 0; i < blocks.size(); ++i)
      blocks[i] = std::exp((i / ((1 << 17) / (8 * size_t(threads)))) % 2 ? -0.03f : 0.03f);
    Tensor b = tensor(blocks, {1 << 17});
    auto prods = compile([](const Tensor& t) { return prod(t); });
    for (int rep = 0; rep < 2; ++rep) KILN_CHECK_CLOSE(prods(b), prod(b), test::kFusedReductionTol);
    Tensor third = full({1 << 17}, 0.25f);
    auto trunc = compile([](const Tensor& t) { return sum(t, {}, true).to(DType::Int64); });
    for (int rep = 0; rep < 2; ++rep)
      KILN_CHECK_EQUAL(trunc(third), full({1}, 32768, DType::Int64));
  }
  config().num_threads = was;
}

TEST_CASE("fused amax and amin keep a NaN wherever it falls in the row", "[codegen]") {
  // Rows of 100: a 64-lane loop, a 16-lane loop and a masked step, each with its own NaN.
  const int64_t n = 100;
  std::vector<std::vector<float>> rows;
  for (int64_t at : {0, 5, 63, 64, 70, 79, 80, 99}) {
    std::vector<float> r(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) r[size_t(i)] = float(i % 7) - 3.f;
    r[size_t(at)] = std::nanf("");
    rows.push_back(r);
  }
  rows.push_back(std::vector<float>(size_t(n), -INFINITY));
  rows.push_back(std::vector<float>(size_t(n), INFINITY));
  rows.push_back(std::vector<float>(size_t(n), std::nanf("")));
  std::vector<float> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  Tensor x = tensor<float>(flat, {int64_t(rows.size()), n});
  auto f = compile([](const Tensor& t) {
    return std::vector<Tensor>{amax(t * 1.f, {-1}), amin(t * 1.f, {-1}), softmax(t, -1)};
  });
  f(x);
  std::vector<Tensor> got = f(x);  // the replay runs the fused kernels
  for (size_t r = 0; r < rows.size(); ++r) {
    bool nan = false;
    float hi = -INFINITY, lo = INFINITY;
    for (float v : rows[r]) {
      nan = nan || std::isnan(v);
      hi = std::max(hi, v);
      lo = std::min(lo, v);
    }
    INFO("row " << r);
    float gh = got[0].data<float>()[r], gl = got[1].data<float>()[r];
    CHECK((nan ? std::isnan(gh) : gh == hi));
    CHECK((nan ? std::isnan(gl) : gl == lo));
    if (nan) CHECK(std::isnan(got[2].data<float>()[r * size_t(n) + 1]));
  }
}

namespace {
void check_softmax_shifts() {
  // exp(x - max) spans its whole range: results from 1 down to subnormal and 0 (mlir_emit.cpp
  // writes this exp itself on hosts without AVX-512), -inf entries give exactly 0.
  const int64_t n = 1000;
  std::vector<float> flat;
  for (int row = 0; row < 4; ++row)
    for (int64_t i = 0; i < n; ++i)
      flat.push_back(row == 3 && i % 3 == 0 ? -INFINITY
                                            : 5.f - float(row) * 0.37f - 0.2f * float(i) -
                                                  (row == 2 ? 1e-3f * float(i % 17) : 0.f));
  Tensor x = tensor<float>(flat, {4, n});
  auto p = kir::Program::parse(R"(
graph @g(%x: f32[4, 1000]) -> (f32[4, 1000], f32[4, 1000]) {
  %0 = softmax(%x) {dim = -1} : f32[4, 1000]
  %1 = log_softmax(%x) {dim = -1} : f32[4, 1000]
  return %0, %1
}
)");
  std::vector<Tensor> got = p.run_compiled({x});
  Tensor want = softmax(x, -1), lwant = log_softmax(x, -1);
  int bad = 0;
  for (size_t i = 0; i < flat.size(); ++i) {
    float g = got[0].data<float>()[i], e = want.data<float>()[i];
    float lg = got[1].data<float>()[i], le = lwant.data<float>()[i];
    bool ok = std::isinf(flat[i]) ? g == 0.f && std::isinf(lg) && lg < 0
                                  : std::abs(g - e) <= 2e-6f * e + 1e-37f &&
                                        std::abs(lg - le) <= 2e-5f * std::abs(le) + 2e-6f;
    if (!ok && ++bad <= 5)
      UNSCOPED_INFO(fmt::format("[{}] x = {}: softmax {} want {}, log_softmax {} want {}", i,
                                flat[i], g, e, lg, le));
  }
  CHECK(bad == 0);
}
}  // namespace

TEST_CASE("compiled softmax and log_softmax over shifts from 0 to -200 and masked entries",
          "[codegen]") {
  check_softmax_shifts();
}

TEST_CASE("symbolic dims: one kernel serves batch sizes 1..64", "[codegen]") {
  TempCache tc("symbolic");
  auto p = kir::Program::load(std::string(KILN_TEST_DATA_DIR) + "/kernels.kir");
  size_t gi = 0;
  while (p.name(gi) != "dynamic_batch") ++gi;
  Generator g(2);
  auto before = cache::stats();
  for (int64_t batch = 1; batch <= 64; ++batch) {
    std::vector<Tensor> in = random_like(p, gi, g, batch);
    KILN_CHECK_FUSED(p.run_compiled(in, gi)[0], p.run(in, gi)[0]);
  }
  auto after = cache::stats();
  // batch 1 drops the outer dim (a variant with no outer loop index); every other size is one.
  CHECK(after.compiles - before.compiles <= 2);
}

TEST_CASE("a graph run at many shapes keeps idle arenas for the recent ones only", "[codegen]") {
  auto p = kir::Program::parse(R"(
graph @g(%x: f32[batch, 32], %w: f32[32, 32]) -> (f32[batch, 32]) {
  %0 = matmul(%x, %w) : f32[batch, 32]
  %1 = softmax(%0) {dim = -1} : f32[batch, 32]
  %2 = matmul(%1, %w) : f32[batch, 32]
  return %2
}
)");
  frontend::Executable exe(std::move(ir::parse_kir(p.text())[0]));
  Generator g(4);
  Tensor w = randn({32, 32}, DType::Float32, &g);
  auto check = [&](int64_t batch) {
    Tensor x = randn({batch, 32}, DType::Float32, &g);
    KILN_CHECK_FUSED(exe.run(std::vector<Tensor>{x, w}, Loc::current())[0], p.run({x, w})[0]);
  };
  check(1);
  CHECK(exe.idle_arenas().first == 1);
  CHECK(exe.idle_arenas().second > 0);  // the softmax result lives in the arena
  for (int64_t batch = 2; batch <= 20; ++batch) check(batch);
  CHECK(exe.idle_arenas().first == 8);
  check(1);  // its arena was released: planned again from the kept plan
  check(20);
  CHECK(exe.idle_arenas().first == 8);
}

TEST_CASE("disk cache: a corrupt, truncated or stale entry is detected and recompiled",
          "[codegen][cache]") {
  TempCache tc("disk");
  auto p = kir::Program::parse(R"(
graph @g(%x: f32[64]) -> (f32[64]) {
  %0 = tanh(%x) : f32[64]
  %1 = mul(%0, %x) : f32[64]
  return %1
}
)");
  Tensor x = randn({64});
  Tensor want = p.run({x})[0];
  auto fresh_run = [&] {
    cache::forget_memory();
    auto q = kir::Program::parse(p.text());  // a new program: nothing compiled in memory
    KILN_CHECK_FUSED(q.run_compiled({x})[0], want);
  };
  auto s0 = cache::stats();
  fresh_run();
  auto s1 = cache::stats();
  CHECK(s1.compiles == s0.compiles + 1);
  auto entries = cache::entries();
  REQUIRE(entries.size() == 1);
  std::string path = entries[0].path;
  fresh_run();
  auto s2 = cache::stats();
  CHECK(s2.disk_hits == s1.disk_hits + 1);
  CHECK(s2.compiles == s1.compiles);
  std::string good = read_file(path);
  auto damage = [&](const std::string& bytes, const std::string& why) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    auto a = cache::stats();
    std::ostringstream said;  // what the cache logs of the entry
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(said);
    spdlog::logger& log = logging::get("cache");
    log.sinks().push_back(sink);
    fresh_run();  // still correct
    log.sinks().pop_back();
    CHECK_THAT(said.str(), Catch::Contains(path + " " + why + "; recompiling"));
    auto b = cache::stats();
    CHECK(b.disk_rejected == a.disk_rejected + 1);
    CHECK(b.compiles == a.compiles + 1);
    CHECK(read_file(path) == good);  // rewritten
  };
  std::string flipped = good;
  flipped[flipped.size() - 100] ^= 0x5a;
  damage(flipped, "fails its checksum");
  damage(good.substr(0, good.size() / 2), "is truncated");
  damage(good.substr(0, good.find('\n', good.find('\n') + 1) + 5), "is truncated");  // in its key
  damage(good.substr(0, 4), "is truncated");                                         // in its magic
  damage("KILNOBJ1\n0.0.0-old\n" + good.substr(good.find('\n', 9) + 1),
         "was written by kiln 0.0.0-old");
  damage("garbage", "is not a kiln cache entry");
  damage(good + "x", "has trailing bytes");  // trailing bytes
  CHECK(cache::clear() == 1);
  CHECK(cache::entries().empty());
}

TEST_CASE("disk cache: over KILN_CACHE_MB the least recently used entries go first",
          "[codegen][cache]") {
  TempCache tc("lru");
  struct Cap {  // KILN_CACHE_MB=1 for this test
    std::optional<std::string> old;
    Cap() {
      if (const char* v = std::getenv("KILN_CACHE_MB")) old = v;
      ::setenv("KILN_CACHE_MB", "1", 1);
    }
    ~Cap() { old ? ::setenv("KILN_CACHE_MB", old->c_str(), 1) : ::unsetenv("KILN_CACHE_MB"); }
  } cap;
  fs::create_directories(tc.dir);
  auto now = fs::file_time_type::clock::now();
  // Three 400 KB entries last used 1, 2 and 3 hours ago.
  auto entry = [&](const std::string& name, int hours_ago) {
    std::string path = tc.dir + "/" + name + ".kobj";
    std::ofstream(path) << std::string(400 << 10, 'x');
    fs::last_write_time(path, now - std::chrono::hours(hours_ago));
    return path;
  };
  std::string h1 = entry("h1", 1), h2 = entry("h2", 2), h3 = entry("h3", 3);
  // A kernel compiled now (a constant no other test uses) takes the cache over 1 MiB: the
  // oldest goes.
  auto kernel = [](double c) {
    auto p = kir::Program::parse(fmt::format(R"(
graph @g(%x: f32[64]) -> (f32[64]) {{
  %c = constant() {{value = {}, dtype = f32, shape = []}} : f32[]
  %0 = mul(%x, %c) : f32[64]
  %1 = tanh(%0) : f32[64]
  return %1
}}
)",
                                             c));
    p.run_compiled({ones({64})});
  };
  kernel(0.123456);
  CHECK_FALSE(fs::exists(h3));
  CHECK(fs::exists(h2));
  CHECK(fs::exists(h1));
  std::string first;
  for (const auto& e : cache::entries())
    if (e.kind == "kernel" && e.path.find("/h") == std::string::npos) first = e.path;
  REQUIRE(!first.empty());
  // Loading an entry marks it used: made 4 hours old, then loaded from disk, it outlives h2.
  fs::last_write_time(first, now - std::chrono::hours(4));
  cache::forget_memory();
  kernel(0.123456);  // a disk hit
  entry("h0", 0);    // over the cap again
  kernel(0.654321);  // written: h2 is now the least recently used
  CHECK(fs::exists(first));
  CHECK_FALSE(fs::exists(h2));
  // Writing a tuning choice keeps the cap too.
  entry("h5", 5);
  std::string h6 = entry("h6", 6);
  REQUIRE(tuning::remember("lru test choice", 1, "a choice for the LRU test", tuning::quiet()));
  CHECK_FALSE(fs::exists(h6));
  // A temporary whose writer died an hour ago goes with the next write; a live writer's stays,
  // until `kiln cache clear`.
  auto temporary = [&](const std::string& name, int minutes_ago) {
    std::string path = tc.dir + "/" + name;
    std::ofstream(path) << "half an entry";
    fs::last_write_time(path, now - std::chrono::minutes(minutes_ago));
    return path;
  };
  std::string dead = temporary("h7.kobj.tmp123.456", 61), live = temporary("h8.ktune.tmp1.2", 1);
  kernel(0.111111);
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(live));
  cache::clear();
  CHECK_FALSE(fs::exists(live));
  CHECK(fs::is_empty(tc.dir));
}

TEST_CASE("a reduction over short rows is timed against its unfused ops, once per size class",
          "[codegen][tuning]") {
  TempCache tc("short-rows");
  tuning::forget_memory();
  auto fn = [](const Tensor& x) { return (x * 2.0 + 1.0).sum({-1}) + amax(x, {1}); };
  auto f = compile(fn, {.name = "short_rows"});
  auto races = [] {
    int n = 0;
    for (const auto& e : cache::entries())
      n += e.kind == "tuning" && e.symbol.find("short_rows: short rows over") != std::string::npos;
    return n;
  };
  Generator g(5);
  // Rows of 3: timed on a call whose timing was sound (a kernel compiling beside it is not),
  // each path then run; the results are right whichever won.
  Tensor x = randn({3000, 3}, DType::Float32, &g);
  for (int i = 0; i < 10 && races() == 0; ++i) KILN_CHECK_FUSED(f(x), fn(x));
  CHECK(races() == 1);
  for (int i = 0; i < 3; ++i) KILN_CHECK_FUSED(f(x), fn(x));
  // The same class (rows rounded up to a power of two): not timed again.
  Tensor y = randn({2500, 3}, DType::Float32, &g);
  for (int i = 0; i < 3; ++i) KILN_CHECK_FUSED(f(y), fn(y));
  CHECK(races() == 1);
  // Rows of 32 are not short: never timed.
  Tensor z = randn({100, 32}, DType::Float32, &g);
  for (int i = 0; i < 3; ++i) KILN_CHECK_FUSED(f(z), fn(z));
  CHECK(races() == 1);
  // Another class: transposed input (its dims in another stride order).
  Tensor xt = randn({3, 3000}, DType::Float32, &g).t();
  for (int i = 0; i < 10 && races() == 1; ++i) KILN_CHECK_FUSED(f(xt), fn(xt));
  CHECK(races() == 2);
  // KILN_SHORT_ROWS=fused: never timed.
  std::string was = config().short_rows;
  config().short_rows = "fused";
  auto f2 = compile(fn, {.name = "short_rows"});
  Tensor w = randn({5000, 5}, DType::Float32, &g);
  for (int i = 0; i < 3; ++i) KILN_CHECK_FUSED(f2(w), fn(w));
  config().short_rows = was;
  CHECK(races() == 2);
}

TEST_CASE("tuning cache: choices are kept on disk, a damaged or stale entry is timed again",
          "[codegen][cache][tuning]") {
  TempCache tc("tuning");
  tuning::forget_memory();
  std::string key = (Key{} << "test choice" << int64_t(42)).bytes;
  CHECK(tuning::choice(key) == -1);
  CHECK(tuning::remember(key, 1, "a test choice", tuning::quiet()));
  CHECK(tuning::choice(key) == 1);  // from memory
  auto from_disk = [&] {
    tuning::forget_memory();
    return tuning::choice(key);
  };
  auto s0 = tuning::stats();
  CHECK(from_disk() == 1);
  CHECK(tuning::stats().disk_hits == s0.disk_hits + 1);
  auto entries = cache::entries();
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].kind == "tuning");
  CHECK(entries[0].symbol == "a test choice");
  std::string path = entries[0].path, good = read_file(path);
  // Another key never reads this entry (nor a choice of 0 for a key that has 1).
  CHECK(tuning::choice((Key{} << "test choice" << int64_t(43)).bytes) == -1);
  // `lines` with line i replaced by `text`, and the checksum made right again: each check in
  // turn, not only the checksum, must refuse the entry.
  auto with_line = [&](size_t i, const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(good);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    lines.at(i) = text;
    std::string body;
    for (size_t k = 0; k + 1 < lines.size(); ++k) body += lines[k] + "\n";
    return body + fmt::format("{:016x}\n", fnv1a(body));
  };
  CHECK(with_line(1, kiln::version()) == good);  // (the rewrite itself is faithful)
  auto damage = [&](const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    auto a = tuning::stats();
    CHECK(from_disk() == -1);
    CHECK(tuning::stats().disk_rejected == a.disk_rejected + 1);
  };
  std::string flipped = good;
  flipped[good.find("\n1\n") + 1] = '0';
  damage(flipped);                             // checksum
  damage(good.substr(0, good.size() / 2));     // truncated
  damage(good + "more\n");                     // a line too many
  damage(std::string(20000, 'x') + "\n");      // too large
  damage("garbage");                           // not an entry
  damage(with_line(0, "KILNTUNE0"));           // magic
  damage(with_line(1, "0.0.0-old"));           // another version of kiln
  damage(with_line(2, "another CPU | avx2"));  // another host or build
  damage(with_line(3, "00"));                  // another key's entry
  damage(with_line(4, "x1"));                  // a malformed choice
  damage(with_line(4, "-1"));
  damage(with_line(4, "1000"));
  // Written again, it is read again.
  CHECK(tuning::remember(key, 0, "a test choice", tuning::quiet()));
  CHECK(from_disk() == 0);
  // Off: nothing is written, nothing read.
  config().cache_dir = "off";
  tuning::remember(key, 1, "off", tuning::quiet());
  CHECK(from_disk() == -1);
  config().cache_dir = tc.dir;
  CHECK(from_disk() == 0);
  // Timed while kernels compiled (work marked Busy) during or since the timing began: not
  // kept, in memory or on disk (the caller times again later).
  auto u0 = tuning::stats();
  {
    tuning::Busy compiling;
    CHECK_FALSE(tuning::remember(key, 1, "timed beside a compile", tuning::quiet()));
  }
  CHECK(tuning::choice(key) == 0);
  CHECK(from_disk() == 0);
  tuning::Quiet since = tuning::quiet();
  {
    tuning::Busy compiled_meanwhile;
  }
  CHECK_FALSE(tuning::sound(since));
  CHECK_FALSE(tuning::remember(key, 1, "a compile started and ended meanwhile", since));
  CHECK(from_disk() == 0);
  CHECK(tuning::stats().unsound == u0.unsound + 2);
  CHECK(tuning::stats().timed == u0.timed);
  CHECK(tuning::remember(key, 1, "quiet", tuning::quiet()));
  CHECK(from_disk() == 1);
  CHECK(cache::clear() == 1);
  CHECK(from_disk() == -1);
}

TEST_CASE("a new process takes the choices a first call timed from the disk cache",
          "[codegen][cache][tuning]") {
  // A convolution with a ReLU: the executor times the fused primitive against the unfused ops,
  // and the kernel kiln's own convolution against oneDNN's; a "new process" (both memory
  // caches forgotten, a new compiled function) reads every choice back and times nothing.
  TempCache tc("tuning-conv");
  tuning::forget_memory();
  std::string saved = config().conv_kernel;
  config().conv_kernel = "auto";
  Generator g(7);
  Tensor x = randn({2, 16, 12, 12}, DType::Float32, &g);
  Tensor w = randn({16, 16, 3, 3}, DType::Float32, &g), b = randn({16}, DType::Float32, &g);
  Tensor want = relu(conv2d(x, w, b, {1, 1}, {1, 1}, {1, 1}, 1));
  auto first_call = [&] {
    // (a compile still running from the last call would make this call's timings unsound)
    for (int i = 0; i < 10000 && !tuning::quiet().idle; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    cache::forget_memory();
    tuning::forget_memory();
    auto f = compile(
        [&](const Tensor& in) { return relu(conv2d(in, w, b, {1, 1}, {1, 1}, {1, 1}, 1)); });
    KILN_CHECK_CLOSE(f(x), want, (test::Tol{1e-4, 1e-4}));
    KILN_CHECK_CLOSE(f(x), want, (test::Tol{1e-4, 1e-4}));
  };
  // The first call compiles its kernels, maybe while it times (then those choices are not
  // kept); the second loads them and times again what it must, beside no compile.
  auto s0 = tuning::stats();
  first_call();
  first_call();
  auto s1 = tuning::stats();
  CHECK(s1.timed - s0.timed >= 1);
  int64_t files = 0;
  for (const auto& e : cache::entries()) files += e.kind == "tuning";
  CHECK(files == s1.timed - s0.timed);
  first_call();
  auto s2 = tuning::stats();
  CHECK(s2.timed == s1.timed);
  CHECK(s2.unsound == s1.unsound);
  // (the kernels' choice is read only when the executor's says to run the fused primitive)
  CHECK(s2.disk_hits > s1.disk_hits);
  CHECK(s2.disk_hits <= s1.disk_hits + files);
  config().conv_kernel = saved;
}

TEST_CASE("concurrent requests for one kernel compile it once", "[codegen][cache][threads]") {
  TempCache tc("concurrent");
  auto p = kir::Program::parse(R"(
graph @g(%x: f32[256]) -> (f32[256]) {
  %0 = erf(%x) : f32[256]
  %1 = sigmoid(%0) : f32[256]
  return %1
}
)");
  Tensor x = randn({256});
  Tensor want = p.run({x})[0];
  auto before = cache::stats();
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      auto q = kir::Program::parse(p.text());
      if (!test::mismatch(q.run_compiled({x})[0], want, test::kFusedTol).empty()) ++bad;
    });
  for (auto& t : threads) t.join();
  auto after = cache::stats();
  CHECK(bad == 0);
  CHECK(after.compiles + after.disk_hits == before.compiles + before.disk_hits + 1);
  CHECK(after.memory_hits >= before.memory_hits + 3);
}

TEST_CASE("a first call's prefetch compiles the streaming variant its run uses",
          "[codegen][cache]") {
  TempCache tc("prefetch-stream");
  StreamBytes on(1);  // every output streams
  Generator g(12);
  Tensor x = randn({64, 48}, DType::Float32, &g), w = randn({64, 48}, DType::Float32, &g);
  auto f = compile([](const Tensor& x, const Tensor& w) { return tanh(x) * w + x; },
                   {.name = "prefetch_stream"});
  auto before = cache::stats();
  KILN_CHECK_FUSED(f(x, w), tanh(x) * w + x);
  // (a second compile would be the prefetch's, on another thread: let it end and be counted)
  for (int i = 0; i < 1000 && !tuning::quiet().idle; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto after = cache::stats();
  // One kernel: the one the prefetch started is the one the run waits for (it once planned
  // from meta tensors without streaming and the run compiled a second, streaming variant).
  CHECK(after.compiles + after.disk_hits == before.compiles + before.disk_hits + 1);
}

TEST_CASE("populate maps pages without changing what they hold", "[runtime]") {
  const size_t page = size_t(sysconf(_SC_PAGESIZE));
  // Contents, every byte nonzero (a page's first byte included), and guard bytes around.
  std::vector<unsigned char> v(5 * page + 64, 0xA5);
  for (size_t i = 0; i < v.size(); i += 7) v[i] = 0x3C;
  std::vector<unsigned char> want = v;
  alloc::populate(v.data() + 32, v.size() - 64);
  alloc::populate(v.data(), 0);
  CHECK(v == want);
  // Fresh memory (4 KB pages): mapped where asked, and nothing where `stop` says so at once.
  const size_t n = 64 * page;
  auto resident = [&](unsigned char* m, size_t from, size_t to) {
    std::vector<unsigned char> in(n / page);
    REQUIRE(mincore(m, n, in.data()) == 0);
    size_t count = 0;
    for (size_t k = from; k < to; ++k) count += in[k] & 1;
    return count;
  };
  auto* m = static_cast<unsigned char*>(
      mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  REQUIRE(m != MAP_FAILED);
  madvise(m, n, MADV_NOHUGEPAGE);
  alloc::populate(m + 16 * page, 32 * page, [] { return true; });
  CHECK(resident(m, 0, 64) == 0);
  alloc::populate(m + 16 * page, 32 * page);
  CHECK(resident(m, 16, 48) == 32);
  CHECK(resident(m, 0, 16) + resident(m, 48, 64) == 0);
  for (size_t k = 0; k < n; ++k) REQUIRE(m[k] == 0);
  munmap(m, n);
}

TEST_CASE("compiled functions that capture the same graph share one executable", "[codegen]") {
  Generator g(8);
  Tensor w1 = randn({32}, DType::Float32, &g), w2 = randn({32}, DType::Float32, &g);
  auto make = [](const Tensor& w) {
    return compile([w](const Tensor& x) { return tanh(x * w) + 1; }, {.name = "shared"});
  };
  Tensor x = randn({4, 32}, DType::Float32, &g);
  auto f1 = make(w1);
  KILN_CHECK_FUSED(f1(x), tanh(x * w1) + 1);
  auto before = cache::stats();
  auto f2 = make(w2);  // another function object, other weights, the same graph
  KILN_CHECK_FUSED(f2(x), tanh(x * w2) + 1);
  auto after = cache::stats();
  // Its kernels were not even looked up: the executable (with its compiled kernels) is shared.
  CHECK(after.compiles == before.compiles);
  CHECK(after.memory_hits == before.memory_hits);
  CHECK(after.disk_hits == before.disk_hits);
}

TEST_CASE("conv2d epilogues: oneDNN convolution with post-ops equals eager", "[codegen]") {
  Generator g(12);
  struct Case {
    Shape x, w;
    Shape stride, padding, dilation;
    int64_t groups;
  };
  for (const Case& c : {Case{{2, 3, 9, 9}, {4, 3, 3, 3}, {1, 1}, {1, 1}, {1, 1}, 1},
                        Case{{1, 4, 10, 8}, {6, 2, 3, 3}, {2, 1}, {0, 1}, {1, 1}, 2},
                        Case{{2, 2, 11, 11}, {3, 2, 3, 3}, {1, 1}, {2, 2}, {2, 2}, 1}}) {
    Tensor x = randn(c.x, DType::Float32, &g), w = randn(c.w, DType::Float32, &g);
    Tensor b = randn({c.w[0]}, DType::Float32, &g);
    Attrs attrs{{c.stride, c.padding, c.dilation, c.groups}};
    Tensor plain = conv2d(x, w, b, c.stride, c.padding, c.dilation, c.groups);
    Tensor r = randn(plain.shape(), DType::Float32, &g);
    Tensor cb = randn({c.w[0], 1, 1}, DType::Float32, &g);
    // relu(conv(x, w, b) + r) * 0.5 + 1, and conv(x, w) + cb then gelu, directly
    Tensor in3[] = {x, w, b};
    OpCall call{"conv2d", in3, attrs, Loc::current()};
    Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}, {EpiOp::Linear, 0.5f, 1.f}};
    Tensor ops[] = {r};
    Tensor out = empty(plain.shape());
    REQUIRE(conv2d_epilogue(call, steps, ops, out));
    KILN_CHECK_CLOSE(out, relu(plain + r) * 0.5 + 1, (test::Tol{1e-5, 1e-5}));
    Tensor in2[] = {x, w};
    OpCall call2{"conv2d", in2, attrs, Loc::current()};
    Epilogue steps2[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::GeluErf}};
    Tensor ops2[] = {cb};
    REQUIRE(conv2d_epilogue(call2, steps2, ops2, out));
    Tensor nob = conv2d(x, w, Tensor(), c.stride, c.padding, c.dilation, c.groups);
    KILN_CHECK_CLOSE(out, gelu(nob + cb), (test::Tol{1e-5, 1e-5}));
    // Through kiln::compile: the conv and its epilogue are one group; results equal eager
    // whichever path the first-call measurement picks.
    auto f = compile([&](const Tensor& t) {
      return relu(conv2d(t, w, b, c.stride, c.padding, c.dilation, c.groups) + r);
    });
    f(x);
    KILN_CHECK_CLOSE(f(x), relu(plain + r), (test::Tol{1e-5, 1e-5}));
  }
}

TEST_CASE("a conv2d's clamp runs as oneDNN's clip only where that is exact", "[codegen]") {
  // oneDNN's clip maps NaN to its lower bound and zeros to the bound's sign. kiln hands it a
  // leading clamp only when no output can be NaN or -0 (finite x, w and bias, no overflow
  // possible, no -0 in the bias). The result then carries a bound (abs_bound()) on its
  // elements, recorded as the executor's runs do (AbsBoundScope).
  Generator g(41);
  std::optional<AbsBoundScope> scope(std::in_place);
  std::string saved = config().conv_kernel;
  config().conv_kernel = "onednn";
  Epilogue relu6[] = {{EpiOp::Clamp, 0.f, 6.f}};
  Attrs attrs{{Shape{1, 1}, Shape{0, 0}, Shape{1, 1}, int64_t(1)}};
  Attrs dw_attrs{{Shape{1, 1}, Shape{1, 1}, Shape{1, 1}, int64_t(6)}};
  auto run = [&](const Attrs& a, const Tensor& x, const Tensor& w, const Tensor& b,
                 Tensor out = Tensor()) {
    Tensor in[] = {x, w, b};
    OpCall call{"conv2d", in, a, Loc::current()};
    Shape shape = conv2d(x, w, b, a.ints(0), a.ints(1), a.ints(2), a.i(3)).shape();
    if (!out.defined())
      out = is_channels_last(x) ? empty_channels_last(shape, DType::Float32) : empty(shape);
    REQUIRE(conv2d_epilogue(call, relu6, {}, out));
    return out;
  };
  auto eager = [](const Attrs& a, const Tensor& x, const Tensor& w, const Tensor& b) {
    return clamp(conv2d(x, w, b, a.ints(0), a.ints(1), a.ints(2), a.i(3)), 0, 6);
  };
  auto same_nans = [](const Tensor& got, const Tensor& want) {
    Tensor gc = got.contiguous(), wc = want.contiguous();
    int64_t nans = 0;
    for (int64_t i = 0; i < gc.numel(); ++i) {
      CHECK(std::isnan(gc.data<float>()[i]) == std::isnan(wc.data<float>()[i]));
      nans += std::isnan(wc.data<float>()[i]);
    }
    return nans;
  };
  for (bool last : {false, true}) {
    INFO("channels-last " << last);
    auto layout = [&](const Tensor& t) { return last ? to_channels_last(t) : t.contiguous(); };
    Tensor x = layout(randn({1, 4, 5, 5}, DType::Float32, &g));
    Tensor w = randn({6, 4, 1, 1}, DType::Float32, &g) * 2, b = randn({6}, DType::Float32, &g);
    // finite: the clip, equal to eager
    Tensor y = run(attrs, x, w, b);
    KILN_CHECK_CLOSE(y, eager(attrs, x, w, b), (test::Tol{1e-5, 1e-5}));
    CHECK(abs_bound(y) == 6.f);
    // a depthwise conv of that result knows its bound without a pass; after an in-place write
    // (values up to 6e37: an overflow is possible) it does not
    Tensor dw = randn({6, 1, 3, 3}, DType::Float32, &g), db = randn({6}, DType::Float32, &g);
    Tensor z = run(dw_attrs, y, dw, db);
    KILN_CHECK_CLOSE(z, eager(dw_attrs, y, dw, db), (test::Tol{1e-5, 1e-5}));
    CHECK(abs_bound(z) == 6.f);
    y.copy_(y * 1e37);
    CHECK(std::isnan(abs_bound(y)));
    Tensor dw_big = dw * 10;
    z = run(dw_attrs, y, dw_big, db);
    KILN_CHECK_CLOSE(z, eager(dw_attrs, y, dw_big, db), (test::Tol{1e-5, 1e-5}));
    CHECK(std::isnan(abs_bound(z)));
    // a NaN in x: kiln's clamp keeps it (and the next conv, reading NaN, falls back too)
    // (into the buffer of a clip's result, whose bound must not survive)
    Tensor xn = x.clone();
    xn.data<float>()[7] = std::nanf("");
    y = run(attrs, x, w, b);
    REQUIRE(abs_bound(y) == 6.f);
    y = run(attrs, xn, w, b, y);
    CHECK(same_nans(y, eager(attrs, xn, w, b)) == 6);
    CHECK(std::isnan(abs_bound(y)));
    z = run(dw_attrs, y, dw, db);
    CHECK(same_nans(z, eager(dw_attrs, y, dw, db)) > 6);
    // finite x whose sums may overflow (1e38 * 10): kiln's clamp
    Tensor xo = layout(full({1, 4, 5, 5}, 1e38f));
    Tensor wo = tensor<float>({10, -10, 0, 0}, {1, 4, 1, 1}).expand({6, 4, 1, 1}).contiguous();
    y = run(attrs, xo, wo, b);
    CHECK(std::isnan(abs_bound(y)));
    same_nans(y, eager(attrs, xo, wo, b));
    KILN_CHECK_CLOSE(y, eager(attrs, xo, wo, b), (test::Tol{1e-5, 1e-5}));
    // zeros times negative weights: with a bias of -0 (which could leave a -0 that eager's
    // clamp at 0 keeps and clip does not) kiln's clamp, with +0 the clip; signs as eager's
    Tensor x0 = layout(zeros({1, 4, 5, 5})), wneg = -abs(w);
    for (float zero : {-0.f, 0.f}) {
      Tensor bz = full({6}, zero);
      y = run(attrs, x0, wneg, bz);
      CHECK(abs_bound(y) == 6.f);  // (either way: |-0| is within it)
      Tensor yc = y.contiguous(), want = eager(attrs, x0, wneg, bz).contiguous();
      for (int64_t i = 0; i < yc.numel(); ++i)
        CHECK(std::signbit(yc.data<float>()[i]) == std::signbit(want.data<float>()[i]));
    }
    // a weight that is not finite: kiln's clamp
    for (float bad : {INFINITY, std::nanf("")}) {
      Tensor wi = w.clone();
      wi.data<float>()[3] = bad;
      y = run(attrs, x, wi, b);
      CHECK(std::isnan(abs_bound(y)));
      same_nans(y, eager(attrs, x, wi, b));
      KILN_CHECK_CLOSE(y, eager(attrs, x, wi, b), (test::Tol{1e-5, 1e-5}));
    }
  }
  // Compiled: a bound serves one run. What a compiled function returns carries none (a caller
  // may write it through a raw pointer), and an input written in place inside the graph (its
  // buffer donated to the new value) loses its own: here a NaN written by mul_ must reach the
  // conv's clamp (plain NCHW, so the executor reads the input itself, not a channels-last copy).
  int saved_cl = config().channels_last;
  config().channels_last = 0;
  Tensor w = randn({6, 4, 1, 1}, DType::Float32, &g), b = randn({6}, DType::Float32, &g);
  auto first = compile([&](const Tensor& t) { return clamp(conv2d(t, w, b), 0, 6); });
  Tensor x = randn({1, 4, 5, 5}, DType::Float32, &g);
  for (int call = 0; call < 3; ++call) {
    Tensor y = first(x);
    CHECK(std::isnan(abs_bound(y)));
  }
  Tensor scale = ones({1, 4, 1, 1});
  scale.data<float>()[2] = std::nanf("");
  Tensor y = zeros({1, 4, 5, 5});  // captured, updated in place by the graph
  auto second = compile([&](const Tensor& s) {
    mul_(y, s);
    return clamp(conv2d(y, w, b), 0, 6);
  });
  Tensor w4 = randn({4, 4, 1, 1}, DType::Float32, &g), b4 = randn({4}, DType::Float32, &g);
  for (int call = 0; call < 3; ++call) {
    y.copy_(run(attrs, x, w4, b4));
    set_abs_bound(y, 6.f);  // as a clip writing y's buffer would leave it
    Tensor want = eager(attrs, y * scale, w, b);
    Tensor got = second(scale);
    CHECK(same_nans(got, want) == 150);
  }
  config().channels_last = saved_cl;
  config().conv_kernel = saved;
}

TEST_CASE("convolution results carry a bound through projections and residual sums", "[codegen]") {
  // record_conv_abs_bound: |conv2d(x, w) + b| <= max|x| * max_o sum |w_o| + max|b|, then a
  // clamp's bounds, a relu, or plus an operand's bound; recorded only inside a compiled run
  // (AbsBoundScope), and only where it is known and far from overflow.
  Generator g(43);
  Tensor x = rand({1, 8, 6, 6}, DType::Float32, &g) * 4 - 2;  // |x| <= 2
  Tensor w = randn({4, 8, 1, 1}, DType::Float32, &g), b = randn({4}, DType::Float32, &g);
  double wsum = 0, bmax = 0;
  for (int64_t o = 0; o < 4; ++o) {
    double sum = 0;
    for (int64_t i = 0; i < 8; ++i) sum += std::fabs(double(w.data<float>()[o * 8 + i]));
    wsum = std::max(wsum, sum);
    bmax = std::max(bmax, std::fabs(double(b.data<float>()[o])));
  }
  auto max_abs = [](const Tensor& t) { return double(abs(t).max().item<float>()); };
  set_abs_bound(x, 2.f);
  CHECK(std::isnan(abs_bound(x)));  // outside a compiled run nothing is recorded
  CHECK(std::isnan(abs_bound(conv2d(x, w, b))));
  AbsBoundScope scope;
  set_abs_bound(x, 2.f);
  const double conv_bound = 2 * wsum + bmax;
  Tensor y = conv2d(x, w, b);  // eager (a projection without an epilogue)
  CHECK(abs_bound(y) >= conv_bound);
  CHECK(abs_bound(y) <= conv_bound * (1 + 1e-6));
  CHECK(max_abs(y) <= abs_bound(y));
  Attrs attrs{{Shape{1, 1}, Shape{0, 0}, Shape{1, 1}, int64_t(1)}};
  Tensor r = rand({1, 4, 6, 6}, DType::Float32, &g) * 2 - 1;  // |r| <= 1
  auto run = [&](std::initializer_list<Epilogue> steps, const Tensor& operand) {
    Tensor in[] = {x, w, b};
    OpCall call{"conv2d", in, attrs, Loc::current()};
    Tensor out = empty({1, 4, 6, 6});
    std::vector<Epilogue> st(steps);
    Tensor ops[] = {operand};
    REQUIRE(conv2d_epilogue(
        call, st, operand.defined() ? std::span<const Tensor>(ops) : std::span<const Tensor>(),
        out));
    return out;
  };
  Epilogue add{EpiOp::Add, 0, 0, 0}, sub{EpiOp::Sub, 0, 0, 0}, relu{EpiOp::Relu};
  // the residual's bound unknown, then known
  CHECK(std::isnan(abs_bound(run({add}, r))));
  set_abs_bound(r, 1.f);
  for (const Epilogue& e : {add, sub}) {
    Tensor z = run({e, relu}, r);
    CHECK(abs_bound(z) >= conv_bound + 1);
    CHECK(abs_bound(z) <= (conv_bound + 1) * (1 + 1e-6));
    CHECK(max_abs(z) <= abs_bound(z));
  }
  // a clamp: within its bounds when both are finite, else the larger of the rest
  CHECK(abs_bound(run({{EpiOp::Clamp, -0.5f, 0.25f}}, Tensor())) == 0.5f);
  Tensor open = run({{EpiOp::Clamp, -100.f, INFINITY}}, Tensor());
  CHECK(abs_bound(open) >= 100.f);
  CHECK(abs_bound(open) <= std::max(100., conv_bound) * (1 + 1e-6));
  // a clamp whose lower bound is +inf gives its upper bound everywhere; one to -inf, or from
  // +inf to +inf, gives infinities: no bound
  CHECK(abs_bound(run({{EpiOp::Clamp, INFINITY, 2.f}}, Tensor())) == 2.f);
  CHECK(std::isnan(abs_bound(run({{EpiOp::Clamp, -1.f, -INFINITY}}, Tensor()))));
  CHECK(std::isnan(abs_bound(run({{EpiOp::Clamp, INFINITY, INFINITY}}, Tensor()))));
  // a step without a rule, and a bound near overflow (or within 2^24 of it, where rounding
  // and Winograd's transforms could still overflow): none
  CHECK(std::isnan(abs_bound(run({{EpiOp::Tanh}}, Tensor()))));
  set_abs_bound(x, 1e38f);
  CHECK(std::isnan(abs_bound(run({relu}, Tensor()))));
  CHECK(std::isnan(abs_bound(conv2d(x, w, b))));
  set_abs_bound(x, 1e31f);
  CHECK(std::isnan(abs_bound(conv2d(x, w, b))));
  set_abs_bound(x, 1e20f);
  CHECK(abs_bound(conv2d(x, w, b)) >= 1e20 * wsum);
  // a NaN or an infinity in the weights or the bias: none
  set_abs_bound(x, 2.f);
  for (float bad : {INFINITY, std::nanf("")}) {
    Tensor wb = w.clone(), bb = b.clone();
    wb.data<float>()[5] = bad;
    bb.data<float>()[1] = bad;
    CHECK(std::isnan(abs_bound(conv2d(x, wb, b))));
    CHECK(std::isnan(abs_bound(conv2d(x, w, bb))));
  }
}

TEST_CASE("a matmul or convolution without an epilogue runs through its kernel, as eager does",
          "[codegen]") {
  // A lone linalg op takes the epilogue path with no steps: its output an arena slice, its
  // kernel raced against eager dispatch per size class (the first call times both).
  auto p = kir::Program::parse(R"(
graph @g(%a: f32[24, 40], %b: f32[40, 12], %x: f32[1, 8, 10, 10], %w: f32[6, 8, 1, 1]) -> (f32[24, 12], f32[1, 6, 10, 10]) {
  %0 = matmul(%a, %b) : f32[24, 12]
  %1 = conv2d(%x, %w) {stride = [1, 1], padding = [0, 0], dilation = [1, 1], groups = 1} : f32[1, 6, 10, 10]
  return %0, %1
}
)");
  CHECK_THAT(p.fusion_report(), Catch::Contains("group 0: matmul without an epilogue") &&
                                    Catch::Contains("group 1: conv2d without an epilogue"));
  Generator g(47);
  std::vector<Tensor> in = {
      randn({24, 40}, DType::Float32, &g), randn({40, 12}, DType::Float32, &g),
      randn({1, 8, 10, 10}, DType::Float32, &g), randn({6, 8, 1, 1}, DType::Float32, &g)};
  auto want = p.run(in);
  for (int call = 0; call < 3; ++call) {  // the race, then the kept choice
    auto got = p.run_compiled(in);
    KILN_CHECK_CLOSE(got[0], want[0], (test::Tol{1e-5, 1e-5}));
    KILN_CHECK_CLOSE(got[1], want[1], (test::Tol{1e-5, 1e-5}));
  }
}

TEST_CASE("a reduction over an input broadcast inside the reduced dims", "[codegen]") {
  // y [3] broadcasts over [2, 3]; summing all dims needs y materialised over the space (a
  // regression: the executor expanded it to the wrong rank and the launch had no variant).
  auto p = kir::Program::parse(R"(
graph @g(%y: f32[3], %x: f32[4, 2, 3]) -> (f32[], f32[4]) {
  %0 = exp(%y) : f32[3]
  %1 = sum(%x) {dims = [], keepdim = false} : f32[]
  %2 = add(%x, %0) : f32[4, 2, 3]
  %3 = sum(%2) {dims = [1, 2], keepdim = false} : f32[4]
  %4 = add(%1, %1) : f32[]
  return %4, %3
}
)");
  Generator g(21);
  Tensor y = randn({3}, DType::Float32, &g), x = randn({4, 2, 3}, DType::Float32, &g);
  auto want = p.run({y, x});
  auto got = p.run_compiled({y, x});
  KILN_CHECK_FUSED(got[0], want[0]);
  KILN_CHECK_FUSED(got[1], want[1]);
}

TEST_CASE("fusion never makes kernels depend on each other in a cycle", "[codegen]") {
  // %6 and %8 share a kernel; %6 waits for %2 (computed from kernel 0's %1), %8 feeds %10, and
  // %13 would pull %10's consumer into kernel 0: node by node there is no cycle, kernel by
  // kernel there was one (a regression found by a compiled training step).
  auto p = kir::Program::parse(R"(
graph @g(%x: f32[4, 5], %b: bool[4]) -> (f32[], f32[4, 5]) {
  %0 = amax(%x) {dims = [1], keepdim = true} : f32[4, 1]
  %1 = sub(%x, %0) : f32[4, 5]
  %2 = cumsum(%1) {dim = 1} : f32[4, 5]
  %3 = sum(%2) {dims = [], keepdim = false} : f32[]
  %4 = sum(%b) {dims = [], keepdim = false} : i64[]
  %5 = cast(%4) {dtype = f32} : f32[]
  %6 = div(%3, %5) {rounding_mode = "none"} : f32[]
  %7 = constant() {value = 1.0, dtype = f32, shape = []} : f32[]
  %8 = div(%7, %5) {rounding_mode = "none"} : f32[]
  %9 = expand(%8) {shape = [4, 5]} : f32[4, 5]
  %10 = cumsum(%9) {dim = 1} : f32[4, 5]
  %11 = exp(%1) : f32[4, 5]
  %12 = sum(%10) {dims = [1], keepdim = true} : f32[4, 1]
  %13 = mul(%11, %12) : f32[4, 5]
  return %6, %13
}
)");
  Generator g(5);
  Tensor x = randn({4, 5}, DType::Float32, &g), b = tensor<bool>({true, false, true, true}, {4});
  auto want = p.run({x, b});
  auto got = p.run_compiled({x, b});
  KILN_CHECK_FUSED(got[0], want[0]);
  KILN_CHECK_FUSED(got[1], want[1]);
}

TEST_CASE("in-place write-backs: a kernel writes into its input only when nothing reads it later",
          "[codegen]") {
  // %0 updates w (written back into it); %3 reads the old w (through a transpose) after
  // cumsum, so w's memory must not be overwritten by %0's kernel; x's update %4 has no later
  // reader and is written in place. With %3 reading w itself (a transpose of dims 1 and 1 is
  // no view), %3 joins %0's kernel (both read
  // w), which reads each element before it writes it: then w is written in place too.
  for (bool through_view : {true, false}) {
    INFO("through a view: " << through_view);
    auto p = kir::Program::parse(fmt::format(R"(
graph @g(%w: f32[8, 8], %x: f32[8, 8]) -> (f32[8, 8], f32[8, 8], f32[8, 8]) {{
  %c = constant() {{value = 2.0, dtype = f32, shape = []}} : f32[]
  %0 = mul(%w, %c) : f32[8, 8]
  %1 = cumsum(%x) {{dim = 1}} : f32[8, 8]
  %t = transpose(%w) {{dim0 = {}, dim1 = 1}} : f32[8, 8]
  %3 = add(%1, %t) : f32[8, 8]
  %4 = sub(%x, %c) : f32[8, 8]
  return %0, %3, %4
}}
)",
                                             through_view ? 0 : 1));
    Generator g(8);
    Tensor w = randn({8, 8}, DType::Float32, &g), x = randn({8, 8}, DType::Float32, &g);
    auto want = p.run({w, x});
    frontend::Executable exe(std::move(ir::parse_kir(p.text())[0]));
    std::vector<std::pair<size_t, size_t>> write_backs{{0, 0}, {1, 2}};
    Tensor w2 = w.clone(), x2 = x.clone();
    std::vector<Tensor> in{w2, x2};
    for (int run = 0; run < 2; ++run) {  // the second run replays the launch geometry
      w2.copy_(w);
      x2.copy_(x);
      auto got = exe.run(in, Loc::current(), write_backs);
      KILN_CHECK_FUSED(got[0], want[0]);
      KILN_CHECK_FUSED(got[1], want[1]);  // read the old w
      KILN_CHECK_FUSED(got[2], want[2]);
      // refused through the view: %3 reads w after %0's kernel
      CHECK(got[0].shares_storage(w2) == !through_view);
      CHECK(got[2].shares_storage(x2));  // written in place
    }
  }
}

TEST_CASE("matmul epilogues pack a model's weights once and follow in-place updates", "[codegen]") {
  Generator g(21);
  Tensor x = randn({64, 96}, DType::Float32, &g), w = randn({48, 96}, DType::Float32, &g);
  Tensor b = randn({48}, DType::Float32, &g);
  auto f = compile([&](const Tensor& t) { return relu(linear(t, w, b)); });
  for (int step = 0; step < 3; ++step) {
    for (int call = 0; call < 4; ++call)  // the second sighting of the weights packs them
      KILN_CHECK_FUSED(f(x), relu(linear(x, w, b)));
    mul_(w, -0.5);  // in place: the packed copy is stale and must not be used
  }
  // Direct calls: the same weight tensor, then a different one at the same shape.
  Tensor wt = w.t(), out = empty({64, 48});
  Epilogue steps[] = {{EpiOp::Relu}};
  for (int call = 0; call < 3; ++call) {
    REQUIRE(matmul_with_epilogue(x, wt, steps, {}, out));
    KILN_CHECK_CLOSE(out, relu(matmul(x, wt)), (test::Tol{1e-5, 1e-5}));
  }
  Tensor other = randn({96, 48}, DType::Float32, &g);
  REQUIRE(matmul_with_epilogue(x, other, steps, {}, out));
  KILN_CHECK_CLOSE(out, relu(matmul(x, other)), (test::Tol{1e-5, 1e-5}));
}

TEST_CASE("a compiled matmul + clamp keeps NaN and infinities as eager does", "[codegen]") {
  // oneDNN's clip post-op would map NaN to the lower bound: kiln applies the clamp, in its own
  // product's epilogue or after oneDNN's primitive (with the steps before it as post-ops).
  Tensor a = tensor<float>({1, 2, std::nanf(""), 1, 1e30f, 1, -1e30f, 1}, {4, 2});
  Tensor b = tensor<float>({1e10f, 1, 1e10f, 1}, {2, 2});
  Tensor bias = tensor<float>({-1, 1}, {2});
  std::string saved = config().matmul_kernel;
  for (const char* mode : {"kiln", "onednn"}) {
    config().matmul_kernel = mode;
    INFO(mode);
    auto f = compile([&](const Tensor& x) { return clamp(matmul(x, b) + bias, 0, 6) * 2; });
    for (int call = 0; call < 3; ++call)
      KILN_CHECK_FUSED(f(a), clamp(matmul(a, b) + bias, 0, 6) * 2);
    // a step kiln's epilogue lacks ends the chain after a clamp (kiln applies the steps from
    // the clamp on)
    auto g = compile([&](const Tensor& x) { return tanh(clamp(matmul(x, b), -1, 1)); });
    for (int call = 0; call < 3; ++call)
      KILN_CHECK_CLOSE(g(a), tanh(clamp(matmul(a, b), -1, 1)), (test::Tol{1e-5, 1e-5}));
  }
  config().matmul_kernel = saved;
}

namespace {
void check_exp() {
  // On AVX-512 hosts 16-lane vectors take kiln's own exp (jit.cpp: vscalefps); scalar code
  // (the last elements of rows where vectors are narrower than 512 bits) takes MLIR's.
  std::vector<float> v = {std::nanf(""), INFINITY, -INFINITY, 0.f,    -0.f,    1.f,
                          -1.f,          88.72f,   88.73f,    89.f,   89.5f,   1e30f,
                          -1e30f,        -87.3f,   -87.4f,    -100.f, -103.9f, -104.f,
                          -104.1f,       -150.f,   1e-30f,    -1e-30f};
  for (int i = 0; v.size() < 4100; ++i) v.push_back(-110.f + 0.05f * float(i));
  auto p = kir::Program::parse(R"(
graph @g(%x: f32[4100]) -> (f32[4100]) {
  %0 = exp(%x) : f32[4100]
  return %0
}
)");
  Tensor x = tensor<float>(v, {4100});
  Tensor y = p.run_compiled({x})[0];
  const float* got = y.data<float>();
  int bad = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    float want = float(std::exp(double(v[i])));
    bool ok = std::isnan(want)   ? std::isnan(got[i])
              : std::isinf(want) ? got[i] == want
              : want < FLT_MIN   ? got[i] >= 0 && got[i] <= FLT_MIN  // subnormal or flushed
                                 : std::abs(got[i] - want) <= 3e-7 * want;
    if (!ok && ++bad <= 5) UNSCOPED_INFO(fmt::format("exp({}) = {}, want {}", v[i], got[i], want));
  }
  CHECK(bad == 0);
}
}  // namespace

TEST_CASE("compiled exp is accurate from underflow to overflow and keeps NaN and infinities",
          "[codegen]") {
  check_exp();
}

namespace {
void check_erf() {
  // mlir_emit.cpp writes erf as x * P(x^2) / Q(x^2), saturating beyond 3.925.
  std::vector<float> v = {std::nanf(""), INFINITY, -INFINITY, 0.f,     -0.f, 1e-30f, -1e-30f,
                          1e-40f,        3.925f,   -3.925f,   3.9251f, 4.f,  -4.f,   1e30f,
                          -1e30f,        0.5f,     -0.5f,     1.f,     -1.f, 2.f};
  for (int i = 0; v.size() < 8200; ++i) v.push_back(-6.f + 0.0015f * float(i));
  // where the float32 ratio rounds above 1 unless clamped (3.6448152 is one)
  v.push_back(3.6448152f);
  for (int i = 0; i < 2000; ++i) v.push_back(3.f + 0.0004625f * float(i));
  int64_t n = int64_t(v.size());
  auto p = kir::Program::parse(fmt::format(R"(
graph @g(%x: f32[{0}]) -> (f32[{0}]) {{
  %0 = erf(%x) : f32[{0}]
  return %0
}}
)",
                                           n));
  Tensor y = p.run_compiled({tensor<float>(v, {n})})[0];
  const float* got = y.data<float>();
  int bad = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    double want = std::erf(double(v[i]));
    // 4e-7 relative (6 ulp near 1); subnormal results keep only absolute precision
    bool ok = std::isnan(want)
                  ? std::isnan(got[i])
                  : std::abs(got[i] - want) <= 4e-7 * std::abs(want) + 1e-44 &&
                        std::abs(got[i]) <= 1.f && std::signbit(got[i]) == std::signbit(v[i]);
    if (!ok && ++bad <= 5) UNSCOPED_INFO(fmt::format("erf({}) = {}, want {}", v[i], got[i], want));
  }
  CHECK(bad == 0);
}
}  // namespace

TEST_CASE("compiled float32 erf is accurate everywhere and keeps NaN and infinities", "[codegen]") {
  check_erf();
}

TEST_CASE("oneDNN epilogue steps keep NaN and infinities as eager does", "[codegen]") {
  // Each step runs directly as a post-op.
  auto [a, d, r] = test::epilogue_inputs();
  Tensor base = matmul(a, d);
  struct Case {
    Epilogue step;
    std::function<Tensor(const Tensor&)> eager;
  };
  std::vector<Case> cases = {
      {{EpiOp::Relu}, [](const Tensor& t) { return relu(t); }},
      {{EpiOp::GeluErf}, [](const Tensor& t) { return gelu(t); }},
      {{EpiOp::GeluTanh}, [](const Tensor& t) { return gelu(t, "tanh"); }},
      {{EpiOp::Tanh}, [](const Tensor& t) { return tanh(t); }},
      {{EpiOp::Sigmoid}, [](const Tensor& t) { return sigmoid(t); }},
      {{EpiOp::Silu, 1.f}, [](const Tensor& t) { return silu(t); }},
      {{EpiOp::Elu, 0.7f}, [](const Tensor& t) { return elu(t, 0.7); }},
      {{EpiOp::Log}, [](const Tensor& t) { return log(t); }},
      {{EpiOp::Abs}, [](const Tensor& t) { return abs(t); }},
      {{EpiOp::Sqrt}, [](const Tensor& t) { return sqrt(t); }},
      {{EpiOp::Add, 0, 0, 0}, [&](const Tensor& t) { return t + r; }},
      {{EpiOp::Mul, 0, 0, 0}, [&](const Tensor& t) { return t * r; }},
  };
  for (const Case& c : cases) {
    Tensor out = empty({4, 4});
    Tensor ops[] = {r};
    REQUIRE(matmul_with_epilogue(
        a, d, std::span<const Epilogue>(&c.step, 1),
        c.step.binary() ? std::span<const Tensor>(ops) : std::span<const Tensor>(), out));
    INFO("step " << int(c.step.op));
    KILN_CHECK_CLOSE(out, c.eager(base), (test::Tol{1e-5, 1e-5}));
  }
}

TEST_CASE("computed weights of one shape in several layers are never mixed up", "[codegen]") {
  // Each layer's weight is computed in the graph (weight scaling): the arena may give two of
  // them the same offset; packed copies must follow the value, not the address.
  Generator g(22);
  Tensor x = randn({32, 64}, DType::Float32, &g);
  std::vector<Tensor> ws;
  for (int i = 0; i < 3; ++i) ws.push_back(randn({64, 64}, DType::Float32, &g));
  auto layers = [&](const Tensor& t) {
    Tensor h = t;
    for (int i = 0; i < 3; ++i) h = relu(linear(h, ws[size_t(i)] * (0.5 + i)));
    return h;
  };
  auto f = compile(layers);
  for (int call = 0; call < 4; ++call) KILN_CHECK_FUSED(f(x), layers(x));
}

TEST_CASE("computed weights that change from call to call are packed again each call",
          "[codegen]") {
  // The executor reuses an intermediate's tensor from the last call (same arena bytes, a new
  // version): packed copies of a weight computed in the graph must follow the version.
  Generator g(24);
  Tensor x = randn({32, 64}, DType::Float32, &g), w = randn({48, 64}, DType::Float32, &g);
  Tensor img = randn({1, 8, 12, 12}, DType::Float32, &g);
  Tensor k = randn({16, 8, 3, 3}, DType::Float32, &g),
         k1 = randn({16, 8, 1, 1}, DType::Float32, &g);
  auto model = [&](const Tensor& t, const Tensor& im, const Tensor& s) {
    Tensor a = relu(linear(t, w * s));
    Tensor b = relu(conv2d(im, k * s, {}, {1}, {1}, {1})) + conv2d(im, k1 * s);
    return std::vector<Tensor>{a, b};
  };
  auto f = compile(model);
  for (double scale : {1.0, -2.0, 0.5, 3.0, 3.0}) {
    Tensor s = full({}, scale);
    auto got = f(x, img, s);
    auto want = model(x, img, s);
    INFO("scale " << scale);
    // (absolute 1e-4 too: the 3x3 and 1x1 sums cancel in places, and whichever kernel the
    // race picked, Winograd's or a direct one, rounds them differently; a stale packed weight
    // is off by the values themselves)
    KILN_CHECK_CLOSE(got[0], want[0], (test::Tol{1e-4, 1e-4}));
    KILN_CHECK_CLOSE(got[1], want[1], (test::Tol{1e-4, 1e-4}));
  }
}

TEST_CASE("compiled conv epilogues take one-value stride, padding and dilation", "[codegen]") {
  Generator g(23);
  Tensor x = randn({2, 3, 9, 9}, DType::Float32, &g), w = randn({4, 3, 3, 3}, DType::Float32, &g);
  auto conv = [&](const Tensor& t) { return relu(conv2d(t, w, {}, {2}, {1}, {1})); };
  auto f = compile(conv);
  for (int call = 0; call < 3; ++call) KILN_CHECK_FUSED(f(x), conv(x));
}

TEST_CASE("kernels written for 128-bit and 256-bit vectors compute what eager computes",
          "[codegen]") {
  // On an AVX-512 host this runs the kernels narrower hosts get (their own exp and loop
  // widths); on narrower hosts, narrower still.
  struct VectorBits {  // Config::vector_bits for a scope
    int saved = config().vector_bits;
    explicit VectorBits(int b) { config().vector_bits = b; }
    ~VectorBits() { config().vector_bits = saved; }
  };
  for (int bits : {128, 256}) {
    INFO(bits << "-bit vectors");
    VectorBits vb(bits);
    check_golden_graphs();
    check_softmax_shifts();
    check_erf();
    check_exp();
  }
  VectorBits bad(300);
  auto p = kir::Program::parse(R"(
graph @g(%x: f32[8]) -> (f32[8]) {
  %0 = exp(%x) : f32[8]
  return %0
}
)");
  // no kernel is built: the group runs eagerly, the failure is counted and logged
  frontend::Executable exe(std::move(ir::parse_kir(p.text())[0]));
  Tensor y = exe.run(std::vector<Tensor>{zeros({8})}, Loc::current())[0];
  CHECK(y.data<float>()[0] == 1.f);
  CHECK(exe.kernels_failed() == 1);
}
