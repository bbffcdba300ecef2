// runtime/random.cpp — kiln's random numbers: SplitMix64 for the stream (fast, passes
// BigCrush, identical on every platform), 53-bit uniforms, Box-Muller normals. Written out
// here rather than with <random> distributions, whose output differs between standard libraries.
#include <cmath>
#include <mutex>

#include "runtime/random.h"

namespace kiln {

Generator::Generator(uint64_t seed) : state_(seed) {}

void Generator::manual_seed(uint64_t seed) {
  state_ = seed;
  has_spare_ = false;
}

uint64_t Generator::next_u64() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double Generator::next_double() { return double(next_u64() >> 11) * 0x1.0p-53; }

double Generator::next_normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = 0;
  while (u1 <= 0) u1 = next_double();
  double u2 = next_double();
  double r = std::sqrt(-2.0 * std::log(u1));
  spare_ = r * std::sin(2 * M_PI * u2);
  has_spare_ = true;
  return r * std::cos(2 * M_PI * u2);
}

namespace {
std::mutex& default_mutex() {
  static std::mutex m;
  return m;
}
Generator& default_generator() {
  static Generator g;
  return g;
}
}  // namespace

void manual_seed(uint64_t seed) {
  std::lock_guard lock(default_mutex());
  default_generator().manual_seed(seed);
}

void with_generator(Generator* gen, const std::function<void(Generator&)>& f) {
  if (gen) {
    f(*gen);
    return;
  }
  std::lock_guard lock(default_mutex());
  f(default_generator());
}

}  // namespace kiln
