// Indexing and joining ops against hand-written expectations and naive loops, including
// out-of-range indices (errors) and strided inputs.
#include "ops/reference.h"

using namespace kiln;

TEST_CASE("embedding and index_select pick rows", "[ops][indexing]") {
  Tensor w = arange(12, DType::Float32).view({4, 3});
  Tensor idx = tensor<int64_t>({3, 0, 3, 1}, {2, 2});
  Tensor e = embedding(w, idx);
  REQUIRE(e.shape() == Shape{2, 2, 3});
  KILN_CHECK_EQUAL(e.select(0, 0).select(0, 0), tensor<float>({9, 10, 11}));
  KILN_CHECK_EQUAL(embedding(w, tensor<int32_t>({2})), tensor<float>({6, 7, 8}, {1, 3}));
  CHECK_THROWS_WITH(embedding(w, tensor<int64_t>({4})),
                    Catch::Contains("index 4 is out of range for size 4"));
  CHECK_THROWS_WITH(embedding(w, tensor<float>({1})), Catch::Contains("int64 or int32"));
  Tensor x = test::strided_copy(arange(24, DType::Int64).view({2, 3, 4}));
  KILN_CHECK_EQUAL(index_select(x, 1, tensor<int64_t>({2, -3})),
                   cat({x.narrow(1, 2, 1), x.narrow(1, 0, 1)}, 1));
  KILN_CHECK_EQUAL(index_select(x, -1, tensor<int64_t>({1})), x.narrow(2, 1, 1));
  CHECK_THROWS_WITH(index_select(x, 1, tensor<int64_t>({3})), Catch::Contains("out of range"));
}

