// Tensor handles, views (which must share storage), copies, factories, printing and the
// caching allocator.
#include <fmt/format.h>

#include <sstream>

#include "check.h"
#include "runtime/allocator.h"
#include "runtime/small_buffer.h"
#include "runtime/tensor_impl.h"

using namespace kiln;

TEST_CASE("views share storage and compute PyTorch's geometry", "[tensor][views]") {
  Tensor x = arange(24, DType::Float32).view({2, 3, 4});
  CHECK(x.is_contiguous());
  Tensor p = x.permute({2, 0, 1});
  CHECK(p.shape() == Shape{4, 2, 3});
  CHECK(p.strides() == Shape{1, 12, 4});
  CHECK(p.shares_storage(x));
  CHECK(!p.is_contiguous());
  CHECK(p.at<float>({3, 1, 2}) == x.at<float>({1, 2, 3}));
  CHECK(x.transpose(0, 2).shape() == Shape{4, 3, 2});
  Tensor s = x.slice(2, 1, 4, 2);
  CHECK(s.shape() == Shape{2, 3, 2});
  CHECK(s.at<float>({1, 2, 1}) == 23);
  CHECK(x.slice(1, -2, 100).shape() == Shape{2, 2, 4});
  CHECK(x.narrow(0, 1, 1).at<float>({0, 0, 0}) == 12);
  CHECK(x.select(1, -1).shape() == Shape{2, 4});
  CHECK(x.select(1, -1).at<float>({1, 0}) == 20);
  Tensor e = tensor<float>({1, 2, 3}).view({3, 1}).expand({2, 3, 4});
  CHECK(e.strides() == Shape{0, 1, 0});
  CHECK(e.at<float>({1, 2, 3}) == 3);
  CHECK(x.unsqueeze(1).shape() == Shape{2, 1, 3, 4});
  CHECK(x.unsqueeze(-1).shape() == Shape{2, 3, 4, 1});
  CHECK(x.unsqueeze(1).squeeze().shape() == Shape{2, 3, 4});
  CHECK(ones({1, 3, 1}).squeeze(0).shape() == Shape{3, 1});
  CHECK(x.flatten(1).shape() == Shape{2, 12});
  CHECK(x.flatten().shares_storage(x));
  Tensor sq = arange(9, DType::Float32).view({3, 3});
  KILN_CHECK_EQUAL(sq.diagonal(), tensor<float>({0, 4, 8}));
  KILN_CHECK_EQUAL(sq.diagonal(1), tensor<float>({1, 5}));
  KILN_CHECK_EQUAL(sq.diagonal(-1), tensor<float>({3, 7}));
  CHECK(sq.t().diagonal().shares_storage(sq));
}

TEST_CASE("reshape views when it can and copies when it must", "[tensor][views]") {
  Tensor x = arange(12, DType::Float32).view({3, 4});
  CHECK(x.reshape({4, 3}).shares_storage(x));
  CHECK(x.reshape({2, -1}).shape() == Shape{2, 6});
  Tensor t = x.t();
  CHECK_THROWS_WITH(t.view({12}), Catch::Contains("use reshape()"));
  Tensor r = t.reshape({12});
  CHECK(!r.shares_storage(x));
  KILN_CHECK_EQUAL(r, tensor<float>({0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}));
  CHECK(x.slice(1, 0, 2).reshape({3, 2, 1}).shares_storage(x));
  CHECK_THROWS_WITH(x.reshape({5, -1}), Catch::Contains("invalid for input of shape [3, 4]"));
  CHECK_THROWS_WITH(x.reshape({-1, -1}), Catch::Contains("only one dimension"));
}

TEST_CASE("view errors name the op and the caller's line", "[tensor][errors]") {
  Tensor x = zeros({2, 3});
  try {
    x.permute({0, 0});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK_THAT(e.what(), Catch::Contains("permute") && Catch::Contains("test_tensor.cpp"));
    CHECK(std::string(e.where().file_name()).find("test_tensor.cpp") != std::string::npos);
  }
  CHECK_THROWS_WITH(x.select(0, 2), Catch::Contains("index 2 out of range"));
  CHECK_THROWS_WITH(x.transpose(0, 5), Catch::Contains("dim 5 out of range"));
  CHECK_THROWS_WITH(x.expand({4, 3}), Catch::Contains("cannot expand shape [2, 3] to [4, 3]"));
  CHECK_THROWS_WITH(x.narrow(1, 2, 2), Catch::Contains("out of range"));
  CHECK_THROWS_WITH(x.item<float>(), Catch::Contains("one element"));
  CHECK_THROWS_WITH(x.data<double>(), Catch::Contains("holds float32"));
  CHECK_THROWS_WITH(Tensor().shape(), Catch::Contains("undefined"));
  CHECK_THROWS_WITH(x.as_strided({3, 3}, {3, 1}, 0), Catch::Contains("past the storage"));
}

