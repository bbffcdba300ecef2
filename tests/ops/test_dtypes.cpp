// Every op on every dtype it takes: the result at dtype d must equal the op computed in
// float64 (itself checked against naive loops and PyTorch elsewhere) and cast to d, within
// d's precision. Inputs are strided and values are exactly representable in every dtype.
#include <fmt/format.h>

#include "ops/reference.h"

using namespace kiln;

namespace {

const std::vector<DType> kAll = {DType::Float32, DType::Float64, DType::Float16, DType::BFloat16,
                                 DType::Int64,   DType::Int32,   DType::Int8,    DType::UInt8};
const std::vector<DType> kFloats = {DType::Float32, DType::Float64, DType::Float16,
                                    DType::BFloat16};

// Small integers (exact in every dtype), strided.
Tensor ints_as(const Shape& s, DType d, Generator& g, int lo = -4, int hi = 5) {
  if (d == DType::UInt8) lo = 0;
  return test::strided_copy(randint(lo, hi, s, DType::Int64, &g).to(d));
}

struct Case {
  const char* name;
  std::vector<DType> dtypes;
  // Runs the op on inputs already converted to the dtype under test.
  std::function<std::vector<Tensor>(const std::vector<Tensor>&)> run;
  std::vector<Shape> shapes;  // input shapes (float inputs)
  std::vector<Tensor> fixed;  // extra inputs kept as they are (indices, masks)
  double tol_scale = 1;
};

std::vector<Case> cases() {
  Tensor idx = tensor<int64_t>({2, 0, 1, 2}, {2, 2});
  Tensor gidx = tensor<int64_t>({1, 0, 2, 2, 0, 1}, {2, 3});
  Tensor mask = tensor<bool>({true, false, false, true, true, false}, {2, 3});
  return {
      {"embedding",
       kAll,
       [](auto& in) { return std::vector{embedding(in[0], in[1])}; },
       {{4, 3}},
       {idx}},
      {"index_select",
       kAll,
       [](auto& in) { return std::vector{index_select(in[0], 1, in[1].flatten())}; },
       {{2, 3, 4}},
       {tensor<int64_t>({2, 0, 2})}},
      {"gather",
       kAll,
       [](auto& in) { return std::vector{gather(in[0], 1, in[1])}; },
       {{2, 4}},
       {gidx}},
      {"scatter_add",
       kAll,
       [](auto& in) { return std::vector{scatter_add(in[0], 1, in[2], in[1])}; },
       {{2, 3}, {2, 3}},
       {gidx}},
      {"masked_fill",
       kAll,
       [](auto& in) { return std::vector{masked_fill(in[0], in[1], 3)}; },
       {{2, 3}},
       {mask}},
      {"where",
       kAll,
       [](auto& in) { return std::vector{where(in[2], in[0], in[1])}; },
       {{2, 3}, {3}},
       {mask}},
      {"cat",
       kAll,
       [](auto& in) { return std::vector{cat({in[0], in[1]}, 0)}; },
       {{2, 3}, {1, 3}},
       {}},
      {"stack",
       kAll,
       [](auto& in) { return std::vector{stack({in[0], in[1]}, 1)}; },
       {{2, 3}, {2, 3}},
       {}},
      {"tril", kAll, [](auto& in) { return std::vector{tril(in[0], -1)}; }, {{2, 3, 4}}, {}},
      {"triu", kAll, [](auto& in) { return std::vector{triu(in[0], 1)}; }, {{3, 4}}, {}},
      {"topk",
       kAll,
       [](auto& in) {
         auto [v, i] = topk(in[0], 2, 0);
         return std::vector{v};
       },
       {{5, 3}},
       {}},
      {"sort",
       kAll,
       [](auto& in) {
         auto [v, i] = sort(in[0], -1, true);
         return std::vector{v};
       },
       {{3, 6}},
       {}},
      {"cumsum", kAll, [](auto& in) { return std::vector{cumsum(in[0], 0)}; }, {{4, 3}}, {}},
      {"argmax",
       kAll,
       [](auto& in) { return std::vector{argmax(in[0], 1), argmin(in[0], 0)}; },
       {{3, 5}},
       {}},
      {"amax",
       kAll,
       [](auto& in) { return std::vector{amax(in[0], {1}), amin(in[0], {0, 1})}; },
       {{3, 5}},
       {}},
      {"sum",
       kAll,
       [](auto& in) { return std::vector{sum(in[0], {0}), prod(in[0], {1})}; },
       {{3, 2}},
       {}},
      {"maximum",
       kAll,
       [](auto& in) { return std::vector{maximum(in[0], in[1]), minimum(in[0], in[1])}; },
       {{2, 3}, {3}},
       {}},
      {"clamp", kAll, [](auto& in) { return std::vector{clamp(in[0], 1, 3)}; }, {{4, 4}}, {}},
      {"matmul",
       kAll,
       [](auto& in) { return std::vector{matmul(in[0], in[1])}; },
       {{2, 3, 4}, {4, 5}},
       {},
       2},
      {"max_pool2d",
       kAll,
       [](auto& in) { return std::vector{max_pool2d(in[0], {2, 2})}; },
       {{1, 2, 4, 6}},
       {}},
      {"avg_pool2d",
       kFloats,
       [](auto& in) { return std::vector{avg_pool2d(in[0], {2, 2}, {1, 1}, {1, 1})}; },
       {{1, 2, 4, 5}},
       {}},
      {"adaptive_avg_pool2d",
       kFloats,
       [](auto& in) { return std::vector{adaptive_avg_pool2d(in[0], {2, 3})}; },
       {{2, 5, 7}},
       {}},
      {"conv2d",
       kFloats,
       [](auto& in) { return std::vector{conv2d(in[0], in[1], in[2], {1, 1}, {1, 1})}; },
       {{1, 2, 5, 5}, {3, 2, 3, 3}, {3}},
       {},
       4},
      {"linear",
       kFloats,
       [](auto& in) { return std::vector{linear(in[0], in[1], in[2])}; },
       {{2, 4}, {3, 4}, {3}},
       {},
       2},
      {"softmax",
       kFloats,
       [](auto& in) { return std::vector{softmax(in[0], 0), log_softmax(in[0], -1)}; },
       {{3, 7}},
       {},
       2},
      {"layer_norm",
       kFloats,
       [](auto& in) { return std::vector{layer_norm(in[0], {6}, in[1], in[2])}; },
       {{3, 6}, {6}, {6}},
       {},
       4},
      {"rms_norm",
       kFloats,
       [](auto& in) { return std::vector{rms_norm(in[0], {6}, in[1], 1e-6)}; },
       {{3, 6}, {6}},
       {},
       4},
      {"batch_norm",
       kFloats,
       [](auto& in) { return std::vector{batch_norm(in[0], in[1], abs(in[2]) + 1, in[1], in[2])}; },
       {{2, 3, 2, 2}, {3}, {3}},
       {},
       4},
      {"mean_var",
       kFloats,
       [](auto& in) {
         return std::vector{mean(in[0], {1}), var(in[0], {0}), kiln::std(in[0]),
                            logsumexp(in[0], {1})};
       },
       {{4, 5}},
       {},
       4},
  };
}

}  // namespace

