// Every pass: .kir text in, one pass, printed text compared with the expected text
// (FileCheck-style, whole graphs), and the graph computes the same before and after.
#include "check.h"
#include "ir/graph.h"
#include "passes/pass.h"

using namespace kiln;

namespace {

std::string run_pass(const std::string& name, const std::string& text) {
  auto gs = ir::parse_kir(text, "in.kir");
  passes::PassManager pm({name});
  pm.run(gs[0]);
  return ir::print_kir(gs[0]);
}

// Runs `text` and the result of `pass` on the same random inputs; they must agree.
void check_same_results(const std::string& pass, const std::string& text, test::Tol tol = {0, 0}) {
  auto before = ir::parse_kir(text);
  auto after = ir::parse_kir(run_pass(pass, text));
  kir::Program pb = kir::Program::parse(ir::print_kir(before[0]));
  kir::Program pa = kir::Program::parse(ir::print_kir(after[0]));
  Generator g(7);
  std::vector<Tensor> in;
  for (const ir::Value* p : before[0].params()) {
    Shape s;
    for (const ir::Dim& d : p->type.dims) s.push_back(d.symbolic() ? 3 : d.size);
    in.push_back(randn(s, DType::Float64, &g).to(p->type.dtype));
  }
  auto want = pb.run(in), got = pa.run(in);
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) KILN_CHECK_CLOSE(got[i], want[i], tol);
}

const std::string kHead = "graph @g(%x: f32[n, 4], %w: f32[3, 4]) -> (f32[n, 3]) {\n";

}  // namespace

TEST_CASE("dce removes unused nodes", "[passes]") {
  std::string in = kHead +
                   "  %a = exp(%x) : f32[n, 4]\n"
                   "  %b = linear(%x, %w) : f32[n, 3]\n"
                   "  %c = tanh(%a) : f32[n, 4]\n"
                   "  return %b\n}\n";
  CHECK(run_pass("dce", in) == kHead + "  %0 = linear(%x, %w) : f32[n, 3]\n  return %0\n}\n");
  check_same_results("dce", in);
}

TEST_CASE("cse merges equal nodes, constants included", "[passes]") {
  std::string in = kHead +
                   "  %c1 = constant() {value = 2.0} : f32[]\n"
                   "  %c2 = constant() {value = 2.0} : f32[]\n"
                   "  %a = linear(%x, %w) : f32[n, 3]\n"
                   "  %b = linear(%x, %w) : f32[n, 3]\n"
                   "  %p = mul(%a, %c1) : f32[n, 3]\n"
                   "  %q = mul(%b, %c2) : f32[n, 3]\n"
                   "  %r = add(%p, %q) : f32[n, 3]\n"
                   "  return %r\n}\n";
  CHECK(run_pass("cse", in) == kHead +
                                   "  %0 = constant() {value = 2.0, shape = []} : f32[]\n"
                                   "  %1 = linear(%x, %w) : f32[n, 3]\n"
                                   "  %2 = mul(%1, %0) : f32[n, 3]\n"
                                   "  %3 = add(%2, %2) : f32[n, 3]\n"
                                   "  return %3\n}\n");
  check_same_results("cse", in);
}

TEST_CASE("fold-constants evaluates constant subgraphs with the eager kernels", "[passes]") {
  std::string in = kHead +
                   "  %a = constant() {value = 3, dtype = i64} : i64[]\n"
                   "  %b = constant() {value = 2, dtype = i64, shape = [3]} : i64[3]\n"
                   "  %c = mul(%a, %b) : i64[3]\n"
                   "  %d = div(%c, %a) : f32[3]\n"
                   "  %y = linear(%x, %w) : f32[n, 3]\n"
                   "  %z = add(%y, %d) : f32[n, 3]\n"
                   "  return %z\n}\n";
  CHECK(run_pass("fold-constants", in) ==
        kHead +
            "  %0 = constant() {value = 2.0, dtype = f32, shape = [3]} : f32[3]\n"
            "  %1 = linear(%x, %w) : f32[n, 3]\n"
            "  %2 = add(%1, %0) : f32[n, 3]\n"
            "  return %2\n}\n");
  check_same_results("fold-constants", in);
  // Integer division by zero is left for run time, where it is an error.
  std::string div0 =
      "graph @g() -> (i64[]) {\n  %a = constant() {value = 1} : i64[]\n"
      "  %z = constant() {value = 0} : i64[]\n"
      "  %q = div(%a, %z) {rounding_mode = \"floor\"} : i64[]\n  return %q\n}\n";
  CHECK_THAT(run_pass("fold-constants", div0), Catch::Contains("div("));
}

