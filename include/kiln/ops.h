// kiln/ops.h — the eager op API, named and behaving like PyTorch's torch.* functions
// (broadcasting, type promotion, dims that may be negative). Every function takes the
// caller's source location as a defaulted last argument, so a bad call throws a kiln::Error
// that points at the user's line. Each op runs the kernel registered in kiln's op table.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

// ---------------------------------------------------------------- pointwise, unary
#define KILN_UNARY_DECL(name) Tensor name(const Tensor& x, Loc loc = Loc::current());
KILN_UNARY_DECL(neg)
KILN_UNARY_DECL(abs)
KILN_UNARY_DECL(sign)
KILN_UNARY_DECL(exp)
KILN_UNARY_DECL(exp2)
KILN_UNARY_DECL(log)
KILN_UNARY_DECL(log2)
KILN_UNARY_DECL(log1p)
KILN_UNARY_DECL(expm1)
KILN_UNARY_DECL(sqrt)
KILN_UNARY_DECL(rsqrt)
KILN_UNARY_DECL(reciprocal)
KILN_UNARY_DECL(sin)
KILN_UNARY_DECL(cos)
KILN_UNARY_DECL(tan)
KILN_UNARY_DECL(tanh)
KILN_UNARY_DECL(sigmoid)
KILN_UNARY_DECL(relu)
KILN_UNARY_DECL(silu)
KILN_UNARY_DECL(erf)
KILN_UNARY_DECL(floor)
KILN_UNARY_DECL(ceil)
KILN_UNARY_DECL(round)
KILN_UNARY_DECL(logical_not)
KILN_UNARY_DECL(isnan)
KILN_UNARY_DECL(isinf)
#undef KILN_UNARY_DECL
// approximate: "none" (exact, erf) or "tanh".
Tensor gelu(const Tensor& x, const std::string& approximate = "none", Loc loc = Loc::current());
Tensor softplus(const Tensor& x, double beta = 1.0, double threshold = 20.0,
                Loc loc = Loc::current());
Tensor elu(const Tensor& x, double alpha = 1.0, Loc loc = Loc::current());
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.01, Loc loc = Loc::current());
Tensor clamp(const Tensor& x, std::optional<Scalar> min, std::optional<Scalar> max,
             Loc loc = Loc::current());

// ---------------------------------------------------------------- pointwise, binary
#define KILN_BINARY_DECL(name)                                             \
  Tensor name(const Tensor& a, const Tensor& b, Loc loc = Loc::current()); \
  Tensor name(const Tensor& a, const Scalar& b, Loc loc = Loc::current()); \
  Tensor name(const Scalar& a, const Tensor& b, Loc loc = Loc::current());
KILN_BINARY_DECL(add)
KILN_BINARY_DECL(sub)
KILN_BINARY_DECL(mul)
KILN_BINARY_DECL(pow)
KILN_BINARY_DECL(remainder)
KILN_BINARY_DECL(maximum)
KILN_BINARY_DECL(minimum)
KILN_BINARY_DECL(eq)
KILN_BINARY_DECL(ne)
KILN_BINARY_DECL(lt)
KILN_BINARY_DECL(le)
KILN_BINARY_DECL(gt)
KILN_BINARY_DECL(ge)
KILN_BINARY_DECL(logical_and)
KILN_BINARY_DECL(logical_or)
KILN_BINARY_DECL(logical_xor)
KILN_BINARY_DECL(bitwise_and)
KILN_BINARY_DECL(bitwise_or)
KILN_BINARY_DECL(bitwise_xor)
#undef KILN_BINARY_DECL
// rounding_mode: "none" (true division; integers give float32), "trunc" or "floor".
Tensor div(const Tensor& a, const Tensor& b, const std::string& rounding_mode = "none",
           Loc loc = Loc::current());
Tensor div(const Tensor& a, const Scalar& b, const std::string& rounding_mode = "none",
           Loc loc = Loc::current());
Tensor div(const Scalar& a, const Tensor& b, const std::string& rounding_mode = "none",
           Loc loc = Loc::current());
Tensor floor_divide(const Tensor& a, const Tensor& b, Loc loc = Loc::current());
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b, Loc loc = Loc::current());
Tensor where(const Tensor& cond, const Tensor& a, const Scalar& b, Loc loc = Loc::current());
Tensor where(const Tensor& cond, const Scalar& a, const Tensor& b, Loc loc = Loc::current());

