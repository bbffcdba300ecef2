// runtime/safetensors.cpp — reading and writing the safetensors format: an 8-byte
// little-endian header length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__":
// {...}}, then the tensors' bytes (little-endian, C order). Every field of a file is checked
// before any data is used.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kiln/nn.h"
#include "runtime/tensor_impl.h"

namespace kiln {

namespace {

const char* st_name(DType d) {
  switch (d) {
    case DType::Float64:
      return "F64";
    case DType::Float32:
      return "F32";
    case DType::Float16:
      return "F16";
    case DType::BFloat16:
      return "BF16";
    case DType::Int64:
      return "I64";
    case DType::Int32:
      return "I32";
    case DType::Int8:
      return "I8";
    case DType::UInt8:
      return "U8";
    case DType::Bool:
      return "BOOL";
  }
  return "?";
}

std::optional<DType> st_dtype(const std::string& s) {
  for (DType d : {DType::Float64, DType::Float32, DType::Float16, DType::BFloat16, DType::Int64,
                  DType::Int32, DType::Int8, DType::UInt8, DType::Bool})
    if (s == st_name(d)) return d;
  return std::nullopt;
}

}  // namespace

void save_safetensors(const std::string& path, const nn::NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata, Loc loc) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<Tensor> data;
  size_t offset = 0;
  for (const auto& [name, t] : tensors) {
    if (name == "__metadata__" || header.contains(name))
      throw Error(fmt::format("save_safetensors: duplicate or reserved name '{}'", name), loc);
    Tensor c = t.detach().contiguous();
    size_t bytes = c.nbytes();
    header[name] = {{"dtype", st_name(c.dtype())},
                    {"shape", c.shape()},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(c);
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // data starts 8-byte aligned
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(fmt::format("save_safetensors: cannot write '{}'", path), loc);
    uint64_t n = text.size();
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    out.write(reinterpret_cast<const char*>(len), 8);
    out.write(text.data(), std::streamsize(text.size()));
    for (const Tensor& c : data)
      if (c.nbytes())
        out.write(static_cast<const char*>(c.data_ptr()), std::streamsize(c.nbytes()));
    if (!out) throw Error(fmt::format("save_safetensors: writing '{}' failed", path), loc);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(fmt::format("save_safetensors: cannot move the file into place at '{}'", path),
                loc);
  }
}

nn::NamedTensors load_safetensors(const std::string& path, Loc loc) {
  auto fail = [&](const std::string& why) -> Error {
    return Error(fmt::format("load_safetensors: '{}': {}", path, why), loc);
  };
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw fail("cannot open the file");
  auto size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  if (size < 8) throw fail(fmt::format("{} bytes is too short for a safetensors file", size));
  unsigned char len[8];
  if (!in.read(reinterpret_cast<char*>(len), 8)) throw fail("reading the header length failed");
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t(len[i]) << (8 * i);
  if (n > size - 8 || n > (uint64_t(100) << 20))
    throw fail(fmt::format("header length {} does not fit the file's {} bytes", n, size));
  std::string text(n, '\0');
  if (!in.read(text.data(), std::streamsize(n))) throw fail("reading the header failed");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    throw fail(fmt::format("the header is not valid JSON ({})", e.what()));
  }
  if (!header.is_object()) throw fail("the header is not a JSON object");
  uint64_t data_size = size - 8 - n;
  std::vector<char> data(data_size);
  in.read(data.data(), std::streamsize(data_size));
  if (!in) throw fail("reading the data failed");
  nn::NamedTensors out;
  std::vector<std::pair<uint64_t, uint64_t>> spans;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") continue;
    const auto& e = it.value();
    auto bad = [&](const std::string& why) {
      return fail(fmt::format("tensor '{}': {}", it.key(), why));
    };
    if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") ||
        !e.contains("data_offsets"))
      throw bad("needs dtype, shape and data_offsets");
    if (!e["dtype"].is_string()) throw bad("dtype is not a string");
    auto dt = st_dtype(e["dtype"].get<std::string>());
    if (!dt) throw bad(fmt::format("unsupported dtype '{}'", e["dtype"].get<std::string>()));
    Shape shape;
    if (!e["shape"].is_array()) throw bad("shape is not a list");
    uint64_t numel = 1, nonzero = 1;  // sizes bounded even when a dim is 0
    for (const auto& d : e["shape"]) {
      if (!d.is_number_unsigned()) throw bad("shape holds a value that is not a size");
      uint64_t v = d.get<uint64_t>();
      if (v > (uint64_t(1) << 40) || (v && nonzero > (uint64_t(1) << 40) / v))
        throw bad("shape is too large");
      numel *= v;
      if (v) nonzero *= v;
      shape.push_back(int64_t(v));
    }
    const auto& off = e["data_offsets"];
    if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() ||
        !off[1].is_number_unsigned())
      throw bad("data_offsets must be two sizes");
    uint64_t b = off[0].get<uint64_t>(), end = off[1].get<uint64_t>();
    if (b > end || end > data_size)
      throw bad(
          fmt::format("data_offsets [{}, {}] fall outside the {} data bytes", b, end, data_size));
    if (end - b != numel * itemsize(*dt))
      throw bad(fmt::format("data_offsets span {} bytes but {} {} of shape {} need {}", end - b,
                            numel, st_name(*dt), shape_str(shape), numel * itemsize(*dt)));
    spans.emplace_back(b, end);
    Tensor t = empty_tensor(shape, *dt);
    if (numel) std::memcpy(t.data_ptr(), data.data() + b, end - b);
    out.emplace_back(it.key(), t);
  }
  std::sort(spans.begin(), spans.end());
  for (size_t i = 1; i < spans.size(); ++i)
    if (spans[i].first < spans[i - 1].second) throw fail("two tensors' data overlap");
  return out;
}

}  // namespace kiln
