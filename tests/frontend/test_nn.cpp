// nn modules, losses and optimizers against PyTorch 1.13 (tests/golden/gen_nn_golden.py wrote
// the cases as safetensors files: weights, inputs, outputs and gradients), plus the module
// machinery (state dicts, safetensors round trips and their errors, modes, dtype changes).
#include <filesystem>
#include <fstream>
#include <map>

#include "check.h"

using namespace kiln;
namespace F = kiln::nn::functional;

namespace {

const test::Tol kTol{1e-4, 1e-5};

struct Golden {
  std::map<std::string, Tensor> t;
  const Tensor& operator[](const std::string& k) const {
    auto it = t.find(k);
    if (it == t.end()) FAIL("golden file has no " << k);
    return it->second;
  }
  bool has(const std::string& k) const { return t.count(k) > 0; }
  nn::NamedTensors with_prefix(const std::string& p) const {
    nn::NamedTensors out;
    for (auto& [k, v] : t)
      if (k.rfind(p, 0) == 0) out.emplace_back(k.substr(p.size()), v);
    return out;
  }
};

Golden golden(const std::string& name) {
  Golden g;
  for (auto& [k, v] :
       load_safetensors(std::string(KILN_GOLDEN_NN_DIR) + "/" + name + ".safetensors"))
    g.t[k] = v;
  return g;
}

// Loads the case's weights, runs `fwd` on its inputs and compares the output and the
// gradients of sum(out * probe) with PyTorch's.
void check_module(const std::string& name, nn::Module& m,
                  const std::function<Tensor(const std::vector<Tensor>&)>& fwd) {
  INFO(name);
  Golden g = golden(name);
  m.load_state_dict(g.with_prefix("param."));
  std::vector<Tensor> in;
  for (int i = 0; g.has("in." + std::to_string(i)); ++i) {
    Tensor x = g["in." + std::to_string(i)].clone();
    if (is_floating(x.dtype()) && g.has("grad.in." + std::to_string(i))) x.requires_grad_();
    in.push_back(x);
  }
  Tensor out = fwd(in);
  KILN_CHECK_CLOSE(out, g["out.0"], kTol);
  for (auto& [k, v] : g.with_prefix("buffer_after."))
    for (auto& [mk, mv] : m.named_buffers())
      if (mk == k) KILN_CHECK_CLOSE(mv, v, kTol);
  (out * g["in.probe"]).sum().backward();
  for (size_t i = 0; i < in.size(); ++i)
    if (g.has("grad.in." + std::to_string(i)))
      KILN_CHECK_CLOSE(in[i].grad(), g["grad.in." + std::to_string(i)], kTol);
  auto params = m.named_parameters();
  for (auto& [k, v] : g.with_prefix("grad.param.")) {
    INFO(k);
    auto it = std::find_if(params.begin(), params.end(), [&](auto& p) { return p.first == k; });
    REQUIRE(it != params.end());
    KILN_CHECK_CLOSE(it->second.grad(), v, kTol);
  }
}

}  // namespace