TEST_CASE("copies: contiguous, clone, to, copy_", "[tensor][copy]") {
  Tensor x = arange(6, DType::Float32).view({2, 3});
  CHECK(x.contiguous().shares_storage(x));
  Tensor c = x.t().contiguous();
  CHECK(c.is_contiguous());
  CHECK(!c.shares_storage(x));
  Tensor k = x.clone();
  CHECK(!k.shares_storage(x));
  KILN_CHECK_EQUAL(k, x);
  CHECK(x.to(DType::Float32).shares_storage(x));
  KILN_CHECK_EQUAL(tensor<float>({1.5f, -2.7f, 300.f}).to(DType::Int32),
                   tensor<int32_t>({1, -2, 300}));
  KILN_CHECK_EQUAL(tensor<float>({1.5f, 0.f}).to(DType::Bool), tensor<bool>({true, false}));
  KILN_CHECK_EQUAL(tensor<float>({1.5f, 65504.f}).to(DType::Float16).to(DType::Float32),
                   tensor<float>({1.5f, 65504.f}));
  CHECK(std::isinf(tensor<float>({70000.f}).to(DType::Float16).item<float>()));
  CHECK(tensor<float>({1.00390625f}).to(DType::BFloat16).item<float>() == 1.0f);  // ties to even
  Tensor dst = zeros({2, 3});
  dst.copy_(tensor<int64_t>({7, 8, 9}));  // broadcast + convert
  KILN_CHECK_EQUAL(dst, tensor<float>({7, 8, 9, 7, 8, 9}, {2, 3}));
  Tensor sq = arange(4, DType::Float32).view({2, 2});
  sq.copy_(sq.t());  // overlapping source is read before writing
  KILN_CHECK_EQUAL(sq, tensor<float>({0, 2, 1, 3}, {2, 2}));
  CHECK_THROWS_WITH(dst.copy_(zeros({3, 3})), Catch::Contains("does not broadcast"));
}

TEST_CASE("permuted copies (tiled transposes) put every element where indexing says",
          "[tensor][copy]") {
  // x holds each element's own offset; the copy of a permuted view is checked element by
  // element against the offset its index names. Shapes cover short output rows (an NCHW image
  // into NHWC: 3 channels), tiles cut at both edges, and dims of 1.
  std::vector<std::pair<Shape, Shape>> cases = {{{1, 3, 224, 224}, {0, 2, 3, 1}},
                                                {{1, 2, 5, 33}, {0, 2, 3, 1}},
                                                {{1, 4, 17, 9}, {0, 2, 3, 1}},
                                                {{3, 300}, {1, 0}},
                                                {{2, 5, 67, 33}, {0, 2, 3, 1}},
                                                {{70, 130}, {1, 0}},
                                                {{3, 1, 65, 2}, {3, 2, 1, 0}},
                                                {{4, 9, 7}, {2, 0, 1}},
                                                {{2, 3, 4, 5}, {0, 3, 1, 2}},
                                                {{64, 64}, {1, 0}},
                                                {{1, 1}, {1, 0}}};
  for (DType dt : {DType::Float32, DType::Float64, DType::Int64, DType::Float16, DType::UInt8}) {
    for (const auto& [shape, perm] : cases) {
      int64_t n = numel_of(shape);
      int64_t wrap = dt == DType::UInt8 ? 251 : dt == DType::Float16 ? 2039 : n + 1;
      Tensor x = (arange(n, DType::Int64) % wrap).to(dt).view(shape);
      if (shape == Shape{2, 5, 67, 33}) {  // also a source with a zero stride (expanded)
        Tensor row = (arange(67 * 33, DType::Int64) % wrap).to(dt).view({1, 1, 67, 33});
        Tensor e = row.expand({2, 5, 67, 33}).permute({0, 2, 3, 1}).contiguous();
        Tensor ed = e.to(DType::Int64);
        const int64_t* g = ed.data<int64_t>();
        int64_t wrong = 0;
        for (int64_t i = 0; i < n; ++i) wrong += g[i] != (i / 5 % (67 * 33)) % wrap;
        CHECK(wrong == 0);
      }
      Tensor y = x.permute(perm).contiguous();
      REQUIRE(y.is_contiguous());
      Tensor yd = y.to(DType::Int64);
      const int64_t* got = yd.data<int64_t>();
      const Shape& ys = y.shape();
      Shape st(shape.size(), 1);  // x's strides
      for (size_t d = shape.size() - 1; d > 0; --d) st[d - 1] = st[d] * shape[d];
      int64_t bad = 0;
      for (int64_t i = 0; i < n; ++i) {
        int64_t rem = i, off = 0;
        for (size_t d = ys.size(); d-- > 0;) {
          off += rem % ys[d] * st[size_t(perm[d])];
          rem /= ys[d];
        }
        bad += got[i] != off % wrap;
      }
      INFO(name(dt) << " "
                    << fmt::format("{} permuted {}", fmt::join(shape, "x"), fmt::join(perm, ",")));
      CHECK(bad == 0);
    }
  }
}

