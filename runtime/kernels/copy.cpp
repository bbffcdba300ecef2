// runtime/kernels/copy.cpp — strided copies with dtype conversion, type promotion, and the
// row-layout helpers that reductions and normalisations share.
#include <algorithm>
#include <cstdlib>
#include <optional>

#include "runtime/kernels/common.h"

namespace kiln::kernels {

namespace {

// A copy whose output is contiguous along one dim and the source along another (channels-last
// to contiguous or back, a permuted view made contiguous) as a transpose in tiles, each walked
// along its longer side. Row by row, NHWC [1, 224, 224, 3] from an NCHW image took 0.25 ms at one
// thread (rows of 3 channels, 50176 elements apart in the source), now 0.06; [1, 32, 112, 112]
// into channels-last 0.61 -> 0.22 ms, back 0.34 -> 0.20 (0.11 at two threads).
// False when the copy has no such shape.
template <class T>
bool tiled_transpose(const StridedPlan<2>& p) {
  // (a tile of each side: 16 KB of 4-byte items, 32 KB of 8-byte ones)
  constexpr int64_t item = int64_t(sizeof(T)), kTile = item <= 4 ? 64 : 32;
  int64_t nd = int64_t(p.shape.size()), a = -1, b = -1;  // src's contiguous dim, out's
  for (int64_t d = 0; d < nd; ++d) {
    if (p.strides[1][d] == item) a = d;
    if (p.strides[0][d] == item) b = d;
  }
  if (a < 0 || b < 0 || a == b) return false;
  std::vector<int64_t> outer;  // the other dims, outermost first
  int64_t n_outer = 1;
  for (int64_t d = 0; d < nd; ++d)
    if (d != a && d != b) {
      outer.push_back(d);
      n_outer *= p.shape[d];
    }
  // Where the other dims' point o starts, in out and in src.
  auto at_outer = [&](int64_t o, char*& dst, const char*& src) {
    dst = p.base[0];
    src = p.base[1];
    for (size_t i = outer.size(); i-- > 0;) {
      int64_t d = outer[i], at = o % p.shape[d];
      o /= p.shape[d];
      dst += at * p.strides[0][d];
      src += at * p.strides[1][d];
    }
  };
  const int64_t A = p.shape[a], B = p.shape[b];
  const int64_t out_a = p.strides[0][a], src_b = p.strides[1][b];
  // A few planes interleaved (NCHW images of 2-4 channels into NHWC, a model's first
  // convolution's input): out[x * B + j] = src[j * src_b + x] per image, B a constant, which
  // the compiler vectorizes as interleaved stores ([1, 3, 224, 224] at one thread: 0.048 ms
  // row by row, 0.011 now).
  if (B >= 2 && B <= 4 && out_a == B * item) {
    auto planes = [&]<int64_t kB>() {
      parallel_for(n_outer * A, kB * 2, [&](int64_t w0, int64_t w1) {
        for (int64_t w = w0, len = 0; w < w1; w += len) {  // runs within one image
          int64_t o = w / A, x0 = w % A;
          len = std::min(A - x0, w1 - w);
          char* dst;
          const char* src;
          at_outer(o, dst, src);
          T* to = reinterpret_cast<T*>(dst);
          const T* from[kB];
          for (int64_t j = 0; j < kB; ++j) from[j] = reinterpret_cast<const T*>(src + j * src_b);
          for (int64_t x = x0; x < x0 + len; ++x)
            for (int64_t j = 0; j < kB; ++j) to[x * kB + j] = from[j][x];
        }
      });
    };
    if (B == 2) planes.template operator()<2>();
    if (B == 3) planes.template operator()<3>();
    if (B == 4) planes.template operator()<4>();
    return true;
  }
  // Rows whose steps stay within a cache line on both sides are faster as they are.
  if (std::max(std::abs(p.strides[0][nd - 1]), std::abs(p.strides[1][nd - 1])) <= 64) return false;
  // One tile per work item, over the other dims x tiles of a x tiles of b (so that a copy with
  // a short a, such as channels-last back to contiguous, still splits across threads).
  const int64_t a_tiles = (A + kTile - 1) / kTile, b_tiles = (B + kTile - 1) / kTile;
  parallel_for(n_outer * a_tiles * b_tiles, kTile * kTile, [&](int64_t w0, int64_t w1) {
    for (int64_t w = w0; w < w1; ++w) {
      int64_t b0 = w % b_tiles * kTile, b1 = std::min(B, b0 + kTile);
      int64_t a0 = w / b_tiles % a_tiles * kTile, a1 = std::min(A, a0 + kTile);
      char* dst;
      const char* src;
      at_outer(w / b_tiles / a_tiles, dst, src);
      dst += a0 * out_a;
      src += a0 * item;
      if (a1 - a0 >= b1 - b0) {  // the inner loop along the longer side of the tile
        for (int64_t j = b0; j < b1; ++j) {
          const T* from = reinterpret_cast<const T*>(src + j * src_b);
          char* to = dst + j * item;
          for (int64_t x = 0; x < a1 - a0; ++x) *reinterpret_cast<T*>(to + x * out_a) = from[x];
        }
      } else {
        for (int64_t x = 0; x < a1 - a0; ++x) {
          const char* from = src + x * item;
          T* to = reinterpret_cast<T*>(dst + x * out_a);
          for (int64_t j = b0; j < b1; ++j) to[j] = *reinterpret_cast<const T*>(from + j * src_b);
        }
      }
    }
  });
  return true;
}

}  // namespace

void copy_into(Tensor& out, const Tensor& src) {
  if (out.numel() == 0) return;
  if (out.dtype() == src.dtype() && out.is_contiguous() && src.is_contiguous() &&
      out.shape() == src.shape()) {
    std::memcpy(out.data_ptr(), src.data_ptr(), out.nbytes());
    return;
  }
  if (out.dtype() == src.dtype()) {
    auto plan = make_plan<2>(out, {&src});
    size_t n = itemsize(out.dtype());
    if ((n == 4 && tiled_transpose<uint32_t>(plan)) ||
        (n == 8 && tiled_transpose<uint64_t>(plan)) ||
        (n == 2 && tiled_transpose<uint16_t>(plan)) || (n == 1 && tiled_transpose<uint8_t>(plan)))
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
