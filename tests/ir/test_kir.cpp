// The .kir text form: printer and parser round-trip, errors carry line:column, the verifier
// checks types with the ops' own shape rules, the hash ignores names, and graphs run.
#include <fmt/format.h>

#include "check.h"
#include "ir/graph.h"
#include "kiln/kir.h"

using namespace kiln;

namespace {

const char* kMlp = R"(# comment
graph @mlp(%x: f32[batch, 4], %w: f32[3, 4], %b: f32[3]) -> (f32[batch, 3], i64[batch]) {
  %h = linear(%x, %w, %b) : f32[batch, 3]   # trailing comment
  %g = gelu(%h) {approximate = "tanh"} : f32[batch, 3]
  %s = softmax(%g) {dim = -1} : f32[batch, 3]
  %i = argmax(%s) {dim = 1} : i64[batch]
  return %s, %i
}
)";

const char* kMlpCanonical =
    "graph @mlp(%x: f32[batch, 4], %w: f32[3, 4], %b: f32[3]) -> (f32[batch, 3], i64[batch]) {\n"
    "  %0 = linear(%x, %w, %b) : f32[batch, 3]\n"
    "  %1 = gelu(%0) {approximate = \"tanh\"} : f32[batch, 3]\n"
    "  %2 = softmax(%1) {dim = -1} : f32[batch, 3]\n"
    "  %3 = argmax(%2) {dim = 1, keepdim = false} : i64[batch]\n"
    "  return %2, %3\n"
    "}\n";

std::string error_of(const std::string& text) {
  try {
    ir::parse_kir(text, "t.kir");
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("kir prints canonically and round-trips", "[ir][kir]") {
  auto g = ir::parse_kir(kMlp, "mlp.kir");
  REQUIRE(g.size() == 1);
  std::string printed = ir::print_kir(g);
  CHECK(printed == kMlpCanonical);
  CHECK(ir::print_kir(ir::parse_kir(printed)) == printed);
  // Every attribute kind, constants, multi-result ops, several graphs in one file.
  std::string all =
      R"(graph @a(%x: f32[2, 3], %i: i64[2, 3]) -> (f32[2, 2], i64[2, 2], f32[3], f32[2, 3], f32[2, 3], f16[2, 3]) {
  %c = constant() {value = 0.5} : f32[]
  %ci = constant() {value = 2, dtype = i32, shape = [1, 3]} : i32[1, 3]
  %v, %k = topk(%x) {k = 2, dim = -1, largest = false} : f32[2, 2], i64[2, 2]
  %m = mean(%x) {dims = [0], keepdim = false} : f32[3]
  %y = mul(%x, %c) : f32[2, 3]
  %z = clamp(%y) {min = -1.5, max = inf} : f32[2, 3]
  %w = add(%z, %ci) : f32[2, 3]
  %h = cast(%w) {dtype = f16} : f16[2, 3]
  return %v, %k, %m, %w, %z, %h
}

graph @b(%x: bool[]) -> (bool[]) {
  return %x
}
)";
  auto gs = ir::parse_kir(all);
  REQUIRE(gs.size() == 2);
  std::string p = ir::print_kir(gs);
  CHECK(ir::print_kir(ir::parse_kir(p)) == p);
  CHECK_THAT(p, Catch::Contains("%6 = clamp(%5) {min = -1.5, max = inf}"));
  CHECK_THAT(p, Catch::Contains("constant() {value = 2, dtype = i32, shape = [1, 3]}"));
}

