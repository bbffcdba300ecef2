// frontend/grad_rules.h — the backward rule of each differentiable op, named like the op and
// referenced from its op-table entry (ir/op_table.cpp). Rules are written with kiln ops, so
// they run eagerly or are traced under kiln::compile like any other code.
#pragma once

#include "ir/op_table.h"

namespace kiln::grad_rules {

using Grads = std::vector<Tensor>;
using Ctx = ir::GradCtx;

#define KILN_GRAD(name) Grads name(const Ctx& c);
// pointwise
KILN_GRAD(neg)
KILN_GRAD(abs)
KILN_GRAD(zero)  // sign, floor, ceil, round: zero almost everywhere
KILN_GRAD(exp)
KILN_GRAD(exp2)
KILN_GRAD(log)
KILN_GRAD(log2)
KILN_GRAD(log1p)
KILN_GRAD(expm1)
KILN_GRAD(sqrt)
KILN_GRAD(rsqrt)
KILN_GRAD(reciprocal)
KILN_GRAD(sin)
KILN_GRAD(cos)
KILN_GRAD(tan)
KILN_GRAD(tanh)
KILN_GRAD(sigmoid)
KILN_GRAD(relu)
KILN_GRAD(gelu)
KILN_GRAD(silu)
KILN_GRAD(softplus)
KILN_GRAD(elu)
KILN_GRAD(leaky_relu)
KILN_GRAD(erf)
KILN_GRAD(clamp)
KILN_GRAD(identity)  // cast: the engine casts the gradient back
KILN_GRAD(add)
KILN_GRAD(sub)
KILN_GRAD(mul)
KILN_GRAD(div)
KILN_GRAD(pow)
KILN_GRAD(remainder)
KILN_GRAD(maximum)
KILN_GRAD(minimum)
KILN_GRAD(where)
// reductions and normalisation
KILN_GRAD(sum)
KILN_GRAD(mean)
KILN_GRAD(prod)
KILN_GRAD(amax)  // amin too
KILN_GRAD(var)
KILN_GRAD(std)
KILN_GRAD(logsumexp)
KILN_GRAD(cumsum)
KILN_GRAD(softmax)
KILN_GRAD(log_softmax)
KILN_GRAD(layer_norm)
KILN_GRAD(rms_norm)
KILN_GRAD(batch_norm)
// linear algebra
KILN_GRAD(matmul)
KILN_GRAD(mm)
KILN_GRAD(bmm)
KILN_GRAD(linear)
KILN_GRAD(conv2d)
KILN_GRAD(max_pool2d)
KILN_GRAD(avg_pool2d)
KILN_GRAD(adaptive_avg_pool2d)
// indexing
KILN_GRAD(embedding)
KILN_GRAD(index_select)
KILN_GRAD(gather)
KILN_GRAD(scatter_add)
KILN_GRAD(masked_fill)
KILN_GRAD(cat)
KILN_GRAD(tril)
KILN_GRAD(triu)
KILN_GRAD(take_along)  // topk, sort: values came from the positions in output 1
KILN_GRAD(as_strided_scatter)
// views
KILN_GRAD(reshape)  // also squeeze, unsqueeze, flatten
KILN_GRAD(permute)
KILN_GRAD(transpose)
KILN_GRAD(slice)
KILN_GRAD(select)
KILN_GRAD(diagonal)
#undef KILN_GRAD

}  // namespace kiln::grad_rules
