// tools/interop/safetensors_roundtrip.cpp — kiln's side of tools/check-safetensors-interop.sh:
// "write" saves a module and a file of mixed dtypes with kiln; "read" loads the file Hugging
// Face's safetensors wrote and prints each tensor.
#include <kiln/kiln.h>
#include <iostream>
using namespace kiln;
int main(int argc, char** argv) {
  if (std::string(argv[1]) == "write") {
    manual_seed(1);
    nn::Sequential m{std::make_shared<nn::Linear>(3, 4), std::make_shared<nn::LayerNorm>(Shape{4})};
    m.save("kiln.safetensors");
    save_safetensors("mixed.safetensors",
                     {{"i64", arange(5)},
                      {"f64", ones({2, 2}, DType::Float64)},
                      {"bf16", full({3}, 1.5, DType::BFloat16)},
                      {"b", tensor<bool>({true, false}, {2})},
                      {"empty", zeros({0, 3})}},
                     {{"format", "pt"}});
    for (auto& [k, v] : m.state_dict()) std::cout << k << " " << v.sum().item<double>() << "\n";
  } else {
    for (auto& [k, v] : load_safetensors("hf.safetensors"))
      std::cout << k << " " << shape_str(v.shape()) << name(v.dtype()) << " "
                << v.to(DType::Float64).sum().item<double>() << "\n";
  }
}
