// codegen/kernel.h — the loop-level kernel every target renders (DESIGN decision 9/10).
//
// A kernel iterates over rows; a row is one point of the outer dims (and, for pointwise
// kernels, one tile of the inner dim). Inside a row it loops over the inner dim: reductions
// accumulate over it in one pass each (a pass per dependency level: softmax needs max, then
// sum, then the output), and the last pass stores the per-element outputs. Each buffer is read
// or written through runtime sizes and strides (elements), so one kernel serves every shape;
// what is compiled in is the scalar body, the dtypes, the number of outer dims and how each
// buffer moves along the inner dim (contiguously, not at all, or by a stride).
//
// The launch arguments are the same for every target:
//   fn(begin_row, end_row, void* const* buffers, const int64_t* geometry)
//   geometry = [inner, tile, tiles, outer sizes..., then per buffer: inner stride, outer
//   strides...]
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/scalar.h"
#include "kiln/tensor.h"
#include "passes/fusion.h"

namespace kiln::codegen {

enum class Access : uint8_t { Contiguous, Broadcast, Strided };

struct KernelBuffer {
  DType dtype;
  bool output = false;
  bool prefix = false;  // shaped like the outer dims only (a reduction without keepdim)
};

struct LoopKernel {
  std::vector<KernelBuffer> buffers;  // inputs, then outputs
  std::vector<ir::SInst> body;
  int reduce_dims = 0;                   // trailing dims of the space that rows reduce over
  std::vector<const ir::Value*> values;  // the graph value behind each buffer
  std::string describe() const;          // buffers and body, as text (hashing, golden tests)
};

// What one launch of a kernel is compiled for.
struct Variant {
  int outer_rank = 0;
  std::vector<Access> access;  // per buffer
  // Outputs written with non-temporal (streaming) stores: set by plan_launch when a launch
  // writes more than the last-level cache holds and every output row is 64-byte aligned.
  bool stream = false;
  std::string key() const;
};

// The values of a group's inputs that are scalar constants are inlined as constants.
LoopKernel build_kernel(const passes::FusionGroup& group);

// The geometry of one launch, from the buffers' actual tensors and the iteration space.
struct Launch {
  Variant variant;
  std::vector<int64_t> geometry;
  std::vector<void*> pointers;
  int64_t rows = 0;
  int64_t row_elements = 0;  // elements of work in one row (for splitting across threads)
  int needs_copy = -1;       // >= 0: that buffer's strides do not fit; pass a contiguous copy
};
// The output size from which launches use streaming stores: Config::stream_min_bytes, or the
// last-level cache's size.
int64_t stream_min_bytes();

// `with_pointers` false: only the variant and geometry (the buffers may be meta tensors).
Launch plan_launch(const LoopKernel& k, const Shape& space, const std::vector<Tensor>& buffers,
                   bool with_pointers = true);

// The kernel as MLIR text (func, scf, arith, math, vector, llvm dialects), one function `name`.
std::string render_mlir(const LoopKernel& k, const Variant& v, const std::string& name,
                        int vector_bits);

}  // namespace kiln::codegen