TEST_CASE("malformed kir gives file:line:column errors", "[ir][kir][errors]") {
  const std::string head = "graph @g(%x: f32[2]) -> (f32[2]) {\n";
  CHECK(error_of(head + "  %0 = neg(%x) f32[2]\n  return %0\n}") ==
        "t.kir:2:16: expected ':' before result type, got 'f32'");
  CHECK(error_of(head + "  %0 = frob(%x) : f32[2]\n  return %0\n}") ==
        "t.kir:2:8: unknown op 'frob'");
  CHECK(error_of(head + "  %0 = neg(%y) : f32[2]\n  return %0\n}") ==
        "t.kir:2:12: use of undefined value %y");
  CHECK(error_of(head + "  %x = neg(%x) : f32[2]\n  return %x\n}") ==
        "t.kir:2:3: value %x is defined twice");
  CHECK_THAT(error_of(head + "  %0 = softmax(%x) {axis = 0} : f32[2]\n  return %0\n}"),
             Catch::StartsWith("t.kir:2:21: softmax has no attribute 'axis' (it has: dim)"));
  CHECK(error_of(head + "  %0 = softmax(%x) {dim = \"a\"} : f32[2]\n  return %0\n}") ==
        "t.kir:2:27: attribute 'dim' needs an integer, got a string");
  CHECK(error_of(head + "  %0 = neg(%x) : q32[2]\n  return %0\n}") ==
        "t.kir:2:18: unknown dtype 'q32' (use f16 bf16 f32 f64 i8 u8 i32 i64 bool)");
  CHECK(error_of("graph @g(%x: f32[2]) -> (f32[2]) {\n  %0 = neg(%x) : f32[3]\n  return %0\n}") ==
        "t.kir:2:8: neg: result 0 is declared f32[3] but the op gives f32[2]");
  CHECK(error_of(head + "  %0 = add(%x) : f32[2]\n  return %0\n}") ==
        "t.kir:2:8: add takes 2 inputs, got 1");
  CHECK(error_of(head + "  %0 = softmax(%x) : f32[2]\n  return %0\n}") ==
        "t.kir:2:8: softmax: attribute 'dim' is required");
  CHECK(error_of(head + "  %0 = neg(%x) : f32[2]\n") ==
        "t.kir:3:1: expected 'return' before the end of the graph");
  CHECK(error_of(head + "  return %x\n}\n}") == "t.kir:4:1: expected 'graph', got '}'");
  CHECK(error_of("graph @g(%x: f32[2]) -> (f32[3]) {\n  return %x\n}") ==
        "t.kir:2:3: return value 0 has type f32[2] but the signature declares f32[3]");
  CHECK(error_of("") == "t.kir:1:1: expected 'graph'");
  CHECK(
      error_of(
          "graph @g(%x: f32[2]) -> (f32[2]) {\n  %0 = gelu(%x) {approximate = \"none) : f32[2]") ==
      "t.kir:2:32: unterminated string");
  CHECK_THAT(error_of("graph @g(%a: f32[n, 3], %b: f32[4]) -> (f32[n, 3]) {\n  %0 = add(%a, %b) : "
                      "f32[n, 3]\n  return %0\n}"),
             Catch::Contains("t.kir:2:8: add: shapes [n, 3] and [4] do not broadcast"));
}

TEST_CASE("kir text never crashes the parser, whatever the bytes", "[ir][kir][errors]") {
  std::string good = kMlp;
  Generator gen(99);
  int parsed = 0, refused = 0;
  auto attempt = [&](const std::string& text) {
    try {
      auto g = ir::parse_kir(text);
      ++parsed;
      CHECK(ir::print_kir(ir::parse_kir(ir::print_kir(g))) == ir::print_kir(g));
    } catch (const Error&) {
      ++refused;
    }
  };
  for (size_t cut = 0; cut < good.size(); ++cut) attempt(good.substr(0, cut));  // every truncation
  const std::string alphabet = "%@(){}[],:=->#\"0123456789abcxyz_.- \n\t\x01\xff";
  for (int k = 0; k < 3000; ++k) {  // random byte edits
    std::string t = good;
    int edits = 1 + int(gen.next_u64() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = gen.next_u64() % t.size();
      char c = alphabet[gen.next_u64() % alphabet.size()];
      switch (gen.next_u64() % 3) {
        case 0:
          t[at] = c;
          break;
        case 1:
          t.insert(t.begin() + long(at), c);
          break;
        default:
          t.erase(at, 1);
      }
    }
    attempt(t);
  }
  CHECK(refused > 0);
  CHECK(parsed + refused == int(good.size()) + 3000);
}