TEST_CASE("simplify removes identities without changing types", "[passes]") {
  std::string in = kHead +
                   "  %one = constant() {value = 1.0} : f32[]\n"
                   "  %zero = constant() {value = 0.0} : f32[]\n"
                   "  %a = mul(%x, %one) : f32[n, 4]\n"
                   "  %b = add(%zero, %a) : f32[n, 4]\n"
                   "  %c = neg(%b) : f32[n, 4]\n"
                   "  %d = neg(%c) : f32[n, 4]\n"
                   "  %t = transpose(%w) {dim0 = 0, dim1 = 1} : f32[4, 3]\n"
                   "  %u = transpose(%t) {dim0 = 1, dim1 = 0} : f32[3, 4]\n"
                   "  %r = reshape(%u) {shape = [12]} : f32[12]\n"
                   "  %s = reshape(%r) {shape = [3, 4]} : f32[3, 4]\n"
                   "  %k = cast(%s) {dtype = f32} : f32[3, 4]\n"
                   "  %y = linear(%d, %k) : f32[n, 3]\n"
                   "  return %y\n}\n";
  CHECK(run_pass("simplify", in) == kHead + "  %0 = linear(%x, %w) : f32[n, 3]\n  return %0\n}\n");
  check_same_results("simplify", in);
  // x * 1 with an integer x promotes to float: not an identity, kept.
  std::string promo =
      "graph @g(%x: i32[2]) -> (f32[2]) {\n  %one = constant() {value = 1.0} : f32[]\n"
      "  %y = mul(%x, %one) : f32[2]\n  return %y\n}\n";
  CHECK_THAT(run_pass("simplify", promo), Catch::Contains("mul("));
}

TEST_CASE("simplify reads broadcast scalars directly when the types stay the same", "[passes]") {
  std::string in =
      "graph @g(%x: f32[2, 3], %h: f16[2, 3]) -> (f32[2, 3], f32[2, 3]) {\n"
      "  %c = constant() {value = 3.0} : f32[]\n"
      "  %e = expand(%c) {shape = [2, 3]} : f32[2, 3]\n"
      "  %y = mul(%x, %e) : f32[2, 3]\n"
      "  %z = add(%h, %e) : f32[2, 3]\n"
      "  return %y, %z\n}\n";
  std::string out = run_pass("simplify", in);
  CHECK_THAT(out, Catch::Contains("mul(%x, %0)"));  // same type without the expand
  CHECK_THAT(out, Catch::Contains("add(%h, %1)"));  // f16 + f32[] would be f16: kept
  check_same_results("simplify", in);
}

TEST_CASE("decompose lowers composites to primitives with the same results", "[passes]") {
  std::string in =
      "graph @g(%x: f32[n, 6], %w: f32[5, 6], %b: f32[5]) -> (f32[n, 5], f32[n, 5], f32[n, 5]) {\n"
      "  %l = linear(%x, %w, %b) : f32[n, 5]\n"
      "  %g = gelu(%l) {approximate = \"none\"} : f32[n, 5]\n"
      "  %s = softmax(%g) {dim = 0} : f32[n, 5]\n"
      "  %t = log_softmax(%l) {dim = 0} : f32[n, 5]\n"
      "  %u = silu(%l) : f32[n, 5]\n"
      "  return %s, %t, %u\n}\n";
  std::string out = run_pass("decompose", in);
  for (const char* gone : {"linear(", "gelu(", "softmax(", "silu("})
    CHECK_THAT(out, !Catch::Contains(gone));
  for (const char* now : {"matmul(", "erf(", "amax(", "sigmoid("})
    CHECK_THAT(out, Catch::Contains(now));
  check_same_results("decompose", in, {2e-5, 2e-5});
}

