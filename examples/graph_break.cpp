#include <kiln/kiln.h>

#include <iostream>

int main() {
  auto f = kiln::compile(
      [](const kiln::Tensor& x) {
        kiln::Tensor y = kiln::softmax(x * 2, -1);
        if (kiln::amax(y).item<float>() > 0.5f)  // needs a value: kiln runs the graph so far here
          y = y * 0.5;
        return kiln::log(y);
      },
      {.name = "scaled_log_softmax"});
  kiln::Tensor x = kiln::randn({8, 16});
  f(x);                     // traced: one break at the item() call
  f(kiln::randn({8, 16}));  // same guards, but the function breaks, so it runs lazily again
  f(kiln::randn({8, 16}, kiln::DType::Float64));  // a new dtype: a recompile
  std::cout << kiln::explain();
}
