// A whole training step (forward, loss, backward, optimizer step) under kiln::compile: one
// graph, replayed, with parameter and optimizer-state updates written back in place; results
// match eager steps.
#include "check.h"

using namespace kiln;
namespace F = kiln::nn::functional;

namespace {

std::shared_ptr<nn::Sequential> mlp(uint64_t seed) {
  manual_seed(seed);
  return std::make_shared<nn::Sequential>(std::initializer_list<std::shared_ptr<nn::Module>>{
      std::make_shared<nn::Linear>(12, 32), std::make_shared<nn::GELU>(),
      std::make_shared<nn::Linear>(32, 32), std::make_shared<nn::ReLU>(),
      std::make_shared<nn::Linear>(32, 5)});
}

struct Data {
  std::vector<Tensor> x, y;
};
Data batches(int n) {
  Generator g(99);
  Data d;
  for (int i = 0; i < n; ++i) {
    d.x.push_back(randn({16, 12}, DType::Float32, &g));
    d.y.push_back(randint(0, 5, {16}, DType::Int64, &g));
  }
  return d;
}

}  // namespace

TEST_CASE("100 compiled AdamW steps match 100 eager steps", "[train][compile]") {
  Data data = batches(10);
  auto eager_model = mlp(1), comp_model = mlp(1);
  optim::AdamW eager_opt(eager_model->parameters(), {.lr = 3e-3, .weight_decay = 0.01});
  optim::AdamW comp_opt(comp_model->parameters(), {.lr = 3e-3, .weight_decay = 0.01});
  auto step = [](nn::Module& model, optim::Optimizer& opt, const Tensor& x, const Tensor& y) {
    opt.zero_grad();
    Tensor loss = F::cross_entropy(model(x), y);
    loss.backward();
    optim::clip_grad_norm_(model.parameters(), 5.0);  // in place on the grads, in the graph
    opt.step();
    return loss.detach();
  };
  reset_explain();
  auto compiled =
      compile([&](const Tensor& x, const Tensor& y) { return step(*comp_model, comp_opt, x, y); },
              {.name = "train_step"});
  Tensor eager_loss, comp_loss;
  for (int i = 0; i < 100; ++i) {
    eager_loss = step(*eager_model, eager_opt, data.x[i % 10], data.y[i % 10]);
    comp_loss = compiled(data.x[i % 10], data.y[i % 10]);
  }
  CHECK(compiled.traces() == 1);
  CHECK(explain_events().empty());  // no break, no recompile
  // Float32 through 100 Adam steps: fused kernels round differently (FMA, polynomial
  // approximations), so parameters agree to ~1e-4.
  const test::Tol tol{2e-3, 2e-4};
  KILN_CHECK_CLOSE(comp_loss, eager_loss, tol);
  auto ep = eager_model->named_parameters(), cp = comp_model->named_parameters();
  for (size_t i = 0; i < ep.size(); ++i) {
    INFO(ep[i].first);
    KILN_CHECK_CLOSE(cp[i].second, ep[i].second, tol);
    KILN_CHECK_CLOSE(cp[i].second.grad(), ep[i].second.grad(), tol);
  }
  for (size_t i = 0; i < ep.size(); ++i) {
    auto es = eager_opt.state_dict(), cs = comp_opt.state_dict();
    for (size_t k = 0; k < es.size(); ++k) KILN_CHECK_CLOSE(cs[k].second, es[k].second, tol);
  }
}

TEST_CASE("compiled steps: SGD momentum, accumulation without zero_grad, a changed LR",
          "[train][compile]") {
  Data data = batches(4);
  auto eager_model = mlp(2), comp_model = mlp(2);
  optim::SGD eager_opt(eager_model->parameters(), {.lr = 0.05, .momentum = 0.9});
  optim::SGD comp_opt(comp_model->parameters(), {.lr = 0.05, .momentum = 0.9});
  // Gradients accumulate over two micro-batches, then one update.
  auto step = [](nn::Module& model, optim::Optimizer& opt, const Tensor& x, const Tensor& y,
                 bool update) {
    Tensor loss = F::cross_entropy(model(x), y);
    loss.backward();
    if (update) {
      optim::clip_grad_norm_(model.parameters(), 1.0);
      opt.step();
      opt.zero_grad(/*set_to_none=*/false);
    }
    return loss.detach();
  };
  auto compiled = compile([&](const Tensor& x, const Tensor& y, bool update) {
    return step(*comp_model, comp_opt, x, y, update);
  });
  for (int i = 0; i < 12; ++i) {
    if (i == 6) {  // a schedule changes the learning rate between steps
      eager_opt.set_lr(0.01);
      comp_opt.set_lr(0.01);
    }
    bool update = i % 2 == 1;
    Tensor a = step(*eager_model, eager_opt, data.x[i % 4], data.y[i % 4], update);
    Tensor b = compiled(data.x[i % 4], data.y[i % 4], update);
    KILN_CHECK_CLOSE(b, a, (test::Tol{1e-4, 1e-5}));
  }
  // One graph per value of the static argument, and one more: the first call traced with no
  // grads, the third finds them zeroed in place (set, not none), which that graph's guard sees.
  CHECK(compiled.traces() == 3);
  auto ep = eager_model->parameters(), cp = comp_model->parameters();
  for (size_t i = 0; i < ep.size(); ++i) KILN_CHECK_CLOSE(cp[i], ep[i], (test::Tol{1e-4, 1e-5}));
  // changing the LR inside a compiled function would be baked in: an error
  auto bad = compile([&](const Tensor& x) {
    comp_opt.set_lr(0.5);
    return x * 2;
  });
  CHECK_THROWS_WITH(bad(ones({2})), Catch::Contains("set_lr inside a compiled function"));
}

