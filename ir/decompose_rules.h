// ir/decompose_rules.h — how a composite op is written with primitives that fuse with their
// neighbours (the `decompose` passes). Each op's rule is its entry's OpDef::decompose; the
// rules live in ir/decompose_rules.cpp, one function per op, like ir/scalar.h's lowerings.
#pragma once

#include <cstdint>
#include <string>

namespace kiln::ir {

// Rows of fewer elements than this are short: a fused kernel, going row by row (a masked vector
// and horizontal reductions per pass), can lose to eager's kernels there, which take many short
// rows per vector. At 1T over 1.3M floats, fused against eager: softmax over rows of 10, 3.5
// against 3.1 ms; softmax(x * 0.5 + m) over rows of 3, 3.4 against 1.05; cross-entropy over 10
// classes, 4.2 against 3.4; from 32 on the kernel won every case (softmax, log_softmax,
// layer_norm, sum). Below it, softmax and log_softmax stay whole (their rules), traced
// cross-entropy takes the log_softmax form, and other kernels are timed against their ops
// unfused (frontend/executor.cpp); docs/CODEGEN.md, "Short rows".
inline constexpr int64_t kMinFusedRow = 32;
// Whether rows of n elements are short: below kMinFusedRow, unless KILN_SHORT_ROWS=fused.
bool short_row(int64_t n);

class Graph;
struct Node;
struct Value;

// Inserts `n`'s replacement before `n` and returns the value replacing its first result, or
// nullptr where the op stays whole (it then runs its own kernel). New nodes may carry
// placeholder types: the pass runs infer_types afterwards.
using DecomposeFn = Value* (*)(Graph& g, Node& n);
// Why a composite's rule leaves node `n` whole ("" where it decomposes it): the rule's own test,
// and what `kiln ir --explain-fusion` says of the node.
using WholeFn = std::string (*)(const Node& n);

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

std::string softmax_whole(const Node& n);    // softmax, log_softmax: rows under kMinFusedRow
std::string rms_norm_whole(const Node& n);   // float16, bfloat16
std::string variance_whole(const Node& n);   // var, std
std::string logsumexp_whole(const Node& n);  // and reduced dims that may be empty
}  // namespace decompose

}  // namespace kiln::ir