TEST_CASE("modules match PyTorch: outputs and gradients", "[nn][golden]") {
  nn::Linear lin(4, 3);
  check_module("linear", lin, [&](auto& v) { return lin(v[0]); });
  nn::Embedding emb(6, 3);
  check_module("embedding", emb, [&](auto& v) { return emb(v[0]); });
  nn::LayerNorm ln({4});
  check_module("layer_norm", ln, [&](auto& v) { return ln(v[0]); });
  nn::BatchNorm2d bn(3);
  check_module("batch_norm_train", bn, [&](auto& v) { return bn(v[0]); });
  CHECK(bn.num_batches_tracked.item<int64_t>() == 1);
  nn::BatchNorm2d bn_eval(3);
  bn_eval.eval();
  check_module("batch_norm_eval", bn_eval, [&](auto& v) { return bn_eval(v[0]); });
  nn::Conv2d conv(2, 4, {3, 3}, {1, 1}, {1, 1});
  check_module("conv2d", conv, [&](auto& v) { return conv(v[0]); });
  nn::Conv2d conv_g(4, 6, {3, 2}, {2, 1}, {1, 0}, {1, 2}, 2);
  check_module("conv2d_groups", conv_g, [&](auto& v) { return conv_g(v[0]); });
  nn::MaxPool2d max_pool({3, 3}, {2, 2}, {1, 1});
  check_module("max_pool2d", max_pool, [&](auto& v) { return max_pool(v[0]); });
  nn::AvgPool2d avg_pool({3, 3}, {2, 2}, {1, 1});
  check_module("avg_pool2d", avg_pool, [&](auto& v) { return avg_pool(v[0]); });
  nn::AdaptiveAvgPool2d adaptive({3, 2});
  check_module("adaptive_avg_pool2d", adaptive, [&](auto& v) { return adaptive(v[0]); });
  for (bool bf : {false, true}) {
    nn::MultiheadAttention mha(8, 2, 0.0, true, bf);
    check_module(bf ? "mha_bf1" : "mha_bf0", mha,
                 [&](auto& v) { return mha.forward(v[0], v[0], v[0], v[1]).first; });
  }
  nn::TransformerEncoderLayer relu_layer(8, 2, 16, 0.0, "relu", 1e-5, true, false);
  check_module("encoder_relu", relu_layer, [&](auto& v) { return relu_layer(v[0]); });
  nn::TransformerEncoderLayer gelu_layer(8, 2, 16, 0.0, "gelu", 1e-5, true, true);
  check_module("encoder_gelu", gelu_layer, [&](auto& v) { return gelu_layer(v[0]); });
  nn::RMSNorm rms({4}, 1e-6);
  check_module("rms_norm", rms, [&](auto& v) { return rms(v[0]); });
  nn::TransformerEncoder stack(
      [] {
        return std::make_shared<nn::TransformerEncoderLayer>(8, 2, 16, 0.0, "relu", 1e-5, true);
      },
      2, std::make_shared<nn::LayerNorm>(Shape{8}));
  check_module("encoder_stack", stack, [&](auto& v) { return stack(v[0]); });
  nn::DecoderBlock block(8, 2);
  check_module("decoder_block", block, [&](auto& v) { return block(v[0]); });
}

TEST_CASE("losses match PyTorch: values and gradients", "[nn][golden]") {
  using LossFn = std::function<Tensor(const Tensor&, const Tensor&)>;
  std::vector<std::pair<std::string, LossFn>> cases = {
      {"ce_mean", [](auto& x, auto& y) { return F::cross_entropy(x, y); }},
      {"ce_smooth_ignore", [](auto& x, auto& y) { return F::cross_entropy(x, y, "mean", 0.1); }},
      {"ce_none_spatial", [](auto& x, auto& y) { return F::cross_entropy(x, y, "none"); }},
      {"ce_probs", [](auto& x, auto& y) { return F::cross_entropy(x, y, "mean", 0.2); }},
      {"nll_sum", [](auto& x, auto& y) { return F::nll_loss(x, y, "sum"); }},
      {"mse", [](auto& x, auto& y) { return nn::MSELoss()(x, y); }},
      {"l1_sum", [](auto& x, auto& y) { return F::l1_loss(x, y, "sum"); }},
      {"bce", [](auto& x, auto& y) { return nn::BCELoss()(x, y); }},
  };
  for (auto& [name, fn] : cases) {
    INFO(name);
    Golden g = golden(name);
    Tensor x = g["in.0"].clone().requires_grad_();
    Tensor out = fn(x, g["in.1"]);
    KILN_CHECK_CLOSE(out, g["out.0"], kTol);
    (out * g["in.probe"]).sum().backward();
    KILN_CHECK_CLOSE(x.grad(), g["grad.in.0"], kTol);
    // Without autograd (cross_entropy then reads the logits through logsumexp even with label
    // smoothing), and compiled.
    KILN_CHECK_CLOSE(fn(g["in.0"], g["in.1"]), g["out.0"], kTol);
    auto compiled = compile([&](const Tensor& a, const Tensor& b) { return fn(a, b); });
    compiled(g["in.0"], g["in.1"]);
    KILN_CHECK_CLOSE(compiled(g["in.0"], g["in.1"]), g["out.0"], kTol);
  }
  Golden g = golden("bce_logits_pw");
  Tensor x = g["in.0"].clone().requires_grad_();
  Tensor out = nn::BCEWithLogitsLoss("mean", g["pos_weight"])(x, g["in.1"]);
  KILN_CHECK_CLOSE(out, g["out.0"], kTol);
  out.backward();
  KILN_CHECK_CLOSE(x.grad(), g["grad.in.0"], kTol);
}

