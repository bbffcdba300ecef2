// ir/decompose_rules.h — how a composite op is written with primitives that fuse with their
// neighbours (the `decompose` passes). Each op's rule is its entry's OpDef::decompose; the
// rules live in ir/decompose_rules.cpp, one function per op, like ir/scalar.h's lowerings.
#pragma once

namespace kiln::ir {

class Graph;
struct Node;
struct Value;

// Inserts `n`'s replacement before `n` and returns the value replacing its first result, or
// nullptr where the op stays whole (it then runs its own kernel). New nodes may carry
// placeholder types: the pass runs infer_types afterwards.
using DecomposeFn = Value* (*)(Graph& g, Node& n);

namespace decompose {
Value* gelu(Graph& g, Node& n);         // 0.5 x (1 + erf(x / sqrt 2)), or the tanh form
Value* silu(Graph& g, Node& n);         // x sigmoid(x)
Value* softmax(Graph& g, Node& n);      // exp(x - amax) / sum(exp(x - amax))
Value* log_softmax(Graph& g, Node& n);  // (x - amax) - log(sum(exp(x - amax)))
Value* layer_norm(Graph& g, Node& n);   // (x - mean) rsqrt(mean((x - mean)^2) + eps) w + b
Value* rms_norm(Graph& g, Node& n);     // x rsqrt(mean(x^2) + eps) w
Value* var(Graph& g, Node& n);          // mean((x - mean)^2) n / (n - correction)
Value* std(Graph& g, Node& n);          // sqrt of var
Value* logsumexp(Graph& g, Node& n);    // log(sum(exp(x - m))) + m, m = amax (0 where infinite)
Value* linear(Graph& g, Node& n);       // matmul(x, transpose(w)) + b
}  // namespace decompose

}  // namespace kiln::ir
