#pragma once
// A labelled classification dataset: N samples of D real features and one class index each.
// Everything the training layer consumes (generated sets, grids, Iris, Virus, users' CSV files)
// arrives as a Dataset.
#include <span>
#include <string>
#include <vector>

namespace ncrn {

struct Dataset {
  std::string name;                        // e.g. "rings", "iris", or the CSV file name
  std::vector<std::string> feature_names;  // D names (x1, x2, ... when the source has none)
  std::vector<std::string> class_names;    // K names; labels index into this
  std::vector<double> features;            // N x D, row-major
  std::vector<int> labels;                 // N class indices in [0, K)

  int size() const { return static_cast<int>(labels.size()); }
  int dims() const { return static_cast<int>(feature_names.size()); }
  int num_classes() const { return static_cast<int>(class_names.size()); }

  std::span<const double> Row(int i) const;
  std::span<double> MutableRow(int i);
  double At(int i, int j) const { return features[static_cast<std::size_t>(i) * dims() + j]; }

  // Appends one sample; `x` must have dims() entries and 0 <= label < num_classes().
  void Add(std::span<const double> x, int label);

  // One-hot encoding of sample i's label (K entries: 1 at the label, 0 elsewhere).
  std::vector<double> OneHot(int i) const;
  // Number of samples per class (K entries).
  std::vector<int> ClassCounts() const;
  // A dataset with the same names holding the samples at `indices`, in that order.
  Dataset Subset(std::span<const int> indices) const;

  // Aborts (assert) on broken internal consistency: sizes agree, labels in range, all features
  // finite. Loaders reject bad input with InputError before building a Dataset.
  void CheckConsistent() const;
};

}  // namespace ncrn
