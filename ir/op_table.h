// ir/op_table.h — the single table of kiln's ops (DESIGN decision 1). Each entry gives the op's
// name, arity, attributes (names, kinds, defaults), its shape-and-dtype rule, and its eager
// kernel (or, for a view, the function that builds the view). Nothing else in kiln switches
// over ops: the frontend, the IR printer and later the tracer and codegen all read this table.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "ir/decompose_rules.h"
#include "ir/scalar.h"
#include "runtime/epilogue.h"
#include "runtime/kernel.h"

namespace kiln::ir {

struct TensorMeta {
  DType dtype;
  Shape shape;
};

enum class AttrKind { Int, Float, Bool, String, Ints, DType, Scalar };

struct AttrSpec {
  const char* name;
  AttrKind kind;
  AttrValue default_value{};  // monostate: no default
  bool optional = false;      // may be absent ("none"), e.g. clamp's min
};

enum class OpClass {
  Constant,
  Pointwise,
  Reduction,
  Normalization,
  Linalg,
  Indexing,
  View,
  Opaque
};

using InferFn = std::vector<TensorMeta> (*)(const OpCall& call);
using ViewFn = Tensor (*)(const OpCall& call);

// What a backward rule sees: the op's inputs and outputs as saved in the forward pass (those it
// did not save are undefined), its attributes, and the gradient of each output (zeros where an
// output received none). It returns one gradient per input (undefined: none); the autograd
// engine sums a gradient over broadcast dims and casts it to its input's dtype, so rules need
// not.
struct GradCtx {
  std::string_view op;
  std::span<const Tensor> in;
  std::span<const Tensor> out;
  std::span<const Tensor> grad;
  const Attrs& attrs;
  std::span<const TensorMeta> in_meta;
  std::span<const bool> needs;  // which inputs want a gradient
  Loc loc;
};
using GradFn = std::vector<Tensor> (*)(const GradCtx& ctx);
// Which tensors a backward rule reads (the others are not kept alive for it).
enum GradSaves : uint8_t { kSaveNone = 0, kSaveInputs = 1, kSaveOutputs = 2, kSaveAll = 3 };

struct OpDef {
  std::string_view name;
  OpClass cls;
  int min_inputs;
  int max_inputs;  // -1: any number (cat)
  int num_outputs;
  std::vector<AttrSpec> attrs;
  InferFn infer = nullptr;  // shape and dtype rule; validates and throws via OpCall::fail
  KernelFn kernel = nullptr;
  ViewFn view = nullptr;  // views alias their input instead of running a kernel
  bool differentiable = false;
  // Pointwise ops: how to compute one element (ir/scalar.h); reductions (attributes `dims`,
  // `keepdim` first): which accumulation. Null: the op never fuses and runs its kernel.
  ScalarFn lower = nullptr;
  // Pointwise ops that can run as a step of a matmul's epilogue (oneDNN post-ops).
  EpilogueFn epilogue = nullptr;
  // Linalg ops whose result can take an epilogue: the kernel that runs the op with the
  // epilogue applied (oneDNN primitives with post-ops; runtime/epilogue.h).
  EpilogueKernel epilogue_kernel = nullptr;
  // Differentiable ops: the backward rule, written with kiln ops (frontend/grad_rules.h), and
  // what it needs saved. Null on a differentiable op: backward through it is an error.
  GradFn grad = nullptr;
  uint8_t grad_saves = kSaveAll;
  // 4-D results take the channels-last layout of input 0 when it has it (conv2d, pooling;
  // pointwise ops do so for their first operand of the result's shape). The kernel must write
  // strided outputs.
  bool keeps_channels_last = false;
  // Compiled graphs give this op channels-last inputs (a copy where the producer wrote another
  // layout): conv2d, whose oneDNN kernels read and write NHWC without reorders, so a chain of
  // convolutions and the pointwise ops between them stays channels-last.
  bool prefers_channels_last = false;
  // Writes into an input's memory (copy_, write_back): never removed, merged, folded or moved
  // before another node that reads that input.
  bool side_effect = false;
  // Views that read an element of their input more than once (expand). The others can move
  // above the pointwise op that produces their input (passes/sink_views.cpp) at no extra cost.
  bool view_repeats = false;
  // Views that copy an input whose strides they cannot express (reshape, flatten of a transpose).
  bool view_may_copy = false;
  // Composite ops: the same computation written with primitives that fuse with their neighbours
  // (ir/decompose_rules.h), used by the `decompose` passes. `decompose-unfused` applies it only
  // where `lower` is null, so gelu and silu stay whole there (one kernel op, or a matmul
  // epilogue step).
  DecomposeFn decompose = nullptr;
  // Why the rule leaves a node whole, where it may (`kiln ir --explain-fusion`).
  WholeFn whole = nullptr;
};

// The result types of one call of `def`: its shape rule, or for a view the view built on the
// (meta) inputs. Shape rules throw kiln::Error through OpCall::fail.
std::vector<TensorMeta> result_metas(const OpDef& def, const OpCall& call);

// The entry for `name`; throws kiln::Error for an unknown op.
const OpDef& op_def(std::string_view name);
// Every op, built-in and registered (entries never move: references stay valid).
std::vector<const OpDef*> all_ops();
// Adds an op at run time (kiln::register_op); throws if the name is taken.
const OpDef& add_op(OpDef def);
// Whether `v` is a value of attribute kind `kind` (exactly: an Int is not a Float).
bool attr_fits(AttrKind kind, const AttrValue& v);
// The index of an attribute in def.attrs, or -1.
int attr_index(const OpDef& def, std::string_view attr);

}  // namespace kiln::ir
