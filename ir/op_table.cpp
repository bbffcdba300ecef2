// ir/op_table.cpp — every op kiln knows, one entry each. To add an op: add its entry here,
// its kernel in runtime/kernels/ (or reuse a rule from ir/infer.h), and its frontend function.
#include "ir/op_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <mutex>
#include <shared_mutex>

#include "frontend/grad_rules.h"
#include "ir/infer.h"
#include "runtime/kernels/kernels.h"

namespace kiln::ir {

namespace {

namespace k = kiln::kernels;
namespace r = rules;
namespace l = lower;
namespace e = epilogue;
namespace g = kiln::grad_rules;
namespace dc = decompose;
using A = AttrKind;

AttrSpec attr(const char* n, AttrKind kind, AttrValue def = {}) { return AttrSpec{n, kind, def}; }
AttrSpec optional_attr(const char* n, AttrKind kind) { return AttrSpec{n, kind, {}, true}; }

OpDef pointwise(std::string_view n, int arity, InferFn rule, KernelFn kern, ScalarFn lowering,
                std::vector<AttrSpec> attrs = {}, bool diff = true) {
  return OpDef{
      n,       OpClass::Pointwise, arity, arity, 1, std::move(attrs), rule, kern, nullptr, diff,
      lowering};
}

std::vector<AttrSpec> reduce_attrs() {
  return {attr("dims", A::Ints, Shape{}), attr("keepdim", A::Bool, false)};
}
OpDef reduction(std::string_view n, InferFn rule, KernelFn kern, ScalarFn lowering,
                bool diff = true, std::vector<AttrSpec> attrs = reduce_attrs()) {
  return OpDef{n,       OpClass::Reduction, 1, 1, 1, std::move(attrs), rule, kern, nullptr, diff,
               lowering};
}

OpDef op(std::string_view n, OpClass cls, int min_in, int max_in, InferFn rule, KernelFn kern,
         std::vector<AttrSpec> attrs = {}, bool diff = true, int outs = 1) {
  return OpDef{n, cls, min_in, max_in, outs, std::move(attrs), rule, kern, nullptr, diff};
}

OpDef composite(OpDef d, DecomposeFn fn, WholeFn whole = nullptr) {
  d.decompose = fn;
  d.whole = whole;
  return d;
}

OpDef bwd(OpDef d, GradFn fn, uint8_t saves) {
  d.grad = fn;
  d.grad_saves = saves;
  return d;
}

OpDef effect(OpDef d) {
  d.side_effect = true;
  return d;
}

OpDef epi(OpDef d, EpilogueFn fn) {
  d.epilogue = fn;
  return d;
}
OpDef anchor(OpDef d, EpilogueKernel k) {
  d.epilogue_kernel = k;
  return d;
}

OpDef nhwc(OpDef d, bool prefers = false) {
  d.keeps_channels_last = true;
  d.prefers_channels_last = prefers;
  return d;
}

OpDef view(std::string_view n, ViewFn fn, std::vector<AttrSpec> attrs) {
  return OpDef{n, OpClass::View, 1, 1, 1, std::move(attrs), nullptr, nullptr, fn, true};
}
OpDef repeats(OpDef d) {
  d.view_repeats = true;
  return d;
}
OpDef may_copy(OpDef d) {
  d.view_may_copy = true;
  return d;
}

// View builders: the geometry lives in Tensor's methods (runtime/tensor.cpp).
Tensor v_reshape(const OpCall& c) { return c.in[0].reshape(c.attrs.ints(0), c.loc); }
Tensor v_permute(const OpCall& c) { return c.in[0].permute(c.attrs.ints(0), c.loc); }
Tensor v_transpose(const OpCall& c) { return c.in[0].transpose(c.attrs.i(0), c.attrs.i(1), c.loc); }
Tensor v_expand(const OpCall& c) { return c.in[0].expand(c.attrs.ints(0), c.loc); }
Tensor v_slice(const OpCall& c) {
  return c.in[0].slice(c.attrs.i(0), c.attrs.i(1), c.attrs.i(2), c.attrs.i(3), c.loc);
}
Tensor v_squeeze(const OpCall& c) {
  const Shape& dims = c.attrs.ints(0);
  if (dims.empty()) return c.in[0].squeeze(c.loc);
  Shape sorted;
  for (int64_t d : dims) sorted.push_back(c.wrap_dim(d, c.in[0].dim()));
  std::sort(sorted.rbegin(), sorted.rend());
  Tensor t = c.in[0];
  for (int64_t d : sorted) t = t.squeeze(d, c.loc);
  return t;
}
Tensor v_unsqueeze(const OpCall& c) { return c.in[0].unsqueeze(c.attrs.i(0), c.loc); }
Tensor v_select(const OpCall& c) { return c.in[0].select(c.attrs.i(0), c.attrs.i(1), c.loc); }
Tensor v_flatten(const OpCall& c) { return c.in[0].flatten(c.attrs.i(0), c.attrs.i(1), c.loc); }
Tensor v_diagonal(const OpCall& c) {
  return c.in[0].diagonal(c.attrs.i(0), c.attrs.i(1), c.attrs.i(2), c.loc);
}

std::vector<OpDef> build_table() {
  std::vector<OpDef> t;
  auto add = [&](OpDef d) { t.push_back(std::move(d)); };
  // ---- constants (graph nodes; eager code uses the factories)
  add(op(
      "constant", OpClass::Constant, 0, 0, r::constant, k::constant,
      {attr("value", A::Scalar), optional_attr("dtype", A::DType), attr("shape", A::Ints, Shape{})},
      false));
  // ---- pointwise unary
  add(bwd(epi(pointwise("neg", 1, r::unary_numeric, k::neg, l::neg), e::neg), g::neg, kSaveNone));
  add(bwd(epi(pointwise("abs", 1, r::unary_numeric, k::abs, l::abs), e::abs), g::abs, kSaveInputs));
  add(bwd(pointwise("sign", 1, r::unary_numeric, k::sign, l::sign), g::zero, kSaveNone));
  add(bwd(pointwise("exp", 1, r::unary_float, k::exp, l::exp), g::exp, kSaveOutputs));
  add(bwd(pointwise("exp2", 1, r::unary_float, k::exp2, l::exp2), g::exp2, kSaveOutputs));
  add(bwd(epi(pointwise("log", 1, r::unary_float, k::log, l::log), e::log), g::log, kSaveInputs));
  add(bwd(pointwise("log2", 1, r::unary_float, k::log2, l::log2), g::log2, kSaveInputs));
  add(bwd(pointwise("log1p", 1, r::unary_float, k::log1p, l::log1p), g::log1p, kSaveInputs));
  add(bwd(pointwise("expm1", 1, r::unary_float, k::expm1, l::expm1), g::expm1, kSaveOutputs));
  add(bwd(epi(pointwise("sqrt", 1, r::unary_float, k::sqrt, l::sqrt), e::sqrt), g::sqrt,
          kSaveOutputs));
  add(bwd(pointwise("rsqrt", 1, r::unary_float, k::rsqrt, l::rsqrt), g::rsqrt, kSaveOutputs));
  add(bwd(pointwise("reciprocal", 1, r::unary_float, k::reciprocal, l::reciprocal), g::reciprocal,
          kSaveOutputs));
  add(bwd(pointwise("sin", 1, r::unary_float, k::sin, l::sin), g::sin, kSaveInputs));
  add(bwd(pointwise("cos", 1, r::unary_float, k::cos, l::cos), g::cos, kSaveInputs));
  add(bwd(pointwise("tan", 1, r::unary_float, k::tan, nullptr), g::tan, kSaveOutputs));
  add(bwd(epi(pointwise("tanh", 1, r::unary_float, k::tanh, l::tanh), e::tanh), g::tanh,
          kSaveOutputs));
  add(bwd(epi(pointwise("sigmoid", 1, r::unary_float, k::sigmoid, l::sigmoid), e::sigmoid),
          g::sigmoid, kSaveOutputs));
  add(bwd(epi(pointwise("relu", 1, r::unary_numeric, k::relu, l::relu), e::relu), g::relu,
          kSaveOutputs));
  add(composite(bwd(epi(pointwise("gelu", 1, r::gelu, k::gelu, l::gelu,
                                  {attr("approximate", A::String, std::string("none"))}),
                        e::gelu),
                    g::gelu, kSaveInputs),
                dc::gelu));
  add(composite(bwd(epi(pointwise("silu", 1, r::unary_float_only, k::silu, l::silu), e::silu),
                    g::silu, kSaveInputs),
                dc::silu));
  add(bwd(pointwise("softplus", 1, r::unary_float_only, k::softplus, l::softplus,
                    {attr("beta", A::Float, 1.0), attr("threshold", A::Float, 20.0)}),
          g::softplus, kSaveInputs));
  add(bwd(
      epi(pointwise("elu", 1, r::unary_float_only, k::elu, l::elu, {attr("alpha", A::Float, 1.0)}),
          e::elu),
      g::elu, kSaveAll));
  add(bwd(pointwise("leaky_relu", 1, r::unary_float_only, k::leaky_relu, l::leaky_relu,
                    {attr("negative_slope", A::Float, 0.01)}),
          g::leaky_relu, kSaveInputs));
  add(bwd(pointwise("erf", 1, r::unary_float, k::erf, l::erf), g::erf, kSaveInputs));
  add(bwd(pointwise("floor", 1, r::unary_numeric, k::floor, l::floor), g::zero, kSaveNone));
  add(bwd(pointwise("ceil", 1, r::unary_numeric, k::ceil, l::ceil), g::zero, kSaveNone));
  add(bwd(pointwise("round", 1, r::unary_numeric, k::round, l::round), g::zero, kSaveNone));
  add(bwd(epi(pointwise("clamp", 1, r::clamp, k::clamp, l::clamp,
                        {optional_attr("min", A::Scalar), optional_attr("max", A::Scalar)}),
              e::clamp),
          g::clamp, kSaveInputs));
  add(pointwise("logical_not", 1, r::unary_to_bool, k::logical_not, l::logical_not, {}, false));
  add(pointwise("isnan", 1, r::unary_to_bool, k::isnan, l::isnan, {}, false));
  add(pointwise("isinf", 1, r::unary_to_bool, k::isinf, l::isinf, {}, false));
  add(bwd(pointwise("cast", 1, r::cast, k::cast, l::cast, {attr("dtype", A::DType)}), g::identity,
          kSaveNone));
  // ---- pointwise binary
  add(bwd(epi(pointwise("add", 2, r::binary_arith, k::add, l::add), e::add), g::add, kSaveNone));
  add(bwd(epi(pointwise("sub", 2, r::binary_sub, k::sub, l::sub), e::sub), g::sub, kSaveNone));
  add(bwd(epi(pointwise("mul", 2, r::binary_arith, k::mul, l::mul), e::mul), g::mul, kSaveInputs));
  add(bwd(epi(pointwise("div", 2, r::binary_div, k::div, l::div,
                        {attr("rounding_mode", A::String, std::string("none"))}),
              e::div),
          g::div, kSaveInputs));
  add(bwd(pointwise("pow", 2, r::binary_arith, k::pow, l::pow), g::pow, kSaveAll));
  add(bwd(pointwise("remainder", 2, r::binary_arith, k::remainder, nullptr), g::remainder,
          kSaveInputs));
  add(bwd(pointwise("maximum", 2, r::binary_arith, k::maximum, l::maximum), g::maximum,
          kSaveInputs));
  add(bwd(pointwise("minimum", 2, r::binary_arith, k::minimum, l::minimum), g::minimum,
          kSaveInputs));
  add(pointwise("eq", 2, r::binary_compare, k::eq, l::eq, {}, false));
  add(pointwise("ne", 2, r::binary_compare, k::ne, l::ne, {}, false));
  add(pointwise("lt", 2, r::binary_compare, k::lt, l::lt, {}, false));
  add(pointwise("le", 2, r::binary_compare, k::le, l::le, {}, false));
  add(pointwise("gt", 2, r::binary_compare, k::gt, l::gt, {}, false));
  add(pointwise("ge", 2, r::binary_compare, k::ge, l::ge, {}, false));
  add(pointwise("logical_and", 2, r::binary_logical, k::logical_and, l::logical_and, {}, false));
  add(pointwise("logical_or", 2, r::binary_logical, k::logical_or, l::logical_or, {}, false));
  add(pointwise("logical_xor", 2, r::binary_logical, k::logical_xor, l::logical_xor, {}, false));
  add(pointwise("bitwise_and", 2, r::binary_bitwise, k::bitwise_and, l::bitwise_and, {}, false));
  add(pointwise("bitwise_or", 2, r::binary_bitwise, k::bitwise_or, l::bitwise_or, {}, false));
  add(pointwise("bitwise_xor", 2, r::binary_bitwise, k::bitwise_xor, l::bitwise_xor, {}, false));
  add(bwd(pointwise("where", 3, r::where, k::where, l::where), g::where, kSaveInputs));
  // ---- reductions
  add(bwd(reduction("sum", r::reduce_sum, k::sum, l::sum), g::sum, kSaveNone));
  add(bwd(reduction("mean", r::reduce_float, k::mean, l::mean), g::mean, kSaveNone));
  add(bwd(reduction("prod", r::reduce_sum, k::prod, l::prod), g::prod, kSaveAll));
  add(bwd(reduction("amax", r::reduce_same, k::amax, l::amax), g::amax, kSaveAll));
  add(bwd(reduction("amin", r::reduce_same, k::amin, l::amin), g::amax, kSaveAll));
  add(composite(bwd(reduction("var", r::reduce_float, k::var, nullptr, true,
                              {attr("dims", A::Ints, Shape{}), attr("keepdim", A::Bool, false),
                               attr("correction", A::Int, int64_t(1))}),
                    g::var, kSaveInputs),
                dc::var, dc::variance_whole));
  add(composite(bwd(reduction("std", r::reduce_float, k::std, nullptr, true,
                              {attr("dims", A::Ints, Shape{}), attr("keepdim", A::Bool, false),
                               attr("correction", A::Int, int64_t(1))}),
                    g::std, kSaveAll),
                dc::std, dc::variance_whole));
  add(composite(bwd(reduction("logsumexp", r::reduce_logsumexp, k::logsumexp, nullptr),
                    g::logsumexp, kSaveAll),
                dc::logsumexp, dc::logsumexp_whole));
  add(reduction("any", r::reduce_bool, k::any, nullptr, false));
  add(reduction("all", r::reduce_bool, k::all, nullptr, false));
  add(reduction("argmax", r::reduce_arg, k::argmax, nullptr, false,
                {optional_attr("dim", A::Int), attr("keepdim", A::Bool, false)}));
  add(reduction("argmin", r::reduce_arg, k::argmin, nullptr, false,
                {optional_attr("dim", A::Int), attr("keepdim", A::Bool, false)}));
  add(bwd(reduction("cumsum", r::cumsum, k::cumsum, nullptr, true, {attr("dim", A::Int)}),
          g::cumsum, kSaveNone));
  // ---- normalisation
  add(composite(bwd(op("softmax", OpClass::Normalization, 1, 1, r::softmax, k::softmax,
                       {attr("dim", A::Int)}),
                    g::softmax, kSaveOutputs),
                dc::softmax, dc::softmax_whole));
  add(composite(bwd(op("log_softmax", OpClass::Normalization, 1, 1, r::softmax, k::log_softmax,
                       {attr("dim", A::Int)}),
                    g::log_softmax, kSaveOutputs),
                dc::log_softmax, dc::softmax_whole));
  add(composite(bwd(op("layer_norm", OpClass::Normalization, 1, 3, r::layer_norm, k::layer_norm,
                       {attr("normalized_shape", A::Ints), attr("eps", A::Float, 1e-5)}),
                    g::layer_norm, kSaveInputs),
                dc::layer_norm));
  add(composite(bwd(op("rms_norm", OpClass::Normalization, 1, 2, r::rms_norm, k::rms_norm,
                       {attr("normalized_shape", A::Ints), optional_attr("eps", A::Float)}),
                    g::rms_norm, kSaveInputs),
                dc::rms_norm, dc::rms_norm_whole));
  add(bwd(op("batch_norm", OpClass::Normalization, 3, 5, r::batch_norm, k::batch_norm,
             {attr("eps", A::Float, 1e-5)}),
          g::batch_norm, kSaveInputs));
  // ---- linear algebra
  add(bwd(anchor(op("matmul", OpClass::Linalg, 2, 2, r::matmul, k::matmul), matmul_epilogue),
          g::matmul, kSaveInputs));
  add(bwd(anchor(op("mm", OpClass::Linalg, 2, 2, r::mm, k::mm), matmul_epilogue), g::mm,
          kSaveInputs));
  add(bwd(anchor(op("bmm", OpClass::Linalg, 2, 2, r::bmm, k::bmm), matmul_epilogue), g::bmm,
          kSaveInputs));
  add(composite(
      bwd(op("linear", OpClass::Linalg, 2, 3, r::linear, k::linear), g::linear, kSaveInputs),
      dc::linear));
  add(bwd(
      nhwc(anchor(op("conv2d", OpClass::Linalg, 2, 3, r::conv2d, k::conv2d,
                     {attr("stride", A::Ints, Shape{1, 1}), attr("padding", A::Ints, Shape{0, 0}),
                      attr("dilation", A::Ints, Shape{1, 1}), attr("groups", A::Int, int64_t(1))}),
                  conv2d_epilogue),
           /*prefers=*/true),
      g::conv2d, kSaveInputs));
  add(bwd(nhwc(op("max_pool2d", OpClass::Linalg, 1, 1, r::pool2d, k::max_pool2d,
                  {attr("kernel_size", A::Ints), attr("stride", A::Ints, Shape{}),
                   attr("padding", A::Ints, Shape{0, 0})})),
          g::max_pool2d, kSaveInputs));
  add(bwd(op("avg_pool2d", OpClass::Linalg, 1, 1, r::pool2d, k::avg_pool2d,
             {attr("kernel_size", A::Ints), attr("stride", A::Ints, Shape{}),
              attr("padding", A::Ints, Shape{0, 0}), attr("count_include_pad", A::Bool, true)}),
          g::avg_pool2d, kSaveNone));
  add(bwd(op("adaptive_avg_pool2d", OpClass::Linalg, 1, 1, r::adaptive_avg_pool2d,
             k::adaptive_avg_pool2d, {attr("output_size", A::Ints)}),
          g::adaptive_avg_pool2d, kSaveNone));
  // Their gradients (the backward rules above run these).
  std::vector<AttrSpec> conv_attrs = {
      attr("stride", A::Ints, Shape{1, 1}), attr("padding", A::Ints, Shape{0, 0}),
      attr("dilation", A::Ints, Shape{1, 1}), attr("groups", A::Int, int64_t(1))};
  auto with_size = [&](const char* size) {
    std::vector<AttrSpec> a{attr(size, A::Ints)};
    a.insert(a.end(), conv_attrs.begin(), conv_attrs.end());
    return a;
  };
  add(op("conv2d_input_grad", OpClass::Linalg, 2, 2, r::grad_of_size, k::conv2d_input_grad,
         with_size("input_size"), false));
  add(op("conv2d_weight_grad", OpClass::Linalg, 2, 2, r::grad_of_size, k::conv2d_weight_grad,
         with_size("weight_size"), false));
  add(op("max_pool2d_backward", OpClass::Linalg, 2, 2, r::max_pool2d_backward,
         k::max_pool2d_backward,
         {attr("kernel_size", A::Ints), attr("stride", A::Ints, Shape{}),
          attr("padding", A::Ints, Shape{0, 0})},
         false));
  add(op(
      "avg_pool2d_backward", OpClass::Linalg, 1, 1, r::grad_of_size, k::avg_pool2d_backward,
      {attr("input_size", A::Ints), attr("kernel_size", A::Ints), attr("stride", A::Ints, Shape{}),
       attr("padding", A::Ints, Shape{0, 0}), attr("count_include_pad", A::Bool, true)},
      false));
  add(op("adaptive_avg_pool2d_backward", OpClass::Linalg, 1, 1, r::grad_of_size,
         k::adaptive_avg_pool2d_backward, {attr("input_size", A::Ints)}, false));
  // ---- indexing and joining
  add(bwd(op("embedding", OpClass::Indexing, 2, 2, r::embedding, k::embedding), g::embedding,
          kSaveInputs));
  add(bwd(op("index_select", OpClass::Indexing, 2, 2, r::index_select, k::index_select,
             {attr("dim", A::Int)}),
          g::index_select, kSaveInputs));
  add(bwd(op("gather", OpClass::Indexing, 2, 2, r::gather, k::gather, {attr("dim", A::Int)}),
          g::gather, kSaveInputs));
  add(bwd(op("scatter_add", OpClass::Indexing, 3, 3, r::scatter_add, k::scatter_add,
             {attr("dim", A::Int)}),
          g::scatter_add, kSaveInputs));
  add(bwd(op("masked_fill", OpClass::Indexing, 2, 2, r::masked_fill, k::masked_fill,
             {attr("value", A::Scalar)}),
          g::masked_fill, kSaveInputs));
  // In-place writes in graphs: copy_ writes src into dst (a view, or a tensor) and is
  // replaced by the functionalize pass; write_back(param, value) is what that pass leaves: the
  // parameter's final value written into it after every other node.
  add(effect(op("copy_", OpClass::Indexing, 2, 2, r::copy_into, k::copy_into_op, {}, false)));
  add(effect(op("write_back", OpClass::Indexing, 2, 2, r::copy_into, k::copy_into_op, {}, false)));
  // Uniform numbers in [0, 1) from a 0-d int64 seed tensor (dropout's masks; a tensor seed
  // lets a compiled graph draw new numbers on each run).
  add(op("uniform", OpClass::Indexing, 1, 1, r::uniform, k::uniform,
         {attr("shape", A::Ints), attr("dtype", A::DType)}, false));
  // out = a copy of input with src written where input.as_strided(size, stride, storage_offset)
  // would look, on a contiguous layout of input (the gradient of slice, select, diagonal).
  add(bwd(op("as_strided_scatter", OpClass::Indexing, 2, 2, r::as_strided_scatter,
             k::as_strided_scatter,
             {attr("size", A::Ints), attr("stride", A::Ints), attr("storage_offset", A::Int)}),
          g::as_strided_scatter, kSaveNone));
  add(bwd(op("cat", OpClass::Indexing, 1, -1, r::cat, k::cat, {attr("dim", A::Int, int64_t(0))}),
          g::cat, kSaveNone));
  add(bwd(op("tril", OpClass::Indexing, 1, 1, r::triangle, k::tril,
             {attr("diagonal", A::Int, int64_t(0))}),
          g::tril, kSaveNone));
  add(bwd(op("triu", OpClass::Indexing, 1, 1, r::triangle, k::triu,
             {attr("diagonal", A::Int, int64_t(0))}),
          g::triu, kSaveNone));
  add(op("one_hot", OpClass::Indexing, 1, 1, r::one_hot, k::one_hot,
         {attr("num_classes", A::Int, int64_t(-1))}, false));
  add(bwd(op("topk", OpClass::Indexing, 1, 1, r::topk, k::topk,
             {attr("k", A::Int), attr("dim", A::Int, int64_t(-1)), attr("largest", A::Bool, true),
              attr("sorted", A::Bool, true)},
             true, 2),
          g::take_along, kSaveOutputs));
  add(bwd(op("sort", OpClass::Indexing, 1, 1, r::sort, k::sort,
             {attr("dim", A::Int, int64_t(-1)), attr("descending", A::Bool, false)}, true, 2),
          g::take_along, kSaveOutputs));
  // ---- views
  add(bwd(may_copy(view("reshape", v_reshape, {attr("shape", A::Ints)})), g::reshape, kSaveNone));
  add(bwd(view("permute", v_permute, {attr("dims", A::Ints)}), g::permute, kSaveNone));
  add(bwd(view("transpose", v_transpose, {attr("dim0", A::Int), attr("dim1", A::Int)}),
          g::transpose, kSaveNone));
  add(bwd(repeats(view("expand", v_expand, {attr("shape", A::Ints)})), g::identity, kSaveNone));
  add(bwd(view("slice", v_slice,
               {attr("dim", A::Int), attr("start", A::Int), attr("end", A::Int),
                attr("step", A::Int, int64_t(1))}),
          g::slice, kSaveNone));
  add(bwd(view("squeeze", v_squeeze, {attr("dims", A::Ints, Shape{})}), g::reshape, kSaveNone));
  add(bwd(view("unsqueeze", v_unsqueeze, {attr("dim", A::Int)}), g::reshape, kSaveNone));
  add(bwd(view("select", v_select, {attr("dim", A::Int), attr("index", A::Int)}), g::select,
          kSaveNone));
  add(bwd(
      may_copy(view("flatten", v_flatten,
                    {attr("start_dim", A::Int, int64_t(0)), attr("end_dim", A::Int, int64_t(-1))})),
      g::reshape, kSaveNone));
  add(bwd(view("diagonal", v_diagonal,
               {attr("offset", A::Int, int64_t(0)), attr("dim1", A::Int, int64_t(0)),
                attr("dim2", A::Int, int64_t(1))}),
          g::diagonal, kSaveNone));
  return t;
}

// Built-in ops first, then registered ones; a deque never moves its elements.
struct Table {
  std::shared_mutex mu;
  std::deque<OpDef> ops;
  std::deque<std::string> names;  // storage for registered ops' names
};

Table& table() {
  static Table* t = [] {
    auto* tab = new Table;  // leaked: ops are looked up during static destruction too
    for (auto& d : build_table()) tab->ops.push_back(std::move(d));
    return tab;
  }();
  return *t;
}

}  // namespace

std::vector<const OpDef*> all_ops() {
  Table& t = table();
  std::shared_lock lock(t.mu);
  std::vector<const OpDef*> out;
  for (const OpDef& d : t.ops) out.push_back(&d);
  return out;
}

const OpDef& op_def(std::string_view n) {
  Table& t = table();
  std::shared_lock lock(t.mu);
  for (const OpDef& d : t.ops)
    if (d.name == n) return d;
  throw Error(fmt::format("unknown op '{}'", n));
}

const OpDef& add_op(OpDef def) {
  Table& t = table();
  std::unique_lock lock(t.mu);
  for (const OpDef& d : t.ops)
    if (d.name == def.name)
      throw Error(fmt::format("register_op: an op named '{}' exists", def.name));
  t.names.emplace_back(def.name);
  def.name = t.names.back();
  t.ops.push_back(std::move(def));
  return t.ops.back();
}

std::vector<TensorMeta> result_metas(const OpDef& def, const OpCall& call) {
  if (!def.view) return def.infer(call);
  Tensor v = def.view(call);
  return {TensorMeta{v.dtype(), v.shape()}};
}

bool attr_fits(AttrKind kind, const AttrValue& v) {
  switch (kind) {
    case AttrKind::Int:
      return std::holds_alternative<int64_t>(v);
    case AttrKind::Float:
      return std::holds_alternative<double>(v);
    case AttrKind::Bool:
      return std::holds_alternative<bool>(v);
    case AttrKind::String:
      return std::holds_alternative<std::string>(v);
    case AttrKind::Ints:
      return std::holds_alternative<Shape>(v) || std::holds_alternative<SymInts>(v);
    case AttrKind::DType:
      return std::holds_alternative<DType>(v);
    case AttrKind::Scalar:
      return std::holds_alternative<Scalar>(v);
  }
  return false;
}

int attr_index(const OpDef& def, std::string_view a) {
  for (size_t i = 0; i < def.attrs.size(); ++i)
    if (def.attrs[i].name == a) return int(i);
  return -1;
}

}  // namespace kiln::ir
