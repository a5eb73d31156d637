#include <algorithm>
#include <map>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/data/dataset.h"
#include "neuralcrn/data/generators.h"
#include "neuralcrn/data/scaling.h"
#include "neuralcrn/data/split.h"

namespace ncrn {
namespace {

// A 3-class dataset with sizes 50/30/7 whose first feature is a unique sample id.
Dataset ThreeClasses() {
  Dataset d;
  d.name = "three";
  d.feature_names = {"id", "v"};
  d.class_names = {"a", "b", "c"};
  int id = 0;
  for (auto [label, count] : {std::pair{0, 50}, {1, 30}, {2, 7}})
    for (int i = 0; i < count; ++i, ++id) d.Add(std::vector<double>{double(id), 0.5 * id}, label);
  return d;
}

TEST(StratifiedSplitTest, EachClassIsSplitNinetyTen) {
  Dataset d = ThreeClasses();
  Split s = StratifiedSplit(d, {.test_fraction = 0.1, .seed = 4});
  EXPECT_EQ(s.test.ClassCounts(), (std::vector<int>{5, 3, 1}));  // round(0.7) = 1
  EXPECT_EQ(s.train.ClassCounts(), (std::vector<int>{45, 27, 6}));
  // Disjoint, and together exactly the original samples with their labels.
  std::map<double, int> seen;
  for (const Dataset* part : {&s.train, &s.test})
    for (int i = 0; i < part->size(); ++i) {
      const int id = static_cast<int>(part->At(i, 0));
      EXPECT_EQ(part->labels[i], d.labels[id]);
      EXPECT_EQ(part->At(i, 1), d.At(id, 1));
      ++seen[id];
    }
  EXPECT_EQ(seen.size(), 87u);
  for (auto [id, n] : seen) EXPECT_EQ(n, 1) << id;
}

TEST(StratifiedSplitTest, DeterministicUnderASeedAndShuffled) {
  Dataset d = ThreeClasses();
  Split a = StratifiedSplit(d, {.seed = 1}), b = StratifiedSplit(d, {.seed = 1}),
        c = StratifiedSplit(d, {.seed = 2});
  EXPECT_EQ(a.train.features, b.train.features);
  EXPECT_EQ(a.test.features, b.test.features);
  EXPECT_NE(a.train.features, c.train.features);
  int switches = 0;
  for (int i = 1; i < a.train.size(); ++i) switches += a.train.labels[i] != a.train.labels[i - 1];
  EXPECT_GT(switches, 10);
}

TEST(StratifiedSplitTest, RejectsAClassWithOneSampleAndBadFractions) {
  Dataset d = ThreeClasses();
  d.class_names.push_back("lonely");
  d.Add(std::vector<double>{100, 1}, 3);
  try {
    StratifiedSplit(d);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("'lonely' has 1 sample"));
  }
  EXPECT_THROW(StratifiedSplit(ThreeClasses(), {.test_fraction = 0.0}), InputError);
  EXPECT_THROW(StratifiedSplit(ThreeClasses(), {.test_fraction = 1.0}), InputError);
}

TEST(MinMaxScalerTest, FittedOnTrainOnlyAndAppliedUnchangedToTest) {
  Dataset train;
  train.feature_names = {"a", "b", "const"};
  train.class_names = {"0"};
  train.Add(std::vector<double>{1.0, -4.0, 3.0}, 0);
  train.Add(std::vector<double>{3.0, 6.0, 3.0}, 0);
  train.Add(std::vector<double>{2.0, 1.0, 3.0}, 0);
  Dataset test = train;
  test.features = {5.0, -9.0, 7.0};
  test.labels = {0};

  MinMaxScaler s = MinMaxScaler::Fit(train);
  EXPECT_EQ(s.min(), (std::vector<double>{1.0, -4.0, 3.0}));
  EXPECT_EQ(s.max(), (std::vector<double>{3.0, 6.0, 3.0}));
  Dataset tr = s.Transform(train);
  EXPECT_EQ(tr.features, (std::vector<double>{0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.5, 0.5, 0.0}));
  // Test values use the train statistics and may leave [0, 1]: (5-1)/2 = 2, (-9+4)/10 = -0.5.
  Dataset te = s.Transform(test);
  EXPECT_DOUBLE_EQ(te.At(0, 0), 2.0);
  EXPECT_DOUBLE_EQ(te.At(0, 1), -0.5);
  EXPECT_DOUBLE_EQ(te.At(0, 2), 0.0);  // constant on train

  // Fitting on the test set would give different numbers: the scaler never sees it.
  MinMaxScaler eps = MinMaxScaler::Fit(train, {.denominator_epsilon = 1e-6});
  EXPECT_NEAR(eps.Transform(test).At(0, 0), 4.0 / (2.0 + 1e-6), 1e-15);

  Dataset wrong;
  wrong.feature_names = {"a"};
  EXPECT_THROW(s.Apply(wrong), InputError);
  Dataset empty = train.Subset(std::vector<int>{});
  EXPECT_THROW(MinMaxScaler::Fit(empty), InputError);
}

}  // namespace
}  // namespace ncrn
