#include "ir/scalar.h"

#include "ir/op_table.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "runtime/kernel.h"

namespace kiln::ir {

const char* sop_name(SOp op) {
  static constexpr const char* names[] = {
      "const",       "load",       "param",      "neg",   "abs",   "exp",  "exp2",   "log",
      "log2",        "log1p",      "expm1",      "sqrt",  "rsqrt", "sin",  "cos",    "tanh",
      "erf",         "floor",      "ceil",       "round", "isnan", "cast", "add",    "sub",
      "mul",         "div",        "max",        "min",   "pow",   "eq",   "ne",     "lt",
      "le",          "gt",         "ge",         "and",   "or",    "xor",  "select", "reduce_sum",
      "reduce_prod", "reduce_max", "reduce_min", "store"};
  static_assert(sizeof(names) / sizeof(names[0]) == size_t(SOp::Store) + 1);
  return names[size_t(op)];
}

bool is_reduce(SOp op) { return op >= SOp::ReduceSum && op <= SOp::ReduceMin; }

SExpr ScalarBuilder::add(SInst in) {
  if (in.op != SOp::Store && !is_reduce(in.op))
    for (size_t i = 0; i < insts_.size(); ++i)
      if (insts_[i] == in) return SExpr{int(i), in.dtype};
  insts_.push_back(in);
  return SExpr{int(insts_.size()) - 1, in.dtype};
}

SExpr ScalarBuilder::refuse(std::string why) {
  if (why_.empty()) why_ = std::move(why);
  return SExpr{};
}

SExpr ScalarBuilder::constant(double v, DType t) {
  SInst in{SOp::Const, t};
  in.num = v;
  return add(in);
}

SExpr ScalarBuilder::load(int buffer, DType t) {
  SInst in{SOp::Load, t};
  in.aux = buffer;
  return add(in);
}

SExpr ScalarBuilder::param(DType t) { return add(SInst{SOp::Param, t}); }

SExpr ScalarBuilder::unary(SOp op, SExpr x) {
  if (!x.ok()) return x;
  DType t = op == SOp::IsNan ? DType::Bool : x.dtype;
  return add(SInst{op, t, x.id});
}

SExpr ScalarBuilder::binary(SOp op, SExpr x, SExpr y) {
  if (!x.ok() || !y.ok()) return SExpr{};
  if (x.dtype != y.dtype)
    return refuse(
        fmt::format("internal: {} of {} and {}", sop_name(op), name(x.dtype), name(y.dtype)));
  bool cmp = op >= SOp::Eq && op <= SOp::Ge;
  return add(SInst{op, cmp ? DType::Bool : x.dtype, x.id, y.id});
}

SExpr ScalarBuilder::select(SExpr cond, SExpr x, SExpr y) {
  if (!cond.ok() || !x.ok() || !y.ok()) return SExpr{};
  return add(SInst{SOp::Select, x.dtype, cast(cond, DType::Bool).id, x.id, y.id});
}

SExpr ScalarBuilder::cast(SExpr x, DType t) {
  if (!x.ok() || x.dtype == t) return x;
  return add(SInst{SOp::Cast, t, x.id});
}

SExpr ScalarBuilder::reduce(SOp op, SExpr x) {
  if (!x.ok()) return x;
  return add(SInst{op, x.dtype, x.id});
}

void ScalarBuilder::store(int buffer, SExpr x) {
  if (!x.ok()) return;
  SInst in{SOp::Store, x.dtype, x.id};
  in.aux = buffer;
  add(in);
}

SExpr lower_node(ScalarBuilder& b, const OpDef& op, std::span<const SExpr> args, const Attrs& attrs,
                 DType out) {
  auto half = [](DType t) { return t == DType::Float16 || t == DType::BFloat16; };
  std::vector<SExpr> wide(args.begin(), args.end());
  for (SExpr& a : wide)
    if (half(a.dtype)) a = b.cast(a, DType::Float32);
  SExpr r = op.lower(b, wide, attrs, half(out) ? DType::Float32 : out);
  return b.cast(r, out);
}

std::string to_string(std::span<const SInst> insts) {
  std::string s;
  for (size_t i = 0; i < insts.size(); ++i) {
    const SInst& in = insts[i];
    if (in.op != SOp::Store) s += fmt::format("%{} = ", i);
    s += fmt::format("{} {}", sop_name(in.op), short_name(in.dtype));
    if (in.op == SOp::Const) s += fmt::format(" {}", in.num);
    if (in.op == SOp::Load || in.op == SOp::Store) s += fmt::format(" buf{}", in.aux);
    for (int a : {in.a, in.b, in.c})
      if (a >= 0) s += fmt::format(" %{}", a);
    s += "\n";
  }
  return s;
}

// ---------------------------------------------------------------- the ops' lowerings
namespace lower {
namespace {

using Args = std::span<const SExpr>;

SExpr float_only(ScalarBuilder& b, DType out, const char* op) {
  return b.refuse(fmt::format("{} on {} has no fused form", op, name(out)));
}
bool fusable_float(DType t) { return t == DType::Float32 || t == DType::Float64; }

// f(x) computed in the result dtype, which must be float32/64.
template <SOp Op>
SExpr float_unary(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (!fusable_float(out)) return float_only(b, out, sop_name(Op));
  return b.unary(Op, b.cast(a[0], out));
}

SExpr one(ScalarBuilder& b, DType t) { return b.constant(1, t); }
SExpr zero(ScalarBuilder& b, DType t) { return b.constant(0, t); }

// 1 / (1 + exp(-x))
SExpr sigmoid_of(ScalarBuilder& b, SExpr x) {
  DType t = x.dtype;
  return b.binary(SOp::Div, one(b, t),
                  b.binary(SOp::Add, one(b, t), b.unary(SOp::Exp, b.unary(SOp::Neg, x))));
}

template <SOp Op>
SExpr arith(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (!is_floating(out) && (Op == SOp::Div || Op == SOp::Pow))
    return float_only(b, out, sop_name(Op));
  if (out == DType::Float16 || out == DType::BFloat16) return float_only(b, out, sop_name(Op));
  return b.binary(Op, b.cast(a[0], out), b.cast(a[1], out));
}

template <SOp Op>
SExpr compare(ScalarBuilder& b, Args a, const Attrs&, DType) {
  DType t = promote_types(a[0].dtype, a[1].dtype);
  if (t == DType::Float16 || t == DType::BFloat16) return float_only(b, t, sop_name(Op));
  return b.binary(Op, b.cast(a[0], t), b.cast(a[1], t));
}

template <SOp Op>
SExpr logical(ScalarBuilder& b, Args a, const Attrs&, DType) {
  return b.binary(Op, b.cast(a[0], DType::Bool), b.cast(a[1], DType::Bool));
}

}  // namespace

SExpr neg(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (out == DType::Bool) return b.refuse("neg of bool");
  return b.unary(SOp::Neg, b.cast(a[0], out));
}
SExpr abs(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (out == DType::UInt8 || out == DType::Bool) return b.cast(a[0], out);
  return b.unary(SOp::Abs, b.cast(a[0], out));
}
SExpr sign(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  SExpr x = b.cast(a[0], out), z = zero(b, out);
  SExpr s =
      b.select(b.binary(SOp::Gt, x, z), one(b, out),
               out == DType::UInt8 ? z : b.select(b.binary(SOp::Lt, x, z), b.constant(-1, out), z));
  if (is_floating(out)) s = b.select(b.unary(SOp::IsNan, x), x, s);
  return s;
}
SExpr exp(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Exp>(b, a, at, out);
}
SExpr exp2(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Exp2>(b, a, at, out);
}
SExpr log(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Log>(b, a, at, out);
}
SExpr log2(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Log2>(b, a, at, out);
}
SExpr log1p(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Log1p>(b, a, at, out);
}
SExpr expm1(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Expm1>(b, a, at, out);
}
SExpr sqrt(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Sqrt>(b, a, at, out);
}
SExpr rsqrt(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "rsqrt");
  return b.binary(SOp::Div, one(b, out), b.unary(SOp::Sqrt, b.cast(a[0], out)));
}
SExpr reciprocal(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "reciprocal");
  return b.binary(SOp::Div, one(b, out), b.cast(a[0], out));
}
SExpr sin(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Sin>(b, a, at, out);
}
SExpr cos(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Cos>(b, a, at, out);
}
SExpr tanh(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Tanh>(b, a, at, out);
}
SExpr erf(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return float_unary<SOp::Erf>(b, a, at, out);
}
SExpr sigmoid(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "sigmoid");
  return sigmoid_of(b, b.cast(a[0], out));
}
SExpr silu(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "silu");
  SExpr x = b.cast(a[0], out);
  return b.binary(SOp::Mul, x, sigmoid_of(b, x));
}
SExpr relu(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (out == DType::Bool || out == DType::Float16 || out == DType::BFloat16)
    return float_only(b, out, "relu");
  return b.binary(SOp::Max, b.cast(a[0], out), zero(b, out));
}
SExpr gelu(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "gelu");
  SExpr x = b.cast(a[0], out), half = b.constant(0.5, out);
  SExpr inner;
  if (at.s(0) == "tanh") {
    SExpr x3 = b.binary(SOp::Mul, b.binary(SOp::Mul, x, x), x);
    SExpr u = b.binary(SOp::Add, x, b.binary(SOp::Mul, b.constant(0.044715, out), x3));
    inner = b.unary(SOp::Tanh, b.binary(SOp::Mul, b.constant(0.7978845608028654, out), u));
  } else {
    inner = b.unary(SOp::Erf, b.binary(SOp::Mul, x, b.constant(0.7071067811865476, out)));
  }
  return b.binary(SOp::Mul, b.binary(SOp::Mul, half, x), b.binary(SOp::Add, one(b, out), inner));
}
SExpr softplus(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "softplus");
  SExpr x = b.cast(a[0], out), beta = b.constant(at.f(0), out);
  SExpr xb = b.binary(SOp::Mul, x, beta);
  SExpr soft = b.binary(SOp::Div, b.unary(SOp::Log1p, b.unary(SOp::Exp, xb)), beta);
  return b.select(b.binary(SOp::Gt, xb, b.constant(at.f(1), out)), x, soft);
}
SExpr elu(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "elu");
  SExpr x = b.cast(a[0], out);
  SExpr neg = b.binary(SOp::Mul, b.constant(at.f(0), out), b.unary(SOp::Expm1, x));
  return b.select(b.binary(SOp::Gt, x, zero(b, out)), x, neg);
}
SExpr leaky_relu(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "leaky_relu");
  SExpr x = b.cast(a[0], out);
  return b.select(b.binary(SOp::Gt, x, zero(b, out)), x,
                  b.binary(SOp::Mul, x, b.constant(at.f(0), out)));
}

