// ir/infer.h — the shape-and-dtype rules that op table entries point at. Rules are shared by
// families of ops (every unary float op, every comparison, every reduction ...), so a new op
// usually reuses one. Each validates its inputs and fails through OpCall::fail.
#pragma once

#include "ir/op_table.h"

namespace kiln::ir::rules {

Shape broadcast_shapes(const OpCall& call, std::span<const Shape> shapes);

#define KILN_RULE(name) std::vector<TensorMeta> name(const OpCall& call);
KILN_RULE(cast)
KILN_RULE(unary_float)       // ints and bool compute in float32 (exp, sin, sigmoid, ...)
KILN_RULE(unary_float_only)  // floating dtypes only (silu, softplus, ...)
KILN_RULE(gelu)              // unary_float_only, and approximate is "none" or "tanh"
KILN_RULE(unary_numeric)     // keeps the dtype; bool refused (neg, abs, relu, floor, ...)
KILN_RULE(unary_to_bool)     // any dtype in, bool out (isnan, logical_not, ...)
KILN_RULE(clamp)
KILN_RULE(binary_arith)  // add, mul, maximum, remainder, pow ...
KILN_RULE(binary_sub)
KILN_RULE(binary_div)
KILN_RULE(binary_compare)  // eq ... ge: bool out
KILN_RULE(binary_logical)
KILN_RULE(binary_bitwise)
KILN_RULE(where)
KILN_RULE(reduce_sum)    // sum, prod: integers accumulate in int64
KILN_RULE(reduce_float)  // mean, var, std: floating dtypes only
KILN_RULE(reduce_same)   // amax, amin: dtype kept, non-empty reduced dims
KILN_RULE(reduce_logsumexp)
KILN_RULE(reduce_bool)  // any, all
KILN_RULE(reduce_arg)   // argmax, argmin
KILN_RULE(cumsum)
KILN_RULE(softmax)
KILN_RULE(layer_norm)
KILN_RULE(rms_norm)
KILN_RULE(batch_norm)
KILN_RULE(matmul)
KILN_RULE(mm)
KILN_RULE(bmm)
KILN_RULE(linear)
KILN_RULE(conv2d)
KILN_RULE(pool2d)
KILN_RULE(adaptive_avg_pool2d)
KILN_RULE(embedding)
KILN_RULE(index_select)
KILN_RULE(gather)
KILN_RULE(scatter_add)
KILN_RULE(masked_fill)
KILN_RULE(as_strided_scatter)
KILN_RULE(uniform)
KILN_RULE(copy_into)     // copy_, write_back: dst's type; src broadcasts and casts to it
KILN_RULE(grad_of_size)  // conv/pool gradients: the shape in attribute 0, g's dtype
KILN_RULE(max_pool2d_backward)
KILN_RULE(cat)
KILN_RULE(triangle)  // tril, triu
KILN_RULE(one_hot)
KILN_RULE(topk)
KILN_RULE(sort)
KILN_RULE(constant)
#undef KILN_RULE

}  // namespace kiln::ir::rules
