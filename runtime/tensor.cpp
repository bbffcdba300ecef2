// runtime/tensor.cpp — Tensor's geometry: accessors, views (which only compute new shape,
// strides and offset over the same storage) and the copies contiguous/clone/to/copy_.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <optional>

#include "runtime/allocator.h"
#include "runtime/kernels/kernels.h"
#include "runtime/lazy.h"
#include "runtime/tensor_impl.h"

namespace kiln {

namespace {
const LazyHooks* g_hooks = nullptr;
thread_local int g_internal_depth = 0;
thread_local bool g_grad_mode = true;
}  // namespace

bool grad_mode() { return g_grad_mode; }
void set_grad_mode(bool enabled) { g_grad_mode = enabled; }

void set_lazy_hooks(const LazyHooks* hooks) { g_hooks = hooks; }
const LazyHooks* lazy_hooks() { return g_hooks; }
bool is_lazy(const Tensor& t) { return t.defined() && t.impl()->lazy != nullptr; }
InternalScope::InternalScope() { ++g_internal_depth; }
InternalScope::~InternalScope() { --g_internal_depth; }
bool InternalScope::active() { return g_internal_depth > 0; }

std::string shape_str(const Shape& s) { return fmt::format("[{}]", fmt::join(s, ", ")); }

int64_t numel_of(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

Shape contiguous_strides(const Shape& s) {
  Shape st(s.size());
  int64_t acc = 1;
  for (size_t i = s.size(); i-- > 0;) {
    st[i] = acc;
    if (__builtin_mul_overflow(acc, std::max<int64_t>(s[i], 1), &acc))
      throw Error(
          fmt::format("a tensor of shape {} has more elements than 64 bits count", shape_str(s)));
  }
  return st;
}

int64_t wrap_dim(int64_t dim, int64_t rank, const char* op, Loc loc) {
  int64_t r = std::max<int64_t>(rank, 1);  // a 0-d tensor accepts dim 0 and -1
  if (dim < -r || dim >= r)
    throw Error(fmt::format("{}: dim {} out of range for a tensor of rank {} (expected {}..{})", op,
                            dim, rank, -r, r - 1),
                loc);
  return dim < 0 ? dim + r : dim;
}

namespace {
[[noreturn]] void undefined_tensor(const char* what, Loc loc) {
  throw Error(fmt::format("{}: the tensor is undefined (default-constructed)", what), loc);
}
const TensorImpl& impl_of(const Tensor& t, const char* what = "tensor", Loc loc = Loc::current()) {
  if (!t.defined()) undefined_tensor(what, loc);
  return *t.impl();
}
}  // namespace

Tensor empty_tensor(const Shape& shape, DType dtype) {
  for (int64_t d : shape)
    if (d < 0) throw Error(fmt::format("empty: negative dimension in shape {}", shape_str(shape)));
  auto impl = std::make_shared<TensorImpl>();
  impl->storage_bytes = size_t(numel_of(shape)) * itemsize(dtype);
  impl->storage = alloc::allocate(impl->storage_bytes);
  impl->shape = shape;
  impl->strides = contiguous_strides(shape);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Shape channels_last_strides(const Shape& s) {
  int64_t c = s[1], w = s[3], h = s[2];
  return {h * w * c, 1, w * c, c};
}

bool has_channels_last_strides(const Tensor& t) {
  if (!t.defined() || t.dim() != 4) return false;
  const Shape& s = t.shape();
  const Shape& st = t.strides();
  // channels_last_strides(s), without building it (this runs several times per compiled step)
  const int64_t want[4] = {s[2] * s[3] * s[1], 1, s[3] * s[1], s[1]};
  for (size_t d = 0; d < 4; ++d)
    if (s[d] != 1 && st[d] != want[d]) return false;
  return true;
}

bool is_channels_last(const Tensor& t) {
  return has_channels_last_strides(t) && !t.is_contiguous();
}

Tensor to_channels_last(const Tensor& t) {
  if (t.dim() != 4 || has_channels_last_strides(t)) return t;
  Tensor out = empty_channels_last(t.shape(), t.dtype());
  kernels::copy_into(out, t);
  return out;
}

Tensor empty_channels_last(const Shape& shape, DType dtype) {
  Tensor t = empty_tensor(shape, dtype);
  t.impl()->strides = channels_last_strides(shape);
  return t;
}

Tensor meta_tensor(const Shape& shape, DType dtype) {
  auto impl = std::make_shared<TensorImpl>();
  impl->shape = shape;
  impl->strides = contiguous_strides(shape);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

bool has_storage(const Tensor& t) { return t.defined() && t.impl()->storage != nullptr; }

Tensor wrapped_scalar(const Scalar& s) {
  Tensor t = empty_tensor({}, s.is_floating() ? DType::Float64 : s.default_dtype());
  if (s.is_floating())
    *static_cast<double*>(t.data_ptr()) = s.to_double();
  else if (s.is_integral())
    *static_cast<int64_t*>(t.data_ptr()) = s.to_int();
  else
    *static_cast<bool*>(t.data_ptr()) = s.to<bool>();
  t.impl()->wrapped_number = true;
  return t;
}

bool is_wrapped_number(const Tensor& t) { return t.defined() && t.impl()->wrapped_number; }

Tensor make_view(const Tensor& base, Shape shape, Shape strides, int64_t offset) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = base.impl()->storage;
  impl->storage_bytes = base.impl()->storage_bytes;
  impl->shape = std::move(shape);
  impl->strides = std::move(strides);
  impl->offset = offset;
  impl->dtype = base.dtype();
  TensorImpl* b = base.impl();
  impl->version_base = b->version_base ? b->version_base : b->shared_from_this();
  impl->version_base->live_views.fetch_add(1, std::memory_order_relaxed);
  return Tensor(std::move(impl));
}

void set_data(TensorImpl& impl, const Tensor& src) {
  const TensorImpl& r = *src.impl();
  impl.storage = r.storage;
  impl.storage_bytes = r.storage_bytes;
  impl.shape = r.shape;
  impl.strides = r.strides;
  impl.offset = r.offset;
  impl.dtype = r.dtype;
}

Tensor plain_alias(const Tensor& t) {
  if (!t.defined() || !t.impl()->requires_grad) return t;
  return alias_of(t);
}

Tensor alias_of(const Tensor& t) {
  const TensorImpl& im = *t.impl();
  if (im.lazy && g_hooks) return g_hooks->alias(t);  // a new handle on the same graph value
  Tensor v = make_view(t, im.shape, im.strides, im.offset);
  v.impl()->wrapped_number = im.wrapped_number;
  v.impl()->dynamic_dims = im.dynamic_dims;
  return v;
}

namespace {
void note_read(const Tensor& t) {
  if (t.impl()->lazy && !InternalScope::active() && g_hooks) g_hooks->shape_read(t);
}
// Gives a lazy tensor its data before anything reads it.
void realize(const Tensor& t, std::string_view why, Loc loc) {
  if (t.defined() && t.impl()->lazy && g_hooks) g_hooks->materialize(t, why, loc);
}
Tensor lazy_view(const Tensor& t, std::string_view op, Attrs attrs, Loc loc) {
  return g_hooks->view(t, op, std::move(attrs), loc);
}
// Views and copies of lazy tensors, and of tensors that require grad, go through the op table.
bool routed(const std::shared_ptr<TensorImpl>& im) {
  return im && (im->lazy || (im->requires_grad && g_grad_mode)) && g_hooks;
}
}  // namespace

const Shape& Tensor::shape() const {
  const auto& im = impl_of(*this);
  if (im.lazy) note_read(*this);
  return im.shape;
}
const Shape& Tensor::strides() const {
  const auto& im = impl_of(*this);
  if (im.lazy) note_read(*this);
  return im.strides;
}
int64_t Tensor::offset() const { return impl_of(*this).offset; }
DType Tensor::dtype() const { return impl_of(*this).dtype; }
int64_t Tensor::numel() const { return numel_of(shape()); }
long Tensor::use_count() const { return defined() ? impl_->storage.use_count() : 0; }

int64_t Tensor::size(int64_t d, Loc loc) const { return shape()[wrap_dim(d, dim(), "size", loc)]; }
int64_t Tensor::stride(int64_t d, Loc loc) const {
  return strides()[wrap_dim(d, dim(), "stride", loc)];
}

bool Tensor::is_contiguous() const {
  const auto& s = shape();
  const auto& st = strides();
  int64_t expect = 1;
  for (size_t i = s.size(); i-- > 0;) {
    if (s[i] == 1) continue;
    if (s[i] == 0) return true;
    if (st[i] != expect) return false;
    expect *= s[i];
  }
  return true;
}

bool Tensor::shares_storage(const Tensor& other) const {
  return defined() && other.defined() && impl_->storage == other.impl_->storage;
}

void* Tensor::data_ptr() const {
  realize(*this, "data_ptr() needs the data", Loc::current());
  const auto& im = impl_of(*this, "data_ptr");
  if (!im.storage)
    throw Error("data_ptr: the tensor has no storage (a meta tensor used for shape inference)");
  return static_cast<char*>(im.storage.get()) + im.offset * int64_t(itemsize(im.dtype));
}

void Tensor::check_dtype(DType want, Loc loc) const {
  if (dtype() != want)
    throw Error(fmt::format("data<{}>: the tensor holds {}", name(want), name(dtype())), loc);
}

Scalar Tensor::item_scalar(Loc loc) const {
  realize(*this, "item() needs a concrete value", loc);
  if (numel() != 1)
    throw Error(
        fmt::format("item: needs a tensor with one element, got shape {}", shape_str(shape())),
        loc);
  return visit_dtype(dtype(), [&]<class T>() -> Scalar { return *static_cast<T*>(data_ptr()); });
}

Scalar Tensor::at_scalar(const Shape& index, Loc loc) const {
  realize(*this, "at() reads an element", loc);
  if (int64_t(index.size()) != dim())
    throw Error(fmt::format("at: index {} has {} entries for a tensor of shape {}",
                            shape_str(index), index.size(), shape_str(shape())),
                loc);
  int64_t off = 0;
  for (int64_t d = 0; d < dim(); ++d) {
    int64_t i = index[d] < 0 ? index[d] + shape()[d] : index[d];
    if (i < 0 || i >= shape()[d])
      throw Error(fmt::format("at: index {} out of range for shape {}", shape_str(index),
                              shape_str(shape())),
                  loc);
    off += i * strides()[d];
  }
  char* p = static_cast<char*>(data_ptr()) + off * int64_t(itemsize(dtype()));
  return visit_dtype(dtype(), [&]<class T>() -> Scalar { return *reinterpret_cast<T*>(p); });
}

template <class T>
std::vector<T> Tensor::tolist(Loc loc) const {
  realize(*this, "tolist() reads the data", loc);
  Tensor c = plain_alias(*this).to(dtype_v<T>, loc).contiguous(loc);
  const T* p = static_cast<const T*>(c.data_ptr());
  return std::vector<T>(p, p + c.numel());
}
template std::vector<bool> Tensor::tolist<bool>(Loc) const;
template std::vector<uint8_t> Tensor::tolist<uint8_t>(Loc) const;
template std::vector<int8_t> Tensor::tolist<int8_t>(Loc) const;
template std::vector<int32_t> Tensor::tolist<int32_t>(Loc) const;
template std::vector<int64_t> Tensor::tolist<int64_t>(Loc) const;
template std::vector<Half> Tensor::tolist<Half>(Loc) const;
template std::vector<BFloat16> Tensor::tolist<BFloat16>(Loc) const;
template std::vector<float> Tensor::tolist<float>(Loc) const;
template std::vector<double> Tensor::tolist<double>(Loc) const;

// ---------------------------------------------------------------------------------- views

namespace {
// Strides for viewing (shape, strides) as `target` without a copy, or empty when impossible
// (PyTorch's rule: each run of merged input dims must be contiguous in memory).
std::optional<Shape> view_strides(const Shape& shape, const Shape& strides, const Shape& target) {
  Shape out(target.size());
  if (numel_of(shape) == 0) return contiguous_strides(target);
  int64_t view_d = int64_t(target.size()) - 1;
  int64_t chunk_base_stride = strides.empty() ? 1 : strides.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
    tensor_numel *= shape[d];
    if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensor_numel * chunk_base_stride)) {
      while (view_d >= 0 && (view_numel < tensor_numel || target[view_d] == 1)) {
        out[view_d] = view_numel * chunk_base_stride;
        view_numel *= target[view_d];
        --view_d;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (d > 0) {
        chunk_base_stride = strides[d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return out;
}

Shape infer_shape(const char* op, const Shape& requested, int64_t numel, const Shape& from,
                  Loc loc) {
  Shape s = requested;
  int64_t known = 1, infer_at = -1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == -1) {
      if (infer_at >= 0)
        throw Error(fmt::format("{}: only one dimension can be -1 in {}", op, shape_str(requested)),
                    loc);
      infer_at = int64_t(i);
    } else if (s[i] < 0) {
      throw Error(fmt::format("{}: invalid size {} in {}", op, s[i], shape_str(requested)), loc);
    } else {
      known *= s[i];
    }
  }
  if (infer_at >= 0) {
    if (known == 0 || numel % known != 0)
      throw Error(fmt::format("{}: shape {} is invalid for input of shape {} ({} elements)", op,
                              shape_str(requested), shape_str(from), numel),
                  loc);
    s[infer_at] = numel / known;
  } else if (known != numel) {
    throw Error(fmt::format("{}: shape {} is invalid for input of shape {} ({} elements)", op,
                            shape_str(requested), shape_str(from), numel),
                loc);
  }
  return s;
}
}  // namespace

Tensor Tensor::view(const Shape& target, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "reshape", {{target}}, loc);
  Shape s = infer_shape("view", target, numel(), shape(), loc);
  auto st = view_strides(shape(), strides(), s);
  if (!st)
    throw Error(fmt::format("view: shape {} is not compatible with the strides {} of a tensor of "
                            "shape {}; use reshape(), which copies when it must",
                            shape_str(s), shape_str(strides()), shape_str(shape())),
                loc);
  return make_view(*this, s, *st, offset());
}

Tensor Tensor::reshape(const Shape& target, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "reshape", {{target}}, loc);
  Shape s = infer_shape("reshape", target, numel(), shape(), loc);
  if (auto st = view_strides(shape(), strides(), s)) return make_view(*this, s, *st, offset());
  Tensor c = contiguous(loc);
  return make_view(c, s, contiguous_strides(s), c.offset());
}

Tensor Tensor::permute(const Shape& dims, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "permute", {{dims}}, loc);
  if (int64_t(dims.size()) != dim())
    throw Error(fmt::format("permute: {} dims given for a tensor of shape {}", dims.size(),
                            shape_str(shape())),
                loc);
  Shape s(dims.size()), st(dims.size());
  std::vector<bool> seen(dims.size(), false);
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t d = wrap_dim(dims[i], dim(), "permute", loc);
    if (seen[d])
      throw Error(fmt::format("permute: dim {} repeated in {}", d, shape_str(dims)), loc);
    seen[d] = true;
    s[i] = shape()[d];
    st[i] = strides()[d];
  }
  return make_view(*this, s, st, offset());
}

