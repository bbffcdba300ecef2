#include <kiln/kiln.h>

#include <iostream>

int main() {  // examples/readme.cpp
  kiln::Generator gen(0);
  kiln::Tensor x = kiln::randn({64, 784}, kiln::DType::Float32, &gen);
  kiln::Tensor w = kiln::randn({256, 784}, kiln::DType::Float32, &gen) * 0.03;
  kiln::Tensor y = kiln::softmax(kiln::gelu(kiln::linear(x, w)), -1);
  std::cout << y.slice(0, 0, 2) << "\n" << kiln::argmax(y, 1).slice(0, 0, 8) << "\n";
  kiln::save_npy("y.npy", y);
}
