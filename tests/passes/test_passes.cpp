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
