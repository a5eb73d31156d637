#include "neuralcrn/data/split.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/data/random.h"

namespace ncrn {

void SplitOptions::Validate() const {
  if (!(test_fraction > 0.0 && test_fraction < 1.0))
    throw InputError(fmt::format("test fraction {} must lie in (0, 1)", test_fraction));
}

Split StratifiedSplit(const Dataset& data, const SplitOptions& o) {
  o.Validate();
  Rng rng(o.seed);
  std::vector<int> train_idx, test_idx;
  for (int c = 0; c < data.num_classes(); ++c) {
    std::vector<int> members;
    for (int i = 0; i < data.size(); ++i)
      if (data.labels[i] == c) members.push_back(i);
    const int n = static_cast<int>(members.size());
    if (n < 2)
      throw InputError(fmt::format(
          "{}: class '{}' has {} sample(s); a stratified split needs at least 2 per class",
          data.name, data.class_names[c], n));
    rng.Shuffle(std::span<int>(members));
    const int n_test = std::clamp(static_cast<int>(std::lround(o.test_fraction * n)), 1, n - 1);
    test_idx.insert(test_idx.end(), members.begin(), members.begin() + n_test);
    train_idx.insert(train_idx.end(), members.begin() + n_test, members.end());
  }
  rng.Shuffle(std::span<int>(train_idx));
  rng.Shuffle(std::span<int>(test_idx));
  return {data.Subset(train_idx), data.Subset(test_idx)};
}

}  // namespace ncrn
