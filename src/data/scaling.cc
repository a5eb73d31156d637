#include "neuralcrn/data/scaling.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"

namespace ncrn {

void MinMaxScalerOptions::Validate() const {
  if (!(denominator_epsilon >= 0.0 && std::isfinite(denominator_epsilon)))
    throw InputError(
        fmt::format("min-max epsilon {} must be finite and >= 0", denominator_epsilon));
}

MinMaxScaler MinMaxScaler::Fit(const Dataset& train, const MinMaxScalerOptions& o) {
  o.Validate();
  if (train.size() == 0)
    throw InputError(fmt::format("{}: cannot fit min-max scaling on an empty set", train.name));
  MinMaxScaler s;
  s.epsilon_ = o.denominator_epsilon;
  s.min_.assign(train.Row(0).begin(), train.Row(0).end());
  s.max_ = s.min_;
  for (int i = 1; i < train.size(); ++i) {
    auto x = train.Row(i);
    for (int j = 0; j < train.dims(); ++j) {
      s.min_[j] = std::min(s.min_[j], x[j]);
      s.max_[j] = std::max(s.max_[j], x[j]);
    }
  }
  return s;
}

void MinMaxScaler::Apply(Dataset& data) const {
  if (data.dims() != static_cast<int>(min_.size()))
    throw InputError(fmt::format("{}: {} features, but the scaler was fitted on {}", data.name,
                                 data.dims(), min_.size()));
  for (int i = 0; i < data.size(); ++i) {
    auto x = data.MutableRow(i);
    for (int j = 0; j < data.dims(); ++j) {
      const double range = max_[j] - min_[j] + epsilon_;
      x[j] = range > 0.0 ? (x[j] - min_[j]) / range : 0.0;
    }
  }
}

}  // namespace ncrn