TEST_CASE("cross_entropy keeps small losses exact: large logits, half precision, compiled",
          "[nn]") {
  // -log p[t] for confident rows is small beside the logits; computed as lse(x) - x[t] it
  // would round at the size of lse. Reference: float64.
  Generator g(3);
  Tensor base = randn({64, 10}, DType::Float64, &g);
  Tensor t = randint(0, 10, {64}, DType::Int64, &g);
  Tensor x64 = base + one_hot(t, 10).to(DType::Float64) * 12;  // confident rows
  for (double offset : {0.0, 1000.0}) {
    for (DType dt : {DType::Float32, DType::BFloat16, DType::Float16}) {
      if (dt != DType::Float32 && offset > 0) continue;
      INFO(name(dt) << " offset " << offset);
      Tensor x = (x64 + offset).to(dt);
      Tensor xd = x.to(DType::Float64);  // the rounded logits, exactly
      Tensor want = -(log_softmax(xd, 1) * one_hot(t, 10).to(DType::Float64)).sum({1});
      auto f =
          compile([](const Tensor& a, const Tensor& b) { return F::cross_entropy(a, b, "none"); });
      f(x, t);
      for (const Tensor& got : {F::cross_entropy(x, t, "none"), f(x, t)}) {
        CHECK(got.dtype() == dt);
        // float32: log(s) of a row sum s = 1 + e rounds at 1.2e-7 (PyTorch's formula too);
        // half dtypes: the result's own rounding (float16's subnormals below 6e-5)
        test::Tol tol = dt == DType::Float32    ? test::Tol{1e-5, 3e-7}
                        : dt == DType::BFloat16 ? test::Tol{8e-3, 1e-7}
                                                : test::Tol{1e-3, 3e-7};
        KILN_CHECK_CLOSE(got.to(DType::Float64), want, tol);
      }
    }
  }
}

TEST_CASE("compiled cross_entropy gives eager's losses on infinite and NaN logits", "[nn]") {
  // Eager is log_softmax then a gather, as PyTorch; compiled, logsumexp(x - x[t]).
  float inf = INFINITY, nan = NAN;
  Tensor x = tensor<float>({0,    inf,  0,     //  +inf elsewhere: NaN
                            1,    2,    3,     //  finite
                            -inf, 0,    0,     //  -inf target: inf
                            inf,  0,    0,     //  +inf target: NaN
                            -inf, -inf, -inf,  // all -inf: NaN
                            0,    -inf, 1,     //  -inf elsewhere: finite (smoothed: inf)
                            nan,  0,    0,     //  NaN
                            -inf, inf,  0},    //  -inf target beside +inf: NaN
                           {8, 3});
  Tensor t = tensor<int64_t>({0, 1, 0, 0, 0, 0, 1, 0});
  for (double s : {0.0, 0.1}) {
    INFO("smoothing " << s);
    auto f = compile(
        [s](const Tensor& a, const Tensor& b) { return F::cross_entropy(a, b, "none", s); });
    f(x, t);
    KILN_CHECK_CLOSE(f(x, t), F::cross_entropy(x, t, "none", s), (test::Tol{1e-6, 1e-6}));
  }
}

TEST_CASE("cross_entropy refuses a negative class index that is not ignore_index", "[nn]") {
  Tensor x = randn({4, 3});
  Tensor t = tensor<int64_t>({0, -1, 2, 1});
  CHECK_THROWS_WITH(F::cross_entropy(x, t),
                    Catch::Contains("cross_entropy: target -1 is out of range for 3 classes"));
  CHECK_THROWS_WITH(F::nll_loss(log_softmax(x, 1), t), Catch::Contains("target -1"));
  // compiled: gather's range check, at the compiled function's line
  auto f = compile([](const Tensor& a, const Tensor& b) { return F::cross_entropy(a, b); });
  for (int call = 0; call < 2; ++call) {
    if (call == 1) f(x, tensor<int64_t>({0, 1, 2, 1}));  // traced with good targets first
    CHECK_THROWS_WITH(f(x, t), Catch::Contains("out of range"));
  }
  // -1 as ignore_index is ignored, eagerly and compiled
  auto g = compile(
      [](const Tensor& a, const Tensor& b) { return F::cross_entropy(a, b, "sum", 0.0, -1); });
  Tensor want = F::cross_entropy(x.narrow(0, 0, 1), t.narrow(0, 0, 1), "sum") +
                F::cross_entropy(x.narrow(0, 2, 2), t.narrow(0, 2, 2), "sum");
  KILN_CHECK_CLOSE(F::cross_entropy(x, t, "sum", 0.0, -1), want, kTol);
  g(x, t);
  KILN_CHECK_CLOSE(g(x, t), want, kTol);
}