Tensor Tensor::transpose(int64_t d0, int64_t d1, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "transpose", {{d0, d1}}, loc);
  if (dim() == 0) return *this;
  d0 = wrap_dim(d0, dim(), "transpose", loc);
  d1 = wrap_dim(d1, dim(), "transpose", loc);
  Shape s = shape(), st = strides();
  std::swap(s[d0], s[d1]);
  std::swap(st[d0], st[d1]);
  return make_view(*this, s, st, offset());
}

Tensor Tensor::t(Loc loc) const {
  if (dim() > 2)
    throw Error(fmt::format("t: expects a tensor of rank <= 2, got shape {}", shape_str(shape())),
                loc);
  return dim() < 2 ? *this : transpose(0, 1, loc);
}

Tensor Tensor::slice(int64_t d, int64_t start, int64_t end, int64_t step, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "slice", {{d, start, end, step}}, loc);
  d = wrap_dim(d, dim(), "slice", loc);
  if (dim() == 0) throw Error("slice: cannot slice a 0-d tensor", loc);
  if (step <= 0) throw Error(fmt::format("slice: step must be positive, got {}", step), loc);
  int64_t n = shape()[d];
  if (start < 0) start += n;
  if (end < 0) end += n;
  start = std::clamp<int64_t>(start, 0, n);
  end = std::clamp<int64_t>(end, start, n);
  Shape s = shape(), st = strides();
  s[d] = (end - start + step - 1) / step;
  st[d] *= step;
  return make_view(*this, s, st, offset() + start * strides()[d]);
}

