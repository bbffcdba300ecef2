// Golden cases computed by PyTorch 1.13 (tests/golden/gen_golden.py wrote them with NumPy):
// every case runs through the op table by name and must match PyTorch's numbers.
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

#include "check.h"
#include "ir/op_table.h"

using namespace kiln;

namespace {

OpAttr parse_attr(ir::AttrKind kind, const std::string& v) {
  using K = ir::AttrKind;
  switch (kind) {
    case K::Int:
      return int64_t(std::stoll(v));
    case K::Float:
      return std::stod(v);
    case K::Bool:
      return v == "true";
    case K::String:
      return v;
    case K::DType:
      return dtype_from_name(v);
    case K::Ints: {
      Shape s;
      std::stringstream ss(v);
      std::string item;
      while (std::getline(ss, item, ',')) s.push_back(std::stoll(item));
      return s;
    }
    case K::Scalar:
      if (v.find_first_of(".eEn") != std::string::npos) return Scalar(std::stod(v));
      return Scalar(int64_t(std::stoll(v)));
  }
  return v;
}

struct Case {
  std::string name, op;
  int n_in = 0, n_out = 0;
  std::string attrs;
};

std::vector<Case> read_manifest() {
  std::ifstream f(std::string(KILN_GOLDEN_DIR) + "/MANIFEST");
  std::vector<Case> cases;
  std::string line;
  while (std::getline(f, line)) {
    std::stringstream ss(line);
    Case c;
    if (ss >> c.name >> c.op >> c.n_in >> c.n_out >> c.attrs) cases.push_back(c);
  }
  return cases;
}

test::Tol golden_tol(const std::string& op, DType d) {
  if (d == DType::Float32) {
    // Transcendentals and reductions differ from PyTorch's vectorised kernels in the last bits.
    return {2e-5, 2e-6};
  }
  return test::default_tol(d);
}

}  // namespace

TEST_CASE("golden cases from PyTorch match", "[golden]") {
  auto cases = read_manifest();
  REQUIRE(cases.size() > 200);
  std::string dir = KILN_GOLDEN_DIR;
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      std::vector<Tensor> in;
      for (int i = 0; i < c.n_in; ++i)
        in.push_back(load_npy(fmt::format("{}/{}.in{}.npy", dir, c.name, i)));
      std::vector<Tensor> out;
      std::vector<std::pair<std::string, OpAttr>> attrs;
      std::map<std::string, std::string> raw;
      if (c.attrs != "-") {
        std::stringstream ss(c.attrs);
        std::string kv;
        while (std::getline(ss, kv, ';')) {
          auto eq = kv.find('=');
          raw[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
      }
      if (c.op == "stack") {  // a composite of unsqueeze + cat, not a table op
        out.push_back(stack(in, std::stoll(raw.at("dim"))));
      } else {
        const ir::OpDef& def = ir::op_def(c.op);
        for (const auto& [k, v] : raw) {
          int idx = ir::attr_index(def, k);
          INFO("attribute " << k);
          REQUIRE(idx >= 0);
          attrs.emplace_back(k, parse_attr(def.attrs[idx].kind, v));
        }
        // PyTorch's layer_norm/batch_norm/linear take optional tensors: the files give them all.
        out = call_op(c.op, in, attrs);
      }
      REQUIRE(int(out.size()) == c.n_out);
      for (int i = 0; i < c.n_out; ++i) {
        Tensor want = load_npy(fmt::format("{}/{}.out{}.npy", dir, c.name, i));
        INFO(c.name << " output " << i);
        CHECK(out[i].dtype() == want.dtype());
        KILN_CHECK_CLOSE(out[i], want, golden_tol(c.op, want.dtype()));
      }
    }
  }
}