TEST_CASE("optimizers match PyTorch over 20 steps", "[nn][optim][golden]") {
  for (std::string name : {"sgd", "sgd_momentum", "sgd_nesterov", "adam", "adamw", "adamw_amsgrad",
                           "adam_clip_cosine"}) {
    INFO(name);
    Golden g = golden("optim_" + name);
    nn::Sequential model{std::make_shared<nn::Linear>(6, 8), std::make_shared<nn::Tanh>(),
                         std::make_shared<nn::Linear>(8, 3)};
    model.load_state_dict(g.with_prefix("param."));
    std::unique_ptr<optim::Optimizer> opt;
    auto params = model.parameters();
    if (name == "sgd") opt = std::make_unique<optim::SGD>(params, optim::SGDOptions{.lr = 0.1});
    if (name == "sgd_momentum")
      opt = std::make_unique<optim::SGD>(
          params,
          optim::SGDOptions{.lr = 0.05, .momentum = 0.9, .dampening = 0.1, .weight_decay = 0.01});
    if (name == "sgd_nesterov")
      opt = std::make_unique<optim::SGD>(
          params, optim::SGDOptions{.lr = 0.05, .momentum = 0.9, .nesterov = true});
    if (name == "adam")
      opt = std::make_unique<optim::Adam>(params,
                                          optim::AdamOptions{.lr = 0.01, .weight_decay = 0.01});
    if (name == "adamw")
      opt = std::make_unique<optim::AdamW>(params,
                                           optim::AdamOptions{.lr = 0.01, .weight_decay = 0.01});
    if (name == "adamw_amsgrad")
      opt = std::make_unique<optim::AdamW>(
          params,
          optim::AdamOptions{
              .lr = 0.01, .beta1 = 0.8, .beta2 = 0.99, .weight_decay = 0.1, .amsgrad = true});
    if (name == "adam_clip_cosine")
      opt = std::make_unique<optim::Adam>(params, optim::AdamOptions{.lr = 0.02});
    std::unique_ptr<optim::CosineAnnealingLR> sched;
    if (name == "adam_clip_cosine") sched = std::make_unique<optim::CosineAnnealingLR>(*opt, 10);
    for (int step = 0; step < 20; ++step) {
      opt->zero_grad();
      F::cross_entropy(model(g["in.0"]), g["in.1"]).backward();
      if (name == "adam_clip_cosine") optim::clip_grad_norm_(params, 0.5);
      opt->step();
      if (sched) sched->step();
    }
    for (auto& [k, v] : g.with_prefix("final.")) {
      INFO(k);
      for (auto& [mk, mv] : model.named_parameters())
        if (mk == k) KILN_CHECK_CLOSE(mv, v, (test::Tol{2e-4, 2e-5}));
    }
  }
}