TEST_CASE("a few planes interleaved from views match a copy through another dtype",
          "[tensor][copy]") {
  // 2-4 channel planes into NHWC (interleaved stores), one image and a batch of three, from
  // views whose planes lie further apart than their pixels (rows cut off, channels taken from
  // more); the reference converts to float64 on the way, which takes the element-by-element
  // path.
  for (auto [N, C] : std::vector<std::pair<int64_t, int64_t>>{{1, 2}, {1, 3}, {1, 4}, {3, 3}}) {
    Tensor x = randn({N, C + 2, 13, 21});
    for (Tensor v : {x.narrow(1, 1, C), x.narrow(1, 2, C).narrow(2, 2, 9)}) {
      Tensor y = v.permute({0, 2, 3, 1}).contiguous();
      Tensor ref = v.permute({0, 2, 3, 1}).to(DType::Float64);
      INFO(N << " images of " << C << " channels, view strides "
             << fmt::format("{}", fmt::join(v.strides(), ",")));
      CHECK((y.to(DType::Float64) - ref).abs().max().item<double>() == 0);
    }
  }
}

TEST_CASE("copies into and out of channels-last memory keep every element", "[tensor][copy]") {
  // Read through the strides, element by element: x holds each element's own offset.
  auto check = [](const Tensor& t, const Shape& shape) {
    const float* p = t.data<float>();
    int64_t bad = 0, i = 0;
    for (int64_t n = 0; n < shape[0]; ++n)
      for (int64_t c = 0; c < shape[1]; ++c)
        for (int64_t h = 0; h < shape[2]; ++h)
          for (int64_t w = 0; w < shape[3]; ++w, ++i)
            bad += p[n * t.strides()[0] + c * t.strides()[1] + h * t.strides()[2] +
                     w * t.strides()[3]] != float(i);
    return bad;
  };
  for (Shape shape :
       std::vector<Shape>{{1, 3, 224, 224}, {2, 5, 9, 70}, {1, 64, 7, 7}, {3, 1, 4, 4}}) {
    Tensor x = arange(numel_of(shape), DType::Float32).view(shape);
    Tensor cl = to_channels_last(x);
    CHECK((shape[1] == 1 || cl.strides()[1] == 1));
    CHECK(check(cl, shape) == 0);
    Tensor back = cl.contiguous();
    CHECK(back.is_contiguous());
    CHECK(check(back, shape) == 0);
  }
}

