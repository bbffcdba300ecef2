// tools/onnx.cpp — the `kiln` subcommands on .onnx models: `kiln ir` prints the graph kiln
// records for the model, `kiln run` runs it on .npy inputs, `kiln bench` times it eager vs
// compiled. Dynamic dims (dim_param) take their sizes from --dim name=N (default 1).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "kiln/kiln.h"
#include "tools/commands.h"

namespace kiln::tools {

bool is_onnx(const std::string& path) { return std::filesystem::path(path).extension() == ".onnx"; }

std::map<std::string, int64_t> parse_dims(const std::vector<std::string>& dims) {
  std::map<std::string, int64_t> sizes;
  for (const auto& d : dims) {
    auto eq = d.find('=');
    int64_t n = -1;
    try {
      if (eq != std::string::npos) n = std::stoll(d.substr(eq + 1));
    } catch (const std::exception&) {
    }
    if (n < 0) throw Error(fmt::format("--dim takes name=size, not '{}'", d));
    sizes[d.substr(0, eq)] = n;
  }
  return sizes;
}

void check_dims(const std::map<std::string, int64_t>& sizes, const std::set<std::string>& names,
                const std::string& of) {
  for (const auto& [name, size] : sizes)
    if (!names.count(name))
      throw Error(fmt::format("--dim {}: {} has no symbolic dim named '{}' (its symbolic dims: {})",
                              name, of, name,
                              names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "))));
}

std::set<std::string> symbols(const kir::Program& p, size_t graph) {
  std::set<std::string> out;
  for (const auto& param : p.params(graph))
    for (const auto& dim : param.dims)
      if (!dim.symbol.empty()) out.insert(dim.symbol);
  return out;
}

namespace {

// Random inputs of the model's declared types: normal floats, zero indices, false flags.
std::vector<Tensor> example_inputs(const onnx::Model& m,
                                   const std::map<std::string, int64_t>& sizes,
                                   std::vector<std::string>& defaulted) {
  Generator gen(1);
  std::set<std::string> dynamic;  // the names --dim may give
  for (const auto& v : m.inputs())
    for (size_t d = 0; d < v.dims.size(); ++d)
      if (v.dims[d] < 0 && !v.dim_names[d].empty()) dynamic.insert(v.dim_names[d]);
  check_dims(sizes, dynamic, "the model");
  std::vector<Tensor> inputs;
  for (const auto& v : m.inputs()) {
    Shape s;
    for (size_t d = 0; d < v.dims.size(); ++d) {
      if (v.dims[d] >= 0) {
        s.push_back(v.dims[d]);
        continue;
      }
      auto it = sizes.find(v.dim_names[d]);
      if (it != sizes.end()) {
        s.push_back(it->second);
      } else {
        s.push_back(1);
        defaulted.push_back(v.dim_names[d].empty() ? fmt::format("{}[{}]", v.name, d)
                                                   : v.dim_names[d]);
      }
    }
    inputs.push_back(is_floating(v.dtype) ? randn(s, v.dtype, &gen) : zeros(s, v.dtype));
  }
  return inputs;
}

}  // namespace

kir::Program onnx_program(const std::string& path, const std::vector<std::string>& dims) {
  onnx::Model m = onnx::load(path);
  std::vector<std::string> defaulted;
  std::vector<Tensor> inputs = example_inputs(m, parse_dims(dims), defaulted);
  if (!defaulted.empty())
    fmt::print(stderr, "kiln: dynamic dims taken as 1 (set them with --dim NAME=N): {}\n",
               fmt::join(defaulted, ", "));
  return m.trace(inputs);
}

// Tensors from .npy or .pb (TensorProto) files, in order; `pb`: whether the last was a .pb.
std::vector<Tensor> load_inputs(const std::vector<std::string>& paths, bool& pb) {
  std::vector<Tensor> inputs;
  for (const auto& path : paths) {
    pb = std::filesystem::path(path).extension() == ".pb";
    inputs.push_back(pb ? onnx::load_tensor(path) : load_npy(path));
  }
  return inputs;
}

int run_onnx(const RunOptions& o) {
  onnx::Model m = onnx::load(o.file);
  bool pb = false;  // TensorProto files in, TensorProto files out
  std::vector<Tensor> inputs = load_inputs(o.inputs, pb);
  std::vector<Tensor> outs;
  if (o.eager) {
    outs = m(inputs);
  } else {
    auto f = compile(m, CompileOptions{.name = "onnx"});
    outs = f(inputs);
  }
  if (!o.out_dir.empty()) std::filesystem::create_directories(o.out_dir);
  for (size_t i = 0; i < outs.size(); ++i) {
    const std::string& name = m.outputs()[i].name;
    if (!o.out_dir.empty()) {
      std::string path = fmt::format("{}/out_{}.{}", o.out_dir, i, pb ? "pb" : "npy");
      if (pb)
        onnx::save_tensor(path, outs[i]);
      else
        save_npy(path, outs[i]);
      fmt::print("out_{} ({}): {} {} -> {}\n", i, name, kiln::name(outs[i].dtype()),
                 shape_str(outs[i].shape()), path);
    } else {
      fmt::print("out_{} ({}): {} {}\n{}\n", i, name, kiln::name(outs[i].dtype()),
                 shape_str(outs[i].shape()), outs[i].to_string());
    }
  }
  return 0;
}

int bench_onnx(const BenchOptions& o) {
  onnx::Model m = onnx::load(o.file);
  std::vector<std::string> defaulted;
  if (!o.inputs.empty() && !o.dims.empty())
    throw Error("bench: --dim with --inputs (the inputs' shapes give the dims)");
  bool pb = false;
  std::vector<Tensor> inputs = o.inputs.empty() ? example_inputs(m, parse_dims(o.dims), defaulted)
                                                : load_inputs(o.inputs, pb);
  fmt::print("{}: opset {}, {} nodes ({}), producer {}\n", o.file, m.opset(), m.num_nodes(),
             m.op_summary(), m.producer().empty() ? "unknown" : m.producer());
  for (const auto& t : inputs)
    fmt::print("input {} {}\n", kiln::name(t.dtype()), shape_str(t.shape()));
  if (!defaulted.empty())
    fmt::print("dynamic dims taken as 1 (set them with --dim NAME=N): {}\n",
               fmt::join(defaulted, ", "));
  auto f = compile(m, CompileOptions{.name = "onnx"});
  reset_explain();
  auto t0 = std::chrono::steady_clock::now();
  f(inputs);
  double first =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  double eager = median_ms(o.iters, [&] { m(inputs); });
  double compiled = median_ms(o.iters, [&] { f(inputs); });
  fmt::print("first compiled call {:.1f} ms (traces and compiles its kernels)\n", first);
  fmt::print(
      "eager (op by op)   {:10.3f} ms\ncompiled (fused)   {:10.3f} ms\nspeed-up over eager: "
      "{:.2f}x\n",
      eager, compiled, eager / compiled);
  std::string why = kiln::explain();
  if (!why.empty()) fmt::print("{}", why);
  if (o.profile) print_profile(o.iters, [&] { f(inputs); });
  return 0;
}

}  // namespace kiln::tools
