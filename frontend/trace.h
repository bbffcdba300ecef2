// frontend/trace.h — the tracer behind kiln::compile. While a Tracer is current on a thread,
// frontend::run records each op as a node of an ir::Graph and returns lazy tensors (shape and
// dtype, no data). Tensors that are not lazy become graph parameters bound to their handles;
// numbers written in the code (x * 2.5) become constants. Anything that needs data
// materializes: the pending graph runs, every live lazy tensor receives its data in place, and
// tracing goes on in a new segment (a graph break).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "frontend/autograd.h"
#include "ir/graph.h"

namespace kiln::frontend {

class Executable;

class Tracer;

// What a lazy TensorImpl points at.
struct LazyValue {
  Tracer* tracer;
  ir::Value* value;
};

struct BreakInfo {
  std::string reason;
  Loc loc;
};

class Tracer {
 public:
  Tracer(std::string name, bool fullgraph);
  ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  // Lazy stand-ins for the function's inputs: the first parameters of the graph.
  std::vector<Tensor> begin(const std::vector<Tensor>& inputs);
  std::vector<Tensor> record(const ir::OpDef& op, std::span<const Tensor> inputs, Attrs attrs,
                             Loc loc);
  // A graph break: runs the pending segment and fills every live lazy tensor.
  void materialize(std::string_view reason, Loc loc);
  // dst.copy_(src): functionalized (dst's new value is written back when the graph runs),
  // or false when it must happen eagerly (dst is lazy or aliases another graph input).
  bool assign(Tensor& dst, const Tensor& src, Loc loc);

  struct Capture {
    ir::Graph graph;               // parameters: the inputs, then the captured tensors
    std::vector<Tensor> captured;  // bound to the parameters after the inputs
    size_t num_inputs = 0;
    size_t num_outputs = 0;  // the graph's first returns; the rest are write-backs
    // After a run: parameter p (input or captured) receives return r.
    std::vector<std::pair<size_t, size_t>> write_backs;
    // Grads of leaves (kiln/autograd.h) the function read or set. A replay first checks that
    // each read grad is still (un)defined as when traced and binds the current grad tensor to
    // its parameter (`param`, kNone: not read by the graph); after the run, grads the function
    // set are assigned (`ret`: a return, kNone: no grad).
    static constexpr size_t kNone = size_t(-1);
    struct GradUse {
      Tensor leaf;
      bool guarded = false;  // the function read the grad's state before setting it
      bool defined = false;  // ... and it was defined then
      size_t param = kNone;
      bool sets = false;  // the function left a new grad
      size_t ret = kNone;
    };
    std::vector<GradUse> grads;
    // Set when finish() built the executable (then `graph` was moved into it).
    std::shared_ptr<Executable> exec;
  };
  // Prepares a captured graph (its returns: the outputs, then the write-backs) and makes the
  // executable that runs it compiled.
  using Build = std::function<std::shared_ptr<Executable>(ir::Graph&& graph)>;
  // Ends the call: fills the outputs (and any other live lazy tensor) with data. Without a
  // break, returns the whole call as one graph whose returns are the outputs. With `build`,
  // the first run already goes through the compiled executable (so the first result comes
  // from fused kernels), unless the function left other lazy tensors alive. `loc`: where an
  // error of that run is reported (the compiled function's; replays report the same).
  std::optional<Capture> finish(std::vector<Tensor>& outputs, const Build& build = {},
                                Loc loc = Loc::current());

  // Before a leaf's grad is read (`read`) or replaced: replays guard on what was read and
  // assign the grad the function leaves (see Capture::grads).
  void note_grad(const Tensor& leaf, const Tensor& grad, bool read);
  // Another handle on lazy tensor t's value (detach(), grads): tracked like t.
  Tensor alias(const Tensor& t);