Tensor Tensor::narrow(int64_t d, int64_t start, int64_t length, Loc loc) const {
  d = wrap_dim(d, dim(), "narrow", loc);
  int64_t n = dim() ? shape()[d] : 0;
  if (start < 0) start += n;
  if (start < 0 || length < 0 || start + length > n)
    throw Error(fmt::format("narrow: start {} and length {} out of range for dim {} of shape {}",
                            start, length, d, shape_str(shape())),
                loc);
  return slice(d, start, start + length, 1, loc);
}

Tensor Tensor::select(int64_t d, int64_t index, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "select", {{d, index}}, loc);
  if (dim() == 0) throw Error("select: cannot select from a 0-d tensor", loc);
  d = wrap_dim(d, dim(), "select", loc);
  int64_t n = shape()[d];
  if (index < -n || index >= n)
    throw Error(fmt::format("select: index {} out of range for dim {} of size {} (shape {})", index,
                            d, n, shape_str(shape())),
                loc);
  if (index < 0) index += n;
  Shape s = shape(), st = strides();
  s.erase(s.begin() + d);
  st.erase(st.begin() + d);
  return make_view(*this, s, st, offset() + index * strides()[d]);
}

Tensor Tensor::expand(const Shape& target, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "expand", {{target}}, loc);
  int64_t nd = int64_t(target.size());
  if (nd < dim())
    throw Error(fmt::format("expand: target {} has fewer dims than the tensor's shape {}",
                            shape_str(target), shape_str(shape())),
                loc);
  Shape s(static_cast<size_t>(nd)), st(static_cast<size_t>(nd));
  for (int64_t i = nd - 1; i >= 0; --i) {
    int64_t j = i - (nd - dim());
    int64_t have = j >= 0 ? shape()[j] : 1;
    int64_t want = target[i];
    if (want == -1) {
      if (j < 0)
        throw Error(
            fmt::format("expand: -1 is not allowed for a new leading dim in {}", shape_str(target)),
            loc);
      want = have;
    }
    if (have == want) {
      s[i] = want;
      st[i] = j >= 0 ? strides()[j] : 0;
    } else if (have == 1) {
      s[i] = want;
      st[i] = 0;
    } else {
      throw Error(fmt::format("expand: cannot expand shape {} to {} (dim {} has size {}, not 1)",
                              shape_str(shape()), shape_str(target), i, have),
                  loc);
    }
  }
  return make_view(*this, s, st, offset());
}

