#include "neuralcrn/data/generators.h"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

TEST(GeneratorsTest, NamesRoundTrip) {
  for (auto g : {Generator::kLinear, Generator::kRings, Generator::kXor, Generator::kAnd,
                 Generator::kOr, Generator::kMinimalLinear})
    EXPECT_EQ(GeneratorFromString(ToString(g)), g);
  EXPECT_THROW(GeneratorFromString("spiral"), InputError);
}

TEST(GeneratorsTest, BalancedSizesFollowTheReference) {
  for (auto g :
       {Generator::kLinear, Generator::kRings, Generator::kXor, Generator::kAnd, Generator::kOr}) {
    Dataset d = Generate(g, {.n = 100, .seed = 5});
    ASSERT_EQ(d.size(), 101) << ToString(g);
    EXPECT_EQ(d.dims(), 2);
    EXPECT_EQ(d.ClassCounts(), (std::vector<int>{51, 50})) << ToString(g);
  }
  // Minimal linear fills positives first.
  Dataset m = Generate(Generator::kMinimalLinear, {.n = 100});
  EXPECT_EQ(m.ClassCounts(), (std::vector<int>{50, 51}));
  Dataset odd = Generate(Generator::kRings, {.n = 7});
  EXPECT_EQ(odd.ClassCounts(), (std::vector<int>{4, 4}));
}

TEST(GeneratorsTest, ShuffledSoClassesAreInterleaved) {
  Dataset d = Generate(Generator::kRings, {.n = 100, .seed = 9});
  int switches = 0;
  for (int i = 1; i < d.size(); ++i) switches += d.labels[i] != d.labels[i - 1];
  EXPECT_GT(switches, 20);  // sorted would give 1
}

TEST(GeneratorsTest, LabelsObeyEachDefinition) {
  {
    Dataset d = Generate(Generator::kLinear, {.n = 400, .seed = 1});
    for (int i = 0; i < d.size(); ++i)
      EXPECT_EQ(d.labels[i], d.At(i, 0) + 2 * d.At(i, 1) > 0 ? 1 : 0);
  }
  {
    Dataset d = Generate(Generator::kRings, {.n = 400, .seed = 1});
    for (int i = 0; i < d.size(); ++i) {
      const double r = std::hypot(d.At(i, 0), d.At(i, 1));
      if (d.labels[i] == 0) {
        EXPECT_LE(r, 0.4);
      } else {
        EXPECT_GE(r, 0.6);
        EXPECT_LE(r, 1.0);
      }
      EXPECT_LE(std::abs(d.At(i, 0)), 1.0);
    }
  }
  for (auto g : {Generator::kXor, Generator::kAnd, Generator::kOr}) {
    Dataset d = Generate(g, {.n = 400, .seed = 1});
    for (int i = 0; i < d.size(); ++i) {
      const bool b1 = d.At(i, 0) >= 0.5, b2 = d.At(i, 1) >= 0.5;
      const bool want = g == Generator::kXor   ? b1 != b2
                        : g == Generator::kAnd ? b1 && b2
                                               : b1 || b2;
      EXPECT_EQ(d.labels[i], want ? 1 : 0) << ToString(g) << " sample " << i;
      EXPECT_GE(d.At(i, 0), 0.0);
      EXPECT_LT(d.At(i, 0), 1.0);
    }
  }
}

TEST(GeneratorsTest, CustomRadiiAreRespected) {
  GeneratorOptions o{.n = 200, .seed = 3};
  o.inner_min = 0.04;
  o.inner_max = 0.3;
  o.outer_min = 0.8;
  Dataset d = Generate(Generator::kRings, o);
  for (int i = 0; i < d.size(); ++i) {
    const double r = std::hypot(d.At(i, 0), d.At(i, 1));
    if (d.labels[i] == 0) {
      EXPECT_GE(r, 0.04);
      EXPECT_LE(r, 0.3);
    } else {
      EXPECT_GE(r, 0.8);
    }
  }
}

TEST(GeneratorsTest, DeterministicUnderASeed) {
  for (auto g : {Generator::kLinear, Generator::kRings, Generator::kXor}) {
    Dataset a = Generate(g, {.n = 50, .seed = 11});
    Dataset b = Generate(g, {.n = 50, .seed = 11});
    Dataset c = Generate(g, {.n = 50, .seed = 12});
    EXPECT_EQ(a.features, b.features);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_NE(a.features, c.features);
  }
}

TEST(GeneratorsTest, UnbalancedDrawsNIid) {
  Dataset d = Generate(Generator::kLinear, {.n = 100, .seed = 256, .balanced = false});
  EXPECT_EQ(d.size(), 100);
  // x ~ N(0,1)^2: the sample variance of 200 values is near 1 (std error 0.1).
  double s2 = 0;
  for (double x : d.features) s2 += x * x;
  EXPECT_NEAR(s2 / 200, 1.0, 0.4);
}

TEST(GeneratorsTest, GridsAreUniformWithExactEndsAndTrueLabels) {
  Dataset g = MakeGrid(Generator::kLinear, DefaultGrid(Generator::kLinear));
  ASSERT_EQ(g.size(), 1600);
  EXPECT_EQ(g.At(0, 0), -2.0);
  EXPECT_EQ(g.At(0, 1), -2.0);
  EXPECT_EQ(g.At(1599, 0), 2.0);
  EXPECT_EQ(g.At(1599, 1), 2.0);
  EXPECT_NEAR(g.At(1, 1) - g.At(0, 1), 4.0 / 39, 1e-15);
  for (int i = 0; i < g.size(); ++i)
    EXPECT_EQ(g.labels[i], g.At(i, 0) + 2 * g.At(i, 1) > 0 ? 1 : 0);

  Dataset x = MakeGrid(Generator::kXor, DefaultGrid(Generator::kXor));
  ASSERT_EQ(x.size(), 1600);
  EXPECT_EQ(x.At(1599, 0), 1.0);
  EXPECT_EQ(x.ClassCounts(), (std::vector<int>{800, 800}));  // 20 of 40 values per axis >= 0.5

  Dataset m = MakeGrid(Generator::kMinimalLinear, DefaultGrid(Generator::kMinimalLinear));
  EXPECT_EQ(m.size(), 3600);
}

TEST(GeneratorsTest, BadOptionsAreRejected) {
  EXPECT_THROW(Generate(Generator::kRings, {.n = 0}), InputError);
  GeneratorOptions o;
  o.inner_max = 0.7;  // overlaps the outer ring
  EXPECT_THROW(Generate(Generator::kRings, o), InputError);
  GeneratorOptions t;
  t.boolean_threshold = 1.0;
  EXPECT_THROW(Generate(Generator::kAnd, t), InputError);
  EXPECT_THROW(MakeGrid(Generator::kXor, {1.0, 0.0, 40}), InputError);
  EXPECT_THROW(MakeGrid(Generator::kXor, {0.0, 1.0, 1}), InputError);
}

}  // namespace
}  // namespace ncrn
