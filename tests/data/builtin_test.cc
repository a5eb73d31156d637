#include "neuralcrn/data/builtin.h"

#include <string>

#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/data/scaling.h"
#include "neuralcrn/data/split.h"

namespace ncrn {
namespace {

const std::string kDataDir = std::string(NCRN_SOURCE_DIR) + "/data";

TEST(BuiltinTest, IrisIs150By4WithThreeBalancedClasses) {
  Dataset d = LoadIris(kDataDir);
  EXPECT_EQ(d.size(), 150);
  EXPECT_EQ(d.dims(), 4);
  EXPECT_EQ(d.ClassCounts(), (std::vector<int>{50, 50, 50}));
  EXPECT_EQ(d.class_names[2], "virginica");
  EXPECT_EQ((std::vector<double>(d.Row(0).begin(), d.Row(0).end())),
            (std::vector<double>{5.1, 3.5, 1.4, 0.2}));
}

TEST(BuiltinTest, ReferenceIrisDiffersInRows35And38Only) {
  Dataset a = LoadIris(kDataDir, IrisVariant::kCorrected);
  Dataset b = LoadIris(kDataDir, IrisVariant::kReference);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.labels, b.labels);
  std::vector<int> differing;
  for (int i = 0; i < a.size(); ++i)
    for (int j = 0; j < 4; ++j)
      if (a.At(i, j) != b.At(i, j)) {
        differing.push_back(i + 1);
        break;
      }
  EXPECT_EQ(differing, (std::vector<int>{35, 38}));
  EXPECT_EQ(IrisVariantFromString(ToString(IrisVariant::kReference)), IrisVariant::kReference);
}

TEST(BuiltinTest, VirusKeepsSymptomaticSubjectsAndNineGenes) {
  Dataset d = LoadVirus(kDataDir);
  EXPECT_EQ(d.size(), 535);
  EXPECT_EQ(d.dims(), 9);
  EXPECT_EQ(d.ClassCounts(), (std::vector<int>{144, 173, 132, 86}));
  for (const auto& f : d.feature_names) EXPECT_NE(f, "10005_at");
}

TEST(BuiltinTest, PaperProtocolSplitThenScaleOnTrain) {
  Dataset d = LoadVirus(kDataDir);
  Split s = StratifiedSplit(d, {.test_fraction = 0.1, .seed = 1});
  // round(0.1 * {144, 173, 132, 86}) = {14, 17, 13, 9}
  EXPECT_EQ(s.test.ClassCounts(), (std::vector<int>{14, 17, 13, 9}));
  MinMaxScaler scaler = MinMaxScaler::Fit(s.train);
  Dataset train = scaler.Transform(s.train);
  for (int j = 0; j < train.dims(); ++j) {
    double lo = 1e300, hi = -1e300;
    for (int i = 0; i < train.size(); ++i) {
      lo = std::min(lo, train.At(i, j));
      hi = std::max(hi, train.At(i, j));
    }
    EXPECT_EQ(lo, 0.0);
    EXPECT_EQ(hi, 1.0);
  }
}

TEST(BuiltinTest, MissingDirectoryIsAnInputError) {
  EXPECT_THROW(LoadIris("/nonexistent"), InputError);
  EXPECT_THROW(LoadVirus("/nonexistent"), InputError);
}

}  // namespace
}  // namespace ncrn