TEST_CASE("compiled functions and autograd: inputs that require grad, guards, eager fallback",
          "[train][compile]") {
  Generator g(5);
  Tensor x = randn({4, 3}, DType::Float32, &g);
  Tensor w0 = randn({3, 2}, DType::Float32, &g);
  // A compiled forward whose output still needs backward(): later calls run eagerly (a replay
  // could not record autograd), and say so.
  reset_explain();
  auto loss_of = compile([](const Tensor& a, const Tensor& w) { return relu(a.matmul(w)).sum(); },
                         {.name = "forward_only"});
  Tensor w = w0.clone().requires_grad_();
  for (int i = 0; i < 3; ++i) {
    w.set_grad(Tensor());
    loss_of(x, w).backward();
    Tensor we = w0.clone().requires_grad_();
    relu(x.matmul(we)).sum().backward();
    KILN_CHECK_CLOSE(w.grad(), we.grad(), test::kFusedTol);
  }
  CHECK(explain().find("eager in forward_only") != std::string::npos);
  // requires_grad is a guard
  reset_explain();
  auto twice = compile([](const Tensor& a) { return a * 2; }, {.name = "twice"});
  twice(x);
  twice(x.clone().requires_grad_());
  CHECK(explain().find("requires_grad of input 0 changed false -> true") != std::string::npos);
  // A step that takes its parameter as an argument: the gradient reaches it through the
  // compiled function's input, and the update is written back into it.
  auto step = [](const Tensor& a, Tensor p) {
    Tensor loss = (relu(a.matmul(p)) * 1.5).sum();
    loss.backward();
    {
      NoGradGuard no_grad;
      p -= p.grad() * 0.1;
    }
    p.set_grad(Tensor());
    return loss.detach();
  };
  auto compiled = compile(step, {.name = "arg_step"});
  Tensor pc = w0.clone().requires_grad_(), pe = w0.clone().requires_grad_();
  for (int i = 0; i < 4; ++i) {
    Tensor lc = compiled(x, pc), le = step(x, pe);
    KILN_CHECK_CLOSE(lc, le, test::kFusedTol);
    KILN_CHECK_CLOSE(pc, pe, test::kFusedTol);
  }
  CHECK(compiled.traces() == 1);
}

TEST_CASE("dropout inside a compiled function draws new masks on every replay",
          "[train][compile]") {
  nn::Dropout drop(0.5);
  auto f = compile([&](const Tensor& x) { return drop(x); }, {.name = "dropout"});
  Tensor x = ones({4096});
  Tensor a = f(x), b = f(x), c = f(x);
  CHECK(f.traces() == 1);
  for (const Tensor& m : {a, b, c}) {
    double zeros_frac = (m == 0).to(DType::Float32).mean().item<double>();
    CHECK(zeros_frac > 0.45);
    CHECK(zeros_frac < 0.55);
    CHECK(amax(m).item<float>() == 2.0f);  // kept elements scaled by 1 / (1 - p)
  }
  CHECK(any(a != b).item<bool>());
  CHECK(any(b != c).item<bool>());
  // and a compiled training step with dropout trains as one graph
  manual_seed(4);
  nn::Sequential model{std::make_shared<nn::Linear>(8, 16), std::make_shared<nn::ReLU>(),
                       std::make_shared<nn::Dropout>(0.2), std::make_shared<nn::Linear>(16, 3)};
  optim::Adam opt(model.parameters(), {.lr = 0.05});
  auto step = compile([&](const Tensor& xb, const Tensor& yb) {
    opt.zero_grad();
    Tensor loss = F::cross_entropy(model(xb), yb);
    loss.backward();
    opt.step();
    return loss.detach();
  });
  Generator g(9);
  Tensor xb = randn({32, 8}, DType::Float32, &g), yb = randint(0, 3, {32}, DType::Int64, &g);
  double first = step(xb, yb).item<double>(), last = first;
  for (int i = 0; i < 60; ++i) last = step(xb, yb).item<double>();
  CHECK(step.traces() == 1);
  CHECK(last < first * 0.6);  // it learns (one batch, 60 steps)
}