TEST_CASE("softmax and log_softmax over short rows of a static size stay whole", "[passes]") {
  // Rows below 32 run on eager's kernel, which takes many short rows per vector.
  std::string in =
      "graph @g(%x: f32[n, 31], %y: f32[n, 32]) -> (f32[n, 31], f32[n, 31], f32[n, 32]) {\n"
      "  %s = softmax(%x) {dim = -1} : f32[n, 31]\n"
      "  %t = log_softmax(%x) {dim = 1} : f32[n, 31]\n"
      "  %u = softmax(%y) {dim = -1} : f32[n, 32]\n"
      "  return %s, %t, %u\n}\n";
  std::string out = run_pass("decompose", in);
  CHECK_THAT(out, Catch::Contains("softmax(%x) {dim = -1}") &&
                      Catch::Contains("log_softmax(%x) {dim = 1}"));
  CHECK_THAT(out, !Catch::Contains("softmax(%y)") && Catch::Contains("amax(%y)"));
  check_same_results("decompose", in, {2e-5, 2e-5});
}

TEST_CASE("sink-views moves views above pointwise ops, so those ops fuse with their readers",
          "[passes][fusion]") {
  // A chain: the reshape climbs mul and exp (the constant of rank 2 is reshaped to rank 1, as
  // it broadcasts into any rank as high as its own); the permute climbs the add, whose operands
  // share its dims.
  std::string in =
      "graph @g(%x: f32[3, 4, 6], %y: f32[3, 4, 6]) -> (f32[72], f32[4, 3, 6]) {\n"
      "  %c = constant() {value = 2.0, dtype = f32, shape = [1, 1]} : f32[1, 1]\n"
      "  %0 = exp(%x) : f32[3, 4, 6]\n"
      "  %1 = mul(%0, %c) : f32[3, 4, 6]\n"
      "  %2 = reshape(%1) {shape = [72]} : f32[72]\n"
      "  %3 = tanh(%2) : f32[72]\n"
      "  %4 = add(%x, %y) : f32[3, 4, 6]\n"
      "  %5 = permute(%4) {dims = [1, 0, 2]} : f32[4, 3, 6]\n"
      "  %6 = sigmoid(%5) : f32[4, 3, 6]\n"
      "  return %3, %6\n}\n";
  std::string out = run_pass("sink-views", in);
  CHECK_THAT(out, Catch::Contains("reshape(%x) {shape = [72]}") &&
                      Catch::Contains("reshape(%0) {shape = [1]} : f32[1]") &&
                      Catch::Contains("permute(%x) {dims = [1, 0, 2]}") &&
                      Catch::Contains("permute(%y) {dims = [1, 0, 2]}"));
  // (eager's exp and sigmoid round a strided input's last bit another way)
  check_same_results("sink-views", in, {1e-6, 1e-6});
  // With a symbolic dim: the same view applies to operands of the same dims.
  std::string sym =
      "graph @g(%x: f32[n, 4, 6], %y: f32[n, 4, 6]) -> (f32[4, n, 6]) {\n"
      "  %0 = sub(%x, %y) : f32[n, 4, 6]\n"
      "  %1 = transpose(%0) {dim0 = 0, dim1 = -2} : f32[4, n, 6]\n"
      "  %2 = abs(%1) : f32[4, n, 6]\n  return %2\n}\n";
  CHECK_THAT(run_pass("sink-views", sym), Catch::Contains("transpose(%x) {dim0 = 0, dim1 = -2}"));
  check_same_results("sink-views", sym);
  // Compiled: one kernel per output, each equal to eager.
  kir::Program p = kir::Program::parse(in);
  CHECK_THAT(p.fusion_report(), Catch::Contains("(2 fused kernels)") &&
                                    Catch::Contains("kernel over [72]: ") &&
                                    Catch::Contains("kernel over [4, 3, 6]: "));
  Generator g(5);
  Tensor x = randn({3, 4, 6}, DType::Float32, &g), y = randn({3, 4, 6}, DType::Float32, &g);
  auto want = p.run({x, y}), got = p.run_compiled({x, y});
  KILN_CHECK_FUSED(got[0], want[0]);
  KILN_CHECK_FUSED(got[1], want[1]);

  // Where a view stays, and why (`kiln ir --explain-fusion`).
  auto stays = [](const std::string& body, const std::string& why) {
    std::string text =
        "graph @g(%x: f32[4, 2, 6], %b: f32[6]) -> (f32[2, 4, 6]) {\n" + body + "}\n";
    CAPTURE(text);
    CHECK(run_pass("sink-views", text) == run_pass("dce", text));  // unchanged
    CHECK_THAT(kir::Program::parse(text).fusion_report(), Catch::Contains(why));
  };
  stays(
      "  %0 = add(%x, %b) : f32[4, 2, 6]\n  %1 = transpose(%0) {dim0 = 0, dim1 = 1} : f32[2, 4, "
      "6]\n"
      "  %2 = exp(%1) : f32[2, 4, 6]\n  return %2\n",
      "%1 = transpose: a view of %0, which its kernel writes whole for it: an operand of the add "
      "before it broadcasts (f32[6] to f32[4, 2, 6])");
  stays(
      "  %0 = exp(%x) : f32[4, 2, 6]\n  %1 = transpose(%0) {dim0 = 0, dim1 = 1} : f32[2, 4, 6]\n"
      "  %2 = exp(%1) : f32[2, 4, 6]\n  %3 = transpose(%0) {dim0 = 1, dim1 = 0} : f32[2, 4, 6]\n"
      "  %4 = add(%2, %3) : f32[2, 4, 6]\n  return %4\n",
      "the exp before it has other readers (moved above, it would run twice)");
  // An expand stays where it is (it repeats its input's elements).
  std::string repeats =
      "graph @g(%x: f32[4, 2, 6], %b: f32[6]) -> (f32[4, 2, 6]) {\n  %0 = exp(%b) : f32[6]\n"
      "  %1 = expand(%0) {shape = [4, 2, 6]} : f32[4, 2, 6]\n  %2 = add(%1, %x) : f32[4, 2, 6]\n"
      "  return %2\n}\n";
  CHECK(run_pass("sink-views", repeats) == run_pass("dce", repeats));
  stays(
      "  %0 = transpose(%x) {dim0 = 0, dim1 = 1} : f32[2, 4, 6]\n"
      "  %1 = transpose(%x) {dim0 = 0, dim1 = 1} : f32[2, 4, 6]\n"
      "  %2 = mul(%0, %1) : f32[2, 4, 6]\n  %3 = reshape(%2) {shape = [48]} : f32[48]\n"
      "  %4 = exp(%3) : f32[48]\n  %5 = reshape(%4) {shape = [2, 4, 6]} : f32[2, 4, 6]\n  return "
      "%5\n",
      "an operand of the mul before it is a transpose, which a reshape may have to copy");
  // A view that strides its last dim stays: a kernel would read the operands element by element.
  stays(
      "  %0 = exp(%x) : f32[4, 2, 6]\n  %1 = transpose(%0) {dim0 = 0, dim1 = 2} : f32[6, 2, 4]\n"
      "  %2 = reshape(%1) {shape = [2, 4, 6]} : f32[2, 4, 6]\n  %3 = tanh(%2) : f32[2, 4, 6]\n"
      "  return %3\n",
      "%1 = transpose: a view of %0, which its kernel writes whole for it: the transpose strides "
      "its last dim");
  // A chain of views read by a fusable op: the transpose climbs (the reshape would then have
  // copied exp's result transposed; now it views a contiguous result), the reshape stays off
  // the transposed input and says why.
  std::string chain =
      "graph @g(%x: f32[4, 2, 6]) -> (f32[48]) {\n  %0 = exp(%x) : f32[4, 2, 6]\n"
      "  %1 = transpose(%0) {dim0 = 0, dim1 = 1} : f32[2, 4, 6]\n"
      "  %2 = reshape(%1) {shape = [48]} : f32[48]\n  %3 = tanh(%2) : f32[48]\n"
      "  return %3\n}\n";
  CHECK_THAT(run_pass("sink-views", chain),
             Catch::Contains("%0 = transpose(%x) {dim0 = 0, dim1 = 1} : f32[2, 4, 6]\n"
                             "  %1 = exp(%0) : f32[2, 4, 6]\n  %2 = reshape(%1)"));
  CHECK_THAT(kir::Program::parse(chain).fusion_report(),
             Catch::Contains("reshape: a view of %1, which its kernel writes whole for it: an "
                             "operand of the exp before it is a transpose"));
  check_same_results("sink-views", chain, {1e-6, 1e-6});
  // Types stay: a float32 constant of rank 2 beside a float16 input keeps its rank (0-d operands
  // promote below dimensioned ones), and a view to 0-d does not move where dtypes differ.
  std::string mixed =
      "graph @g(%x: f16[2, 3], %s: f16[1, 1]) -> (f32[6], f16[]) {\n"
      "  %c = constant() {value = 0.1, dtype = f32, shape = [1, 1]} : f32[1, 1]\n"
      "  %0 = mul(%x, %c) : f32[2, 3]\n  %1 = reshape(%0) {shape = [6]} : f32[6]\n"
      "  %2 = tanh(%1) : f32[6]\n"
      "  %d = constant() {value = 0.5, dtype = f32, shape = []} : f32[]\n"
      "  %3 = mul(%s, %d) : f16[1, 1]\n  %4 = reshape(%3) {shape = []} : f16[]\n"
      "  %5 = exp(%4) : f16[]\n  return %2, %5\n}\n";
  std::string moved = run_pass("sink-views", mixed);
  CHECK_THAT(moved, Catch::Contains("-> (f32[6], f16[])") &&
                        Catch::Contains("reshape(%0) {shape = [1]} : f32[1]") &&
                        Catch::Contains("mul(%s, %5) : f16[1, 1]"));
  check_same_results("sink-views", mixed, {1e-3, 1e-3});
  auto only_constants =
      "graph @g() -> (f32[1, 1]) {\n"
      "  %c = constant() {value = 0.5, dtype = f32, shape = [1]} : f32[1]\n"
      "  %0 = exp(%c) : f32[1]\n  %1 = unsqueeze(%0) {dim = 0} : f32[1, 1]\n"
      "  %2 = tanh(%1) : f32[1, 1]\n  return %2\n}\n";
  CHECK(run_pass("sink-views", only_constants) == run_pass("dce", only_constants));
  std::string returned =
      "graph @g(%x: f32[4, 2, 6]) -> (f32[2, 4, 6], f32[2, 4, 6]) {\n  %0 = exp(%x) : f32[4, 2, "
      "6]\n"
      "  %1 = transpose(%0) {dim0 = 0, dim1 = 1} : f32[2, 4, 6]\n  %2 = tanh(%1) : f32[2, 4, 6]\n"
      "  return %1, %2\n}\n";
  CHECK(run_pass("sink-views", returned) == run_pass("dce", returned));
  CHECK_THAT(kir::Program::parse(returned).fusion_report(),
             Catch::Contains("%1 = transpose: a view of %0, which its kernel writes whole for "
                             "it: it is a result of the graph (results keep eager's layout)"));
  // The kernel before the view would store two values (exp's and log's, read elsewhere too)
  // instead of one (the add's).
  stays(
      "  %0 = exp(%x) : f32[4, 2, 6]\n  %1 = log(%x) : f32[4, 2, 6]\n  %2 = add(%0, %1) : f32[4, "
      "2, 6]\n"
      "  %3 = mul(%0, %1) : f32[4, 2, 6]\n  %4 = transpose(%2) {dim0 = 0, dim1 = 1} : f32[2, 4, "
      "6]\n"
      "  %5 = tanh(%4) : f32[2, 4, 6]\n  %6 = transpose(%3) {dim0 = 0, dim1 = 1} : f32[2, 4, 6]\n"
      "  %7 = add(%5, %6) : f32[2, 4, 6]\n  return %7\n",
      "moved above the add before it, it would make a kernel store 2 of that op's inputs");
  // A view no fusable op reads (before a return) stays without a word: moving it gains nothing.
  std::string last =
      "graph @g(%x: f32[4, 2, 6]) -> (f32[2, 4, 6]) {\n  %0 = exp(%x) : f32[4, 2, 6]\n"
      "  %1 = transpose(%0) {dim0 = 0, dim1 = 1} : f32[2, 4, 6]\n  return %1\n}\n";
  CHECK(run_pass("sink-views", last) == run_pass("dce", last));
  CHECK_THAT(kir::Program::parse(last).fusion_report(), !Catch::Contains("transpose:"));
}

