#include "neuralcrn/data/random.h"

#include <cassert>
#include <cmath>
#include <limits>

namespace ncrn {

double Rng::Uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double Rng::Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform01(); }

double Rng::Normal(double mean, double stddev) {
  double u, v, s;
  do {
    u = 2.0 * Uniform01() - 1.0;
    v = 2.0 * Uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  return mean + stddev * u * std::sqrt(-2.0 * std::log(s) / s);
}

std::uint64_t Rng::UniformInt(std::uint64_t n) {
  assert(n >= 1);
  // Accept only draws below the largest multiple of n, so every residue is equally likely.
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t limit = max - (max % n + 1) % n;
  std::uint64_t r;
  do {
    r = engine_();
  } while (r > limit);
  return r % n;
}

}  // namespace ncrn
