// runtime/kernels/indexing.cpp — ops that move elements by index: embedding, index_select,
// gather, scatter_add, masked_fill, cat, tril/triu, one_hot, topk and sort. Every index is
// checked against its dim before any data moves; an out-of-range index is a kiln::Error.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "runtime/kernels/common.h"

namespace kiln::kernels {

namespace {

// The index values as int64, each checked to lie in [-size, size) and wrapped when negative
// (allow_negative) or in [0, size) otherwise.
std::vector<int64_t> checked_indices(const OpCall& c, const Tensor& index, int64_t size,
                                     bool allow_negative, const char* what) {
  std::vector<int64_t> v = index.tolist<int64_t>();
  for (int64_t& i : v) {
    int64_t lo = allow_negative ? -size : 0;
    if (i < lo || i >= size)
      c.fail(fmt::format("{} {} is out of range for size {}", what, i, size));
    if (i < 0) i += size;
  }
  return v;
}

// Copies `count` blocks of `block` bytes: dst block k <- src block pick[k].
void copy_blocks(char* dst, const char* src, const std::vector<int64_t>& pick, size_t block,
                 int64_t outer, int64_t src_outer_stride, int64_t dst_outer_stride) {
  int64_t k = int64_t(pick.size());
  parallel_for(outer * k, int64_t(block), [&](int64_t b, int64_t e) {
    for (int64_t t = b; t < e; ++t) {
      int64_t o = t / k, i = t % k;
      std::memcpy(dst + o * dst_outer_stride + i * int64_t(block),
                  src + o * src_outer_stride + pick[i] * int64_t(block), block);
    }
  });
}

template <class F>
void visit_bytes(size_t size, F&& f) {
  switch (size) {
    case 1:
      f.template operator()<uint8_t>();
      return;
    case 2:
      f.template operator()<uint16_t>();
      return;
    case 4:
      f.template operator()<uint32_t>();
      return;
    default:
      f.template operator()<uint64_t>();
      return;
  }
}

}  // namespace

void embedding(const OpCall& c, std::span<Tensor> out) {
  Tensor w = c.in[0].contiguous();
  auto idx = checked_indices(c, c.in[1], w.shape()[0], false, "index");
  size_t row = size_t(w.shape()[1]) * itemsize(w.dtype());
  copy_blocks(static_cast<char*>(out[0].data_ptr()), static_cast<const char*>(w.data_ptr()), idx,
              row, 1, 0, 0);
}

void index_select(const OpCall& c, std::span<Tensor> out) {
  const Tensor& x = c.in[0];
  if (x.dim() == 0) {
    checked_indices(c, c.in[1], 1, true, "index");
    copy_into(out[0], x);
    return;
  }
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  auto idx = checked_indices(c, c.in[1], x.shape()[d], true, "index");
  Tensor xc = x.contiguous();
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < d; ++i) outer *= x.shape()[i];
  for (int64_t i = d + 1; i < x.dim(); ++i) inner *= x.shape()[i];
  size_t block = size_t(inner) * itemsize(x.dtype());
  copy_blocks(static_cast<char*>(out[0].data_ptr()), static_cast<const char*>(xc.data_ptr()), idx,
              block, outer, x.shape()[d] * int64_t(block), int64_t(idx.size() * block));
}

namespace {
// For each position p of index (row-major), calls f(p, offset into x of the element that
// index names along dim, with x's contiguous strides).
template <class F>
void for_index_positions(const Shape& ishape, const Shape& xshape, int64_t dim,
                         const std::vector<int64_t>& idx, F f) {
  Shape xs = contiguous_strides(xshape);
  int64_t nd = int64_t(ishape.size());
  Shape pos(static_cast<size_t>(nd), 0);
  for (int64_t p = 0; p < int64_t(idx.size()); ++p) {
    int64_t off = 0;
    for (int64_t d = 0; d < nd; ++d) off += (d == dim ? idx[p] : pos[d]) * xs[d];
    f(p, off);
    for (int64_t d = nd - 1; d >= 0; --d) {
      if (++pos[d] < ishape[d]) break;
      pos[d] = 0;
    }
  }
}
}  // namespace

