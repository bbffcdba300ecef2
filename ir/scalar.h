// ir/scalar.h — the scalar expression language of fused kernels. A pointwise op's entry in the
// op table says how to compute one element with these instructions (its `lower` function); a
// reduction's entry says which accumulation it is. Fusion strings the ops of a group together
// into one instruction list (plus loads and stores) and every codegen target renders that list:
// targets switch over these few scalar instructions, never over ops.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kiln/dtype.h"
#include "runtime/epilogue.h"

namespace kiln {
struct Attrs;
}

namespace kiln::ir {

struct OpDef;

enum class SOp : uint8_t {
  // leaves
  Const,  // value `num` in `dtype`
  Load,   // element of buffer `aux`
  Param,  // a per-launch scalar: 1 / (elements reduced), as `dtype`
  // unary (float unless noted)
  Neg,  // float and int
  Abs,  // float and int
  Exp,
  Exp2,
  Log,
  Log2,
  Log1p,
  Expm1,
  Sqrt,
  Rsqrt,
  Sin,
  Cos,
  Tanh,
  Erf,
  Floor,
  Ceil,
  Round,  // half to even
  IsNan,  // -> bool
  Cast,   // to `dtype`
  // binary (operands share a dtype; comparisons give bool)
  Add,
  Sub,
  Mul,
  Div,  // float only
  Max,  // NaN-propagating for floats
  Min,
  Pow,  // float only
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  And,  // bitwise (logical on bool)
  Or,
  Xor,
  Select,  // a ? b : c
  // reductions over the kernel's inner dims; the result is one value per row
  ReduceSum,
  ReduceProd,
  ReduceMax,
  ReduceMin,
  // effects
  Store,  // a -> buffer `aux`
};

const char* sop_name(SOp op);
bool is_reduce(SOp op);

struct SInst {
  SOp op;
  DType dtype;  // of the result (the stored value's for Store)
  int a = -1, b = -1, c = -1;
  double num = 0;  // Const
  int aux = -1;    // Load/Store: buffer index
  bool operator==(const SInst&) const = default;
};

// A handle to an instruction of a ScalarBuilder. `ok()` is false when a lowering refused (the
// builder then holds the reason).
struct SExpr {
  int id = -1;
  DType dtype = DType::Float32;
  bool ok() const { return id >= 0; }
};

// Appends instructions, deduplicating identical ones (so shared subexpressions stay shared).
class ScalarBuilder {
 public:
  SExpr constant(double v, DType t);
  SExpr load(int buffer, DType t);
  SExpr param(DType t);
  SExpr unary(SOp op, SExpr x);
  SExpr binary(SOp op, SExpr x, SExpr y);  // x and y must share a dtype
  SExpr select(SExpr cond, SExpr x, SExpr y);
  SExpr cast(SExpr x, DType t);  // no instruction when x already has dtype t
  SExpr reduce(SOp op, SExpr x);
  void store(int buffer, SExpr x);
  // Refuses the lowering: returns an invalid SExpr and keeps the first reason.
  SExpr refuse(std::string why);

  const std::vector<SInst>& insts() const { return insts_; }
  const std::string& refusal() const { return why_; }

 private:
  SExpr add(SInst in);
  std::vector<SInst> insts_;
  std::string why_;
};

// How a pointwise op computes one element (args already loaded, in their own dtypes; `out` is
// the result dtype from the op's shape rule), or, for a reduction, which accumulation it is.
using ScalarFn = SExpr (*)(ScalarBuilder& b, std::span<const SExpr> args, const Attrs& attrs,
                           DType out);

// One node's element: float16/bfloat16 operands are widened to float32 and the op computes in
// float32, then the result is rounded to the node's dtype — as eager does, one rounding per op.
// Returns an invalid SExpr (reason in the builder) when the op has no fused form here.
SExpr lower_node(ScalarBuilder& b, const OpDef& op, std::span<const SExpr> args, const Attrs& attrs,
                 DType out);

// Readable listing: "%3 = add f32 %1, %2".
std::string to_string(std::span<const SInst> insts);

// What a pointwise op is as a matmul epilogue step: runtime/epilogue.h.
using kiln::Epilogue;
using kiln::EpiOp;
using EpilogueFn = Epilogue (*)(const Attrs& attrs);
namespace epilogue {
Epilogue add(const Attrs&);
Epilogue sub(const Attrs&);
Epilogue mul(const Attrs&);
Epilogue div(const Attrs&);
Epilogue relu(const Attrs&);
Epilogue gelu(const Attrs&);
Epilogue tanh(const Attrs&);
Epilogue sigmoid(const Attrs&);
Epilogue silu(const Attrs&);
Epilogue elu(const Attrs&);
Epilogue log(const Attrs&);
Epilogue abs(const Attrs&);
Epilogue sqrt(const Attrs&);
Epilogue neg(const Attrs&);
Epilogue clamp(const Attrs&);
}  // namespace epilogue

// The lowerings the op table refers to (ir/scalar.cpp).
namespace lower {
SExpr neg(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr abs(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr sign(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr exp(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr exp2(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr log(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr log2(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr log1p(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr expm1(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr sqrt(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr rsqrt(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr reciprocal(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr sin(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr cos(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr tanh(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr sigmoid(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr relu(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr gelu(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr silu(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr softplus(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr elu(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr leaky_relu(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr erf(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr floor(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr ceil(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr round(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr clamp(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr logical_not(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr isnan(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr isinf(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr cast(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr add(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr sub(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr mul(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr div(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr pow(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr maximum(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr minimum(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr eq(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr ne(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr lt(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr le(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr gt(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr ge(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr logical_and(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr logical_or(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr logical_xor(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr bitwise_and(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr bitwise_or(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr bitwise_xor(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr where(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr sum(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr mean(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr prod(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr amax(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
SExpr amin(ScalarBuilder&, std::span<const SExpr>, const Attrs&, DType);
}  // namespace lower

}  // namespace kiln::ir