TEST_CASE("factories", "[tensor][factories]") {
  KILN_CHECK_EQUAL(full({2}, 3.5), tensor<float>({3.5, 3.5}));
  CHECK(full({1}, int64_t(3)).dtype() == DType::Int64);
  CHECK(full({1}, true).dtype() == DType::Bool);
  KILN_CHECK_EQUAL(arange(5), tensor<int64_t>({0, 1, 2, 3, 4}));
  KILN_CHECK_EQUAL(arange(1, 2, 0.25), tensor<float>({1, 1.25, 1.5, 1.75}));
  KILN_CHECK_EQUAL(arange(5, 0, -2), tensor<int64_t>({5, 3, 1}));
  CHECK_THROWS_WITH(arange(0, 5, 0), Catch::Contains("step must be nonzero"));
  KILN_CHECK_EQUAL(linspace(0, 1, 5), tensor<float>({0, 0.25, 0.5, 0.75, 1}));
  KILN_CHECK_EQUAL(eye(2, 3), tensor<float>({1, 0, 0, 0, 1, 0}, {2, 3}));
  Generator g1(123), g2(123);
  KILN_CHECK_EQUAL(randn({100}, DType::Float32, &g1), randn({100}, DType::Float32, &g2));
  Tensor r = rand({10000}, DType::Float32, &g1);
  CHECK(amin(r).item<float>() >= 0);
  CHECK(amax(r).item<float>() < 1);
  CHECK(std::fabs(mean(r).item<float>() - 0.5f) < 0.02f);
  Tensor n = randn({20000}, DType::Float64, &g1);
  CHECK(std::fabs(mean(n).item<double>()) < 0.03);
  CHECK(std::fabs(kiln::std(n).item<double>() - 1) < 0.03);
  Tensor ri = randint(-3, 3, {5000}, DType::Int32, &g1);
  CHECK(amin(ri).item<int>() == -3);
  CHECK(amax(ri).item<int>() == 2);
  manual_seed(5);
  Tensor a = rand({4});
  manual_seed(5);
  KILN_CHECK_EQUAL(rand({4}), a);
  CHECK_THROWS_WITH(zeros({2, -1}), Catch::Contains("negative dimension"));
  CHECK_THROWS_WITH(tensor<float>({1, 2, 3}, {2, 2}), Catch::Contains("do not fill"));
  CHECK_THROWS_WITH(randint(3, 3, {1}), Catch::Contains("greater than low"));
}

TEST_CASE("from_blob wraps caller memory without copying", "[tensor][factories]") {
  std::vector<float> data = {1, 2, 3, 4, 5, 6};
  bool freed = false;
  {
    Tensor t = from_blob(data.data(), {2, 3}, DType::Float32, [&](void*) { freed = true; });
    CHECK(t.data_ptr() == data.data());
    Tensor v = t.t();
    data[4] = 50;
    CHECK(v.at<float>({1, 1}) == 50);
    Tensor strided = from_blob(data.data(), {3}, DType::Float32, nullptr, {2});
    KILN_CHECK_EQUAL(strided, tensor<float>({1, 3, 50}));
  }
  CHECK(freed);
}

TEST_CASE("printing follows PyTorch's format", "[tensor][print]") {
  CHECK(tensor<float>({1, 2, 3}).to_string() == "tensor([1., 2., 3.])");
  CHECK(tensor<float>({0.5f, -1.25f}).to_string() == "tensor([ 0.5000, -1.2500])");
  CHECK(tensor<int64_t>({1, -20}).to_string() == "tensor([  1, -20])");
  CHECK(tensor<int32_t>({7}).to_string() == "tensor([7], dtype=kiln.int32)");
  CHECK(tensor<bool>({true, false}).to_string() == "tensor([ True, False])");
  CHECK(scalar_tensor(2.5).to_string() == "tensor(2.5000)");
  CHECK(zeros({0, 3}).to_string() == "tensor([], size=(0, 3))");
  CHECK(tensor<float>({1e-6f, 1.f}).to_string() == "tensor([1.0000e-06, 1.0000e+00])");
  CHECK(arange(4, DType::Float64).view({2, 2}).to_string() ==
        "tensor([[0., 1.],\n        [2., 3.]], dtype=kiln.float64)");
  std::string big = arange(2000).to_string();
  CHECK_THAT(big,
             Catch::Contains("...") && Catch::Contains("size=(2000)") && Catch::Contains("1999"));
  std::ostringstream os;
  os << tensor<float>({NAN});
  CHECK(os.str() == "tensor([nan])");
}

TEST_CASE("the caching allocator reuses freed blocks", "[tensor][allocator]") {
  empty_cache();
  auto before = allocator_stats();
  {
    Tensor a = empty({1 << 20});
  }
  {
    Tensor b = empty({1 << 20});
  }  // same size class: served from the cache
  auto after = allocator_stats();
  CHECK(after.hits - before.hits >= 1);
  CHECK(after.cached_bytes >= (int64_t(4) << 20));
  empty_cache();
  CHECK(allocator_stats().cached_bytes == 0);
  // Blocks are aligned for vector loads.
  CHECK(reinterpret_cast<uintptr_t>(empty({3}).data_ptr()) % 64 == 0);
}

TEST_CASE("dtype conversions and names", "[tensor][dtype]") {
  for (float f : {0.f, 1.f, -2.5f, 65504.f, 6.1e-5f, 5.96e-8f, 1e-3f})
    CHECK(std::fabs(float(Half(f)) - f) <= 1e-3f * std::fabs(f));
  CHECK(Half(1.0f).bits == 0x3c00);
  CHECK(Half(-2.0f).bits == 0xc000);
  CHECK(std::isnan(float(Half(NAN))));
  CHECK(BFloat16(1.0f).bits == 0x3f80);
  CHECK(dtype_from_name("f32") == DType::Float32);
  CHECK(dtype_from_name("bfloat16") == DType::BFloat16);
  CHECK_THROWS_WITH(dtype_from_name("complex64"), Catch::Contains("unknown dtype"));
  CHECK(itemsize(DType::BFloat16) == 2);
}