  bool broke() const { return !breaks_.empty(); }
  const std::vector<BreakInfo>& breaks() const { return breaks_; }
  bool shape_read = false;  // the function read a lazy tensor's sizes
  // ... only inside a SizesAsData scope: to compute values that the graph then holds (an ONNX
  // model's shape subgraphs), not to decide what to do.
  bool sizes_as_data = false;
  // Dim `dim` of input stand-in `t` may take other sizes (an ONNX model's dim_param):
  // kiln::compile may trace again at another size right away to make the graph generic.
  void note_varying(const Tensor& t, int64_t dim) {
    for (size_t i = 0; i < stand_ins_.size(); ++i)
      if (stand_ins_[i] == t.impl() && dim < 64) {
        varying.resize(stand_ins_.size(), 0);
        varying[i] |= uint64_t(1) << dim;
      }
  }
  std::vector<uint64_t> varying;  // per input: the dims note_varying named
  // Whether tracing the function again would change nothing outside the trace: no grads read
  // or set, no in-place updates of concrete tensors, no input or captured tensor that
  // requires grad (kiln::compile traces such a function again at other sizes).
  bool pure() const {
    if (!grad_notes_.empty() || !mutations_.empty() || !input_edges_.empty()) return false;
    for (const Tensor& t : bound_)
      if (t.requires_grad()) return false;
    return true;
  }
  // A lazy handle on concrete tensor t (a captured parameter of the graph), so that the ops
  // applied to it are recorded rather than run: a value built from sizes (an ONNX model's
  // position ids or causal mask) then stays an expression of them.
  Tensor lift(const Tensor& t) { return make_lazy(value_of(t, t.dtype())); }
  // The tensor bound to each parameter of the graph so far: the inputs, then captured ones.
  const std::vector<Tensor>& bound() const { return bound_; }

 private:
  ir::Value* value_of(const Tensor& t, DType wrapped_as);
  Tensor make_lazy(ir::Value* v);
  void reset_segment();
  std::vector<Tensor> eager_fallback(const ir::OpDef& op, std::span<const Tensor> inputs,
                                     Attrs attrs, Loc loc, const std::string& why);

  std::string name_;
  bool fullgraph_;
  std::unique_ptr<ir::Graph> graph_;
  std::vector<Tensor> bound_;  // the tensor for each parameter of the current segment
  std::vector<std::pair<const void*, ir::Value*>> captured_;  // impl -> parameter
  std::vector<std::weak_ptr<TensorImpl>> lazies_;
  struct Mutation {
    Tensor dst;
    ir::Value* value;
  };
  std::vector<Mutation> mutations_;  // in-place updates of concrete tensors, latest value
  ir::Value* latest(const Tensor& t);
  void apply_mutations(const std::vector<Tensor>& results, size_t first);
  std::vector<BreakInfo> breaks_;
  std::vector<const TensorImpl*> stand_ins_;  // the lazy stand-in of each input
  std::vector<Edge> input_edges_;             // inputs' grad accumulators, held while tracing
  struct GradNote {
    Tensor leaf, first;  // the grad when first seen
    bool read_first;
  };
  std::vector<GradNote> grad_notes_;
  size_t num_inputs_ = 0;
  int segment_ = 0;
};

// While alive on this thread, the sizes read from lazy tensors only compute values the graph
// holds (attributes, constants), never choose what the traced code does: kiln::compile may then
// compare two traces at other sizes to make the graph shape-generic (frontend/generalize.h).
// An imported ONNX model runs its converters in one.
class SizesAsData {
 public:
  SizesAsData();
  ~SizesAsData();
  SizesAsData(const SizesAsData&) = delete;
  SizesAsData& operator=(const SizesAsData&) = delete;
};

// The tracer of this thread, or null.
Tracer* current_tracer();

// Makes `t` current on this thread for its lifetime (null: no tracing, e.g. while a segment runs).
class TracerScope {
 public:
  explicit TracerScope(Tracer* t);
  ~TracerScope();
  TracerScope(const TracerScope&) = delete;
  TracerScope& operator=(const TracerScope&) = delete;

 private:
  Tracer* previous_;
};

}  // namespace kiln::frontend