TEST_CASE("a composite left whole says why (`kiln ir --explain-fusion`)", "[passes][fusion]") {
  auto p = kir::Program::parse(
      "graph @g(%x: f32[8, 10], %y: f32[4, n], %h: f16[4, 64], %z: f32[8, 6]) -> (f32[8, 10], "
      "f32[4], f32[4], f16[4, 64], f32[6]) {\n"
      "  %0 = softmax(%x) {dim = -1} : f32[8, 10]\n"
      "  %1 = var(%y) {dims = [-1]} : f32[4]\n"
      "  %2 = logsumexp(%y) {dims = [1]} : f32[4]\n"
      "  %3 = rms_norm(%h) {normalized_shape = [64]} : f16[4, 64]\n"
      "  %4 = std(%z) {dims = [0]} : f32[6]\n"
      "  return %0, %1, %2, %3, %4\n}\n");
  std::string r = p.fusion_report();
  CHECK_THAT(r, Catch::Contains("softmax: runs its own kernel, whole (its decomposition declined: "
                                "its rows of 10 are under 32"));
  CHECK_THAT(r, Catch::Contains("var: runs its own kernel, whole (its decomposition declined: its "
                                "correction divides by a count of the symbolic dim n)"));
  CHECK_THAT(r, Catch::Contains("logsumexp: runs its own kernel, whole (its decomposition "
                                "declined: it reduces the symbolic dim n, which may be 0"));
  CHECK_THAT(r, Catch::Contains("rms_norm: runs its own kernel, whole (its decomposition declined: "
                                "in float16 each primitive would round its result"));
  CHECK_THAT(r, Catch::Contains("std: runs its own kernel, whole (its decomposition declined: it "
                                "reduces dims [0] of f32[8, 6], and only trailing dims fuse)"));
}