TEST_CASE("every allocation size is valid for the system allocator", "[tensor][allocator]") {
  // Sizes around the small/large boundary (1 MiB) and the 2 MiB huge-page blocks.
  for (int64_t bytes :
       {int64_t(1), int64_t(64), int64_t(600000), int64_t(1) << 20, (int64_t(1) << 20) + 4,
        (int64_t(2) << 20) - 4, int64_t(2) << 20, (int64_t(3) << 20) + 12}) {
    Tensor t = empty({bytes}, DType::UInt8);
    CHECK(reinterpret_cast<uintptr_t>(t.data_ptr()) % 64 == 0);
  }
}

TEST_CASE("method forms and compound assignment match the free functions", "[tensor][methods]") {
  Tensor x = tensor<float>({1, -2, 3, -4}, {2, 2});
  KILN_CHECK_EQUAL(x.abs(), abs(x));
  KILN_CHECK_EQUAL(x.sum({1}), sum(x, {1}));
  KILN_CHECK_EQUAL(x.mean(), mean(x));
  KILN_CHECK_EQUAL(x.amax({0}, true), amax(x, {0}, true));
  KILN_CHECK_EQUAL(x.softmax(-1), softmax(x, -1));
  KILN_CHECK_EQUAL(x.matmul(x), matmul(x, x));
  KILN_CHECK_EQUAL(x.relu().exp(), exp(relu(x)));
  KILN_CHECK_EQUAL(x.clamp(-1, 1), clamp(x, -1, 1));
  CHECK(x.max().item<float>() == 3);
  CHECK(x.argmax(1).tolist<int64_t>() == std::vector<int64_t>{0, 0});
  Tensor y = x.clone();
  Tensor alias = y;
  y += 1;
  y *= tensor<float>({2, 3});
  y -= 0.5;
  y /= 2;
  KILN_CHECK_EQUAL(alias, ((x + 1) * tensor<float>({2, 3}) - 0.5) / 2);  // in place: shared
}

TEST_CASE("SmallBuffer holds n values on the stack up to its size, on the heap past it",
          "[runtime]") {
  for (size_t n : {size_t(0), size_t(3), size_t(8), size_t(20)}) {
    SmallBuffer<Tensor, 8> buf(n);
    REQUIRE(buf.size() == n);
    REQUIRE(buf.span().size() == n);
    for (size_t i = 0; i < n; ++i) buf[i] = full({1}, double(i));
    for (size_t i = 0; i < n; ++i) CHECK(buf.data()[i].item<float>() == float(i));
    // within the object up to 8 values, elsewhere past it
    auto* self = reinterpret_cast<const char*>(&buf);
    bool inside = reinterpret_cast<const char*>(buf.data()) >= self &&
                  reinterpret_cast<const char*>(buf.data()) < self + sizeof(buf);
    CHECK(inside == (n <= 8));
  }
}

TEST_CASE("kiln doctor reads the huge page mode and a balloon's free page reporting",
          "[tensor][allocator]") {
  using alloc::detail::reports_free_pages;
  using alloc::detail::thp_mode;
  CHECK(thp_mode("always [madvise] never\n") == "madvise");
  CHECK(thp_mode("[always] madvise never") == "always");
  CHECK(thp_mode("always madvise [never]") == "never");
  CHECK(thp_mode("") == "");
  CHECK(thp_mode("always madvise never") == "");  // no brackets: unknown
  CHECK(thp_mode("always [madvise never") == "");
  // a Firecracker guest's balloon: stats queue (1), deflate on OOM (2), reporting (5)
  CHECK(reports_free_pages("0110010100000000000000000000000010000000\n"));
  CHECK_FALSE(reports_free_pages("0110000100000000000000000000000010000000\n"));
  CHECK_FALSE(reports_free_pages("01100"));  // too short to have bit 5
  CHECK_FALSE(reports_free_pages(""));
  // this machine's: a mode /sys names, or none
  MemoryReport r = memory_report();
  CHECK((r.thp.empty() || r.thp == "always" || r.thp == "madvise" || r.thp == "never"));
}
