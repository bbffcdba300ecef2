// examples/readme_train.cpp — the README's training snippet, as a program: an MLP trained on
// random data with the whole step compiled, then saved as safetensors.
#include <kiln/kiln.h>

#include <iostream>

int main() {
  namespace F = kiln::nn::functional;
  auto model = std::make_shared<kiln::nn::Sequential>(
      std::initializer_list<std::shared_ptr<kiln::nn::Module>>{
          std::make_shared<kiln::nn::Linear>(64, 128), std::make_shared<kiln::nn::ReLU>(),
          std::make_shared<kiln::nn::Linear>(128, 10)});
  kiln::optim::AdamW opt(model->parameters(), {.lr = 3e-3});
  auto step = kiln::compile([&](const kiln::Tensor& x, const kiln::Tensor& y) {
    opt.zero_grad();
    kiln::Tensor loss = F::cross_entropy((*model)(x), y);
    loss.backward();
    opt.step();
    return loss.detach();
  });
  kiln::Generator gen(0);
  std::vector<std::pair<kiln::Tensor, kiln::Tensor>> batches;
  for (int i = 0; i < 4; ++i)
    batches.emplace_back(kiln::randn({32, 64}, kiln::DType::Float32, &gen),
                         kiln::randint(0, 10, {32}, kiln::DType::Int64, &gen));
  kiln::Tensor loss;
  for (int epoch = 0; epoch < 25; ++epoch)
    for (auto& [x, y] : batches) loss = step(x, y);  // traced once, then one fused graph
  model->save("model.safetensors");                  // readable by Hugging Face's safetensors
  std::cout << "final loss " << loss.item<float>() << ", " << step.traces() << " trace\n";
}
