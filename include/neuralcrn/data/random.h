#pragma once
// Seeded random streams whose output is the same on every platform.
//
// The engine is std::mt19937_64, whose output sequence is fixed by the C++ standard. The
// <random> distributions (uniform_real_distribution, normal_distribution, shuffle, ...) are NOT
// specified bit-for-bit by the standard: libstdc++ is deterministic for a fixed seed on one
// toolchain, but libc++ or MSVC give different numbers. So every draw used by the project goes
// through the transforms below, which are written out here:
//   Uniform01   = (engine() >> 11) * 2^-53          (53 random bits, in [0, 1))
//   Normal      = Marsaglia polar method on Uniform(-1,1) pairs; the second value of each pair
//                 is discarded, so one call always consumes a whole number of pairs
//   UniformInt  = rejection sampling on engine() (no modulo bias)
//   Shuffle     = Fisher-Yates from the back, j = UniformInt(i + 1)
// The only platform-dependent step left is std::log in Normal (libm may differ in the last ulp
// between C libraries); std::sqrt is correctly rounded everywhere.
#include <cstdint>
#include <random>
#include <span>
#include <utility>

namespace ncrn {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  std::uint64_t NextBits() { return engine_(); }
  // Uniform in [0, 1).
  double Uniform01();
  // Uniform in [lo, hi).
  double Uniform(double lo, double hi);
  // Normal with mean `mean` and standard deviation `stddev` (not variance).
  double Normal(double mean = 0.0, double stddev = 1.0);
  // Uniform integer in [0, n); n >= 1.
  std::uint64_t UniformInt(std::uint64_t n);

  template <typename T>
  void Shuffle(std::span<T> v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(UniformInt(i));
      std::swap(v[i - 1], v[j]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace ncrn