TEST_CASE("the structural hash ignores names and sees everything else", "[ir][kir]") {
  auto h = [](const std::string& t) { return ir::structural_hash(ir::parse_kir(t)[0]); };
  std::string a =
      "graph @g(%x: f32[n, 2]) -> (f32[n, 2]) {\n  %y = mul(%x, %x) : f32[n, 2]\n  return %y\n}";
  std::string renamed =
      "graph @other(%in: f32[n, 2]) -> (f32[n, 2]) {\n  %7 = mul(%in, %in) : f32[n, 2]\n  return "
      "%7\n}";
  CHECK(h(a) == h(renamed));
  CHECK(h(a) == h(a));
  std::string other_op =
      "graph @g(%x: f32[n, 2]) -> (f32[n, 2]) {\n  %y = add(%x, %x) : f32[n, 2]\n  return %y\n}";
  std::string other_type =
      "graph @g(%x: f32[m, 2]) -> (f32[m, 2]) {\n  %y = mul(%x, %x) : f32[m, 2]\n  return %y\n}";
  std::string other_attr =
      "graph @g(%x: f32[n, 2]) -> (f32[n, 2]) {\n  %y = softmax(%x) {dim = 0} : f32[n, 2]\n  "
      "return %y\n}";
  std::string other_attr2 =
      "graph @g(%x: f32[n, 2]) -> (f32[n, 2]) {\n  %y = softmax(%x) {dim = 1} : f32[n, 2]\n  "
      "return %y\n}";
  CHECK(h(a) != h(other_op));
  CHECK(h(a) != h(other_type));
  CHECK(h(other_attr) != h(other_attr2));
  // The hash keys caches across processes and machines: pin one value (a deliberate change of
  // the hash function must update it, and invalidates every cache).
  CHECK(fmt::format("{:016x}", h(a)) == "4efaff169210cca1");
}

TEST_CASE("graphs run on the eager kernels with symbolic dims bound from inputs", "[ir][kir]") {
  kir::Program p = kir::Program::parse(kMlp);
  Generator g(1);
  Tensor x = randn({5, 4}, DType::Float32, &g), w = randn({3, 4}, DType::Float32, &g),
         b = randn({3}, DType::Float32, &g);
  auto out = p.run({x, w, b});
  REQUIRE(out.size() == 2);
  Tensor want = softmax(gelu(linear(x, w, b), "tanh"), -1);
  KILN_CHECK_EQUAL(out[0], want);
  KILN_CHECK_EQUAL(out[1], argmax(want, 1));
  auto out2 = p.run({randn({9, 4}), w, b});  // another batch size, same graph
  CHECK(out2[0].shape() == Shape{9, 3});
  CHECK_THROWS_WITH(p.run({x, w}), Catch::Contains("takes 3 inputs, got 2"));
  CHECK_THROWS_WITH(p.run({x.to(DType::Float64), w, b}),
                    Catch::Contains("input 0 (%x: f32[batch, 4]) has dtype float64"));
  CHECK_THROWS_WITH(p.run({randn({5, 5}), w, b}), Catch::Contains("has shape [5, 5]"));
  kir::Program two = kir::Program::parse(
      "graph @g(%a: f32[n], %b: f32[n]) -> (f32[n]) {\n  %0 = add(%a, %b) : f32[n]\n  return "
      "%0\n}");
  CHECK_THROWS_WITH(two.run({ones({2}), ones({3})}),
                    Catch::Contains("but n = 2 from an earlier input"));
}

