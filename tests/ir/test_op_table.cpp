// The op table is the single definition of every op (DESIGN decision 1).
#include <catch2/catch.hpp>
#include <set>

#include "ir/op_table.h"

using namespace kiln;

TEST_CASE("every op has a unique name and a way to run", "[ir][op_table]") {
  std::set<std::string_view> names;
  for (const ir::OpDef* dp : ir::all_ops()) {
    const ir::OpDef& d = *dp;
    INFO(d.name);
    CHECK(names.insert(d.name).second);
    if (d.cls == ir::OpClass::View) {
      CHECK(d.view != nullptr);
    } else {
      CHECK(d.kernel != nullptr);
      CHECK(d.infer != nullptr);
    }
    CHECK(d.min_inputs >= (d.cls == ir::OpClass::Constant ? 0 : 1));
    CHECK(d.num_outputs >= 1);
  }
  CHECK(names.size() >= 90);
}

TEST_CASE("unknown ops and attributes are clear errors", "[ir][op_table]") {
  CHECK_THROWS_WITH(ir::op_def("frobnicate"), Catch::Contains("unknown op 'frobnicate'"));
  CHECK(ir::attr_index(ir::op_def("gelu"), "approximate") == 0);
  CHECK(ir::attr_index(ir::op_def("gelu"), "nope") == -1);
}