TEST_CASE("gather and scatter_add follow their index tensors", "[ops][indexing]") {
  Tensor x = tensor<float>({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor idx = tensor<int64_t>({2, 0, 1, 1}, {2, 2});
  KILN_CHECK_EQUAL(gather(x, 1, idx), tensor<float>({3, 1, 5, 5}, {2, 2}));
  KILN_CHECK_EQUAL(gather(x, 0, tensor<int64_t>({1, 0, 1}, {1, 3})),
                   tensor<float>({4, 2, 6}, {1, 3}));
  Tensor src = ones({2, 3});
  Tensor s = scatter_add(zeros({3, 3}), 0, tensor<int64_t>({0, 2, 0, 0, 0, 2}, {2, 3}), src);
  KILN_CHECK_EQUAL(s, tensor<float>({2, 1, 1, 0, 0, 0, 0, 1, 1}, {3, 3}));
  CHECK_THROWS_WITH(gather(x, 1, tensor<int64_t>({3}, {1, 1})), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(gather(x, 1, tensor<int32_t>({0}, {1, 1})), Catch::Contains("int64"));
}

TEST_CASE("gather over every dim equals a naive loop", "[ops][indexing]") {
  // Along the last dim with index's other dims equal to the input's, rows run in parallel;
  // every other case takes the general loop. Negative indices count from the end.
  Generator g(4);
  for (DType dt : {DType::Float32, DType::Float64, DType::BFloat16, DType::Bool})
    for (Shape xs : {Shape{5, 7}, Shape{3, 4, 6}, Shape{9}})
      for (int64_t dim = 0; dim < int64_t(xs.size()); ++dim)
        for (bool smaller : {false, true}) {
          Shape is = xs;
          is[size_t(dim)] = 3;
          if (smaller && xs.size() > 1) is[dim == 0 ? 1 : 0] -= 1;
          INFO(name(dt) << " x " << shape_str(xs) << " index " << shape_str(is) << " dim " << dim);
          Tensor x = (randn(xs, DType::Float32, &g) * 3).to(dt);
          Tensor idx = randint(-xs[size_t(dim)], xs[size_t(dim)], is, DType::Int64, &g);
          Tensor got = gather(x, dim, idx);
          Tensor xd = x.to(DType::Float64).contiguous();
          std::vector<double> want;
          Shape xst = contiguous_strides(xs);
          int64_t n = 1;
          for (int64_t v : is) n *= v;
          for (int64_t p = 0; p < n; ++p) {
            int64_t rest = p, off = 0;
            for (int64_t d = int64_t(is.size()) - 1; d >= 0; --d) {
              int64_t pos = rest % is[size_t(d)];
              rest /= is[size_t(d)];
              if (d == dim) {
                pos = idx.reshape({-1}).data<int64_t>()[p];
                if (pos < 0) pos += xs[size_t(d)];
              }
              off += pos * xst[size_t(d)];
            }
            want.push_back(xd.data<double>()[off]);
          }
          KILN_CHECK_EQUAL(got.to(DType::Float64), tensor<double>(want, is));
        }
}

TEST_CASE("masked_fill, cat, stack, split, chunk", "[ops][indexing]") {
  Tensor x = arange(6, DType::Float32).view({2, 3});
  Tensor m = tensor<bool>({true, false, true});
  KILN_CHECK_EQUAL(masked_fill(x, m, -1), tensor<float>({-1, 1, -1, -1, 4, -1}, {2, 3}));
  CHECK_THROWS_WITH(masked_fill(x, ones({3, 3}, DType::Bool), 0), Catch::Contains("broadcast"));
  Tensor c = cat({x, x.to(DType::Int64), zeros({2, 0})}, 1);
  CHECK(c.dtype() == DType::Float32);
  REQUIRE(c.shape() == Shape{2, 6});
  KILN_CHECK_EQUAL(c.narrow(1, 3, 3), x);
  CHECK_THROWS_WITH(cat({x, zeros({3, 3})}, 1), Catch::Contains("differ outside dim 1"));
  Tensor st = stack({x, x * 2}, 1);
  REQUIRE(st.shape() == Shape{2, 2, 3});
  KILN_CHECK_EQUAL(st.select(1, 1), x * 2);
  auto parts = split(arange(7), 3);
  REQUIRE(parts.size() == 3);
  CHECK(parts[2].numel() == 1);
  CHECK(parts[0].shares_storage(parts[1]));  // views, not copies
  CHECK(chunk(arange(6), 4).size() == 3);
}

TEST_CASE("tril, triu, one_hot", "[ops][indexing]") {
  Tensor x = ones({2, 3, 3}, DType::Int32);
  KILN_CHECK_EQUAL(tril(x).select(0, 1), tensor<int32_t>({1, 0, 0, 1, 1, 0, 1, 1, 1}, {3, 3}));
  KILN_CHECK_EQUAL(triu(x, 1).select(0, 0), tensor<int32_t>({0, 1, 1, 0, 0, 1, 0, 0, 0}, {3, 3}));
  KILN_CHECK_EQUAL(one_hot(tensor<int64_t>({2, 0})), tensor<int64_t>({0, 0, 1, 1, 0, 0}, {2, 3}));
  KILN_CHECK_EQUAL(one_hot(tensor<int64_t>({1}), 4), tensor<int64_t>({0, 1, 0, 0}, {1, 4}));
  CHECK_THROWS_WITH(one_hot(tensor<int64_t>({5}), 3), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(tril(ones({3})), Catch::Contains("rank"));
}

TEST_CASE("topk and sort return values and indices", "[ops][indexing]") {
  Tensor x = tensor<float>({3, 1, 4, 1, 5, 9, 2, 6}, {2, 4});
  auto [v, i] = topk(x, 2);
  KILN_CHECK_EQUAL(v, tensor<float>({4, 3, 9, 6}, {2, 2}));
  KILN_CHECK_EQUAL(i, tensor<int64_t>({2, 0, 1, 3}, {2, 2}));
  auto [sv, si] = sort(x, 1);
  KILN_CHECK_EQUAL(sv, tensor<float>({1, 1, 3, 4, 2, 5, 6, 9}, {2, 4}));
  KILN_CHECK_EQUAL(si, tensor<int64_t>({1, 3, 0, 2, 2, 0, 3, 1}, {2, 4}));  // stable on ties
  auto [dv, di] = sort(x.t(), 0, true);
  KILN_CHECK_EQUAL(dv.t(), tensor<float>({4, 3, 1, 1, 9, 6, 5, 2}, {2, 4}));
  auto [lv, li] = topk(x, 1, 0, false);
  KILN_CHECK_EQUAL(lv, tensor<float>({3, 1, 2, 1}, {1, 4}));
  CHECK_THROWS_WITH(topk(x, 5), Catch::Contains("k=5 out of range"));
}
