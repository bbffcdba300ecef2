// kiln/onnx.h — ONNX models as kiln functions. kiln::onnx::load reads an .onnx file (weights
// inline or in external-data side files) into a Model: callable on tensors like any kiln
// function (eagerly, op by op), and compilable with kiln::compile like one:
//
//   kiln::onnx::Model m = kiln::onnx::load("resnet18.onnx");
//   std::vector<kiln::Tensor> y = m({x});        // eager
//   auto f = kiln::compile(m);                    // traced into one graph, fused, cached
//   y = f(std::vector<kiln::Tensor>{x});
//
// Shape computations (Shape -> Gather -> Concat -> Reshape, Range, ConstantOfShape ...) fold
// to constants when the graph is traced: they depend only on the inputs' sizes. A compiled
// model traced at two sizes compares the traces, and the attributes that follow the sizes
// become symbolic: one graph then serves every size (data built from sizes, a causal mask or
// position ids, is recorded as ops rather than folded; where a size cannot be named, one graph
// per input shape, and kiln::explain() says why).
// Every node is checked when the model loads (an op kiln does not implement is an error naming
// it, its opset and the node); attribute values and input shapes are checked when a node runs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiln/kir.h"
#include "kiln/tensor.h"

namespace kiln::onnx {

// A graph input or output as the model declares it: a dim is its size, or -1 with its name
// (a dim_param such as "batch"; "" when the model leaves it unnamed).
struct ValueInfo {
  std::string name;
  DType dtype = DType::Float32;
  bool has_shape = false;  // the model declares a shape (rank and dims)
  std::vector<int64_t> dims;
  std::vector<std::string> dim_names;
  std::string str() const;  // "input f32[batch, 3, 224, 224]"
};

class Model {
 public:
  // Runs the model eagerly (or, inside kiln::compile, records it). Inputs in the order of
  // inputs(); their dtypes, ranks and fixed dims must match the model's.
  std::vector<Tensor> operator()(const std::vector<Tensor>& inputs, Loc loc = Loc::current()) const;

  const std::vector<ValueInfo>& inputs() const;
  const std::vector<ValueInfo>& outputs() const;
  int64_t opset() const;  // of the default (ai.onnx) domain
  std::string producer() const;
  std::string graph_name() const;
  size_t num_nodes() const;
  // The graph kiln::compile records for inputs of these shapes and dtypes, for inspection
  // (printing, passes, fusion reports, generated code): the inputs are its first parameters,
  // the weights and folded constants the rest (to run the model, call it or compile it). A
  // node that needs data while tracing is an error here (kiln::compile would break there).
  kir::Program trace(const std::vector<Tensor>& inputs, Loc loc = Loc::current()) const;
  // Op types and how many nodes use each, most used first ("Conv x20, Relu x17, ...").
  std::string op_summary() const;

  struct Impl;
  explicit Model(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const Impl> impl_;
};

// Reads and checks an .onnx file; external-data files are found relative to its folder.
// Malformed files, unsupported ops or dtypes and missing side files throw kiln::Error.
Model load(const std::string& path, Loc loc = Loc::current());
// The same from the bytes of a model in memory (external data relative to `base_dir`).
Model load_from_bytes(const std::string& bytes, const std::string& base_dir = ".",
                      Loc loc = Loc::current());

// ONNX TensorProto files (.pb, the format of ONNX's test data sets): every dtype kiln has,
// bfloat16 included (which .npy cannot hold).
Tensor load_tensor(const std::string& path, Loc loc = Loc::current());
void save_tensor(const std::string& path, const Tensor& t, Loc loc = Loc::current());

// The ONNX op types kiln imports (domain ai.onnx), sorted.
std::vector<std::string> supported_ops();

}  // namespace kiln::onnx
