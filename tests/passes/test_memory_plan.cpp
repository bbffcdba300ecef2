// Memory planning: on random graphs, checked independently of the planner, no two buffers
// that are alive at the same time overlap in the arena, except a pointwise result written in
// place over an input that dies at that node; and the arena beats the sum of intermediates.
#include "check.h"
#include "ir/graph.h"
#include "passes/fusion.h"
#include "passes/memory_plan.h"

using namespace kiln;

namespace {
// A random graph of pointwise, softmax, view and matmul nodes over f32[8, 8] values.
ir::Graph random_graph(Generator& g) {
  ir::Graph graph("rand");
  ir::TensorType t8 = ir::TensorType::of(DType::Float32, {8, 8});
  std::vector<ir::Value*> pool{graph.add_param(t8, "a"), graph.add_param(t8, "b")};
  int steps = 4 + int(g.next_u64() % 20);
  auto pick = [&] { return pool[g.next_u64() % pool.size()]; };
  for (int s = 0; s < steps; ++s) {
    ir::Value* x = pick();
    ir::Value* y = pick();
    ir::Node* n = nullptr;
    switch (g.next_u64() % 6) {
      case 0:
        n = graph.add_node(ir::op_def("exp"), {x}, {}, {t8});
        break;
      case 1:
        n = graph.add_node(ir::op_def("add"), {x, y}, {}, {t8});
        break;
      case 2:
        n = graph.add_node(ir::op_def("mul"), {x, y}, {}, {t8});
        break;
      case 3:
        n = graph.add_node(ir::op_def("transpose"), {x}, Attrs{{int64_t(0), int64_t(1)}}, {t8});
        break;
      case 4:
        n = graph.add_node(ir::op_def("matmul"), {x, y}, {}, {t8});
        break;
      default:
        n = graph.add_node(ir::op_def("softmax"), {x}, Attrs{{int64_t(1)}}, {t8});
        break;
    }
    pool.push_back(n->outputs[0]);
  }
  graph.set_returns({pool.back()});
  ir::infer_types(graph);
  ir::verify(graph);
  return graph;
}
}  // namespace

TEST_CASE("memory plans never overlap live buffers (checked on random graphs)",
          "[passes][memory]") {
  Generator g(31);
  int64_t arena = 0, sum = 0;
  int in_place = 0;
  for (int k = 0; k < 300; ++k) {
    ir::Graph graph = random_graph(g);
    passes::MemoryPlan plan = passes::plan_memory(graph);
    for (const auto& b : plan.buffers) {
      CHECK(b.offset % 64 == 0);
      CHECK(b.offset + b.bytes <= plan.arena_bytes);
    }
    for (size_t i = 0; i < plan.buffers.size(); ++i)
      for (size_t j = i + 1; j < plan.buffers.size(); ++j) {
        const auto& a = plan.buffers[i];
        const auto& b = plan.buffers[j];
        bool same_time = a.first <= b.last && b.first <= a.last;
        bool same_memory = a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
        if (!same_time || !same_memory) continue;
        // The only legal overlap: b computed in place over a, which b's node reads last and
        // elementwise (a pointwise op, a among its operands, a's last use there).
        const ir::Node& n = *b.value->producer;
        bool legal = b.reuses == a.value && n.op->cls == ir::OpClass::Pointwise &&
                     a.last == b.first &&
                     std::find(n.inputs.begin(), n.inputs.end(), a.value) != n.inputs.end();
        INFO("graph " << k << "\n" << ir::print_kir(graph));
        CHECK(legal);
        in_place += legal;
      }
    CHECK(plan.arena_bytes <= plan.intermediate_bytes);
    CHECK(plan.eager_peak_bytes <= plan.intermediate_bytes);
    arena += plan.arena_bytes;
    sum += plan.intermediate_bytes;
  }
  CHECK(in_place > 0);
  CHECK(double(arena) < 0.7 * double(sum));  // reuse is real on these graphs
}

