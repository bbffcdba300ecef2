#include "kiln/dtype.h"

#include <array>
#include <string>

#include "kiln/error.h"

namespace kiln {

namespace {
struct DTypeInfo {
  std::string_view name, short_name;
  size_t size;
};
constexpr std::array<DTypeInfo, kNumDTypes> kInfo{{
    {"bool", "bool", 1},
    {"uint8", "u8", 1},
    {"int8", "i8", 1},
    {"int32", "i32", 4},
    {"int64", "i64", 8},
    {"float16", "f16", 2},
    {"bfloat16", "bf16", 2},
    {"float32", "f32", 4},
    {"float64", "f64", 8},
}};
}  // namespace

size_t itemsize(DType t) { return kInfo[size_t(t)].size; }
std::string_view name(DType t) { return kInfo[size_t(t)].name; }
std::string_view short_name(DType t) { return kInfo[size_t(t)].short_name; }
bool is_floating(DType t) { return t >= DType::Float16; }
bool is_integral(DType t, bool include_bool) {
  return t == DType::Bool ? include_bool : t < DType::Float16;
}

DType promote_types(DType a, DType b) {
  if (a == b) return a;
  if (a == DType::Bool) return b;
  if (b == DType::Bool) return a;
  bool fa = is_floating(a), fb = is_floating(b);
  if (fa && !fb) return a;
  if (fb && !fa) return b;
  if (fa && fb) {
    // float16 with bfloat16 has no common 16-bit type: PyTorch goes to float32.
    if ((a == DType::Float16 && b == DType::BFloat16) ||
        (a == DType::BFloat16 && b == DType::Float16))
      return DType::Float32;
    return a > b ? a : b;
  }
  // Both integers. uint8 with int8 needs int16 in PyTorch; kiln has none, so int32.
  if ((a == DType::UInt8 && b == DType::Int8) || (a == DType::Int8 && b == DType::UInt8))
    return DType::Int32;
  return a > b ? a : b;
}

DType dtype_from_name(std::string_view s) {
  for (int i = 0; i < kNumDTypes; ++i)
    if (kInfo[i].name == s || kInfo[i].short_name == s) return DType(i);
  if (s == "float") return DType::Float32;
  if (s == "double") return DType::Float64;
  if (s == "half") return DType::Float16;
  if (s == "long") return DType::Int64;
  if (s == "int") return DType::Int32;
  throw Error("unknown dtype '" + std::string(s) + "'");
}

}  // namespace kiln