TEST_CASE("state dicts and safetensors files round-trip; bad ones are clear errors", "[nn]") {
  auto dir = std::filesystem::temp_directory_path() / "kiln-nn-test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "model.safetensors").string();
  nn::Sequential a{std::make_shared<nn::Linear>(3, 4), std::make_shared<nn::ReLU>(),
                   std::make_shared<nn::LayerNorm>(Shape{4})};
  a.save(path);
  nn::Sequential b{std::make_shared<nn::Linear>(3, 4), std::make_shared<nn::ReLU>(),
                   std::make_shared<nn::LayerNorm>(Shape{4})};
  b.load(path);
  Tensor x = randn({2, 3});
  KILN_CHECK_CLOSE(b(x), a(x), test::default_tol(DType::Float32));
  auto names = a.state_dict();
  REQUIRE(names.size() == 4);
  CHECK(names[0].first == "0.weight");
  CHECK(names[3].first == "2.bias");
  // missing / unexpected / mismatched keys
  nn::Sequential c{std::make_shared<nn::Linear>(3, 5)};
  CHECK_THROWS_WITH(c.load(path), Catch::Contains("missing keys []") &&
                                      Catch::Contains("unexpected keys [2.bias, 2.weight]"));
  CHECK_THROWS_WITH(c.load(path, /*strict=*/false), Catch::Contains("'0.weight' has shape [5, 3]"));
  // malformed files
  auto write = [&](const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; };
  write("abc");
  CHECK_THROWS_WITH(load_safetensors(path), Catch::Contains("too short"));
  write(std::string("\xff\xff\xff\xff\0\0\0\0", 8) + "{}");
  CHECK_THROWS_WITH(load_safetensors(path), Catch::Contains("header length"));
  std::string hdr = R"({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}})";
  write(std::string(1, char(hdr.size())) + std::string(7, '\0') + hdr + "12345678");
  CHECK_THROWS_WITH(load_safetensors(path), Catch::Contains("span 4 bytes"));
  hdr = R"({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})";
  write(std::string(1, char(hdr.size())) + std::string(7, '\0') + hdr + "1234");
  CHECK_THROWS_WITH(load_safetensors(path), Catch::Contains("outside the 4 data bytes"));
  hdr = R"({"w": {"dtype": "Q8", "shape": [2], "data_offsets": [0, 2]}})";
  write(std::string(1, char(hdr.size())) + std::string(7, '\0') + hdr + "12");
  CHECK_THROWS_WITH(load_safetensors(path), Catch::Contains("unsupported dtype 'Q8'"));
  write(std::string(1, char(5)) + std::string(7, '\0') + "{oops");
  CHECK_THROWS_WITH(load_safetensors(path), Catch::Contains("not valid JSON"));
  CHECK_THROWS_WITH(load_safetensors((dir / "absent").string()), Catch::Contains("cannot open"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("modules: parameters, modes, dtype, repr, zero_grad, dropout", "[nn]") {
  auto model = std::make_shared<nn::Sequential>();
  model->push_back(std::make_shared<nn::Linear>(4, 8));
  model->push_back(std::make_shared<nn::Dropout>(0.5));
  model->push_back(std::make_shared<nn::Linear>(8, 2, false));
  CHECK(model->parameters().size() == 3);
  CHECK(model->to_string().find("(0): Linear(in_features=4, out_features=8, bias=True)") !=
        std::string::npos);
  // dropout: active in training (about half zeros, the rest scaled by 2), identity in eval
  nn::Dropout drop(0.5);
  Tensor ones_in = ones({1000});
  Tensor d = drop(ones_in);
  double zeros_frac = (d == 0).to(DType::Float32).mean().item<double>();
  CHECK(zeros_frac > 0.4);
  CHECK(zeros_frac < 0.6);
  CHECK(d.amax().item<float>() == 2.0f);
  Tensor d2 = drop(ones_in);
  CHECK(any(d != d2).item<bool>());  // new numbers each call
  model->eval();
  CHECK_FALSE((*model)[1]->is_training());
  Tensor x = randn({3, 4});
  KILN_CHECK_CLOSE((*model)(x), (*model)(x), test::default_tol(DType::Float32));
  // zero_grad and dtype conversion keep the handles
  Tensor w = model->parameters()[0];
  (*model)(x).sum().backward();
  CHECK(w.grad().defined());
  model->zero_grad();
  CHECK_FALSE(w.grad().defined());
  model->to(DType::Float64);
  CHECK(w.dtype() == DType::Float64);
  CHECK((*model)(x.to(DType::Float64)).dtype() == DType::Float64);
  // errors
  CHECK_THROWS_WITH(nn::MultiheadAttention(10, 3), Catch::Contains("divisible"));
  CHECK_THROWS_WITH(F::cross_entropy(randn({4, 3}), zeros({4}, DType::Bool)),
                    Catch::Contains("integers"));
  CHECK_THROWS_WITH(F::cross_entropy(randn({4, 3}), zeros({4})),
                    Catch::Contains("class indices must be integers"));
  CHECK_THROWS_WITH(F::cross_entropy(randn({4, 3}), zeros({3}, DType::Int64)),
                    Catch::Contains("expected shape [4]"));
  CHECK_THROWS_WITH(F::mse_loss(randn({4}), randn({3})), Catch::Contains("same shape"));
  CHECK_THROWS_WITH(F::mse_loss(randn({4}), randn({4}), "avg"), Catch::Contains("reduction"));
  nn::ModuleDict dict;
  dict.insert("enc", std::make_shared<nn::Linear>(2, 2));
  CHECK(dict.contains("enc"));
  CHECK_THROWS_WITH(dict["dec"], Catch::Contains("no module named 'dec'"));
  CHECK(dict.named_parameters()[0].first == "enc.weight");
}

TEST_CASE("learning-rate schedules match PyTorch's", "[nn][optim][golden]") {
  for (std::string name : {"step", "cosine", "linear"}) {
    INFO(name);
    Tensor p = zeros({1}).requires_grad_();
    optim::SGD opt({p}, {.lr = 0.1});
    std::unique_ptr<optim::LRScheduler> sched;
    if (name == "step") sched = std::make_unique<optim::StepLR>(opt, 3, 0.5);
    if (name == "cosine") sched = std::make_unique<optim::CosineAnnealingLR>(opt, 10, 0.01);
    if (name == "linear") sched = std::make_unique<optim::LinearLR>(opt, 0.25, 1.0, 4);
    std::vector<double> lrs{opt.lr()};
    for (int i = 0; i < 12; ++i) {
      opt.step();
      sched->step();
      lrs.push_back(opt.lr());
    }
    KILN_CHECK_CLOSE(tensor<double>(lrs, {13}), golden("lr_" + name)["lrs"],
                     (test::Tol{1e-12, 1e-15}));
  }
}

TEST_CASE("optimizer state dicts round-trip and resume training exactly", "[nn][optim]") {
  auto make = [] {
    manual_seed(3);
    return std::make_shared<nn::Linear>(4, 2);
  };
  Tensor x = randn({8, 4}), y = randint(0, 2, {8});
  auto step = [&](nn::Module& m, optim::Optimizer& o) {
    o.zero_grad();
    F::cross_entropy(m(x), y).backward();
    o.step();
  };
  auto a = make();
  optim::AdamW oa(a->parameters(), {.lr = 0.05});
  for (int i = 0; i < 3; ++i) step(*a, oa);
  // Save both, load into fresh objects, and continue: the same as never stopping.
  auto b = make();
  optim::AdamW ob(b->parameters(), {.lr = 0.01});
  b->load_state_dict(a->state_dict());
  ob.load_state_dict(oa.state_dict());
  CHECK(ob.lr() == 0.05);
  for (int i = 0; i < 3; ++i) {
    step(*a, oa);
    step(*b, ob);
  }
  KILN_CHECK_CLOSE(b->weight, a->weight, test::default_tol(DType::Float32));
  optim::SGD wrong(b->parameters(), {.lr = 0.1, .momentum = 0.9});
  CHECK_THROWS_WITH(wrong.load_state_dict(oa.state_dict()), Catch::Contains("entries"));
}

TEST_CASE("initialisers follow PyTorch's defaults", "[nn]") {
  manual_seed(11);
  nn::Linear lin(400, 300);
  double bound = 1.0 / std::sqrt(400.0);
  CHECK(amax(abs(lin.weight)).item<double>() <= bound);
  CHECK(amax(abs(lin.weight)).item<double>() > 0.95 * bound);  // U(-b, b) fills the range
  CHECK(amax(abs(lin.bias)).item<double>() <= bound);
  Tensor w = empty({500, 200});
  nn::init::kaiming_normal_(w, 0.0, "fan_in", "relu");
  CHECK(std::abs(kiln::std(w).item<double>() - std::sqrt(2.0 / 200)) < 0.01);
  nn::init::xavier_uniform_(w);
  double xb = std::sqrt(6.0 / 700);
  CHECK(amax(abs(w)).item<double>() <= xb);
  CHECK(std::abs(kiln::std(w).item<double>() - xb / std::sqrt(3.0)) < 0.005);
  nn::Embedding emb(100, 50);
  CHECK(std::abs(kiln::std(emb.weight).item<double>() - 1.0) < 0.05);
  CHECK(nn::init::calculate_gain("tanh") == Approx(5.0 / 3));
  CHECK_THROWS_WITH(nn::init::calculate_gain("swish"), Catch::Contains("unknown nonlinearity"));
}