TEST_CASE("memory plan of a chain reuses buffers and reports", "[passes][memory]") {
  auto gs = ir::parse_kir(
      "graph @g(%x: f32[1024]) -> (f32[1024]) {\n"
      "  %a = exp(%x) : f32[1024]\n  %b = tanh(%a) : f32[1024]\n  %c = neg(%b) : f32[1024]\n"
      "  %d = sigmoid(%c) : f32[1024]\n  return %d\n}\n");
  passes::MemoryPlan plan = passes::plan_memory(gs[0]);
  CHECK(plan.buffers.size() == 3);  // %a %b %c; %d is the result
  CHECK(plan.arena_bytes == 4096);  // all in place over one buffer
  CHECK(plan.intermediate_bytes == 3 * 4096);
  CHECK_THAT(plan.report(), Catch::Contains("arena 0.004 MiB for 3 intermediates (2 in place)"));
  auto sym = ir::parse_kir(
      "graph @g(%x: f32[n]) -> (f32[n]) {\n  %a = exp(%x) : f32[n]\n"
      "  %b = neg(%a) : f32[n]\n  return %b\n}\n");
  CHECK_THROWS_WITH(passes::plan_memory(sym[0]), Catch::Contains("the symbolic dim n"));
  passes::MemoryPlan sized = passes::plan_memory(sym[0], {{"n", 1000}});
  CHECK(sized.buffers.size() == 1);         // %a; %b is the result
  CHECK(sized.intermediate_bytes == 4032);  // 4000 bytes, 64-byte aligned
  // kir::Program gives both plans, compiled and op by op, and names a missing size.
  auto p = kir::Program::parse(
      "graph @g(%x: f32[n]) -> (f32[n]) {\n  %a = exp(%x) : f32[n]\n"
      "  %b = neg(%a) : f32[n]\n  return %b\n}\n");
  CHECK_THROWS_WITH(p.memory_report(0), Catch::Contains("symbolic dim(s) n (n=N)"));
  std::string both = p.memory_report(0, {{"n", 1000}});
  CHECK_THAT(both, Catch::Contains("compiled: arena 0.000 MiB for 0 intermediates"));  // fused
  CHECK_THAT(both, Catch::Contains("op by op: arena 0.004 MiB for 1 intermediates"));
}

TEST_CASE("compiled graphs' arenas never overlap live buffers, and results equal eager",
          "[passes][memory][codegen]") {
  Generator g(47);
  int64_t arena = 0, sum = 0;
  for (int k = 0; k < 150; ++k) {
    ir::Graph graph = random_graph(g);
    std::string text = ir::print_kir(graph);
    INFO("graph " << k << "\n" << text);
    passes::FusionPlan fusion = passes::plan_fusion(graph);
    std::map<const ir::Value*, int64_t> bytes;
    for (const auto& fg : fusion.groups)
      for (const ir::Value* v : fg.outputs)
        bytes[v] = numel_of(v->type.static_shape()) * int64_t(itemsize(v->type.dtype));
    passes::MemoryPlan plan = passes::plan_group_memory(graph, fusion, bytes);
    // Liveness recomputed here: from the producing group to the last group that reads the
    // value or a view of it.
    auto base = [](const ir::Value* v) {
      while (v->producer && v->producer->op->cls == ir::OpClass::View) v = v->producer->inputs[0];
      return v;
    };
    std::map<const ir::Value*, std::pair<int, int>> live;
    for (int t = 0; t < int(fusion.groups.size()); ++t) {
      for (const ir::Value* v : fusion.groups[size_t(t)].outputs) live[v] = {t, t};
      for (const ir::Value* in : fusion.groups[size_t(t)].inputs)
        if (live.count(base(in))) live[base(in)].second = t;
    }
    for (const ir::Value* r : graph.returns())
      if (base(r)->producer) CHECK(live.count(base(r)) == 1);
    for (const auto& b : plan.buffers) {
      CHECK(b.offset % 64 == 0);
      CHECK(b.offset + b.bytes <= plan.arena_bytes);
      for (const ir::Value* r : graph.returns()) CHECK(base(r) != b.value);  // results escape
    }
    for (size_t i = 0; i < plan.buffers.size(); ++i)
      for (size_t j = i + 1; j < plan.buffers.size(); ++j) {
        const auto& a = plan.buffers[i];
        const auto& b = plan.buffers[j];
        auto [af, al] = live.at(a.value);
        auto [bf, bl] = live.at(b.value);
        bool same_time = af <= bl && bf <= al;
        bool same_memory = a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
        if (!same_time || !same_memory) continue;
        const auto& fg = fusion.groups[size_t(bf)];
        bool legal = b.reuses == a.value && fg.kernel && fg.reduce_dims == 0 && al == bf &&
                     std::find(fg.inputs.begin(), fg.inputs.end(), a.value) != fg.inputs.end();
        CHECK(legal);
      }
    arena += plan.arena_bytes;
    sum += plan.intermediate_bytes;
    // And the compiled executor, which runs on this plan, equals the interpreter.
    kir::Program p = kir::Program::parse(text);
    Tensor a = randn({8, 8}, DType::Float32, &g), b = randn({8, 8}, DType::Float32, &g);
    auto want = p.run({a, b});
    for (int rep = 0; rep < 2; ++rep) {  // the second run reuses the arena
      auto got = p.run_compiled({a, b});
      // exp of exp of ... amplifies the approximations' relative error: a looser bound here.
      for (size_t r = 0; r < got.size(); ++r)
        KILN_CHECK_CLOSE(got[r], want[r], (test::Tol{2e-4, 1e-5}));
    }
  }
  CHECK(arena * 10 < sum * 9);  // reuse saves memory overall
}