namespace {
template <SOp Op>
SExpr rounding(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (!is_floating(out)) return b.cast(a[0], out);
  if (!fusable_float(out)) return float_only(b, out, sop_name(Op));
  return b.unary(Op, b.cast(a[0], out));
}
}  // namespace
SExpr floor(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return rounding<SOp::Floor>(b, a, at, out);
}
SExpr ceil(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return rounding<SOp::Ceil>(b, a, at, out);
}
SExpr round(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return rounding<SOp::Round>(b, a, at, out);
}
SExpr clamp(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (out == DType::Bool || out == DType::Float16 || out == DType::BFloat16)
    return float_only(b, out, "clamp");
  SExpr x = b.cast(a[0], out);
  auto bound = [&](size_t k) {
    Scalar s = at.scalar(k);
    return b.constant(is_floating(out) ? s.to_double() : double(s.to_int()), out);
  };
  // Comparisons with NaN are false, so NaN passes through both steps, as in eager.
  if (at.has(0)) {
    SExpr lo = bound(0);
    x = b.select(b.binary(SOp::Lt, x, lo), lo, x);
  }
  if (at.has(1)) {
    SExpr hi = bound(1);
    x = b.select(b.binary(SOp::Gt, x, hi), hi, x);
  }
  return x;
}
SExpr logical_not(ScalarBuilder& b, Args a, const Attrs&, DType) {
  DType t = a[0].dtype;
  if (t == DType::Float16 || t == DType::BFloat16) return float_only(b, t, "logical_not");
  return b.binary(SOp::Eq, a[0], zero(b, t));
}
SExpr isnan(ScalarBuilder& b, Args a, const Attrs&, DType) {
  DType t = a[0].dtype;
  if (!is_floating(t)) return b.constant(0, DType::Bool);
  if (!fusable_float(t)) return float_only(b, t, "isnan");
  return b.unary(SOp::IsNan, a[0]);
}
SExpr isinf(ScalarBuilder& b, Args a, const Attrs&, DType) {
  DType t = a[0].dtype;
  if (!is_floating(t)) return b.constant(0, DType::Bool);
  if (!fusable_float(t)) return float_only(b, t, "isinf");
  return b.binary(SOp::Eq, b.unary(SOp::Abs, a[0]),
                  b.constant(std::numeric_limits<double>::infinity(), t));
}
SExpr cast(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  for (DType t : {a[0].dtype, out})
    if (t == DType::Float16 || t == DType::BFloat16) return float_only(b, t, "cast");
  return b.cast(a[0], out);
}
SExpr add(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (out == DType::Bool) return b.binary(SOp::Or, b.cast(a[0], out), b.cast(a[1], out));
  return arith<SOp::Add>(b, a, at, out);
}
SExpr sub(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return arith<SOp::Sub>(b, a, at, out);
}
SExpr mul(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (out == DType::Bool) return b.binary(SOp::And, b.cast(a[0], out), b.cast(a[1], out));
  return arith<SOp::Mul>(b, a, at, out);
}
SExpr div(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  if (at.s(0) != "none") return b.refuse("div with a rounding mode has no fused form");
  return arith<SOp::Div>(b, a, at, out);
}
SExpr pow(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return arith<SOp::Pow>(b, a, at, out);
}
SExpr maximum(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return arith<SOp::Max>(b, a, at, out);
}
SExpr minimum(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return arith<SOp::Min>(b, a, at, out);
}
SExpr eq(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return compare<SOp::Eq>(b, a, at, out);
}
SExpr ne(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return compare<SOp::Ne>(b, a, at, out);
}
SExpr lt(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return compare<SOp::Lt>(b, a, at, out);
}
SExpr le(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return compare<SOp::Le>(b, a, at, out);
}
SExpr gt(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return compare<SOp::Gt>(b, a, at, out);
}
SExpr ge(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return compare<SOp::Ge>(b, a, at, out);
}
SExpr logical_and(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return logical<SOp::And>(b, a, at, out);
}
SExpr logical_or(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return logical<SOp::Or>(b, a, at, out);
}
SExpr logical_xor(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return logical<SOp::Xor>(b, a, at, out);
}
SExpr bitwise_and(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return arith<SOp::And>(b, a, at, out);
}
SExpr bitwise_or(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return arith<SOp::Or>(b, a, at, out);
}
SExpr bitwise_xor(ScalarBuilder& b, Args a, const Attrs& at, DType out) {
  return arith<SOp::Xor>(b, a, at, out);
}
SExpr where(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (out == DType::Float16 || out == DType::BFloat16) return float_only(b, out, "where");
  return b.select(a[0], b.cast(a[1], out), b.cast(a[2], out));
}