Tensor Tensor::squeeze(Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "squeeze", {{Shape{}}}, loc);
  Shape s, st;
  for (int64_t i = 0; i < dim(); ++i)
    if (shape()[i] != 1) {
      s.push_back(shape()[i]);
      st.push_back(strides()[i]);
    }
  return make_view(*this, s, st, offset());
}

Tensor Tensor::squeeze(int64_t d, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "squeeze", {{Shape{d}}}, loc);
  d = wrap_dim(d, dim(), "squeeze", loc);
  if (dim() == 0 || shape()[d] != 1) return *this;
  Shape s = shape(), st = strides();
  s.erase(s.begin() + d);
  st.erase(st.begin() + d);
  return make_view(*this, s, st, offset());
}

Tensor Tensor::unsqueeze(int64_t d, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "unsqueeze", {{d}}, loc);
  d = wrap_dim(d, dim() + 1, "unsqueeze", loc);
  Shape s = shape(), st = strides();
  int64_t stride = d < dim() ? strides()[d] * shape()[d] : 1;
  s.insert(s.begin() + d, 1);
  st.insert(st.begin() + d, stride);
  return make_view(*this, s, st, offset());
}

Tensor Tensor::flatten(int64_t start, int64_t end, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "flatten", {{start, end}}, loc);
  if (dim() == 0) return reshape({1}, loc);
  start = wrap_dim(start, dim(), "flatten", loc);
  end = wrap_dim(end, dim(), "flatten", loc);
  if (start > end)
    throw Error(fmt::format("flatten: start dim {} is after end dim {}", start, end), loc);
  Shape s(shape().begin(), shape().begin() + start);
  int64_t m = 1;
  for (int64_t i = start; i <= end; ++i) m *= shape()[i];
  s.push_back(m);
  s.insert(s.end(), shape().begin() + end + 1, shape().end());
  return reshape(s, loc);
}