void gather(const OpCall& c, std::span<Tensor> out) {
  const Tensor& x = c.in[0];
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  auto idx = checked_indices(c, c.in[1], x.dim() ? x.shape()[d] : 1, true, "index");
  Tensor xc = x.contiguous();
  // Along the last dim with index's other dims equal to x's (cross_entropy's x[i, t[i]]): rows
  // in parallel, no per-element index arithmetic ([131072, 10] picking one per row: 0.39 ms
  // through the general loop).
  const Shape& is = c.in[1].shape();
  bool rows = x.dim() >= 1 && d == x.dim() - 1 &&
              std::equal(is.begin(), is.end() - 1, x.shape().begin(), x.shape().end() - 1);
  visit_bytes(itemsize(x.dtype()), [&]<class B>() {
    const B* src = static_cast<const B*>(xc.data_ptr());
    B* dst = static_cast<B*>(out[0].data_ptr());
    if (rows) {
      int64_t k = is.back(), n = x.shape().back(), r = k ? int64_t(idx.size()) / k : 0;
      parallel_for(r, k, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i)
          for (int64_t j = 0; j < k; ++j) dst[i * k + j] = src[i * n + idx[size_t(i * k + j)]];
      });
      return;
    }
    for_index_positions(c.in[1].shape(), x.shape(), d, idx,
                        [&](int64_t p, int64_t off) { dst[p] = src[off]; });
  });
}

void scatter_add(const OpCall& c, std::span<Tensor> out) {
  const Tensor& x = c.in[0];
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  auto idx = checked_indices(c, c.in[1], x.dim() ? x.shape()[d] : 1, true, "index");
  copy_into(out[0], x);
  // src restricted to index's extent, in index's row-major order.
  Tensor src = c.in[2];
  for (int64_t i = 0; i < src.dim(); ++i) src = src.narrow(i, 0, c.in[1].shape()[i]);
  src = src.contiguous();
  visit_dtype(x.dtype(), [&]<class T>() {
    const T* s = static_cast<const T*>(src.data_ptr());
    T* o = static_cast<T*>(out[0].data_ptr());
    for_index_positions(c.in[1].shape(), x.shape(), d, idx, [&](int64_t p, int64_t off) {
      if constexpr (std::is_same_v<T, bool>)
        o[off] = o[off] || s[p];
      else
        o[off] = T(wrap_add(compute_t<T>(o[off]), compute_t<T>(s[p])));
    });
  });
}

void masked_fill(const OpCall& c, std::span<Tensor> out) {
  const Tensor& x = c.in[0];
  const Tensor& mask = c.in[1];
  Scalar v = c.attrs.scalar(0);
  visit_dtype(x.dtype(), [&]<class T>() {
    T value = v.is_floating() ? convert<T>(v.to_double())
                              : (v.is_bool() ? convert<T>(v.to<bool>()) : convert<T>(v.to_int()));
    compute_t<T> cv = compute_t<T>(value);
    map_pointwise<T, T, bool>(out[0], {&x, &mask}, [cv](auto a, bool m) { return m ? cv : a; });
  });
}

void as_strided_scatter(const OpCall& c, std::span<Tensor> out) {
  copy_into(out[0], c.in[0]);
  Tensor view = make_view(out[0], c.attrs.ints(0), c.attrs.ints(1), c.attrs.i(2));
  copy_into(view, c.in[1]);
}

void copy_into_op(const OpCall& c, std::span<Tensor> out) {
  Tensor dst = c.in[0];  // a handle: the write goes into the caller's memory
  copy_into(dst, dst.shares_storage(c.in[1]) ? c.in[1].clone() : c.in[1]);
  copy_into(out[0], dst);
}

void uniform(const OpCall& c, std::span<Tensor> out) {
  // Counter-based: element i is a hash of (seed, i), so the numbers do not depend on threads.
  uint64_t seed = uint64_t(*static_cast<const int64_t*>(c.in[0].data_ptr()));
  Tensor& o = out[0];
  int64_t n = o.numel();
  auto bits = [seed](uint64_t i) {
    uint64_t z = seed * 0x9E3779B97F4A7C15ULL + i + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  visit_dtype(o.dtype(), [&]<class T>() {
    if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, Half> ||
                  std::is_same_v<T, BFloat16>) {
      T* p = static_cast<T*>(o.data_ptr());
#pragma omp parallel for if (n > 65536)
      for (int64_t i = 0; i < n; ++i) {
        double u = double(bits(uint64_t(i)) >> 11) * 0x1.0p-53;
        p[i] = convert<T>(u);
      }
    }
  });
}

void cat(const OpCall& c, std::span<Tensor> out) {
  int64_t d = c.wrap_dim(c.attrs.i(0), c.in[0].dim());
  int64_t off = 0;
  for (const Tensor& t : c.in) {
    int64_t n = t.shape()[d];
    if (n == 0) continue;
    Tensor part = out[0].narrow(d, off, n);
    copy_into(part, t);
    off += n;
  }
}

