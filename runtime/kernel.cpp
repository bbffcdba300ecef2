#include "runtime/kernel.h"

#include <fmt/format.h>

#include "runtime/tensor_impl.h"

namespace kiln {

std::string describe(const Tensor& t) {
  if (!t.defined()) return "undefined";
  if (is_wrapped_number(t)) return fmt::format("scalar {}", t.item_scalar().to_double());
  return fmt::format("{}{}", short_name(t.dtype()), shape_str(t.shape()));
}

const Shape& Attrs::ints(size_t k) const {
  const AttrValue& v = values.at(k);
  if (const auto* s = std::get_if<SymInts>(&v))
    throw Error(fmt::format("attribute {} names symbolic sizes ({}) that were not resolved", k,
                            fmt::join(s->names, ",")));
  return std::get<Shape>(v);
}

void OpCall::fail(const std::string& message) const {
  std::vector<std::string> parts;
  for (const Tensor& t : in) parts.push_back(describe(t));
  throw Error(fmt::format("{}: {} (inputs: {})", op, message, fmt::join(parts, ", ")), loc);
}

int64_t OpCall::wrap_dim(int64_t dim, int64_t rank) const {
  int64_t r = std::max<int64_t>(rank, 1);
  if (dim < -r || dim >= r)
    fail(fmt::format("dim {} out of range for rank {} (expected {}..{})", dim, rank, -r, r - 1));
  return dim < 0 ? dim + r : dim;
}

}  // namespace kiln
