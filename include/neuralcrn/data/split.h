#pragma once
// Stratified train/test split: each class is split separately in the same proportion, as the
// paper did for Iris and Virus (90/10 per class).
#include <cstdint>

#include "neuralcrn/data/dataset.h"

namespace ncrn {

struct SplitOptions {
  // Fraction of each class that goes to the test set; the count per class is
  // round(test_fraction * n_c), clamped to [1, n_c - 1] so both sides see every class.
  // Default 0.1 (paper: 90/10).
  double test_fraction = 0.1;
  // Seed of the shuffle inside each class and of the final order of both sets. Default 42.
  std::uint64_t seed = 42;
  // Throws InputError unless 0 < test_fraction < 1.
  void Validate() const;
};

struct Split {
  Dataset train;  // shuffled (this is the SGD order)
  Dataset test;   // shuffled
};

// Throws InputError naming the class when a class has fewer than 2 samples (it cannot appear on
// both sides).
Split StratifiedSplit(const Dataset& data, const SplitOptions& options = {});

}  // namespace ncrn
