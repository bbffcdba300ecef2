// tools/ir.cpp — `kiln ir` (print a .kir file canonically, as dot, or its hash) and `kiln run`
// (run a graph on .npy inputs).
#include <fmt/format.h>

#include <filesystem>

#include "kiln/kiln.h"
#include "tools/commands.h"

namespace kiln::tools {

int ir(const IrOptions& o) {
  if (o.list_passes) {
    for (const auto& [name, summary] : kir::Program::passes())
      fmt::print("{:<16} {}\n", name, summary);
    return 0;
  }
  if (o.file.empty()) throw Error("ir: give a .kir or .onnx file (or --list-passes)");
  kir::Program p = is_onnx(o.file) ? onnx_program(o.file, o.dims) : kir::Program::load(o.file);
  if (!o.passes.empty())
    p = p.with_passes(o.passes, [&](const std::string& pass, const std::string& text) {
      if (o.print_after_all) fmt::print("# --- after {}\n{}\n", pass, text);
    });
  if (o.explain_fusion) {
    for (size_t i = 0; i < p.size(); ++i) fmt::print("@{}:\n{}", p.name(i), p.fusion_report(i));
  } else if (o.plan_memory) {
    std::map<std::string, int64_t> sizes = parse_dims(o.dims);
    std::set<std::string> names;
    for (size_t i = 0; i < p.size(); ++i) names.merge(symbols(p, i));
    if (!is_onnx(o.file))  // (an .onnx model's --dim were checked against its inputs)
      check_dims(sizes, names, p.size() == 1 ? "@" + p.name(0) : "the file's graphs");
    for (size_t i = 0; i < p.size(); ++i)
      fmt::print("@{}: {}\n", p.name(i), p.memory_report(i, sizes));
  } else if (o.dot) {
    fmt::print("{}", p.dot(o.graph));
  } else if (o.hash) {
    for (size_t i = 0; i < p.size(); ++i) fmt::print("@{} {:016x}\n", p.name(i), p.hash(i));
  } else if (!(o.print_after_all && !o.passes.empty())) {  // else it was just printed
    fmt::print("{}", p.text());
  }
  return 0;
}

int run(const RunOptions& o) {
  if (is_onnx(o.file)) return run_onnx(o);
  kir::Program p = kir::Program::load(o.file);
  std::vector<Tensor> inputs;
  for (const auto& path : o.inputs) inputs.push_back(load_npy(path));
  std::vector<Tensor> outs = o.eager ? p.run(inputs, o.graph) : p.run_compiled(inputs, o.graph);
  if (!o.out_dir.empty()) std::filesystem::create_directories(o.out_dir);
  for (size_t i = 0; i < outs.size(); ++i) {
    if (!o.out_dir.empty()) {
      std::string path = fmt::format("{}/out_{}.npy", o.out_dir, i);
      save_npy(path, outs[i]);
      fmt::print("out_{}: {} {} -> {}\n", i, name(outs[i].dtype()), shape_str(outs[i].shape()),
                 path);
    } else {
      fmt::print("out_{}: {} {}\n{}\n", i, name(outs[i].dtype()), shape_str(outs[i].shape()),
                 outs[i].to_string());
    }
  }
  return 0;
}

}  // namespace kiln::tools
