// runtime/kernels/kernels.h — the eager CPU kernels: plain functions over strided tensors.
// Each takes its inputs and attributes (OpCall) and fills outputs that the op's shape and
// dtype rule already allocated. The op table (ir/op_table.cpp) is the only place that names
// them as ops; these kernels define kiln's semantics (PyTorch's).
#pragma once

#include "runtime/kernel.h"

namespace kiln::kernels {

// Copies src (broadcast to out's shape) into out, converting dtype. Not an op: the building
// block of contiguous(), clone(), to() and copy_().
void copy_into(Tensor& out, const Tensor& src);

#define KILN_KERNEL(name) void name(const OpCall& call, std::span<Tensor> out);
// copy.cpp
KILN_KERNEL(cast)
KILN_KERNEL(constant)
// pointwise_unary.cpp
KILN_KERNEL(neg)
KILN_KERNEL(abs)
KILN_KERNEL(sign)
KILN_KERNEL(exp)
KILN_KERNEL(exp2)
KILN_KERNEL(log)
KILN_KERNEL(log2)
KILN_KERNEL(log1p)
KILN_KERNEL(expm1)
KILN_KERNEL(sqrt)
KILN_KERNEL(rsqrt)
KILN_KERNEL(reciprocal)
KILN_KERNEL(sin)
KILN_KERNEL(cos)
KILN_KERNEL(tan)
KILN_KERNEL(tanh)
KILN_KERNEL(sigmoid)
KILN_KERNEL(relu)
KILN_KERNEL(gelu)
KILN_KERNEL(silu)
KILN_KERNEL(softplus)
KILN_KERNEL(elu)
KILN_KERNEL(leaky_relu)
KILN_KERNEL(erf)
KILN_KERNEL(floor)
KILN_KERNEL(ceil)
KILN_KERNEL(round)
KILN_KERNEL(clamp)
KILN_KERNEL(logical_not)
KILN_KERNEL(isnan)
KILN_KERNEL(isinf)
// pointwise_binary.cpp
KILN_KERNEL(add)
KILN_KERNEL(sub)
KILN_KERNEL(mul)
KILN_KERNEL(div)
KILN_KERNEL(pow)
KILN_KERNEL(remainder)
KILN_KERNEL(maximum)
KILN_KERNEL(minimum)
KILN_KERNEL(eq)
KILN_KERNEL(ne)
KILN_KERNEL(lt)
KILN_KERNEL(le)
KILN_KERNEL(gt)
KILN_KERNEL(ge)
KILN_KERNEL(logical_and)
KILN_KERNEL(logical_or)
KILN_KERNEL(logical_xor)
KILN_KERNEL(bitwise_and)
KILN_KERNEL(bitwise_or)
KILN_KERNEL(bitwise_xor)
KILN_KERNEL(where)
// reduce.cpp
KILN_KERNEL(sum)
KILN_KERNEL(mean)
KILN_KERNEL(prod)
KILN_KERNEL(amax)
KILN_KERNEL(amin)
KILN_KERNEL(argmax)
KILN_KERNEL(argmin)
KILN_KERNEL(var)
KILN_KERNEL(std)
KILN_KERNEL(logsumexp)
KILN_KERNEL(any)
KILN_KERNEL(all)
KILN_KERNEL(cumsum)
// normalization.cpp
KILN_KERNEL(softmax)
KILN_KERNEL(log_softmax)
KILN_KERNEL(layer_norm)
KILN_KERNEL(rms_norm)
KILN_KERNEL(batch_norm)
// linalg.cpp
KILN_KERNEL(matmul)
KILN_KERNEL(mm)
KILN_KERNEL(bmm)
KILN_KERNEL(linear)
// conv.cpp
KILN_KERNEL(conv2d)
KILN_KERNEL(max_pool2d)
KILN_KERNEL(avg_pool2d)
KILN_KERNEL(adaptive_avg_pool2d)
// indexing.cpp
KILN_KERNEL(embedding)
KILN_KERNEL(index_select)
KILN_KERNEL(gather)
KILN_KERNEL(scatter_add)
KILN_KERNEL(masked_fill)
KILN_KERNEL(as_strided_scatter)
KILN_KERNEL(uniform)
KILN_KERNEL(copy_into_op)  // copy_, write_back
KILN_KERNEL(conv2d_input_grad)
KILN_KERNEL(conv2d_weight_grad)
KILN_KERNEL(max_pool2d_backward)
KILN_KERNEL(avg_pool2d_backward)
KILN_KERNEL(adaptive_avg_pool2d_backward)
KILN_KERNEL(cat)
KILN_KERNEL(tril)
KILN_KERNEL(triu)
KILN_KERNEL(one_hot)
KILN_KERNEL(topk)
KILN_KERNEL(sort)
#undef KILN_KERNEL

// Shared helpers for kernels.
// The dtype PyTorch computes `inputs` in (wrapped numbers and 0-d tensors promote weakly).
DType result_type(std::span<const Tensor> inputs);

}  // namespace kiln::kernels
