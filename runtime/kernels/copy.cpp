// runtime/kernels/copy.cpp — strided copies with dtype conversion, type promotion, and the
// row-layout helpers that reductions and normalisations share.
#include <algorithm>
#include <optional>

#include "runtime/kernels/common.h"

namespace kiln::kernels {

void copy_into(Tensor& out, const Tensor& src) {
  if (out.numel() == 0) return;
  if (out.dtype() == src.dtype() && out.is_contiguous() && src.is_contiguous() &&
      out.shape() == src.shape()) {
    std::memcpy(out.data_ptr(), src.data_ptr(), out.nbytes());
    return;
  }
  visit_dtype(out.dtype(), [&]<class To>() {
    visit_dtype(src.dtype(), [&]<class Ti>() {
      map_pointwise<To, Ti>(out, {&src}, [](compute_t<Ti> v) { return convert<To>(Ti(v)); });
    });
  });
}

void cast(const OpCall& c, std::span<Tensor> out) { copy_into(out[0], c.in[0]); }

void constant(const OpCall& c, std::span<Tensor> out) {
  Scalar v = c.attrs.scalar(0);
  Tensor src = wrapped_scalar(v);
  copy_into(out[0], src);
}

namespace {
DType combine_categories(std::optional<DType> higher, std::optional<DType> lower) {
  if (!higher) return lower.value_or(DType::Float32);
  if (!lower) return *higher;
  if (is_floating(*higher)) return *higher;
  if (*higher == DType::Bool || is_floating(*lower)) return promote_types(*higher, *lower);
  return *higher;
}
void fold(std::optional<DType>& acc, DType d) { acc = acc ? promote_types(*acc, d) : d; }
}  // namespace

DType result_type(std::span<const Tensor> inputs) {
  std::optional<DType> dims, zero, wrapped;
  for (const Tensor& t : inputs) {
    if (!t.defined()) continue;
    if (is_wrapped_number(t)) {
      DType d = t.dtype();
      fold(wrapped, is_floating(d) ? DType::Float32 : d);
    } else if (t.dim() == 0) {
      fold(zero, t.dtype());
    } else {
      fold(dims, t.dtype());
    }
  }
  if (!zero && !wrapped) return dims.value_or(DType::Float32);
  return combine_categories(dims, std::optional<DType>(combine_categories(zero, wrapped)));
}

std::vector<int64_t> reduction_dims(const OpCall& call, const Shape& dims, int64_t rank) {
  std::vector<int64_t> out;
  if (dims.empty()) {
    for (int64_t d = 0; d < rank; ++d) out.push_back(d);
  } else {
    for (int64_t d : dims) out.push_back(call.wrap_dim(d, rank));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  if (rank == 0) out.clear();
  return out;
}

Rows as_rows(const Tensor& x, const std::vector<int64_t>& dims) {
  Rows r;
  for (int64_t d = 0; d < x.dim(); ++d)
    if (std::find(dims.begin(), dims.end(), d) == dims.end()) {
      r.perm.push_back(d);
      r.rows *= x.shape()[d];
    }
  for (int64_t d : dims) {
    r.perm.push_back(d);
    r.cols *= x.shape()[d];
  }
  r.data = x.permute(r.perm).contiguous();
  return r;
}

void unpermute_into(Tensor& out, const Tensor& rows_result, const Shape& perm) {
  Shape permuted;
  for (int64_t d : perm) permuted.push_back(out.shape()[d]);
  Tensor v = rows_result.view(permuted);
  Shape inverse(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) inverse[perm[i]] = int64_t(i);
  copy_into(out, v.permute(inverse));
}

}  // namespace kiln::kernels