TEST_CASE("infer-shapes derives fresh symbols and the manager names passes", "[passes]") {
  std::string in =
      "graph @g(%x: f32[n, 4]) -> (f32[m]) {\n  %f = reshape(%x) {shape = [-1]} : f32[m]\n"
      "  return %f\n}\n";
  CHECK(run_pass("infer-shapes", in) ==
        "graph @g(%x: f32[n, 4]) -> (f32[s0]) {\n  %0 = reshape(%x) {shape = [-1]} : f32[s0]\n  "
        "return %0\n}\n");
  CHECK_THROWS_WITH(passes::PassManager({"nope"}),
                    Catch::Contains("unknown pass 'nope' (passes: infer-shapes, dce"));
  auto gs = ir::parse_kir(kHead +
                          "  %a = linear(%x, %w) : f32[n, 3]\n  %b = linear(%x, %w) : f32[n, 3]\n"
                          "  %c = add(%a, %b) : f32[n, 3]\n  return %c\n}\n");
  passes::PassManager pm({"cse", "dce"});
  pm.print_after_all();
  std::vector<std::string> seen;
  pm.run(gs[0], [&](std::string_view p, const std::string&) { seen.emplace_back(p); });
  CHECK(seen == std::vector<std::string>{"cse", "dce"});
}

