// .npy files: round trips, files NumPy wrote (the golden data), and malformed files.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "check.h"

using namespace kiln;
namespace fs = std::filesystem;

namespace {
std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / fmt::format("kiln_npy_{}_{}", ::getpid(), name)).string();
}
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}
}  // namespace

TEST_CASE("save_npy and load_npy round trip every NumPy dtype", "[npy]") {
  Generator g(1);
  for (DType dt : {DType::Bool, DType::UInt8, DType::Int8, DType::Int32, DType::Int64,
                   DType::Float16, DType::Float32, DType::Float64}) {
    Tensor x = (randn({3, 4}, DType::Float32, &g) * 5).to(dt).t();  // non-contiguous
    std::string p = temp_path("rt.npy");
    save_npy(p, x);
    Tensor y = load_npy(p);
    CHECK(y.dtype() == dt);
    KILN_CHECK_EQUAL(y, x);
    fs::remove(p);
  }
  std::string p = temp_path("scalar.npy");
  save_npy(p, scalar_tensor(3.0, DType::Float64));
  CHECK(load_npy(p).dim() == 0);
  CHECK(load_npy(p).item<double>() == 3.0);
  fs::remove(p);
  CHECK_THROWS_WITH(save_npy(p, ones({2}, DType::BFloat16)), Catch::Contains("no NumPy dtype"));
}

TEST_CASE("files written by NumPy load with the right values", "[npy]") {
  std::string dir = KILN_GOLDEN_DIR;
  Tensor a = load_npy(dir + "/add_f32_bcast.in0.npy");
  CHECK(a.dtype() == DType::Float32);
  CHECK(a.dim() >= 1);
  Tensor i = load_npy(dir + "/add_i32_f64.in0.npy");
  CHECK(i.dtype() == DType::Int32);
}

TEST_CASE("big-endian and Fortran-order files", "[npy]") {
  // Hand-made headers as NumPy writes them for '>i4' and fortran_order=True.
  auto header = [](const std::string& dict) {
    std::string h = dict;
    size_t total = 10 + h.size() + 1;
    h += std::string((64 - total % 64) % 64, ' ') + "\n";
    std::string out("\x93NUMPY\x01\x00", 8);
    out += char(h.size() & 0xff);
    out += char(h.size() >> 8);
    return out + h;
  };
  std::string p = temp_path("be.npy");
  write_bytes(p, header("{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }") +
                     std::string("\0\0\0\x01\0\0\x01\0", 8));
  KILN_CHECK_EQUAL(load_npy(p), tensor<int32_t>({1, 256}));
  int32_t fdata[] = {1, 4, 2, 5, 3, 6};  // [[1,2,3],[4,5,6]] in column-major order
  write_bytes(p, header("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }") +
                     std::string(reinterpret_cast<char*>(fdata), sizeof fdata));
  KILN_CHECK_EQUAL(load_npy(p), tensor<int32_t>({1, 2, 3, 4, 5, 6}, {2, 3}));
  fs::remove(p);
}

TEST_CASE("malformed .npy files are clear errors", "[npy][errors]") {
  std::string p = temp_path("bad.npy");
  save_npy(p, arange(10, DType::Float32));
  std::string good;
  {
    std::ifstream f(p, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(f), {});
  }
  write_bytes(p, good.substr(0, good.size() - 8));
  CHECK_THROWS_WITH(load_npy(p), Catch::Contains("truncated data"));
  write_bytes(p, good.substr(0, 20));
  CHECK_THROWS_WITH(load_npy(p), Catch::Contains("truncated header"));
  write_bytes(p, "hello world, not numpy");
  CHECK_THROWS_WITH(load_npy(p), Catch::Contains("bad magic"));
  std::string c = good;
  c.replace(c.find("<f4"), 3, "<c8");
  write_bytes(p, c);
  CHECK_THROWS_WITH(load_npy(p), Catch::Contains("unsupported dtype '<c8'"));
  c = good;
  c.replace(c.find("(10,)"), 5, "(1a,)");
  write_bytes(p, c);
  CHECK_THROWS_WITH(load_npy(p), Catch::Contains("malformed shape"));
  CHECK_THROWS_WITH(load_npy(p + ".missing"), Catch::Contains("cannot open"));
  fs::remove(p);
}