namespace {
template <SOp Op>
SExpr reduction(ScalarBuilder& b, Args a, DType out) {
  if (out == DType::Float16 || out == DType::BFloat16 || out == DType::Bool)
    return float_only(b, out, sop_name(Op));
  return b.reduce(Op, b.cast(a[0], out));
}
}  // namespace
SExpr sum(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  return reduction<SOp::ReduceSum>(b, a, out);
}
SExpr prod(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  // float32 products accumulate in float64, as eager's: over 1e5 factors near 1 a float32
  // accumulator came out 2.5e-4 low
  if (out == DType::Float32)
    return b.cast(b.reduce(SOp::ReduceProd, b.cast(a[0], DType::Float64)), out);
  return reduction<SOp::ReduceProd>(b, a, out);
}
SExpr amax(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  return reduction<SOp::ReduceMax>(b, a, out);
}
SExpr amin(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  return reduction<SOp::ReduceMin>(b, a, out);
}
SExpr mean(ScalarBuilder& b, Args a, const Attrs&, DType out) {
  if (!fusable_float(out)) return float_only(b, out, "mean");
  SExpr s = b.reduce(SOp::ReduceSum, b.cast(a[0], out));
  return b.binary(SOp::Mul, s, b.param(out));
}

}  // namespace lower