// KIR.md's `reshape {shape = [batch, -1]}`: a list attribute may name symbolic sizes, which
// take the sizes bound from the inputs at each run (interpreted and compiled).
TEST_CASE("list attributes may name symbolic sizes", "[ir][kir]") {
  const std::string text =
      "graph @heads(%x: f32[batch, seq, 8], %b: f32[4]) -> (f32[batch, 4, seq, 2]) {\n"
      "  %0 = reshape(%x) {shape = [batch, seq, 4, 2]} : f32[batch, seq, 4, 2]\n"
      "  %1 = permute(%0) {dims = [0, 2, 1, 3]} : f32[batch, 4, seq, 2]\n"
      "  %2 = reshape(%1) {shape = [-1, seq, 2]} : f32[s0, seq, 2]\n"
      "  %3 = exp(%2) : f32[s0, seq, 2]\n"
      "  %4 = reshape(%3) {shape = [batch, 4, seq, 2]} : f32[batch, 4, seq, 2]\n"
      "  %5 = expand(%b) {shape = [seq, 4]} : f32[seq, 4]\n"
      "  %6 = permute(%5) {dims = [1, 0]} : f32[4, seq]\n"
      "  %7 = unsqueeze(%6) {dim = -1} : f32[4, seq, 1]\n"
      "  %8 = add(%4, %7) : f32[batch, 4, seq, 2]\n"
      "  return %8\n"
      "}\n";
  kir::Program p = kir::Program::parse(text);
  CHECK(p.text() == text);  // prints back as written
  Generator g(4);
  Tensor b = randn({4}, DType::Float32, &g);
  for (auto [B, S] : {std::pair{2, 3}, {5, 1}, {1, 7}}) {
    INFO(B << " x " << S);
    Tensor x = randn({B, S, 8}, DType::Float32, &g);
    Tensor want = exp(x.reshape({B, S, 4, 2}).permute({0, 2, 1, 3})) +
                  b.expand({S, 4}).permute({1, 0}).unsqueeze(-1);
    KILN_CHECK_CLOSE(p.run({x, b})[0], want, (test::Tol{1e-6, 1e-6}));
    KILN_CHECK_CLOSE(p.run_compiled({x, b})[0], want, (test::Tol{1e-5, 1e-6}));
  }
  // A size derived from a symbol below it (n - 1) is a new symbol too.
  kir::Program tail = kir::Program::parse(
      "graph @g(%x: f32[n]) -> (f32[m]) {\n  %0 = slice(%x) {dim = 0, start = 1, end = "
      "9223372036854775807, step = 1} : f32[m]\n  %1 = exp(%0) : f32[m]\n  return %1\n}\n");
  Tensor v = randn({6}, DType::Float32, &g);
  KILN_CHECK_CLOSE(tail.run_compiled({v})[0], exp(v.slice(0, 1, 6)), (test::Tol{1e-5, 1e-6}));
  // A size the rules take for a constant (x[-3:] is 3 while n >= 3) that is not one at a run
  // is an error naming the op, not a kernel over the wrong sizes.
  kir::Program last3 = kir::Program::parse(
      "graph @g(%x: f32[n]) -> (f32[3]) {\n  %0 = slice(%x) {dim = 0, start = -3, end = "
      "9223372036854775807, step = 1} : f32[3]\n  %1 = exp(%0) : f32[3]\n  return %1\n}\n");
  KILN_CHECK_CLOSE(last3.run_compiled({v})[0], exp(v.slice(0, 3, 6)), (test::Tol{1e-5, 1e-6}));
  CHECK_THROWS_WITH(last3.run_compiled({randn({2})}),
                    Catch::Contains("slice gave f32[2] where the graph declares f32[3]"));
  // Symbols no input binds, and sizes that do not multiply out, are errors naming them.
  auto error_of = [](const std::string& t) {
    try {
      kir::Program::parse(t, "t.kir");
    } catch (const Error& e) {
      return e.message();
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of("graph @g(%x: f32[n, 4]) -> (f32[m, 4]) {\n  %0 = reshape(%x) {shape = "
                      "[m, 4]} : f32[m, 4]\n  return %0\n}"),
             Catch::Contains("names the size 'm', which no input's type has"));
  CHECK_THAT(error_of("graph @g(%x: f32[n, 4]) -> (f32[s0]) {\n  %0 = reshape(%x) {shape = "
                      "[-1]} : f32[s0]\n  %1 = reshape(%0) {shape = [s0]} : f32[s0]\n  return "
                      "%1\n}"),
             Catch::Contains("names the size 's0', which no input's type has"));
  CHECK_THAT(error_of("graph @g(%x: f32[n, 4]) -> (f32[n, 8]) {\n  %0 = reshape(%x) {shape = "
                      "[n, 8]} : f32[n, 8]\n  return %0\n}"),
             Catch::Contains("t.kir:2:8: reshape"));
  CHECK_THAT(error_of("graph @g(%x: f32[n, 4]) -> (f32[n, 4]) {\n  %0 = reshape(%x) {shape = "
                      "[n, 4.5]} : f32[n, 4]\n  return %0\n}"),
             Catch::Contains("expected an integer or a symbolic size in 'shape'"));
}

TEST_CASE("the KIR.md example file loads, prints and runs", "[ir][kir]") {
  kir::Program p = kir::Program::load(std::string(KILN_TEST_DATA_DIR) + "/mlp.kir");
  CHECK(p.name() == "mlp_block");
  CHECK(kir::Program::parse(p.text()).text() == p.text());
  CHECK_THAT(p.dot(), Catch::Contains("digraph") && Catch::Contains("linear"));
  auto out =
      p.run({randn({2, 784}), randn({256, 784}), randn({256}), randn({10, 256}), randn({10})});
  CHECK(out[0].shape() == Shape{2, 10});
  CHECK_THROWS_WITH(kir::Program::load("/nonexistent.kir"), Catch::Contains("cannot open"));
}
