// runtime/npy.cpp — reading and writing NumPy .npy files. The header is parsed strictly:
// anything unexpected (bad magic, unknown dtype, truncated data, a shape that does not match
// the file size) is a kiln::Error naming the file, never a crash or a garbage tensor.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "kiln/npy.h"
#include "runtime/tensor_impl.h"

namespace kiln {

namespace {

struct NpyDtype {
  const char* descr;  // without the byte-order character
  DType dtype;
};
constexpr NpyDtype kNpyDtypes[] = {
    {"b1", DType::Bool},  {"u1", DType::UInt8},   {"i1", DType::Int8},    {"i4", DType::Int32},
    {"i8", DType::Int64}, {"f2", DType::Float16}, {"f4", DType::Float32}, {"f8", DType::Float64},
};

[[noreturn]] void bad(const std::string& path, const std::string& why, Loc loc) {
  throw Error(fmt::format("load_npy: {}: {}", path, why), loc);
}

// The value of 'key' in the header dict, as raw text up to the next top-level comma/brace.
std::string dict_value(const std::string& header, const std::string& key, const std::string& path,
                       Loc loc) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos) bad(path, fmt::format("header has no '{}'", key), loc);
  size_t colon = header.find(':', k);
  if (colon == std::string::npos) bad(path, "malformed header", loc);
  size_t p = colon + 1;
  while (p < header.size() && header[p] == ' ') ++p;
  size_t e = p;
  if (p < header.size() && header[p] == '(') {
    e = header.find(')', p);
    if (e == std::string::npos) bad(path, "malformed shape in header", loc);
    return header.substr(p, e - p + 1);
  }
  while (e < header.size() && header[e] != ',' && header[e] != '}') ++e;
  std::string v = header.substr(p, e - p);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  return v;
}

void byteswap(char* p, int64_t n, size_t size) {
  if (size == 1) return;
  for (int64_t i = 0; i < n; ++i) std::reverse(p + i * size, p + (i + 1) * size);
}

}  // namespace

Tensor load_npy(const std::string& path, Loc loc) {
  std::ifstream f(path, std::ios::binary);
  if (!f) bad(path, "cannot open file", loc);
  char magic[8];
  if (!f.read(magic, 8)) bad(path, "file is too short for a .npy header", loc);
  if (std::memcmp(magic, "\x93NUMPY", 6) != 0) bad(path, "not a .npy file (bad magic)", loc);
  int major = static_cast<unsigned char>(magic[6]);
  uint32_t hlen = 0;
  if (major == 1) {
    unsigned char b[2];
    if (!f.read(reinterpret_cast<char*>(b), 2)) bad(path, "truncated header", loc);
    hlen = b[0] | (b[1] << 8);
  } else if (major == 2 || major == 3) {
    unsigned char b[4];
    if (!f.read(reinterpret_cast<char*>(b), 4)) bad(path, "truncated header", loc);
    hlen = b[0] | (b[1] << 8) | (b[2] << 16) | (uint32_t(b[3]) << 24);
    if (hlen > (1u << 24)) bad(path, "header length is implausibly large", loc);
  } else {
    bad(path, fmt::format("unsupported .npy version {}", major), loc);
  }
  std::string header(hlen, '\0');
  if (!f.read(header.data(), hlen)) bad(path, "truncated header", loc);

  std::string descr = dict_value(header, "descr", path, loc);
  if (descr.size() < 4 || descr.front() != '\'' || descr.back() != '\'')
    bad(path, fmt::format("malformed descr {}", descr), loc);
  descr = descr.substr(1, descr.size() - 2);
  char order = descr[0];
  std::string code = descr.substr(1);
  const NpyDtype* dt = nullptr;
  for (const auto& d : kNpyDtypes)
    if (code == d.descr) dt = &d;
  if (!dt || (order != '<' && order != '>' && order != '|' && order != '='))
    bad(path, fmt::format("unsupported dtype '{}' (kiln reads b1 u1 i1 i4 i8 f2 f4 f8)", descr),
        loc);
  bool fortran = dict_value(header, "fortran_order", path, loc) == "True";

  std::string shape_text = dict_value(header, "shape", path, loc);
  Shape shape;
  {
    std::string inner = shape_text.substr(1, shape_text.size() - 2);
    std::stringstream ss(inner);
    std::string item;
    while (std::getline(ss, item, ',')) {
      item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
      if (item.empty()) continue;
      char* end = nullptr;
      long long v = std::strtoll(item.c_str(), &end, 10);
      if (*end != '\0' || v < 0) bad(path, fmt::format("malformed shape {}", shape_text), loc);
      shape.push_back(v);
    }
  }
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d != 0 && n > (int64_t(1) << 40) / d) bad(path, "shape is implausibly large", loc);
    n *= d;
  }
  Shape storage_shape = shape;
  if (fortran) std::reverse(storage_shape.begin(), storage_shape.end());
  Tensor t = empty_tensor(storage_shape, dt->dtype);
  size_t bytes = size_t(n) * itemsize(dt->dtype);
  if (bytes && !f.read(static_cast<char*>(t.data_ptr()), std::streamsize(bytes)))
    bad(path, fmt::format("truncated data: shape {} needs {} bytes", shape_str(shape), bytes), loc);
  if (order == '>') byteswap(static_cast<char*>(t.data_ptr()), n, itemsize(dt->dtype));
  if (dt->dtype == DType::Bool) {
    auto* p = static_cast<uint8_t*>(t.data_ptr());
    for (int64_t i = 0; i < n; ++i) p[i] = p[i] != 0;  // any nonzero byte is true
  }
  if (fortran) {
    Shape perm;
    for (int64_t i = int64_t(shape.size()) - 1; i >= 0; --i) perm.push_back(i);
    t = t.permute(perm).contiguous();
  }
  return t;
}

void save_npy(const std::string& path, const Tensor& t, Loc loc) {
  if (!t.defined()) throw Error("save_npy: the tensor is undefined", loc);
  const NpyDtype* dt = nullptr;
  for (const auto& d : kNpyDtypes)
    if (d.dtype == t.dtype()) dt = &d;
  if (!dt)
    throw Error(
        fmt::format("save_npy: {} has no NumPy dtype; convert with .to(kiln::DType::Float32)",
                    name(t.dtype())),
        loc);
  std::string shape = t.dim() == 1 ? fmt::format("({},)", t.shape()[0])
                                   : fmt::format("({})", fmt::join(t.shape(), ", "));
  char order = itemsize(t.dtype()) == 1 ? '|' : '<';
  std::string header = fmt::format("{{'descr': '{}{}', 'fortran_order': False, 'shape': {}, }}",
                                   order, dt->descr, shape);
  size_t total = 10 + header.size() + 1;
  header += std::string((64 - total % 64) % 64, ' ') + '\n';
  Tensor c = t.contiguous();
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(fmt::format("save_npy: cannot write {}", path), loc);
    f.write("\x93NUMPY\x01\x00", 8);
    char len[2] = {char(header.size() & 0xff), char(header.size() >> 8)};
    f.write(len, 2);
    f.write(header.data(), std::streamsize(header.size()));
    f.write(static_cast<const char*>(c.data_ptr()), std::streamsize(c.nbytes()));
    if (!f) throw Error(fmt::format("save_npy: writing {} failed", path), loc);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw Error(fmt::format("save_npy: cannot move {} into place", path), loc);
}

}  // namespace kiln