Tensor Tensor::diagonal(int64_t off, int64_t d0, int64_t d1, Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "diagonal", {{off, d0, d1}}, loc);
  if (dim() < 2)
    throw Error(fmt::format("diagonal: needs rank >= 2, got shape {}", shape_str(shape())), loc);
  d0 = wrap_dim(d0, dim(), "diagonal", loc);
  d1 = wrap_dim(d1, dim(), "diagonal", loc);
  if (d0 == d1) throw Error(fmt::format("diagonal: dims must differ, both are {}", d0), loc);
  int64_t n0 = shape()[d0], n1 = shape()[d1];
  int64_t len = off >= 0 ? std::max<int64_t>(0, std::min(n0, n1 - off))
                         : std::max<int64_t>(0, std::min(n0 + off, n1));
  int64_t start = len == 0 ? 0 : (off >= 0 ? off * strides()[d1] : -off * strides()[d0]);
  Shape s, st;
  for (int64_t i = 0; i < dim(); ++i)
    if (i != d0 && i != d1) {
      s.push_back(shape()[i]);
      st.push_back(strides()[i]);
    }
  s.push_back(len);
  st.push_back(strides()[d0] + strides()[d1]);
  return make_view(*this, s, st, offset() + start);
}

Tensor Tensor::as_strided(const Shape& s, const Shape& st, int64_t off, Loc loc) const {
  realize(*this, "as_strided() needs memory", loc);
  if (routed(impl_))
    throw Error("as_strided: autograd cannot follow as_strided views; detach() the tensor first",
                loc);
  if (s.size() != st.size())
    throw Error(fmt::format("as_strided: shape {} and strides {} differ in rank", shape_str(s),
                            shape_str(st)),
                loc);
  int64_t last = off;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] < 0 || st[i] < 0)
      throw Error(fmt::format("as_strided: negative size or stride in {} / {}", shape_str(s),
                              shape_str(st)),
                  loc);
    if (s[i] == 0)
      last = off - 1;
    else
      last += (s[i] - 1) * st[i];
  }
  if (off < 0 ||
      (numel_of(s) > 0 && (last + 1) * int64_t(itemsize(dtype())) > int64_t(impl_->storage_bytes)))
    throw Error(fmt::format("as_strided: shape {} strides {} offset {} reaches past the storage",
                            shape_str(s), shape_str(st), off),
                loc);
  return make_view(*this, s, st, off);
}

