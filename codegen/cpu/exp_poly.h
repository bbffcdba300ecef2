// codegen/cpu/exp_poly.h — the float32 exp both generated expansions use (jit.cpp's vscalefps
// one on AVX-512 hosts, mlir_emit.cpp's exp(x - max) elsewhere): k = round(x / ln 2),
// r = x - k * ln 2 in two steps (Cody-Waite: the high part of ln 2 is exact in a few bits, so
// k * kLn2Hi is exact), exp(r) = 1 + r + r^2 * P(r) with the Cephes coefficients (within 2 ulp).
#pragma once

namespace kiln::codegen::cpu::exp_poly {

inline constexpr double kLog2e = 1.44269504088896341;
inline constexpr double kLn2Hi = 0.693359375;
inline constexpr double kLn2Lo = -2.12194440e-4;
// P(r), highest degree first (Horner).
inline constexpr double kP[] = {1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3,
                                4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1};

}  // namespace kiln::codegen::cpu::exp_poly