// Operators take detail::Operands (kiln/tensor.h), which carry the caller's line.
Tensor operator-(const detail::Operand& x);
Tensor operator!(const detail::Operand& x);
Tensor operator~(const detail::Operand& x);  // logical_not for bool, bitwise for integers
#define KILN_OPERATOR_DECL(sym)                                            \
  Tensor operator sym(const detail::Operand& a, const detail::Operand& b); \
  Tensor operator sym(const detail::Operand& a, const Scalar& b);          \
  Tensor operator sym(const Scalar& a, const detail::Operand& b);
KILN_OPERATOR_DECL(+)
KILN_OPERATOR_DECL(-)
KILN_OPERATOR_DECL(*)
KILN_OPERATOR_DECL(/)
KILN_OPERATOR_DECL(%)
KILN_OPERATOR_DECL(==)
KILN_OPERATOR_DECL(!=)
KILN_OPERATOR_DECL(<)
KILN_OPERATOR_DECL(<=)
KILN_OPERATOR_DECL(>)
KILN_OPERATOR_DECL(>=)
KILN_OPERATOR_DECL(&)
KILN_OPERATOR_DECL(|)
KILN_OPERATOR_DECL(^)
#undef KILN_OPERATOR_DECL

// ---------------------------------------------------------------- in place
// self = self op other, written into self's memory (other broadcasts; self does not). The
// result type must be castable to self's dtype (no float into an integer tensor), as in
// PyTorch. Under kiln::compile the update is functionalized: the graph computes the new value
// and writes it back into self after each run.
Tensor& add_(Tensor& self, const Tensor& other, Loc loc = Loc::current());
Tensor& add_(Tensor& self, const Scalar& other, Loc loc = Loc::current());
Tensor& sub_(Tensor& self, const Tensor& other, Loc loc = Loc::current());
Tensor& sub_(Tensor& self, const Scalar& other, Loc loc = Loc::current());
Tensor& mul_(Tensor& self, const Tensor& other, Loc loc = Loc::current());
Tensor& mul_(Tensor& self, const Scalar& other, Loc loc = Loc::current());
Tensor& div_(Tensor& self, const Tensor& other, Loc loc = Loc::current());
Tensor& div_(Tensor& self, const Scalar& other, Loc loc = Loc::current());
Tensor& fill_(Tensor& self, const Scalar& value, Loc loc = Loc::current());
Tensor& zero_(Tensor& self, Loc loc = Loc::current());

// ---------------------------------------------------------------- reductions
// dims empty means every dim. Integer and bool inputs sum/prod into int64.
Tensor sum(const Tensor& x, const Shape& dims = {}, bool keepdim = false, Loc loc = Loc::current());
Tensor mean(const Tensor& x, const Shape& dims = {}, bool keepdim = false,
            Loc loc = Loc::current());
Tensor prod(const Tensor& x, const Shape& dims = {}, bool keepdim = false,
            Loc loc = Loc::current());
Tensor amax(const Tensor& x, const Shape& dims = {}, bool keepdim = false,
            Loc loc = Loc::current());
Tensor amin(const Tensor& x, const Shape& dims = {}, bool keepdim = false,
            Loc loc = Loc::current());
Tensor logsumexp(const Tensor& x, const Shape& dims = {}, bool keepdim = false,
                 Loc loc = Loc::current());
Tensor any(const Tensor& x, const Shape& dims = {}, bool keepdim = false, Loc loc = Loc::current());
Tensor all(const Tensor& x, const Shape& dims = {}, bool keepdim = false, Loc loc = Loc::current());
// correction 1 is Bessel's (unbiased) estimate, as in torch.var.
Tensor var(const Tensor& x, const Shape& dims = {}, int64_t correction = 1, bool keepdim = false,
           Loc loc = Loc::current());
Tensor std(const Tensor& x, const Shape& dims = {}, int64_t correction = 1, bool keepdim = false,
           Loc loc = Loc::current());
// Without dim: the index into the flattened tensor.
Tensor argmax(const Tensor& x, std::optional<int64_t> dim = std::nullopt, bool keepdim = false,
              Loc loc = Loc::current());
Tensor argmin(const Tensor& x, std::optional<int64_t> dim = std::nullopt, bool keepdim = false,
              Loc loc = Loc::current());
// Values and indices along one dim, like torch.max(x, dim).
std::tuple<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim = false,
                               Loc loc = Loc::current());
std::tuple<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim = false,
                               Loc loc = Loc::current());
Tensor max(const Tensor& x, Loc loc = Loc::current());
Tensor min(const Tensor& x, Loc loc = Loc::current());
Tensor cumsum(const Tensor& x, int64_t dim, Loc loc = Loc::current());