TEST_CASE("functionalize: in-place writes, through views too, become SSA values and write-backs",
          "[passes]") {
  std::string in =
      "graph @g(%w: f32[4, 3], %x: f32[4, 3]) -> (f32[], f32[2, 3]) {\n"
      "  %v = slice(%w) {dim = 0, start = 1, end = 3} : f32[2, 3]\n"
      "  %0 = mul(%x, %x) : f32[4, 3]\n"
      "  %1 = copy_(%w, %0) : f32[4, 3]\n"
      "  %z = constant() {value = 0.0} : f32[]\n"
      "  %2 = copy_(%v, %z) : f32[2, 3]\n"
      "  %3 = sum(%w) {dims = [], keepdim = false} : f32[]\n"
      "  return %3, %v\n}\n";
  // w's new value is x*x; the slice made before the write is re-made on it; zeroing rows 1-2
  // scatters into it; sum and the returned view read the final value; w is written back once.
  std::string want =
      "graph @g(%w: f32[4, 3], %x: f32[4, 3]) -> (f32[], f32[2, 3]) {\n"
      "  %0 = mul(%x, %x) : f32[4, 3]\n"
      "  %1 = cast(%0) {dtype = f32} : f32[4, 3]\n"
      "  %2 = constant() {value = 0.0, shape = []} : f32[]\n"
      "  %3 = expand(%2) {shape = [2, 3]} : f32[2, 3]\n"
      "  %4 = cast(%3) {dtype = f32} : f32[2, 3]\n"
      "  %5 = as_strided_scatter(%1, %4) {size = [2, 3], stride = [3, 1], storage_offset = 3} : "
      "f32[4, 3]\n"
      "  %6 = sum(%5) {dims = [], keepdim = false} : f32[]\n"
      "  %7 = slice(%5) {dim = 0, start = 1, end = 3, step = 1} : f32[2, 3]\n"
      "  %8 = write_back(%w, %5) : f32[4, 3]\n"
      "  return %6, %7\n}\n";
  CHECK(run_pass("functionalize", in) == want);
  // The same numbers as running the writes eagerly (the interpreter writes into the inputs),
  // and the parameter holds the same data afterwards — also compiled (functionalize runs first
  // in kiln::compile's pipeline, then fusion).
  auto p = kir::Program::parse(in);
  Generator g(3);
  Tensor w = randn({4, 3}, DType::Float32, &g), x = randn({4, 3}, DType::Float32, &g);
  Tensor w1 = w.clone(), w2 = w.clone();
  auto want_out = p.run({w1, x});
  auto got = p.run_compiled({w2, x});
  for (size_t i = 0; i < got.size(); ++i) KILN_CHECK_FUSED(got[i], want_out[i]);
  KILN_CHECK_FUSED(w2, w1);
  CHECK(w1.sum().item<float>() != w.sum().item<float>());  // it was written
  // A write through an expanded view has no single meaning: a clear error.
  std::string bad =
      "graph @g(%w: f32[3], %x: f32[2, 3]) -> (f32[2, 3]) {\n"
      "  %e = expand(%w) {shape = [2, 3]} : f32[2, 3]\n"
      "  %0 = copy_(%e, %x) : f32[2, 3]\n"
      "  return %0\n}\n";
  CHECK_THROWS_WITH(run_pass("functionalize", bad), Catch::Contains("expand view"));
  // copy_'s result is the value just after the write: a later write does not change it
  std::string snap =
      "graph @g(%p: f32[3], %a: f32[3], %b: f32[3]) -> (f32[3], f32[3]) {\n"
      "  %r = copy_(%p, %a) : f32[3]\n"
      "  %s = copy_(%p, %b) : f32[3]\n"
      "  %0 = mul(%r, %p) : f32[3]\n"
      "  return %0, %s\n}\n";
  auto sp = kir::Program::parse(snap);
  Tensor pa = zeros({3}), pb = zeros({3});
  Tensor va = randn({3}, DType::Float32, &g), vb = randn({3}, DType::Float32, &g);
  auto eager = sp.run({pa, va, vb});
  auto fused = sp.run_compiled({pb, va, vb});
  KILN_CHECK_FUSED(eager[0], va * vb);
  KILN_CHECK_FUSED(fused[0], eager[0]);
  KILN_CHECK_FUSED(fused[1], eager[1]);
  KILN_CHECK_FUSED(pb, vb);
}
