// kiln/npy.h — NumPy's .npy format (versions 1.0-3.0, little- or big-endian, C or Fortran
// order). bfloat16 has no NumPy dtype: save_npy refuses it with a clear error.
#pragma once

#include <string>

#include "kiln/tensor.h"

namespace kiln {

Tensor load_npy(const std::string& path, Loc loc = Loc::current());
void save_npy(const std::string& path, const Tensor& t, Loc loc = Loc::current());

}  // namespace kiln