TEST_CASE("ops give the float64 result, rounded, on every dtype they take", "[ops][dtypes]") {
  Generator g(17);
  for (const Case& c : cases())
    for (DType d : c.dtypes) {
      INFO(c.name << " on " << name(d));
      std::vector<Tensor> in, in64;
      for (const Shape& s : c.shapes) {
        Tensor t = ints_as(s, d, g);
        in.push_back(t);
        in64.push_back(t.to(DType::Float64));
      }
      for (const Tensor& f : c.fixed) {
        in.push_back(f);
        in64.push_back(f);
      }
      auto got = c.run(in);
      auto want = c.run(in64);
      REQUIRE(got.size() == want.size());
      for (size_t k = 0; k < got.size(); ++k) {
        INFO("output " << k);
        DType od = got[k].dtype();
        // Integer results must be exact; float ones within the dtype's precision.
        Tensor w =
            want[k].dtype() == DType::Float64 && od != DType::Float64 ? want[k].to(od) : want[k];
        if (is_integral(d) && is_floating(want[k].dtype()) && is_integral(od)) w = want[k].to(od);
        test::Tol tol = test::default_tol(is_floating(od) ? od : DType::Int64);
        tol.rtol *= 4 * c.tol_scale;
        tol.atol *= 4 * c.tol_scale;
        KILN_CHECK_CLOSE(got[k], w, tol);
      }
    }
}