namespace {
template <bool Lower>
void triangle(const OpCall& c, Tensor& out) {
  const Tensor& x = c.in[0];
  int64_t diag = c.attrs.i(0);
  copy_into(out, x);
  int64_t R = x.shape()[x.dim() - 2], C = x.shape()[x.dim() - 1];
  int64_t mats = R * C ? x.numel() / (R * C) : 0;
  size_t isz = itemsize(x.dtype());
  char* o = static_cast<char*>(out.data_ptr());
  parallel_for(mats, R * C, [&](int64_t b, int64_t e) {
    for (int64_t m = b; m < e; ++m)
      for (int64_t i = 0; i < R; ++i)
        for (int64_t j = 0; j < C; ++j) {
          bool keep = Lower ? j - i <= diag : j - i >= diag;
          if (!keep) std::memset(o + ((m * R + i) * C + j) * int64_t(isz), 0, isz);
        }
  });
}
}  // namespace

void tril(const OpCall& c, std::span<Tensor> out) { triangle<true>(c, out[0]); }
void triu(const OpCall& c, std::span<Tensor> out) { triangle<false>(c, out[0]); }

void one_hot(const OpCall& c, std::span<Tensor> out) {
  int64_t n = out[0].shape().back();
  auto idx = checked_indices(c, c.in[0], n, false, "class index");
  int64_t* o = static_cast<int64_t*>(out[0].data_ptr());
  std::fill(o, o + out[0].numel(), int64_t(0));
  for (size_t i = 0; i < idx.size(); ++i) o[int64_t(i) * n + idx[i]] = 1;
}

namespace {
// Orders indices of a row by value; NaN sorts as the largest, like PyTorch.
template <class C>
bool less_nan_last(C a, C b) {
  if constexpr (!std::is_integral_v<C>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

// Sorts (or partially sorts the first k of) each row along dim; writes values and indices.
void sorted_rows(const OpCall& c, std::span<Tensor> out, int64_t dim, int64_t k, bool descending,
                 bool full_sort) {
  const Tensor& x = c.in[0];
  Rows r = x.dim() ? as_rows(x, {dim}) : as_rows(x.reshape({1}), {0});
  Tensor vals = empty_tensor({r.rows, k}, x.dtype());
  Tensor inds = empty_tensor({r.rows, k}, DType::Int64);
  visit_dtype(x.dtype(), [&]<class T>() {
    using C = compute_t<T>;
    const T* p = static_cast<const T*>(r.data.data_ptr());
    T* vo = static_cast<T*>(vals.data_ptr());
    int64_t* io = static_cast<int64_t*>(inds.data_ptr());
    parallel_for(r.rows, r.cols * 8, [&](int64_t b, int64_t e) {
      std::vector<int64_t> order(size_t(r.cols));
      for (int64_t i = b; i < e; ++i) {
        const T* row = p + i * r.cols;
        std::iota(order.begin(), order.end(), int64_t(0));
        auto cmp = [&](int64_t u, int64_t v) {
          C a = C(row[u]), bb = C(row[v]);
          bool before = descending ? less_nan_last(bb, a) : less_nan_last(a, bb);
          bool after = descending ? less_nan_last(a, bb) : less_nan_last(bb, a);
          return before || (!after && u < v);  // ties keep their order: a stable sort
        };
        if (full_sort)
          std::sort(order.begin(), order.end(), cmp);
        else
          std::partial_sort(order.begin(), order.begin() + k, order.end(), cmp);
        for (int64_t j = 0; j < k; ++j) {
          vo[i * k + j] = row[order[j]];
          io[i * k + j] = order[j];
        }
      }
    });
  });
  if (x.dim() == 0) {
    copy_into(out[0], vals.reshape({}));
    copy_into(out[1], inds.reshape({}));
  } else {
    unpermute_into(out[0], vals, r.perm);
    unpermute_into(out[1], inds, r.perm);
  }
}
}  // namespace

void topk(const OpCall& c, std::span<Tensor> out) {
  int64_t d = c.wrap_dim(c.attrs.i(1), c.in[0].dim());
  sorted_rows(c, out, d, c.attrs.i(0), c.attrs.b(2), c.attrs.b(3));
}

void sort(const OpCall& c, std::span<Tensor> out) {
  int64_t d = c.wrap_dim(c.attrs.i(0), c.in[0].dim());
  int64_t n = c.in[0].dim() ? c.in[0].shape()[d] : 1;
  sorted_rows(c, out, d, n, c.attrs.b(1), true);
}

}  // namespace kiln::kernels