// ---------------------------------------------------------------- normalisation
Tensor softmax(const Tensor& x, int64_t dim, Loc loc = Loc::current());
Tensor log_softmax(const Tensor& x, int64_t dim, Loc loc = Loc::current());
Tensor layer_norm(const Tensor& x, const Shape& normalized_shape, const Tensor& weight = {},
                  const Tensor& bias = {}, double eps = 1e-5, Loc loc = Loc::current());
// eps defaults to the machine epsilon of x's dtype, as in torch.nn.functional.rms_norm.
Tensor rms_norm(const Tensor& x, const Shape& normalized_shape, const Tensor& weight = {},
                std::optional<double> eps = std::nullopt, Loc loc = Loc::current());
// Inference form: normalises with the running statistics.
Tensor batch_norm(const Tensor& x, const Tensor& running_mean, const Tensor& running_var,
                  const Tensor& weight = {}, const Tensor& bias = {}, double eps = 1e-5,
                  Loc loc = Loc::current());

// ---------------------------------------------------------------- linear algebra
// torch.matmul: 1-D, 2-D and batched N-D operands, batch dims broadcast.
Tensor matmul(const Tensor& a, const Tensor& b, Loc loc = Loc::current());
Tensor mm(const Tensor& a, const Tensor& b, Loc loc = Loc::current());
Tensor bmm(const Tensor& a, const Tensor& b, Loc loc = Loc::current());
// x @ weight.T + bias, weight of shape [out_features, in_features].
Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias = {},
              Loc loc = Loc::current());
Tensor conv2d(const Tensor& x, const Tensor& weight, const Tensor& bias = {},
              const Shape& stride = {1, 1}, const Shape& padding = {0, 0},
              const Shape& dilation = {1, 1}, int64_t groups = 1, Loc loc = Loc::current());
// stride empty means stride = kernel_size.
Tensor max_pool2d(const Tensor& x, const Shape& kernel_size, const Shape& stride = {},
                  const Shape& padding = {0, 0}, Loc loc = Loc::current());
Tensor avg_pool2d(const Tensor& x, const Shape& kernel_size, const Shape& stride = {},
                  const Shape& padding = {0, 0}, bool count_include_pad = true,
                  Loc loc = Loc::current());
Tensor adaptive_avg_pool2d(const Tensor& x, const Shape& output_size, Loc loc = Loc::current());

// ---------------------------------------------------------------- indexing and joining
// Rows of weight [num_embeddings, dim] picked by integer indices of any shape.
Tensor embedding(const Tensor& weight, const Tensor& indices, Loc loc = Loc::current());
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index, Loc loc = Loc::current());
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index, Loc loc = Loc::current());
// A copy of x with src added at the positions index names along dim.
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src,
                   Loc loc = Loc::current());
Tensor masked_fill(const Tensor& x, const Tensor& mask, const Scalar& value,
                   Loc loc = Loc::current());
Tensor cat(const std::vector<Tensor>& tensors, int64_t dim = 0, Loc loc = Loc::current());
Tensor stack(const std::vector<Tensor>& tensors, int64_t dim = 0, Loc loc = Loc::current());
// Views of x, like torch.split(x, split_size, dim) and torch.chunk.
std::vector<Tensor> split(const Tensor& x, int64_t split_size, int64_t dim = 0,
                          Loc loc = Loc::current());
std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim = 0,
                          Loc loc = Loc::current());
Tensor tril(const Tensor& x, int64_t diagonal = 0, Loc loc = Loc::current());
Tensor triu(const Tensor& x, int64_t diagonal = 0, Loc loc = Loc::current());
Tensor one_hot(const Tensor& x, int64_t num_classes = -1, Loc loc = Loc::current());
std::tuple<Tensor, Tensor> topk(const Tensor& x, int64_t k, int64_t dim = -1, bool largest = true,
                                bool sorted = true, Loc loc = Loc::current());
// A stable sort: equal values keep their order.
std::tuple<Tensor, Tensor> sort(const Tensor& x, int64_t dim = -1, bool descending = false,
                                Loc loc = Loc::current());

// ---------------------------------------------------------------- by name
// Runs any op of the table by name, with attributes by name; what `kiln` tools and tests use
// to drive ops generically. Unknown ops or attributes throw kiln::Error.
using OpAttr = std::variant<int64_t, double, bool, std::string, Shape, DType, Scalar>;
std::vector<Tensor> call_op(const std::string& op, const std::vector<Tensor>& inputs,
                            const std::vector<std::pair<std::string, OpAttr>>& attrs = {},
                            Loc loc = Loc::current());
// Names of every op in the table.
std::vector<std::string> op_names();

}  // namespace kiln
