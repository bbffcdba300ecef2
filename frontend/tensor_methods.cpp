// frontend/tensor_methods.cpp — Tensor's method forms, each the free function of kiln/ops.h.
#include "kiln/ops.h"

namespace kiln {

#define KILN_METHOD0(name) \
  Tensor Tensor::name(Loc loc) const { return kiln::name(*this, loc); }
KILN_METHOD0(abs)
KILN_METHOD0(neg)
KILN_METHOD0(exp)
KILN_METHOD0(log)
KILN_METHOD0(sqrt)
KILN_METHOD0(sigmoid)
KILN_METHOD0(tanh)
KILN_METHOD0(relu)
KILN_METHOD0(max)
KILN_METHOD0(min)
#undef KILN_METHOD0

#define KILN_REDUCE_METHOD(name)                                        \
  Tensor Tensor::name(const Shape& dims, bool keepdim, Loc loc) const { \
    return kiln::name(*this, dims, keepdim, loc);                       \
  }
KILN_REDUCE_METHOD(sum)
KILN_REDUCE_METHOD(mean)
KILN_REDUCE_METHOD(amax)
KILN_REDUCE_METHOD(amin)
#undef KILN_REDUCE_METHOD

Tensor Tensor::argmax(int64_t dim, bool keepdim, Loc loc) const {
  return kiln::argmax(*this, dim, keepdim, loc);
}
Tensor Tensor::softmax(int64_t dim, Loc loc) const { return kiln::softmax(*this, dim, loc); }
Tensor Tensor::log_softmax(int64_t dim, Loc loc) const {
  return kiln::log_softmax(*this, dim, loc);
}
Tensor Tensor::matmul(const Tensor& other, Loc loc) const {
  return kiln::matmul(*this, other, loc);
}
Tensor Tensor::pow(const Scalar& e, Loc loc) const { return kiln::pow(*this, e, loc); }
Tensor Tensor::clamp(std::optional<Scalar> lo, std::optional<Scalar> hi, Loc loc) const {
  return kiln::clamp(*this, lo, hi, loc);
}
Tensor Tensor::masked_fill(const Tensor& mask, const Scalar& value, Loc loc) const {
  return kiln::masked_fill(*this, mask, value, loc);
}

#define KILN_COMPOUND_DEF(sym, fn)                                                               \
  Tensor& Tensor::operator sym(const detail::Operand & o) { return fn(*this, o.tensor, o.loc); } \
  Tensor& Tensor::operator sym(const detail::ScalarOperand & o) {                                \
    return fn(*this, o.scalar, o.loc);                                                           \
  }
KILN_COMPOUND_DEF(+=, add_)
KILN_COMPOUND_DEF(-=, sub_)
KILN_COMPOUND_DEF(*=, mul_)
KILN_COMPOUND_DEF(/=, div_)
#undef KILN_COMPOUND_DEF

}  // namespace kiln
