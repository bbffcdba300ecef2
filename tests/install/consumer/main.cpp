#include <kiln/kiln.h>

#include <cstdio>

int main() {
  kiln::Tensor a = kiln::arange(6, kiln::DType::Float32).reshape({2, 3});
  kiln::Tensor b = kiln::matmul(a, a.t());  // [[5, 14], [14, 50]]
  double total = kiln::sum(b).item<double>();
  if (total != 83.0) {
    std::printf("wrong result %f\n", total);
    return 1;
  }
  std::printf("consumer ok: %s\n", b.to_string().c_str());
  return 0;
}