// --------------------------------------------------------------------------------- copies

Tensor Tensor::contiguous(Loc loc) const {
  if (impl_ && impl_->lazy) return *this;  // graphs have no layouts
  if (is_contiguous()) return *this;
  return clone(loc);
}

Tensor Tensor::clone(Loc loc) const {
  if (routed(impl_)) return lazy_view(*this, "cast", {{dtype()}}, loc);
  Tensor out = empty_tensor(shape(), dtype());
  kernels::copy_into(out, *this);
  return out;
}

Tensor Tensor::to(DType dt, Loc loc) const {
  if (routed(impl_)) return dt == dtype() ? *this : lazy_view(*this, "cast", {{dt}}, loc);
  if (dt == dtype()) return *this;
  Tensor out = empty_tensor(shape(), dt);
  kernels::copy_into(out, *this);
  return out;
}

Tensor& Tensor::copy_(const Tensor& src, Loc loc) {
  bool autograd = g_hooks && g_grad_mode && defined() && src.defined() &&
                  (impl_->requires_grad || src.impl()->requires_grad);
  if (autograd) g_hooks->check_inplace(*this, src, loc);
  if (g_hooks && defined() && src.defined() && g_hooks->assign(*this, src, loc)) {
    impl_->version().fetch_add(1, std::memory_order_relaxed);
    if (autograd) g_hooks->rebase(*this, src, loc);
    return *this;
  }
  realize(*this, "copy_() writes into a tensor being traced", loc);
  realize(src, "copy_() reads a tensor being traced", loc);
  impl_of(*this, "copy_", loc);
  impl_of(src, "copy_", loc);
  // src must broadcast to this shape.
  if (src.dim() > dim())
    throw Error(fmt::format("copy_: source shape {} does not broadcast to {}",
                            shape_str(src.shape()), shape_str(shape())),
                loc);
  for (int64_t i = 0; i < src.dim(); ++i) {
    int64_t have = src.shape()[src.dim() - 1 - i], want = shape()[dim() - 1 - i];
    if (have != want && have != 1)
      throw Error(fmt::format("copy_: source shape {} does not broadcast to {}",
                              shape_str(src.shape()), shape_str(shape())),
                  loc);
  }
  // An overlapping source is read fully before anything is written.
  kernels::copy_into(*this, shares_storage(src) ? plain_alias(src).clone(loc) : src);
  impl_->version().fetch_add(1, std::memory_order_relaxed);
  if (autograd) g_hooks->rebase(*this, src, loc);
  return *this;
}

}  // namespace kiln