namespace epilogue {
Epilogue add(const Attrs&) { return {EpiOp::Add}; }
Epilogue sub(const Attrs&) { return {EpiOp::Sub}; }
Epilogue mul(const Attrs&) { return {EpiOp::Mul}; }
Epilogue div(const Attrs& a) { return a.s(0) == "none" ? Epilogue{EpiOp::Div} : Epilogue{}; }
Epilogue relu(const Attrs&) { return {EpiOp::Relu}; }
Epilogue gelu(const Attrs& a) { return {a.s(0) == "tanh" ? EpiOp::GeluTanh : EpiOp::GeluErf}; }
Epilogue tanh(const Attrs&) { return {EpiOp::Tanh}; }
Epilogue sigmoid(const Attrs&) { return {EpiOp::Sigmoid}; }
Epilogue silu(const Attrs&) { return {EpiOp::Silu, 1.f, 0.f}; }
Epilogue elu(const Attrs& a) { return {EpiOp::Elu, float(a.f(0)), 0.f}; }
Epilogue log(const Attrs&) { return {EpiOp::Log}; }
Epilogue abs(const Attrs&) { return {EpiOp::Abs}; }
Epilogue sqrt(const Attrs&) { return {EpiOp::Sqrt}; }
Epilogue neg(const Attrs&) { return {EpiOp::Linear, -1.f, 0.f}; }
Epilogue clamp(const Attrs& a) {
  // The bounds as float32 (the epilogue's dtype), a missing one unbounded.
  float inf = std::numeric_limits<float>::infinity();
  return {EpiOp::Clamp, a.has(0) ? a.scalar(0).to<float>() : -inf,
          a.has(1) ? a.scalar(1).to<float>() : inf};
}
}  // namespace epilogue

}  // namespace kiln::ir
