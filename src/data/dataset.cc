#include "neuralcrn/data/dataset.h"

#include <cassert>
#include <cmath>

namespace ncrn {

std::span<const double> Dataset::Row(int i) const {
  assert(i >= 0 && i < size());
  return std::span<const double>(features).subspan(static_cast<std::size_t>(i) * dims(), dims());
}

std::span<double> Dataset::MutableRow(int i) {
  assert(i >= 0 && i < size());
  return std::span<double>(features).subspan(static_cast<std::size_t>(i) * dims(), dims());
}

void Dataset::Add(std::span<const double> x, int label) {
  assert(static_cast<int>(x.size()) == dims());
  assert(label >= 0 && label < num_classes());
  features.insert(features.end(), x.begin(), x.end());
  labels.push_back(label);
}

std::vector<double> Dataset::OneHot(int i) const {
  std::vector<double> v(num_classes(), 0.0);
  v[labels.at(i)] = 1.0;
  return v;
}

std::vector<int> Dataset::ClassCounts() const {
  std::vector<int> counts(num_classes(), 0);
  for (int l : labels) ++counts.at(l);
  return counts;
}

Dataset Dataset::Subset(std::span<const int> indices) const {
  Dataset out;
  out.name = name;
  out.feature_names = feature_names;
  out.class_names = class_names;
  out.features.reserve(indices.size() * dims());
  out.labels.reserve(indices.size());
  for (int i : indices) out.Add(Row(i), labels.at(i));
  return out;
}

void Dataset::CheckConsistent() const {
  assert(features.size() == labels.size() * feature_names.size());
  for ([[maybe_unused]] int l : labels) assert(l >= 0 && l < num_classes());
  for ([[maybe_unused]] double x : features) assert(std::isfinite(x));
}

}  // namespace ncrn
