#pragma once
// Min-max feature scaling, fitted on the training set only and then applied unchanged to
// validation/test data (no information from the test split leaks into training). Test values
// may therefore fall outside [0, 1]; they are not clipped.
#include <vector>

#include "neuralcrn/data/dataset.h"

namespace ncrn {

struct MinMaxScalerOptions {
  // Added to (max - min) in the denominator. Default 0 (exact [0, 1] on the training set); the
  // reference Iris code used 1e-6. A feature constant on the training set maps to 0 either way.
  double denominator_epsilon = 0.0;
  void Validate() const;  // throws InputError if negative or not finite
};

class MinMaxScaler {
 public:
  // Records per-feature min and max of `train`; throws InputError if it is empty.
  static MinMaxScaler Fit(const Dataset& train, const MinMaxScalerOptions& options = {});
  // x <- (x - min) / (max - min + epsilon), per feature; throws InputError if dims differ.
  void Apply(Dataset& data) const;
  Dataset Transform(Dataset data) const {
    Apply(data);
    return data;
  }
  const std::vector<double>& min() const { return min_; }
  const std::vector<double>& max() const { return max_; }

 private:
  std::vector<double> min_, max_;
  double epsilon_ = 0.0;
};

}  // namespace ncrn
